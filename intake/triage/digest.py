"""The daily digest: each queue hears which of its requests wait too long for first contact.

The e-mail names references and how many working days they have waited, and
links to the overdue list in the admin; it carries no personal data.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from intake.models import IntakeRequest, Queue
from intake.service_level import overdue_q, working_days_between


def overdue_digests(today=None):
    """One e-mail per queue that has overdue requests and an address to send to."""
    today = today or timezone.localdate()
    queues = {queue.pk: queue for queue in Queue.objects.select_related("provider")}
    waiting = {}
    overdue = (
        IntakeRequest.objects.filter(overdue_q(queues.values(), today))
        .order_by("created_at", "pk")
        .values_list("queue_id", "reference", "created_at")
    )
    for queue_id, reference, created_at in overdue:
        waiting.setdefault(queue_id, []).append(
            (reference, working_days_between(timezone.localdate(created_at), today))
        )
    list_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("intake_requests:index")
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for queue_id, rows in waiting.items():
            queue = queues[queue_id]
            if not queue.notification_email:
                continue
            context = {"queue": queue, "rows": rows, "url": f"{list_url}?queue={queue.pk}&overdue=true"}
            messages.append(
                EmailMessage(
                    subject=_("%(count)d requests wait for first contact") % {"count": len(rows)},
                    body=render_to_string("intake/email/overdue_digest.txt", context),
                    to=[queue.notification_email],
                )
            )
    return messages


def send_overdue_digests(today=None):
    """Send the digests; return how many e-mails went out."""
    messages = overdue_digests(today)
    for message in messages:
        message.send()
    return len(messages)


@task()
def send_overdue_digest():
    return send_overdue_digests()
