"""How long personal data in requests is kept, and blanking it when that time is over.

Definitions (the periods are settings, see ``portal/settings/base.py``):

* A request is *inactive* when its status is outside ``OPEN_STATUSES``: not
  interested, did not appear, unreachable, closed or duplicate. It holds no
  place in a caseload and nobody works on it. Its *closing date* is the time of
  the last ``StatusChange`` into its current status.
* A request that was *never admitted* (no history row into "admitted") is
  anonymised ``INTAKE_RETENTION_MONTHS[status]`` months (default 6) after its
  closing date.
* A *participant* (a request that was admitted at some time) is anonymised
  ``INTAKE_PARTICIPANT_RETENTION_MONTHS`` (default 12) months after
  ``PROGRAMME_END`` when that date is set, whatever its status; while
  ``PROGRAMME_END`` is empty, that many months after its closing date.
* Open requests that were never admitted are kept: staff close them first.

Anonymising blanks what identifies a person (names, contact, message,
postcode, year of birth, languages, staff notes, free texts in the history)
and keeps what reports count: source, queue, residence status, topics,
statuses with their dates, placements by kind and date, and the flags
"age outside 18–27" and "lives outside the city". The request row stays, so
every figure stays the same.
"""

import calendar
import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django_tasks import task

from intake.models import AuditEntry, IntakeRequest, Note, Placement, RequestEvent, RetentionRun, StatusChange
from intake.workflow import OPEN_STATUSES, Status

logger = logging.getLogger(__name__)

INACTIVE_STATUSES = frozenset(Status) - OPEN_STATUSES
PARTICIPANT_RULE = "participant"

# The request's fields that identify a person, with their blank value.
PERSONAL_FIELDS = {
    "given_name": "",
    "family_name": "",
    "phone": "",
    "email": "",
    "postcode": "",
    "birth_year": None,
    "languages": [],
    "message": "",
    "submission_token": None,
}


def add_months(moment, months):
    """``moment`` shifted by whole calendar months, on the last day of a shorter month if need be."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def programme_end():
    """The end of the programme period from ``PROGRAMME_END`` (end of that day), or ``None`` (rolling)."""
    if not settings.PROGRAMME_END:
        return None
    day = datetime.date.fromisoformat(settings.PROGRAMME_END)
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()))


def periods():
    """The retention periods in months: one per inactive status, and ``participant``."""
    return {**settings.INTAKE_RETENTION_MONTHS, PARTICIPANT_RULE: settings.INTAKE_PARTICIPANT_RETENTION_MONTHS}


def with_retention_facts(requests):
    """Annotate ``closed_at`` (the last change into the current status) and ``was_admitted``."""
    into_current = StatusChange.objects.filter(request=OuterRef("pk"), new_status=OuterRef("status"))
    return requests.annotate(
        closed_at=Subquery(into_current.order_by("-changed_at", "-pk").values("changed_at")[:1]),
        was_admitted=Exists(StatusChange.objects.filter(request=OuterRef("pk"), new_status=Status.ADMITTED)),
    )


@dataclass(frozen=True)
class Due:
    """A request whose retention period is over, and the rule that says so."""

    pk: int
    rule: str


def due(now=None):
    """The requests not yet anonymised whose retention period ended before ``now``."""
    now = now or timezone.now()
    months = periods()
    end = programme_end()
    found = []
    candidates = with_retention_facts(IntakeRequest.objects.filter(anonymised_at__isnull=True))
    for pk, status, closed_at, was_admitted in candidates.values_list("pk", "status", "closed_at", "was_admitted"):
        if was_admitted:
            start = end if end is not None else (closed_at if status in INACTIVE_STATUSES else None)
            rule = PARTICIPANT_RULE
        else:
            start = closed_at if status in INACTIVE_STATUSES else None
            rule = status
        if start is not None and add_months(start, months[rule]) <= now:
            found.append(Due(pk, rule))
    return found


@transaction.atomic
def anonymise(request_ids, now=None):
    """Blank the personal data of the requests with ``request_ids`` and of their notes and history texts."""
    now = now or timezone.now()
    requests = IntakeRequest.objects.filter(pk__in=request_ids)
    requests.update(anonymised_at=now, **PERSONAL_FIELDS)
    Note.objects.filter(request__in=request_ids).update(text="")
    StatusChange.objects.filter(request__in=request_ids).update(reason="")
    RequestEvent.objects.filter(request__in=request_ids).update(reason="")
    RequestEvent.objects.filter(
        request__in=request_ids, kind__in=[RequestEvent.Kind.FIELD_CHANGED, RequestEvent.Kind.PLACEMENT_RECORDED]
    ).update(old_value="", new_value="")
    Placement.objects.filter(request__in=request_ids).update(measure="")


def apply_retention(now=None, dry_run=False):
    """Anonymise every request whose retention period is over; log the run and return it.

    With ``dry_run`` nothing is changed; the run is logged with what would have been anonymised.
    """
    now = now or timezone.now()
    found = due(now)
    by_rule = {}
    for item in found:
        by_rule[item.rule] = by_rule.get(item.rule, 0) + 1
    with transaction.atomic():
        if not dry_run and found:
            request_ids = [item.pk for item in found]
            anonymise(request_ids, now)
            references = dict(IntakeRequest.objects.filter(pk__in=request_ids).values_list("pk", "reference"))
            AuditEntry.objects.bulk_create(
                AuditEntry(
                    at=now,
                    action=AuditEntry.Action.ANONYMISED,
                    request_id=item.pk,
                    reference=references[item.pk],
                    detail=f"rule: {item.rule}",
                )
                for item in found
            )
        run = RetentionRun.objects.create(started_at=now, dry_run=dry_run, anonymised=len(found), by_rule=by_rule)
    logger.info(
        "Retention run%s: %d requests %sanonymised %s",
        " (dry run)" if dry_run else "",
        len(found),
        "would be " if dry_run else "",
        by_rule,
    )
    return run


@task()
def apply_retention_daily():
    """The daily run (enqueue it once a day, e.g. from cron; see README "Retention")."""
    return apply_retention().anonymised
