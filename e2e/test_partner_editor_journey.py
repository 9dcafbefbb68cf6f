"""A partner's change to its course goes live only after the city approves it; other partners' courses stay closed."""

import pytest
from wagtail.models import Locale, TaskState, WorkflowState

from e2e.conftest import ARTIFACTS, Journey, sign_in
from providers.demo import WORKFLOW_NAME
from providers.models import CoursePage

pytestmark = pytest.mark.django_db(transaction=True)

NEW_SUMMARY = "Neu: Deutsch von Anfang an, jetzt auch samstags am Vormittag."
COMMENT = "Passt, danke!"


def german_course(slug):
    return CoursePage.objects.get(locale=Locale.get_default(), slug=slug)


def read_summary(visitor, journey, url, label):
    """The course's summary as an anonymous visitor reads it."""
    response = visitor.goto(url)
    assert response.status == 200
    journey.shot(label)
    return visitor.locator("main .lead").inner_text()


def submit_for_approval(editor, journey, edit_url, summary):
    editor.goto(edit_url)
    journey.shot("edit")
    editor.get_by_role("textbox", name="Summary").fill(summary)
    # The workflow action sits in the footer's "More actions" menu, below "Save draft".
    editor.get_by_role("button", name="More actions").click()
    journey.shot("summary-changed")
    with editor.expect_navigation():
        editor.get_by_role("button", name=f"Submit to {WORKFLOW_NAME}").click()
    journey.shot("submitted")


def approve_from_dashboard(city, journey, title, comment):
    review = city.get_by_role("region", name="Awaiting your review")
    row = review.get_by_role("row").filter(has_text=title)
    assert "Vera VHS" in row.inner_text()
    journey.shot("awaiting-review")
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve with comment").click()
    dialog = city.get_by_role("dialog").filter(has_text="Approve with comment")
    # Wagtail's comment label is translated once at start-up, so it is German here: find the field by name.
    dialog.locator("textarea[name=comment]").fill(comment)
    journey.shot("approve-with-comment")
    with city.expect_navigation():
        dialog.get_by_role("button", name="Approve with comment").click()
    journey.shot("approved")
    assert review.count() == 0, "nothing is left to review"


def assert_edit_refused(editor, journey, edit_url, base_url):
    """Wagtail sends people without permission for a page back to the dashboard with a message."""
    response = editor.goto(edit_url)
    journey.shot("other-partners-course-refused")
    refused = response.request.redirected_from
    assert refused is not None and refused.url == edit_url
    assert refused.response().status == 302
    assert (response.status, editor.url) == (200, f"{base_url}/admin/")
    assert "you do not have permission" in editor.locator(".messages").inner_text()
    assert editor.locator("#page-edit-form").count() == 0
    assert editor.get_by_role("textbox", name="Summary").count() == 0


def test_partner_editor_submits_and_the_city_approves(staff_browser, phone, journey_site):
    course = german_course("deutsch-a1-vhs-college")
    old_summary = course.summary
    public_url = f"{journey_site.url}{course.url}"
    visitor_journey = Journey(phone, ARTIFACTS / "partner-editor-public")

    editor = staff_browser()
    editor_journey = Journey(editor, ARTIFACTS / "partner-editor-vhs")
    sign_in(editor, journey_site.url, "editor-vhs")
    submit_for_approval(editor, editor_journey, f"{journey_site.url}/admin/pages/{course.pk}/edit/", NEW_SUMMARY)
    assert "has been submitted for moderation" in editor.locator(".messages").inner_text()

    course.refresh_from_db()
    assert course.summary == old_summary
    assert course.get_latest_revision_as_object().summary == NEW_SUMMARY
    assert course.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert read_summary(phone, visitor_journey, public_url, "before-approval") == old_summary

    city = staff_browser()
    sign_in(city, journey_site.url, "city")
    approve_from_dashboard(city, Journey(city, ARTIFACTS / "partner-editor-city"), course.title, COMMENT)

    assert read_summary(phone, visitor_journey, public_url, "after-approval") == NEW_SUMMARY
    course.refresh_from_db()
    assert course.summary == NEW_SUMMARY
    assert course.live_revision.as_object().summary == NEW_SUMMARY
    workflow_state = WorkflowState.objects.for_instance(course).get()
    assert workflow_state.status == WorkflowState.STATUS_APPROVED
    task_state = workflow_state.task_states.get()
    assert (task_state.status, task_state.finished_by.username) == (TaskState.STATUS_APPROVED, "city")
    assert task_state.get_comment() == COMMENT

    other = german_course("gabelstaplerschein")
    other_revision = other.latest_revision_id
    assert_edit_refused(editor, editor_journey, f"{journey_site.url}/admin/pages/{other.pk}/edit/", journey_site.url)
    other.refresh_from_db()
    assert other.latest_revision_id == other_revision
    assert not WorkflowState.objects.for_instance(other).exists()
