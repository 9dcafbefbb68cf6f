import io
import logging
import sys

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.views.debug import ExceptionReporter, get_default_exception_reporter_filter

from portal.logging import PersonalDataFilter, scrub


def record(msg, *args, exc_info=None):
    return logging.LogRecord("intake", logging.ERROR, __file__, 1, msg, args, exc_info)


@pytest.mark.parametrize(
    "text",
    [
        "Notification for amina.yusufi@example.org failed",
        "Call back +49 176 12345678 today",
        "Call back 0176/1234567 today",
        "Nummer 0241 432-5620",
        "Afghan number +93 70 123 4567",
        "cleaned_data={'given_name': 'Amina', 'family_name': 'Yusufi'}",
        "given_name=Amina&family_name=Yusufi&phone=017612345678",
        '{"message": "Ich brauche Hilfe", "postcode": "52062"}',
    ],
)
def test_personal_data_is_removed_from_log_messages(text):
    scrubbed = scrub(text)

    for secret in ("amina", "yusufi", "12345678", "1234567", "432-5620", "123 4567", "Hilfe", "52062"):
        assert secret not in scrubbed.lower()
    assert "[removed]" in scrubbed


def test_dates_addresses_and_references_stay_readable():
    text = "Retention run on 2026-11-22 06:10:00 from 127.0.0.1 touched 12 requests (DS-2026-000123), pk=42"

    assert scrub(text) == text


def test_the_filter_rewrites_message_arguments_and_tracebacks():
    try:
        raise ValueError("phone +49 176 12345678 is not valid")
    except ValueError:
        entry = record("Intake of %s (%s) failed", "amina@example.org", "0176 12345678", exc_info=sys.exc_info())

    assert PersonalDataFilter().filter(entry) is True

    formatted = logging.Formatter().format(entry)
    assert "amina@example.org" not in formatted
    assert "12345678" not in formatted
    assert formatted.startswith("Intake of [removed] ")
    assert "ValueError" in formatted


def test_every_log_handler_carries_the_filter():
    for name, handler in settings.LOGGING["handlers"].items():
        assert "personal_data" in handler.get("filters", []), name
    configured = logging.getLogger().handlers + logging.getLogger("django").handlers
    for handler in configured + logging.getLogger("django.server").handlers:
        if not type(handler).__module__.startswith("_pytest"):
            assert any(isinstance(f, PersonalDataFilter) for f in handler.filters), handler


def test_a_logged_phone_number_never_reaches_the_output():
    console = next(handler for handler in logging.getLogger().handlers if handler.get_name() == "console")
    output = io.StringIO()
    original = console.setStream(output)
    try:
        logging.getLogger("intake.test").error("Could not reach %s about %s", "+49 176 12345678", "a@example.org")
    finally:
        console.setStream(original)

    assert "Could not reach [removed] about [removed]" in output.getvalue()


def test_error_reports_hide_the_intake_form_and_local_variables():
    request = RequestFactory().post(
        "/de/anfrage/",
        {"given_name": "Amina", "family_name": "Yusufi", "phone": "017612345678", "email": "a@example.org", "x": "1"},
    )

    def submit(given_name):
        raise RuntimeError("boom")

    try:
        submit(request.POST["given_name"])
    except RuntimeError:
        report = ExceptionReporter(request, *sys.exc_info()).get_traceback_text()

    assert "Yusufi" not in report
    assert "017612345678" not in report
    assert "Amina" not in report  # also not as a local variable in the traceback
    assert get_default_exception_reporter_filter().get_post_parameters(request)["x"] == "1"
