"""Personal data stays out of logs, error reports, e-mails and URLs."""

import datetime
import logging

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from intake import services
from intake.factories import IntakeRequestFactory
from intake.models import IntakeRequest, Queue
from intake.tasks import notification_email
from intake.tests.conftest import valid_data
from intake.triage.digest import overdue_digests
from intake.triage.viewsets import IntakeRequestViewSet
from portal.logging import PersonalDataFilter

pytestmark = pytest.mark.django_db

NAME, FAMILY, PHONE, EMAIL = "Zarghuna", "Ahmadzai", "0176 5550123", "zarghuna.ahmadzai@example.org"
SECRETS = ("Zarghuna", "Ahmadzai", "5550123", "555 0123", "zarghuna.ahmadzai")


def assert_no_secrets(text):
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), secret


def test_a_server_error_during_intake_logs_and_reports_no_personal_data(form_page, monkeypatch, caplog, settings):
    """The failure message even carries the phone and e-mail (as a database error would); none of it is written."""

    def broken_route(facts):
        raise RuntimeError(f"DETAIL: Key (phone, email)=(+49{PHONE[1:]}, {EMAIL}) already exists.")

    monkeypatch.setattr(services, "route", broken_route)
    settings.ADMINS = [("Betrieb", "betrieb@example.org")]
    settings.DEBUG = False
    caplog.handler.addFilter(PersonalDataFilter())
    client = Client(raise_request_exception=False)

    with caplog.at_level(logging.ERROR):
        response = client.post(
            form_page.url,
            valid_data(given_name=NAME, family_name=FAMILY, phone=PHONE, email=EMAIL, message=f"Ich bin {NAME}"),
        )

    assert response.status_code == 500
    assert not IntakeRequest.objects.filter(given_name=NAME).exists()
    assert "Internal Server Error" in caplog.text and "RuntimeError" in caplog.text
    assert_no_secrets(caplog.text)
    assert len(mail.outbox) == 1  # the error report to the admins
    assert_no_secrets(mail.outbox[0].subject + mail.outbox[0].body)
    assert "given_name" in mail.outbox[0].body  # the POST keys are listed, their values hidden


@pytest.fixture
def request_with_personal_data(db):
    return IntakeRequestFactory(
        queue=Queue.objects.get(slug="low-tec"),
        given_name=NAME,
        family_name=FAMILY,
        phone="+4917655501230",
        email=EMAIL,
        message=f"Mein Name ist {NAME}",
        created_at=timezone.now() - datetime.timedelta(days=30),
    )


def test_the_queue_notification_carries_no_personal_data(request_with_personal_data):
    message = notification_email(request_with_personal_data)

    assert request_with_personal_data.reference in message.body
    assert_no_secrets(message.subject + message.body)
    assert "55501230" not in message.body


def test_the_overdue_digest_carries_no_personal_data(request_with_personal_data):
    digests = overdue_digests()

    body = "".join(message.subject + message.body for message in digests)
    assert request_with_personal_data.reference in body
    assert_no_secrets(body)
    assert "55501230" not in body


def test_admin_urls_address_a_request_by_its_number_only(request_with_personal_data):
    item = request_with_personal_data
    names = [
        pattern.name
        for pattern in IntakeRequestViewSet("intake_requests").get_urlpatterns()
        if "<int:pk>" in str(pattern.pattern) or "<str:pk>" in str(pattern.pattern)
    ]
    urls = [reverse(f"intake_requests:{name}", args=[item.pk]) for name in names]
    rights = ("intake_access_report", "intake_access_report_json", "intake_erase")
    urls += [reverse(name, args=[item.pk]) for name in rights]

    assert len(urls) >= 9
    for url in urls:
        assert url.rstrip("/").endswith(f"/{item.pk}") or url.endswith(f"/{item.pk}/json/"), url
        assert_no_secrets(url)
        assert item.reference not in url


def test_the_public_confirmation_url_is_the_opaque_public_id(client, form_page):
    response = client.post(form_page.url, valid_data(given_name=NAME, phone=PHONE))

    intake_request = IntakeRequest.objects.get(given_name=NAME)
    assert response.status_code == 303
    assert response["Location"].endswith(f"done/{intake_request.public_id}/")
    assert_no_secrets(response["Location"])
    assert intake_request.reference not in response["Location"]
