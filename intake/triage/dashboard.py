"""The queues at a glance on the admin home: open, overdue and new this week, and load against capacity."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from wagtail.admin.ui.components import Component

from intake.models import IntakeRequest, Queue
from intake.service_level import overdue_q, week_start
from intake.workflow import OPEN_STATUSES, Status


@dataclass
class QueueFigures:
    queue: Queue
    open: int
    overdue: int
    this_week: int

    @property
    def capacity(self):
        return self.queue.capacity

    @property
    def load_percent(self):
        return round(100 * self.open / self.capacity) if self.capacity else None


def queue_figures(user, today=None):
    """The figures of each queue ``user`` may see, in two queries whatever the number of queues."""
    today = today or timezone.localdate()
    queues = list(Queue.objects.visible_to(user).select_related("provider"))
    if not queues:
        return []
    rows = (
        IntakeRequest.objects.filter(queue__in=queues)
        .values("queue")
        .annotate(
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("pk", filter=overdue_q(queues, today)),
            this_week=Count("pk", filter=Q(created_at__gte=week_start(today)) & ~Q(status=Status.DUPLICATE)),
        )
        .order_by()
    )
    by_queue = {row["queue"]: row for row in rows}
    empty = {"open": 0, "overdue": 0, "this_week": 0}
    return [
        QueueFigures(
            queue,
            **{name: by_queue.get(queue.pk, empty)[name] for name in ("open", "overdue", "this_week")},
        )
        for queue in queues
    ]


class QueuesPanel(Component):
    name = "intake_queues"
    order = 50
    template_name = "intake/triage/dashboard_panel.html"

    def __init__(self, figures):
        self.figures = figures

    def get_context_data(self, parent_context):
        return {"figures": self.figures}
