"""Accessibility of the public pages: axe-core's WCAG 2.2 A/AA rules and the keyboard."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from wagtail.models import Locale

from e2e.conftest import ARTIFACTS, Journey
from e2e.test_appointment_journey import fill_in
from providers.models import CourseIndexPage, CoursePage

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def live_page_url(model, language):
    return model.objects.live().filter(locale=Locale.objects.get(language_code=language)).first().url


def violations(page):
    found = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in violation["nodes"][:5]
        )
        for violation in found
    ]


def test_public_pages_have_no_wcag_violations_in_german_and_arabic(journey_site, phone):
    found = []
    for language in ["de", "ar"]:
        journey = Journey(phone, ARTIFACTS / f"accessibility-{language}")
        base = journey_site.url

        def check(label, journey=journey):
            journey.shot(label)
            found.extend(violations(phone))

        phone.goto(f"{base}/{language}/")
        check("home")
        phone.goto(base + live_page_url(CourseIndexPage, language))
        check("course-finder")
        phone.goto(base + live_page_url(CoursePage, language))
        check("course")
        phone.goto(f"{base}/{language}/suche/?q=Deutsch")
        check("search")
        phone.goto(f"{base}/{language}/")
        phone.locator("main .button--primary").first.click()
        phone.wait_for_selector("form.intake-form")
        check("form-empty")
        phone.locator(".intake-form__submit").click()
        phone.wait_for_selector("#error-summary")
        check("form-with-errors")
        fill_in(phone, birth_year="2004")
        phone.locator(".intake-form__submit").click()
        phone.wait_for_selector(".intake-reference__code")
        check("confirmation")

    assert not found, "\n".join(found)


FOCUS_STYLE = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
        id: element.id, name: element.name || "", tag: element.tagName,
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
            ? style.outlineStyle + style.outlineWidth : "",
        shadow: style.boxShadow !== "none" ? style.boxShadow : "",
        top: box.top + window.scrollY, left: box.left, right: box.right,
    };
}"""


def test_the_appointment_form_works_with_the_keyboard_alone(journey_site, browser):
    """Tab walks the controls in reading order and every control shows where the focus is."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{journey_site.url}/de/")
    page.locator("main .button--primary").first.click()
    page.wait_for_selector("form.intake-form")
    page.locator("#id_given_name").focus()

    stops = []
    while True:
        stop = page.evaluate(FOCUS_STYLE)
        stops.append(stop)
        if "intake-form__submit" in (page.evaluate("document.activeElement.className") or ""):
            break
        assert len(stops) < 80, "the submit button is reachable with the tab key"
        page.keyboard.press("Tab")
    page.screenshot(path=ARTIFACTS / "keyboard-form-submit-focused.png")
    context.close()

    names = [stop["name"] or stop["id"] for stop in stops]
    assert "website" not in names, "the honeypot field is not in the tab order"
    for stop in stops:
        assert stop["outline"] or stop["shadow"], f"no visible focus indicator on {stop}"
    tops = [stop["top"] for stop in stops]
    assert tops == sorted(tops), f"tab order follows the visual order: {list(zip(names, tops, strict=True))}"
