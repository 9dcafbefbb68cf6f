"""Teilhabemanagement staff work their own queue in the admin; another provider's staff cannot see it."""

import pytest

from e2e.conftest import ARTIFACTS, Journey, sign_in
from intake.factories import IntakeRequestFactory
from intake.models import Queue

pytestmark = pytest.mark.django_db(transaction=True)


def change_status(page, status, reason, effective_at=""):
    page.get_by_role("link", name="Change status").click()
    page.check(f"input[name=status][value={status}]")
    if effective_at:
        page.fill("input[name=effective_at]", effective_at)
    page.fill("textarea[name=reason]", reason)
    page.locator("form:has(input[name=status]) button[type=submit]").first.click()


def test_teilhabemanagement_staff_record_contact_and_an_appointment(staff_browser, journey_site):
    queue = Queue.objects.get(provider__slug="qualitec")
    intake_request = IntakeRequestFactory(queue=queue, given_name="Nawid", languages=["ps", "fa-af"])
    intake_request.record_initial_status()
    page = staff_browser()
    journey = Journey(page, ARTIFACTS / "back-office-qualitec")

    sign_in(page, journey_site.url, "tm-qualitec")
    page.goto(f"{journey_site.url}/admin/intake/requests/")
    journey.shot("queue")
    page.get_by_role("link", name=intake_request.reference).first.click()
    journey.shot("request")
    change_status(page, "contacted", "Called, speaks Pashto")
    journey.shot("contacted")
    change_status(page, "appointment_scheduled", "First conversation", effective_at="2026-12-01 10:00")
    journey.shot("appointment")
    page.goto(f"{journey_site.url}/admin/intake/requests/history/{intake_request.pk}/")
    journey.shot("history")

    history = page.locator("main").inner_text()
    assert "Contacted" in history
    assert "Appointment scheduled" in history
    assert "Called, speaks Pashto" in history
    intake_request.refresh_from_db()
    assert intake_request.status == "appointment_scheduled"

    other = staff_browser()
    sign_in(other, journey_site.url, "tm-lowtec")
    response = other.goto(f"{journey_site.url}/admin/intake/requests/inspect/{intake_request.pk}/")
    assert response.status == 404
    other.goto(f"{journey_site.url}/admin/intake/requests/?q={intake_request.reference}")
    assert intake_request.reference not in other.locator("main").inner_text()
