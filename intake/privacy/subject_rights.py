"""A person's rights over their data: access (GDPR Art. 15) and erasure (Art. 17).

A person may have several requests: an original and the ones staff marked as
its duplicates. Both rights cover all of them (``person_requests``). Erasure
anonymises (``intake.privacy.retention.anonymise``) rather than deletes, so the counts
in reports stay as they were; who erased and why goes to the audit log.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.models import IntakeRequest
from intake.privacy.audit import Action, entries_for, record
from intake.privacy.retention import anonymise
from intake.services import REQUEST_FIELDS

# The request's fields in an access report, in this order.
REPORTED_FIELDS = (
    "reference",
    "source",
    "created_at",
    "language",
    *REQUEST_FIELDS,
    "is_age_outside_target",
    "is_outside_city",
    "queue",
    "status",
    "status_changed_at",
    "consent_version",
    "consent_language",
    "consent_text",
    "consented_at",
    "anonymised_at",
)


def person_requests(intake_request):
    """The request, the one it duplicates and every duplicate of that one: all that is stored about the person."""
    original = intake_request.duplicate_of or intake_request
    return list(IntakeRequest.objects.filter(Q(pk=original.pk) | Q(duplicate_of=original)).order_by("created_at", "pk"))


def value_of(intake_request, field):
    """A field's value as plain JSON data, with the label of a choice."""
    model_field = IntakeRequest._meta.get_field(field)
    value = getattr(intake_request, field)
    if model_field.choices and value:
        return str(dict(model_field.flatchoices).get(value, value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if field == "phone":
        return value.as_international if value else ""
    if field in ("course", "queue"):
        return str(value) if value is not None else None
    if isinstance(value, list | bool | int | str) or value is None:
        return value
    return str(value)


def shown(value):
    """A value as the readable report shows it."""
    if value is None or value in ("", []):
        return "–"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def request_record(intake_request):
    """Everything stored about one request, as labelled plain data."""
    fields = []
    for name in REPORTED_FIELDS:
        value = value_of(intake_request, name)
        label = str(IntakeRequest._meta.get_field(name).verbose_name)
        fields.append({"field": name, "label": label, "value": value, "shown": shown(value)})
    return {
        "reference": intake_request.reference,
        "fields": fields,
        "history": [
            {
                "at": change.changed_at.isoformat(),
                "from": change.get_old_status_display(),
                "to": change.get_new_status_display(),
                "date": change.effective_at.isoformat() if change.effective_at else None,
                "reason": change.reason,
            }
            for change in intake_request.status_changes.all()
        ],
        "changes": [
            {
                "at": event.at.isoformat(),
                "what": event.get_kind_display(),
                "field": event.field,
                "before": event.old_value,
                "after": event.new_value,
                "reason": event.reason,
            }
            for event in intake_request.events.all()
        ],
        "notes": [{"at": note.created_at.isoformat(), "text": note.text} for note in intake_request.notes.all()],
        "placements": [
            {
                "kind": placement.get_kind_display(),
                "course": placement.course.title if placement.course else "",
                "measure": placement.measure,
                "starts_on": placement.starts_on.isoformat(),
            }
            for placement in intake_request.placements.select_related("course")
        ],
        "routing": [
            {"at": decision.decided_at.isoformat(), "queue": str(decision.queue), "why": decision.explanation}
            for decision in intake_request.routing_decisions.select_related("queue")
        ],
        "accessed": [
            {"at": entry.at.isoformat(), "who": entry.username or "–", "what": entry.get_action_display()}
            for entry in entries_for(intake_request)
        ],
    }


def access_report(intake_request, now=None):
    """The Art. 15 report about the person behind ``intake_request``: every request of theirs."""
    return {
        "created_at": (now or timezone.now()).isoformat(),
        "requests": [request_record(item) for item in person_requests(intake_request)],
    }


@transaction.atomic
def erase(intake_request, by, reason):
    """Anonymise the person's requests now (Art. 17) and log who did it and why; return the requests."""
    reason = reason.strip()
    if not reason:
        raise ValueError("An erasure needs a reason.")
    requests = person_requests(intake_request)
    now = timezone.now()
    anonymise([item.pk for item in requests], now)
    for item in requests:
        record(by, Action.ERASED, item, detail=reason, at=now)
    return requests
