"""The generated part of the privacy notice: what the form collects and why, how long it is kept, who is responsible.

It is built from the code that decides these things (the form's fields,
``FIELD_PURPOSES``, the retention settings, ``ContactSettings``), so the notice
cannot drift from what the portal does. Editors place it on the privacy page
with the "Generated content" block and write the text around it.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from home.models import ContactSettings
from intake.choices import FIELD_PURPOSES
from intake.forms import IntakeForm
from intake.privacy.retention import PARTICIPANT_RULE, periods
from intake.workflow import Status

NAME = "privacy_notice"
LABEL = _("Privacy notice: the data the request form collects, why, and for how long")


def collected_data():
    """``(label, purpose, required)`` for every field a person sees on the request form, in form order."""
    form = IntakeForm()
    return [
        (form.fields[name].label, FIELD_PURPOSES[name], form.fields[name].required) for name in form.visible_field_names
    ]


def retention_periods():
    """``(status label, months)`` for the inactive statuses, and the participants' period separately."""
    months = periods()
    participant = months.pop(PARTICIPANT_RULE)
    return [(Status(status).label, count) for status, count in months.items()], participant


def render(context=None):
    not_admitted, participant = retention_periods()
    return render_to_string(
        "intake/privacy/notice_table.html",
        {
            "fields": collected_data(),
            "not_admitted": not_admitted,
            "participant_months": participant,
            "programme_end": settings.PROGRAMME_END,
            "contact": ContactSettings.load(),
        },
    )
