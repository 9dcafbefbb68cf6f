"""Queues hear of every new request exactly once, even when the mail server fails for a while."""

import io
import smtplib
import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError, connection
from django.utils import timezone

from intake import tasks
from intake.models import IntakeRequest, Queue
from intake.services import submit
from intake.tests.conftest import valid_data

pytestmark = pytest.mark.django_db


def new_request(language="de", **overrides):
    from intake.forms import IntakeForm

    form = IntakeForm(valid_data(**overrides))
    assert form.is_valid(), form.errors
    intake_request, _created = submit(form.request_data(), form.cleaned_data["submission_token"], language=language)
    return intake_request


def unnotified_request():
    """A request whose first notification failed, to a queue with an address (also after a transactional test)."""
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError("refused")):
        intake_request = new_request()
    if not intake_request.queue.notification_email:
        Queue.objects.filter(pk=intake_request.queue_id).update(email="team@example.org")
    mail.outbox.clear()
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


@pytest.mark.django_db(transaction=True)
def test_a_sent_notification_is_written_down_when_the_database_answers_again_and_never_sent_twice():
    """The database restarting just after the message left must not make the sweep send it again."""
    intake_request = unnotified_request()
    mark_notified = IntakeRequest.mark_notified
    attempts = []

    def mark_notified_while_the_database_restarts(intake_request):
        attempts.append(intake_request.pk)
        if len(attempts) == 1:
            raise OperationalError("terminating connection due to administrator command")
        mark_notified(intake_request)

    with (
        mock.patch.object(IntakeRequest, "mark_notified", mark_notified_while_the_database_restarts),
        mock.patch("intake.tasks.time.sleep") as sleep,
    ):
        assert tasks.deliver_notification(intake_request.pk) is True

    assert len(attempts) == 2
    sleep.assert_called_once()
    intake_request.refresh_from_db()
    assert intake_request.notified_at is not None
    assert intake_request.notification_sending_since is None
    assert tasks.enqueue_pending_notifications(now=timezone.now() + timedelta(days=1)) == 0
    assert tasks.deliver_notification(intake_request.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="Ends a PostgreSQL server process.")
def test_a_notification_sent_as_the_database_connection_is_lost_is_written_down_on_a_new_one():
    intake_request = unnotified_request()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [worker_process] = cursor.fetchone()

    def send_as_the_server_ends_the_connection(backend, messages):
        def end_connection():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [worker_process])
            connection.close()

        ending = threading.Thread(target=end_connection)
        ending.start()
        ending.join()
        mail.outbox.extend(messages)
        return len(messages)

    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", send_as_the_server_ends_the_connection
    ):
        assert tasks.deliver_notification(intake_request.pk) is True

    intake_request.refresh_from_db()
    assert intake_request.notified_at is not None
    assert tasks.deliver_notification(intake_request.pk) is False
    assert len(mail.outbox) == 1


def test_a_notification_another_worker_is_sending_is_not_sent_again_until_that_worker_is_overdue():
    intake_request = unnotified_request()
    started = timezone.now() - timedelta(minutes=1)
    IntakeRequest.objects.filter(pk=intake_request.pk).update(notification_sending_since=started)

    assert tasks.deliver_notification(intake_request.pk) is False
    assert mail.outbox == []

    IntakeRequest.objects.filter(pk=intake_request.pk).update(
        notification_sending_since=timezone.now() - tasks.RETRY_AFTER - timedelta(seconds=1)
    )
    assert tasks.deliver_notification(intake_request.pk) is True
    assert len(mail.outbox) == 1


def test_every_copy_of_a_notification_carries_the_same_message_id():
    intake_request = unnotified_request()

    tasks.deliver_notification(intake_request.pk)
    IntakeRequest.objects.filter(pk=intake_request.pk).update(notified_at=None)
    tasks.deliver_notification(intake_request.pk)

    first, second = mail.outbox
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]
    assert first.extra_headers["Message-ID"] == f"<queue-notification.{intake_request.reference}@mail.aachen.de>"
    assert first.message()["Message-ID"] == first.extra_headers["Message-ID"]


def test_the_sweep_command_enqueues_what_is_pending():
    intake_request = unnotified_request()
    IntakeRequest.objects.filter(pk=intake_request.pk).update(
        created_at=timezone.now() - timedelta(hours=1), notification_attempted_at=timezone.now() - timedelta(hours=1)
    )
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
