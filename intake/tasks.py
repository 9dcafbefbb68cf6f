"""Telling a queue about new requests, durably.

``notify_queue`` runs in the task worker (``manage.py db_worker``). The database
backend tries each task once; when sending fails the request stays unnotified and
``send_pending_notifications`` (the sweep, run by cron or as the
``sweep_notifications`` task) enqueues it again. A row lock and ``notified_at``
make sure a queue hears of a request once, however often it is enqueued.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from intake.models import IntakeRequest

# The worker gets this long to send a new request's notification before the sweep steps in,
RETRY_GRACE = timedelta(minutes=2)
# and a failed attempt is retried after this long.
RETRY_AFTER = timedelta(minutes=5)
SWEEP_BATCH = 500


def notification_email(intake_request):
    """The announcement of a new request: its reference, queue and admin link; no personal data."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {"request": intake_request, "queue": intake_request.queue, "url": admin_url(intake_request)}
        return EmailMessage(
            subject=_("New appointment request %(reference)s") % {"reference": intake_request.reference},
            body=render_to_string("intake/email/queue_notification.txt", context),
            to=[intake_request.queue.notification_email],
        )


def admin_url(intake_request):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + intake_request.get_admin_path()


def deliver_notification(request_id):
    """Send a request's queue notification unless it was sent already; re-raise a failed send."""
    failure = None
    with transaction.atomic():
        intake_request = (
            IntakeRequest.objects.select_for_update(of=("self",))
            .select_related("queue__provider")
            .filter(pk=request_id)
            .first()
        )
        if intake_request is None or intake_request.notified_at is not None:
            return False
        if not intake_request.queue.notification_email:
            intake_request.record_notification_attempt("The queue has no notification e-mail address.")
            return False
        try:
            notification_email(intake_request).send()
        except Exception as error:  # SMTP refusals, timeouts, DNS: all mean "try again later"
            failure = error
            intake_request.record_notification_attempt(type(error).__name__)
        else:
            intake_request.record_notification_attempt()
            intake_request.mark_notified()
    if failure is not None:
        raise failure
    return True


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
