"""Telling a queue about new requests, durably.

``notify_queue`` runs in the task worker (``manage.py db_worker``). The database
backend tries each task once; when sending fails the request stays unnotified and
``send_pending_notifications`` (the sweep, run by cron or as the
``sweep_notifications`` task) enqueues it again. A committed claim and
``notified_at`` make sure a queue hears of a request once, however often it is
enqueued; only a worker killed between sending and writing that down leaves a
claim that the sweep takes over after ``RETRY_AFTER``. The message keeps one
``Message-ID`` so that mail programs show even that second copy once.
"""

import time
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.utils import DNS_NAME
from django.db import InterfaceError, OperationalError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from intake.models import IntakeRequest

# The worker gets this long to send a new request's notification before the sweep steps in,
RETRY_GRACE = timedelta(minutes=2)
# and a failed attempt is retried after this long; a claim older than this belongs to a worker that died.
RETRY_AFTER = timedelta(minutes=5)
# How long a worker waits for the database to write down what it sent (less than RETRY_AFTER).
DATABASE_PATIENCE = timedelta(minutes=2)
SWEEP_BATCH = 500


def notification_email(intake_request):
    """The announcement of a new request: its reference, queue and admin link; no personal data."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {"request": intake_request, "queue": intake_request.queue, "url": admin_url(intake_request)}
        return EmailMessage(
            subject=_("New appointment request %(reference)s") % {"reference": intake_request.reference},
            body=render_to_string("intake/email/queue_notification.txt", context),
            to=[intake_request.queue.notification_email],
            headers={"Message-ID": notification_message_id(intake_request)},
        )


def notification_message_id(intake_request):
    sender_domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or DNS_NAME.get_fqdn()
    return f"<queue-notification.{intake_request.reference}@{sender_domain}>"


def admin_url(intake_request):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + intake_request.get_admin_path()


def deliver_notification(request_id):
    """Send a request's queue notification unless it was sent or is being sent; re-raise a failed send.

    The claim is committed before the message leaves and the outcome is written after it,
    waiting for the database while it restarts: a message that left is not sent again
    because its delivery could not be written down.
    """
    intake_request = claim_notification(request_id)
    if intake_request is None:
        return False
    try:
        notification_email(intake_request).send()
    except Exception as error:  # SMTP refusals, timeouts, DNS: all mean "try again later"
        when_database_answers(intake_request.record_notification_failure, type(error).__name__)
        raise
    when_database_answers(intake_request.mark_notified)
    return True


def claim_notification(request_id):
    """The request, claimed for sending its notification; None when there is nothing to send."""
    with transaction.atomic():
        intake_request = (
            IntakeRequest.objects.select_for_update(of=("self",))
            .select_related("queue__provider")
            .filter(pk=request_id)
            .first()
        )
        if intake_request is None or intake_request.notified_at is not None:
            return None
        sending_since = intake_request.notification_sending_since
        if sending_since is not None and sending_since > timezone.now() - RETRY_AFTER:
            return None  # another worker is sending it
        intake_request.start_notification_attempt()
        if not intake_request.queue.notification_email:
            intake_request.record_notification_failure("The queue has no notification e-mail address.")
            return None
    return intake_request


def when_database_answers(write, *args):
    """Run a write outside a transaction, trying again while the database restarts."""
    deadline = time.monotonic() + DATABASE_PATIENCE.total_seconds()
    delay = 0.1
    while True:
        try:
            return write(*args)
        except (OperationalError, InterfaceError):
            if connection.in_atomic_block or time.monotonic() + delay > deadline:
                raise
            connection.close()
            time.sleep(delay)
            delay = min(delay * 2, 5)


def pending_notifications(now=None):
    """Requests whose queue has not heard of them and whose last attempt is old enough to retry."""
    now = now or timezone.now()
    return (
        IntakeRequest.objects.filter(notified_at__isnull=True, created_at__lte=now - RETRY_GRACE)
        .exclude(notification_attempted_at__gt=now - RETRY_AFTER)
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


def enqueue_pending_notifications(now=None):
    """Enqueue a notification for every pending request; return how many."""
    request_ids = list(pending_notifications(now))
    for request_id in request_ids:
        notify_queue.enqueue(request_id)
    return len(request_ids)


@task()
def notify_queue(request_id):
    return deliver_notification(request_id)


@task()
def send_confirmation(request_id):
    """Confirm a request to the person, in their language: the reference and what happens next, nothing else.

    A courtesy, sent once and not retried: the confirmation page already showed the same.
    """
    intake_request = IntakeRequest.objects.select_related("queue").get(pk=request_id)
    if not intake_request.email:
        return False
    with translation.override(intake_request.language or settings.LANGUAGE_CODE):
        EmailMessage(
            subject=_("Your appointment request %(reference)s") % {"reference": intake_request.reference},
            body=render_to_string(
                "intake/email/confirmation.txt", {"request": intake_request, "queue": intake_request.queue}
            ),
            to=[intake_request.email],
        ).send()
    return True


@task()
def sweep_notifications():
    return enqueue_pending_notifications()
