"""On a phone, the form says what is wrong next to the field and keeps everything typed: the way of contact,
a message that is too long, and the daily limit of a phone number."""

import pytest

from intake.models import IntakeRequest

pytestmark = pytest.mark.django_db(transaction=True)

MESSAGE = "Ich suche eine Ausbildung als Elektriker. "


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def fill_in(page, *, phone="0176 1234567", channel="phone", given_name="Amina"):
    page.fill("#id_given_name", given_name)
    page.fill("#id_phone", phone)
    page.check(f"input[name=contact_channel][value={channel}]")
    page.locator("input[name=languages][value=ar]").check()
    page.check("#id_topics_0")
    page.check("#id_residence_status_0")
    page.fill("#id_birth_year", "۲۰۰۴")  # Persian digits, as a Dari keyboard types them
    page.fill("#id_postcode", "٥٢٠٦٢")  # Arabic-Indic digits
    page.check("#id_consent")


def send(page):
    with page.expect_navigation():
        page.locator(".intake-form__submit").click()


def test_sms_without_a_phone_number_is_an_error_next_to_the_phone_field(journey_site, phone):
    phone.goto(f"{journey_site.url}/ar/anfrage/")
    fill_in(phone, phone="", channel="sms")
    phone.fill("#id_email", "amina@example.org")
    phone.fill("#id_message", MESSAGE)
    send(phone)

    error = phone.locator("#id_phone-error")
    assert error.is_visible()
    assert phone.locator("#id_phone").get_attribute("aria-invalid") == "true"
    field_box, error_box = phone.locator("#id_phone").bounding_box(), error.bounding_box()
    assert abs(field_box["y"] - error_box["y"]) < 120, "the error stands next to its field"
    assert phone.locator("#id_email").input_value() == "amina@example.org"
    assert phone.locator("#id_message").input_value() == MESSAGE
    assert phone.locator("input[name=contact_channel][value=sms]").is_checked()
    assert phone.locator("#id_postcode").input_value() == "52062"

    phone.fill("#id_phone", "۰۱۷۶ ۱۲۳۴۵۶۷")
    phone.check("#id_consent")
    send(phone)
    phone.locator(".intake-reference__code").wait_for()
    assert IntakeRequest.objects.get(email="amina@example.org").contact_channel == "sms"


def test_a_long_message_shows_a_counter_and_an_error_with_the_limit_and_is_not_cut(journey_site, phone):
    phone.goto(f"{journey_site.url}/de/anfrage/")
    fill_in(phone)
    counter = phone.locator("#id_message-count")
    assert counter.is_visible()
    phone.fill("#id_message", "Hallo")
    assert counter.inner_text().startswith("5 ")

    long_message = (MESSAGE * 60).strip()
    phone.fill("#id_message", long_message)
    assert phone.locator("#id_message").input_value() == long_message, "the browser cuts nothing"
    assert "form-field__counter--over" in counter.get_attribute("class")
    send(phone)

    error = phone.locator("#id_message-error")
    assert "2000" in error.inner_text() and str(len(long_message)) in error.inner_text()
    assert phone.locator("#id_message").input_value() == long_message


def test_a_phone_that_reached_its_daily_limit_keeps_what_was_typed_and_names_the_office(journey_site, phone):
    for _request in range(3):
        phone.goto(f"{journey_site.url}/de/anfrage/")
        fill_in(phone)
        send(phone)
        phone.locator(".intake-reference__code").wait_for()

    phone.goto(f"{journey_site.url}/de/anfrage/")
    fill_in(phone)
    phone.fill("#id_message", MESSAGE)
    send(phone)

    notice = phone.locator("#rate-limited")
    assert notice.is_visible()
    assert notice.locator("a[href^='tel:']").count() == 1
    assert phone.locator("#id_given_name").input_value() == "Amina"
    assert phone.locator("#id_message").input_value() == MESSAGE
    assert IntakeRequest.objects.filter(phone="+491761234567").count() == 3

    # Another resident of the same shelter, on the same phone, is not turned away.
    phone.fill("#id_given_name", "Omid")
    phone.check("#id_consent")
    send(phone)
    phone.locator(".intake-reference__code").wait_for()
    assert IntakeRequest.objects.filter(phone="+491761234567").count() == 4
