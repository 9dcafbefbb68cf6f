import time

import pytest
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Locale

from intake.forms import sign_timestamp
from intake.pages import IntakeFormPage


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate-limit counters must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def form_page(db):
    return IntakeFormPage.objects.get(locale__language_code="de", slug="anfrage")


@pytest.fixture
def arabic_form_page(form_page):
    """The Arabic form page: the seeded translation, or a copy made for the test."""
    locale = Locale.objects.get(language_code="ar")
    page = IntakeFormPage.objects.filter(translation_key=form_page.translation_key, locale=locale).first()
    if page is None:
        page = form_page.copy_for_translation(locale, copy_parents=True)
        page.title = "طلب موعد"
        page.save_revision().publish()
    return page


def valid_data(**overrides):
    """What a person fills in, with hidden fields as a browser that waited a minute would send them."""
    data = {
        "given_name": "Amina",
        "family_name": "",
        "phone": "0176 1234567",
        "email": "",
        "contact_channel": "phone",
        "languages": ["ar", "de"],
        "topics": ["training"],
        "residence_status": "duldung",
        "birth_year": str(timezone.localdate().year - 21),
        "postcode": "52062",
        "course": "",
        "message": "",
        "consent": "on",
        "submission_token": "6f1c1b0e-6a5e-4f0b-9d2b-6a1f9b3c0d11",
        "form_started": sign_timestamp(time.time() - 60),
        "website": "",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}
