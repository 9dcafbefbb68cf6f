"""What people type on phones reaches the request intact: digits in any script, no hidden marks, no cuts."""

import re

import pytest
from django.test import override_settings
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, override

from intake import ratelimit
from intake.choices import ContactChannel
from intake.factories import IntakeRequestFactory
from intake.forms import IntakeForm
from intake.models import IntakeRequest
from intake.tests.conftest import valid_data

pytestmark = pytest.mark.django_db


def post(client, **overrides):
    return client.post("/de/anfrage/", valid_data(**overrides))


def token(number):
    return f"6f1c1b0e-6a5e-4f0b-9d2b-6a1f9b3c{number:04d}"


def german(text):
    with override("de"):
        return gettext(text)


# --- Digits and direction marks (new-user item 5, security item 6) ---------------------------------


def test_arabic_indic_and_persian_digits_are_stored_as_ascii(client, form_page):
    year = timezone.localdate().year - 21
    persian_year = str(year).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert post(client, postcode="٥٢٠٦٢", birth_year=persian_year, phone="۰۱۷۶ ۱۲۳۴۵۶۷").status_code == 303

    stored = IntakeRequest.objects.get(submission_token=valid_data()["submission_token"])
    assert (stored.postcode, stored.birth_year, str(stored.phone)) == ("52062", year, "+491761234567")


def test_direction_marks_and_overrides_are_stripped_before_validation_and_storage(client, form_page):
    name = "\u202eAmina\u202c"
    assert (
        post(client, given_name=name, family_name="\u200fKarimi\u2066", message="\u2067Hallo\u2069").status_code == 303
    )

    stored = IntakeRequest.objects.get(submission_token=valid_data()["submission_token"])
    assert (stored.given_name, stored.family_name, stored.message) == ("Amina", "Karimi", "Hallo")
    assert IntakeRequest.objects.filter(given_name__iexact="amina", pk=stored.pk).exists()


def test_a_postcode_of_only_direction_marks_and_digits_passes():
    form = IntakeForm(valid_data(postcode="\u200e52062\u200e"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["postcode"] == "52062"


def test_overrides_never_reach_what_staff_read_whatever_path_stores_a_request():
    request = IntakeRequestFactory(given_name="\u202eanimA", family_name="K\u2066arimi")
    request.refresh_from_db()
    assert (request.given_name, request.family_name) == ("animA", "Karimi")


# --- Lists of choices (security item 5) -------------------------------------------------------------


def test_a_choice_sent_many_times_is_stored_once(client, form_page):
    data = valid_data(topics=["work"] * 900, languages=["ar", "ar", "de"])
    assert client.post("/de/anfrage/", data).status_code == 303

    stored = IntakeRequest.objects.get(submission_token=data["submission_token"])
    assert stored.topics == ["work"]
    assert stored.languages == ["ar", "de"]


def test_an_unknown_choice_is_an_error_beside_its_field_and_nothing_is_stored(client, form_page):
    response = client.post("/de/anfrage/", valid_data(topics=["work", "flying"]))

    assert response.status_code == 200
    assert "id_topics-error" in response.content.decode()
    assert not IntakeRequest.objects.filter(submission_token=valid_data()["submission_token"]).exists()


# --- The way of contact and the details it needs (new-user item 4) ----------------------------------


@pytest.mark.parametrize("channel", ["sms", "phone", "whatsapp", "signal"])
def test_a_channel_by_phone_without_a_phone_number_is_an_error_next_to_the_phone_field(channel):
    form = IntakeForm(valid_data(contact_channel=channel, phone="", email="amina@example.org"))

    assert not form.is_valid()
    assert list(form.errors) == ["phone"]
    assert str(ContactChannel(channel).label) in form.errors["phone"][0]


def test_e_mail_without_an_address_is_an_error_next_to_the_e_mail_field():
    form = IntakeForm(valid_data(contact_channel="email", email=""))

    assert not form.is_valid()
    assert list(form.errors) == ["email"]


def test_whatsapp_and_signal_are_kept_as_the_preferred_channel(client, form_page):
    assert post(client, contact_channel="whatsapp").status_code == 303
    assert IntakeRequest.objects.get(submission_token=valid_data()["submission_token"]).contact_channel == "whatsapp"


def test_a_channel_error_keeps_everything_typed(client, form_page):
    html = post(client, contact_channel="sms", phone="", email="amina@example.org", message="Ich suche Arbeit").content
    html = html.decode()

    assert 'value="amina@example.org"' in html
    assert "Ich suche Arbeit" in html
    assert re.search(r'<input[^>]*value="sms"[^>]*checked', html)


# --- Nothing cut silently (new-user item 6) ----------------------------------------------------------


def test_a_message_over_the_limit_is_an_error_that_names_the_limit_and_keeps_the_text(client, form_page):
    message = ("Ich möchte eine Ausbildung machen. " * 100).strip()  # 3,499 characters
    response = post(client, message=message)
    html = response.content.decode()

    assert response.status_code == 200
    assert "2000" in html and str(len(message)) in html
    assert escape(message) in html
    assert not IntakeRequest.objects.filter(submission_token=valid_data()["submission_token"]).exists()


def test_no_text_field_lets_the_browser_cut_what_is_typed():
    html = str(IntakeForm())
    assert "maxlength" not in html.replace('maxlength="4"', "")  # only the year of birth keeps its four digits
    assert 'data-character-limit="2000"' in html


def test_a_name_over_the_limit_is_an_error_with_the_limit():
    form = IntakeForm(valid_data(given_name="A" * 101))
    assert not form.is_valid()
    assert "100" in form.errors["given_name"][0] and "101" in form.errors["given_name"][0]


# --- The rate limits (new-user item 6, security item 1) ----------------------------------------------


def test_a_shared_phone_can_send_requests_for_different_people(client, form_page):
    statuses = [
        post(client, submission_token=token(index), given_name=name).status_code
        for index, name in enumerate(["Amina", "Omid", "Fatima", "Yusuf", "Lina"])
    ]
    assert statuses == [303] * 5


def test_the_same_person_is_limited_and_keeps_everything_typed_with_the_office_to_call(client, form_page):
    statuses = [post(client, submission_token=token(index)).status_code for index in range(3)]
    response = post(client, submission_token=token(3), given_name=" amina ", message="Bitte rufen Sie mich an")
    html = response.content.decode()

    assert statuses == [303, 303, 303]
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert escape(german("Everything you typed is still in the form below.")) in html
    assert "Bitte rufen Sie mich an" in html and 'value="0176 1234567"' in html
    assert 'href="tel:' in html
    assert token(3) in html  # the same form can be sent later
    assert IntakeRequest.objects.filter(phone="+491761234567").count() == 3


@override_settings(PORTAL_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
def test_behind_a_proxy_each_visitor_has_a_bucket_of_their_own(client, form_page, monkeypatch):
    monkeypatch.setattr(ratelimit, "PER_ADDRESS", ratelimit.Limit("address", 2, 60 * 60))

    def from_address(number, address):
        data = valid_data(submission_token=token(number), phone=f"0176 12345{number:02d}")
        return client.post("/de/anfrage/", data, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=address).status_code

    first = [from_address(number, "203.0.113.7") for number in range(3)]
    second = [from_address(number, "198.51.100.9") for number in range(3, 5)]

    assert first == [303, 303, 429]
    assert second == [303, 303]
