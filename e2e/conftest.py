"""Browser checks with Playwright on Debian's chromium (never a downloaded browser)."""

import os
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls
# from that thread (seeding, flushing) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = "browser checks need Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo_site(live_server):
    """The live server with the site pages in German, Arabic and Pashto.

    Live-server tests start from an empty database; seeding only what the
    checks read keeps them quick.
    """
    from home.demo import seed

    with open(os.devnull, "w") as devnull:
        seed(devnull, languages=["ar", "ps"])
    return live_server


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def seed_portal(languages):
    """Users, site pages, partners, courses and the appointment form, translated into ``languages`` only.

    The course pages follow the home page: they are translated only where the
    home page is, so limiting the site pages limits everything.
    """
    from home import demo as home_demo
    from intake import demo as intake_demo
    from portal import demo as portal_demo
    from providers import demo as providers_demo

    with open(os.devnull, "w") as devnull:
        portal_demo.seed(devnull)
        home_demo.seed(devnull, languages=languages)
        providers_demo.seed(devnull)
        content = intake_demo.load_form_content()
        intake_demo.seed_form_translations(intake_demo.seed_form_page(content), content, devnull)
        intake_demo.seed_queues()
        intake_demo.seed_permissions()
        intake_demo.seed_rules()


@pytest.fixture
def journey_site(live_server, monkeypatch):
    """The live server with the whole portal in German, Arabic and Pashto.

    People need a few seconds to fill in the appointment form, a browser
    script does not; the minimum is lifted so the journeys stay quick.
    """
    from django.core.cache import cache

    monkeypatch.setattr("intake.forms.MIN_FILL_SECONDS", 0)
    cache.clear()  # rate-limit counters of earlier journeys
    seed_portal(["ar", "ps"])
    yield live_server
    cache.clear()


class Journey:
    """A browser page that saves a numbered screenshot of every step into test-artifacts/<name>/."""

    def __init__(self, page, folder):
        self.page = page
        self.folder = folder
        self.step = 0
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.png"):
            old.unlink()

    def shot(self, label):
        self.step += 1
        # Transitions are fast-forwarded: a menu that is still fading in would look disabled.
        self.page.screenshot(path=self.folder / f"{self.step:02d}-{label}.png", full_page=True, animations="disabled")


@pytest.fixture
def staff_browser(browser):
    """Opens desktop browser pages whose admin speaks English (the admin follows the browser's language).

    Each call is a new browser context, so each page can sign in as another person.
    """
    contexts = []

    def open_page():
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, extra_http_headers={"Accept-Language": "en"}
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def sign_in(page, base_url, username):
    """Sign a demo user in to the admin (two-factor authentication is off in the test settings)."""
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"{base_url}/admin/")


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    yield page
    context.close()
