"""A partner's change goes live only after the city approves it, and the partner hears about the decision."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from wagtail.models import Locale, TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from providers.models import CoursePage

pytestmark = pytest.mark.django_db

FORM_FIELDS = [
    "title", "slug", "summary", "funding_module", "kind", "target_group", "instruction_language",
    "german_level_required", "german_level_reached", "schedule", "location_name", "location_address",
    "public_transport", "cost_note", "contact_name", "contact_phone", "contact_email",
]  # fmt: skip
FLAGS = ["ongoing", "is_free", "women_only", "childcare", "wheelchair_accessible"]


def edit_form(page, **changes):
    """The admin edit form of ``page`` as a browser would post it, with ``changes``."""
    data = {name: getattr(page, name) for name in FORM_FIELDS}
    data.update(
        description=rich_text(page.description),
        start_date=page.start_date.isoformat() if page.start_date else "",
        end_date=page.end_date.isoformat() if page.end_date else "",
        places_available=page.places_available if page.places_available is not None else "",
        comments=inline_formset([]),
    )
    data.update({flag: "on" for flag in FLAGS if getattr(page, flag)})
    data.update(changes)
    return nested_form_data(data)


def user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def course():
    return CoursePage.objects.get(locale=Locale.get_default(), slug="gabelstaplerschein")


def submit_change(client, course, title):
    client.force_login(user("editor-lowtec"))
    response = client.post(f"/admin/pages/{course.pk}/edit/", edit_form(course, title=title, **{"action-submit": "1"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    course.refresh_from_db()
    return course.current_workflow_task_state


def test_partner_edit_waits_for_the_city_and_goes_live_on_approval(client, course):
    live_title = course.title

    task_state = submit_change(client, course, "Gabelstaplerschein (neuer Termin)")

    assert task_state is not None and task_state.status == TaskState.STATUS_IN_PROGRESS
    assert course.title == live_title
    assert live_title in client.get(course.url).content.decode()
    assert "neuer Termin" not in client.get(course.url).content.decode()

    # The partner cannot approve its own change.
    client.post(f"/admin/pages/workflow/action/{course.pk}/approve/{task_state.pk}/", {"comment": ""})
    course.refresh_from_db()
    assert course.title == live_title

    mail.outbox.clear()
    client.force_login(user("city"))
    client.post(f"/admin/pages/workflow/action/{course.pk}/approve/{task_state.pk}/", {"comment": "Passt, danke!"})

    course.refresh_from_db()
    assert course.title == "Gabelstaplerschein (neuer Termin)"
    assert "neuer Termin" in client.get(course.url).content.decode()
    to_partner = [message for message in mail.outbox if message.to == [user("editor-lowtec").email]]
    assert len(to_partner) == 1
    assert "Passt, danke!" in to_partner[0].body


def test_rejection_reaches_the_partner_with_the_citys_comment(client, course):
    live_title = course.title
    task_state = submit_change(client, course, "Gabelstaplerschein gratis Führerschein")
    mail.outbox.clear()

    client.force_login(user("city"))
    client.post(
        f"/admin/pages/workflow/action/{course.pk}/reject/{task_state.pk}/",
        {"comment": "Bitte keinen Führerschein versprechen."},
    )

    course.refresh_from_db()
    assert course.title == live_title
    to_partner = [message for message in mail.outbox if message.to == [user("editor-lowtec").email]]
    assert len(to_partner) == 1
    assert "Bitte keinen Führerschein versprechen." in to_partner[0].body


def test_city_is_told_about_a_submission(client, course):
    mail.outbox.clear()

    submit_change(client, course, "Gabelstaplerschein neu")

    recipients = {address for message in mail.outbox for address in message.to}
    assert user("city").email in recipients
