"""Queues hear of every new request exactly once, even when the mail server fails for a while."""

import io
import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from intake import tasks
from intake.models import IntakeRequest
from intake.services import submit
from intake.tests.conftest import valid_data

pytestmark = pytest.mark.django_db


def new_request(language="de", **overrides):
    from intake.forms import IntakeForm

    form = IntakeForm(valid_data(**overrides))
    assert form.is_valid(), form.errors
    intake_request, _created = submit(form.request_data(), form.cleaned_data["submission_token"], language=language)
    return intake_request


def test_a_new_request_is_announced_to_its_queue_without_personal_data():
    mail.outbox.clear()

    intake_request = new_request(message="Ich heiße Amina und wohne in der Unterkunft.")

    intake_request.refresh_from_db()
    assert intake_request.notified_at is not None
    assert intake_request.notification_attempts == 1
    [message] = mail.outbox
    assert message.to == [intake_request.queue.notification_email]
    assert intake_request.reference in message.subject + message.body
    assert "http://testserver/admin/" in message.body
    for personal in ("Amina", "1234567", "52062", "duldung", "Unterkunft"):
        assert personal not in message.subject + message.body


def test_a_failed_send_is_retried_by_the_sweep_and_sent_exactly_once():
    mail.outbox.clear()
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
    ):
        intake_request = new_request()

    intake_request.refresh_from_db()
    assert IntakeRequest.objects.filter(pk=intake_request.pk).exists()  # the request is never lost
    assert intake_request.notified_at is None
    assert intake_request.notification_attempts == 1
    assert intake_request.notification_error == "SMTPServerDisconnected"
    assert mail.outbox == []

    # Too early: the sweep leaves recent attempts alone.
    assert tasks.enqueue_pending_notifications(now=timezone.now()) == 0

    later = timezone.now() + tasks.RETRY_AFTER + timedelta(seconds=1)
    assert tasks.enqueue_pending_notifications(now=later) == 1
    assert tasks.enqueue_pending_notifications(now=later + tasks.RETRY_AFTER * 2) == 0

    intake_request.refresh_from_db()
    assert intake_request.notified_at is not None
    assert intake_request.notification_attempts == 2
    assert len(mail.outbox) == 1


def test_a_notification_enqueued_twice_is_sent_once():
    intake_request = new_request()
    mail.outbox.clear()

    assert tasks.deliver_notification(intake_request.pk) is False
    tasks.notify_queue.enqueue(intake_request.pk)

    assert mail.outbox == []


def test_the_sweep_command_enqueues_what_is_pending():
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError("refused")):
        intake_request = new_request()
    IntakeRequest.objects.filter(pk=intake_request.pk).update(
        created_at=timezone.now() - timedelta(hours=1), notification_attempted_at=timezone.now() - timedelta(hours=1)
    )
    mail.outbox.clear()
    out = io.StringIO()

    call_command("send_pending_notifications", stdout=out)

    assert "Enqueued 1 pending notification" in out.getvalue()
    assert len(mail.outbox) == 1


def test_the_sweep_task_runs_the_same_sweep():
    assert tasks.sweep_notifications.enqueue().return_value == 0


def test_a_person_who_gave_an_email_address_gets_a_confirmation_in_their_language():
    mail.outbox.clear()

    intake_request = new_request(language="en", email="amina@example.org")

    confirmation = next(message for message in mail.outbox if message.to == ["amina@example.org"])
    assert intake_request.reference in confirmation.body
    assert "within 3 working days" in confirmation.body
    for personal in ("Amina", "1234567", "52062", "duldung"):
        assert personal not in confirmation.subject + confirmation.body
