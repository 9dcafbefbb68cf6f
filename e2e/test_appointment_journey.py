"""A young person on a small phone finds a course and asks for an appointment."""

import re

import pytest
from wagtail.models import Locale

from e2e.conftest import ARTIFACTS, Journey
from intake.models import IntakeRequest
from providers.models import CourseIndexPage

pytestmark = pytest.mark.django_db(transaction=True)


def localized_url(model, language, **filters):
    page = model.objects.live().filter(locale=Locale.objects.get(language_code=language), **filters).first()
    return page.url


def fill_in(page, *, birth_year):
    page.fill("#id_given_name", "Amina")
    page.fill("#id_phone", "0176 1234567")
    page.check("#id_contact_channel_0")
    page.locator("input[name=languages][value=ar]").check()
    page.check("#id_topics_0")
    page.check("#id_residence_status_0")
    page.fill("#id_birth_year", birth_year)
    page.fill("#id_postcode", "52062")
    page.check("#id_consent")


def ask_for_an_appointment(page, journey, base_url, language):
    page.goto(f"{base_url}/{language}/")
    journey.shot("home")

    with page.expect_navigation():
        page.locator(f'a[href="{localized_url(CourseIndexPage, language)}"]').first.click()
    assert page.locator(".course-card").count() > 0
    journey.shot("course-finder")

    with page.expect_navigation():
        page.locator(".course-card__title a").first.click()
    journey.shot("course")

    with page.expect_navigation():
        page.locator("main a.button--primary").first.click()
    page.wait_for_selector("form.intake-form")
    assert page.locator("#id_course").input_value() != "", "the course is chosen already"
    journey.shot("form")

    fill_in(page, birth_year="20O1")  # a letter O instead of a zero
    journey.shot("form-filled-with-a-mistake")
    with page.expect_navigation():
        page.locator(".intake-form__submit").click()

    summary = page.locator("#error-summary")
    assert summary.is_visible()
    link = summary.locator("a[href='#id_birth_year']")
    assert link.count() == 1
    assert page.locator("#id_birth_year").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_given_name").input_value() == "Amina", "nothing entered is lost"
    journey.shot("error-summary")
    link.click()
    assert page.evaluate("document.activeElement.id") == "id_birth_year"

    page.fill("#id_birth_year", "2004")
    page.check("#id_consent")
    journey.shot("corrected")
    with page.expect_navigation():
        page.locator(".intake-form__submit").click()

    reference = page.locator(".intake-reference__code")
    reference.wait_for()
    journey.shot("confirmation")
    assert page.locator("html").get_attribute("lang") == language
    return reference.inner_text()


def test_a_young_person_asks_for_an_appointment_about_a_course_on_a_phone(journey_site, phone):
    """In Arabic, German and Pashto; one seeded site for all three keeps the check quick."""
    for language in ["ar", "de", "ps"]:
        journey = Journey(phone, ARTIFACTS / f"appointment-{language}")

        reference = ask_for_an_appointment(phone, journey, journey_site.url, language)

        assert re.fullmatch(r"DA-[0-9A-Z]{6}", reference), (language, reference)
        stored = IntakeRequest.objects.get(reference=reference)
        assert stored.language == language
        assert stored.course_id is not None
