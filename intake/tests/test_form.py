"""Every field of the appointment request form: good and bad input."""

import time
import uuid

import pytest
from django.utils import timezone, translation

from intake.choices import FIELD_PURPOSES
from intake.forms import MIN_FILL_SECONDS, IntakeForm, form_age, sign_timestamp
from intake.tests.conftest import valid_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are compared with their English msgids."""
    with translation.override("en"):
        yield


THIS_YEAR = timezone.localdate().year


def bound(**overrides):
    form = IntakeForm(valid_data(**overrides))
    form.is_valid()
    return form


def test_valid_data_passes():
    form = bound()

    assert form.errors == {}
    assert form.cleaned_data["submission_token"] == uuid.UUID("6f1c1b0e-6a5e-4f0b-9d2b-6a1f9b3c0d11")


def test_every_visible_field_has_a_documented_purpose():
    assert set(IntakeForm().visible_field_names) == set(FIELD_PURPOSES)


@pytest.mark.parametrize(
    ("entered", "stored"),
    [
        ("0176 1234567", "+491761234567"),
        ("+49 (176) 123-4567", "+491761234567"),
        ("0049 176 1234567", "+491761234567"),
        ("01761234567", "+491761234567"),
        ("0241 432-0", "+492414320"),
        ("+93 70 123 4567", "+93701234567"),
        ("+963 944 567 890", "+963944567890"),
    ],
)
def test_phone_numbers_in_common_formats_are_stored_as_e164(entered, stored):
    form = bound(phone=entered)

    assert form.errors == {}
    assert form.cleaned_data["phone"].as_e164 == stored


@pytest.mark.parametrize("entered", ["12", "0176", "phone me", "+49 176 1234567 1234567 12", "<b>0176</b>"])
def test_implausible_phone_numbers_are_refused_beside_the_field(entered):
    form = bound(phone=entered)

    assert list(form.errors) == ["phone"]
    assert "0176 1234567" in form.errors["phone"][0]


def test_phone_or_email_is_needed():
    form = bound(phone="", email="")

    assert form.errors["phone"] == ["Please give a phone number or an e-mail address so that we can reach you."]


def test_email_alone_is_enough():
    form = bound(phone="", email="amina@example.org", contact_channel="email")

    assert form.errors == {}


@pytest.mark.parametrize(
    "entered", ["amina", "amina@", "@example.org", "amina example.org", "a" * 250 + "@example.org"]
)
def test_malformed_email_addresses_are_refused(entered):
    assert list(bound(email=entered).errors) == ["email"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("given_name", ""),
        ("given_name", "   "),
        ("given_name", "x" * 101),
        ("family_name", "x" * 101),
        ("contact_channel", ""),
        ("contact_channel", "telegram"),
        ("languages", []),
        ("languages", ["xx"]),
        ("topics", []),
        ("topics", ["money"]),
        ("residence_status", ""),
        ("residence_status", "citizen"),
        ("birth_year", ""),
        ("birth_year", "neunzehn"),
        ("birth_year", "2001.5"),
        ("birth_year", str(THIS_YEAR - 81)),
        ("birth_year", str(THIS_YEAR - 5)),
        ("birth_year", "20001"),
        ("postcode", ""),
        ("postcode", "5206"),
        ("postcode", "520622"),
        ("postcode", "ABCDE"),
        ("course", "999999"),
        ("course", "kurs"),
        ("message", "x" * 2001),
        ("consent", None),
    ],
)
def test_bad_input_gets_an_error_beside_its_field(field, value):
    form = bound(**{field: value})

    assert list(form.errors) == [field]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("family_name", ""),
        ("email", ""),
        ("message", "x" * 2000),
        ("message", "Ich suche eine Ausbildung als Elektriker.\nDanke!"),
        ("given_name", "محمد"),
        ("given_name", "x" * 100),
        ("birth_year", str(THIS_YEAR - 18)),
        ("birth_year", str(THIS_YEAR - 27)),
        ("birth_year", str(THIS_YEAR - 17)),
        ("birth_year", str(THIS_YEAR - 40)),
        ("postcode", "52146"),
        ("languages", ["other"]),
        ("topics", ["german_course", "school_certificate", "training", "work", "coaching", "other"]),
        ("residence_status", "undisclosed"),
    ],
)
def test_good_input_passes(field, value):
    assert bound(**{field: value}).errors == {}


def test_invalid_fields_are_marked_for_assistive_technology():
    form = bound(given_name="", birth_year="1")

    html = str(form["given_name"])
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_given_name-error"' in html
    assert 'aria-describedby="id_birth_year-error id_birth_year-hint"' in str(form["birth_year"])


def test_honeypot_stops_the_form():
    form = bound(website="http://spam.example")

    assert form.non_field_errors()
    assert not form.is_valid()


@pytest.mark.parametrize(
    "make_timestamp",
    [
        lambda: sign_timestamp(time.time() - 1),  # sent at once: a script
        lambda: sign_timestamp(time.time() - 2 * 24 * 60 * 60),  # two days old
        lambda: "12345",  # not signed
        lambda: sign_timestamp(time.time() - 60)[:-2] + "xx",  # tampered
        lambda: "",
    ],
    ids=["too-fast", "too-old", "unsigned", "tampered", "missing"],
)
def test_a_form_sent_too_fast_too_late_or_forged_asks_to_send_again(make_timestamp):
    form = bound(form_started=make_timestamp())

    assert form.non_field_errors() == [
        "Sorry, your request could not be sent this time. Please check your details and send it again."
    ]


def test_a_form_shown_again_gets_a_fresh_timestamp_but_keeps_the_data():
    form = bound(form_started=sign_timestamp(time.time() - 3 * 24 * 60 * 60), given_name="Amina")

    form.renew_hidden_fields()

    assert form_age(form.data["form_started"]) < MIN_FILL_SECONDS
    assert form["given_name"].value() == "Amina"
    assert 'value="Amina"' in str(form["given_name"])
