"""No public page is wider than a small phone's screen, in a left-to-right or right-to-left language."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PAGE_WIDTH = "() => document.documentElement.scrollWidth"


@pytest.fixture
def mobile_phone(browser):
    """A 360 px phone with mobile emulation: a too-wide page widens the layout instead of being cut off."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("code", ["de", "ar"])
def test_public_pages_fit_a_small_phone(mobile_phone, journey_site, artifacts, code):
    mobile_phone.goto(f"{journey_site.url}/{code}/angebote/")
    course = mobile_phone.locator(".course-list a").first.get_attribute("href")

    for path in [f"/{code}/", f"/{code}/angebote/", course, f"/{code}/anfrage/", f"/{code}/suche/?q=Deutsch"]:
        mobile_phone.goto(journey_site.url + path)

        width = mobile_phone.evaluate(PAGE_WIDTH)
        if width > 360:
            mobile_phone.screenshot(path=artifacts / f"too-wide-{code}-{path.strip('/').replace('/', '-')}.png")
        assert width <= 360, f"{path} is {width} px wide on a 360 px phone"
