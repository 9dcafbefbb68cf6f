"""The figures of the yearly report to the funder (the Sachbericht), computed from the requests and their history.

Definitions every figure shares:

* **Person.** A request that is not a duplicate: neither marked as the
  duplicate of another request nor in the status "duplicate". Each figure counts
  a person at most once, however often their history repeats a status.
* **Date of an event.** A history row (``StatusChange``) happened on its
  ``effective_at``, or on ``changed_at`` when that is empty, so imported earlier
  years land in the right year. Scheduling an appointment is the exception: its
  ``effective_at`` is the appointment itself, so the scheduling happened on
  ``changed_at``. Dates are calendar days in the portal's time zone
  (``TIME_ZONE``, Europe/Berlin): 31 December 23:30 in Aachen belongs to that year.
* **Period.** From its first to its last day, both included; a calendar year by default.
* **Reaching a status.** A person reached a status in a period when their
  history has a change to that status dated in the period. Later changes do not
  undo it (someone who appeared and later lost interest did appear), and
  reaching it twice, e.g. after coming back, counts once.
* **Provider.** The provider whose queue holds the request now.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from statistics import median

from django.db.models import Case, Count, F, Min, Q, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from intake.choices import ResidenceStatus, Source
from intake.models import ImportedCase, IntakeRequest, Queue, QuotaTarget, StatusChange
from intake.service_level import working_days_between
from intake.workflow import Status

# The residence statuses the funder reports on; everything else (other, not said, unknown) is "other".
RESIDENCE_GROUPS = (ResidenceStatus.DULDUNG, ResidenceStatus.GESTATTUNG)
OTHER_RESIDENCE = "other"

# The kind of a placement that was recorded only as a status change.
UNKNOWN_PLACEMENT_KIND = "unknown"

# What counts as the first contact with someone who asked online or was referred:
# staff reached them, tried to, or met them.
FIRST_CONTACT_STATUSES = (
    Status.CONTACTED,
    Status.APPOINTMENT_SCHEDULED,
    Status.APPEARED,
    Status.NOT_INTERESTED,
    Status.UNREACHABLE,
)

# Below this many persons a figure in a breakdown is shown as "< 5" in exports that leave the city.
SMALL_NUMBER = 5
SUPPRESSED = f"< {SMALL_NUMBER}"


@dataclass(frozen=True)
class Period:
    first_day: date
    last_day: date

    @classmethod
    def year(cls, year):
        return cls(date(year, 1, 1), date(year, 12, 31))

    def __str__(self):
        return f"{self.first_day.isoformat()} – {self.last_day.isoformat()}"

    @property
    def single_year(self):
        """The year the period lies in, or None when it spans several."""
        return self.first_day.year if self.first_day.year == self.last_day.year else None

    def bounds(self):
        """Start and end (exclusive) as aware datetimes: midnight in the portal's time zone."""
        zone = timezone.get_default_timezone()
        return (
            datetime.combine(self.first_day, time.min, tzinfo=zone),
            datetime.combine(self.last_day + timedelta(days=1), time.min, tzinfo=zone),
        )


def event_date():
    """The expression for when a history row happened (see the module's definition)."""
    return Case(
        When(new_status=Status.APPOINTMENT_SCHEDULED, then=F("changed_at")),
        default=Coalesce("effective_at", "changed_at"),
    )


def is_person(provider=None, prefix=""):
    """The condition for a request (under ``prefix``, e.g. "request__") to count as a person."""
    condition = Q(**{f"{prefix}duplicate_of__isnull": True}) & ~Q(**{f"{prefix}status": Status.DUPLICATE})
    if provider is not None:
        condition &= Q(**{f"{prefix}queue__provider": provider})
    return condition


def people(provider=None):
    """Requests that count as persons: no duplicates; only the provider's queue when one is given."""
    return IntakeRequest.objects.filter(is_person(provider))


def events(period, provider=None, statuses=(), initial=False):
    """History rows of persons dated in the period: changes to ``statuses``, or with ``initial`` each first row."""
    start, end = period.bounds()
    rows = StatusChange.objects.annotate(on=event_date()).filter(
        is_person(provider, "request__"), on__gte=start, on__lt=end
    )
    return rows.filter(old_status="") if initial else rows.filter(new_status__in=statuses)


def reached(status, period, provider=None):
    """The history rows that bring persons to ``status`` in the period; ``count_people`` counts each person once."""
    return events(period, provider, [status])


def count_people(rows, by=None):
    """How many persons the history rows belong to (each once), in total or ``by`` a field of the request."""
    if by is None:
        return rows.aggregate(persons=Count("request_id", distinct=True))["persons"]
    return dict(rows.values_list(f"request__{by}").annotate(persons=Count("request_id", distinct=True)))


def invited(period, provider=None):
    """Persons invited by letter whose request was registered in the period.

    A request's first history row (how it arrived) dates the invitation;
    online requests and referrals are not invitations.
    """
    return count_people(events(period, provider, initial=True).filter(request__source=Source.INVITATION))


def appeared(period, provider=None):
    """Persons who came to a first conversation in the period, whatever way they arrived."""
    return count_people(reached(Status.APPEARED, period, provider))


def admitted(period, provider=None):
    """Persons admitted as participants in the period."""
    return count_people(reached(Status.ADMITTED, period, provider))


def queue_label(queue):
    """A queue in reports: its provider's name as stored (``Provider.name``), or the waitlist's name."""
    return queue.name if queue.is_waitlist else queue.provider.name


def admitted_by_provider(period, provider=None):
    """``admitted`` split by the provider whose queue holds the person: {provider name → persons}.

    Every Teilhabemanagement provider with a queue is listed, also with 0; the
    city's waitlist only when someone admitted waits there. The values add up to ``admitted``.
    """
    counts = count_people(reached(Status.ADMITTED, period, provider), by="queue_id")
    queues = Queue.objects.select_related("provider")
    if provider is not None:
        queues = queues.filter(provider=provider)
    rows = [(queue_label(queue), counts.get(queue.pk, 0)) for queue in queues if counts.get(queue.pk) or queue.provider]
    return dict(sorted(rows, key=lambda row: row[0].casefold()))


def residence_group(residence_status):
    return residence_status if residence_status in RESIDENCE_GROUPS else OTHER_RESIDENCE


def admitted_by_residence_status(period, provider=None):
    """``admitted`` split by residence status: duldung, gestattung and other.

    "other" holds every other answer: other statuses, "prefer not to say" and
    none given. The values add up to ``admitted``.
    """
    counts = Counter()
    for residence_status, number in count_people(
        reached(Status.ADMITTED, period, provider), by="residence_status"
    ).items():
        counts[residence_group(residence_status)] += number
    return {str(group): counts[group] for group in (*RESIDENCE_GROUPS, OTHER_RESIDENCE)}


def quota_targets(period):
    """The targets of the period's year {duldung/gestattung → persons}; none for periods spanning years."""
    targets = dict.fromkeys(RESIDENCE_GROUPS)
    if period.single_year is not None:
        targets.update(QuotaTarget.objects.filter(year=period.single_year).values_list("residence_status", "target"))
    return {str(group): target for group, target in targets.items()}


def percent(part, whole):
    """``part`` of ``whole`` in per cent with one decimal, rounded half up (48.36 → 48.4); None without a whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def quota_percent(by_residence_status, targets):
    """Quota attainment: persons admitted in the period ÷ the year's target, per residence status, in per cent.

    None where no target is set (or the period spans several years).
    """
    return {group: percent(by_residence_status[group], targets[group]) for group in targets}


def coaching_referrals(period, provider=None):
    """Persons referred to a coach in the period."""
    return count_people(reached(Status.REFERRED_TO_COACHING, period, provider))


def placement_events(period, provider=None):
    """Every placement in a measure dated in the period, as ``(request id, kind)``.

    The one place that knows where placements are recorded: a history row
    changing to "placed in a measure" (a further placement repeats that status)
    with the ``Placement`` the back office recorded with it. Imported cases have
    no such record, so their kind is unknown.
    """
    rows = events(period, provider, [Status.PLACED_IN_MEASURE]).values_list("request_id", "placement__kind")
    return [(request_id, kind or UNKNOWN_PLACEMENT_KIND) for request_id, kind in rows]


@dataclass
class Placements:
    """Placements count measures (someone placed twice counts twice); ``people`` counts the persons placed."""

    total: int
    people: int
    by_kind: dict


def placements(period, provider=None):
    found = placement_events(period, provider)
    by_kind = Counter(kind for _request_id, kind in found)
    return Placements(
        total=len(found), people=len({request_id for request_id, _kind in found}), by_kind=dict(sorted(by_kind.items()))
    )


@dataclass
class QueueLoad:
    label: str
    open: int
    capacity: int | None

    @property
    def load_percent(self):
        return percent(self.open, self.capacity)


def open_cases(provider=None):
    """Open cases now (not in a period) per queue against its capacity (``Provider.caseload_capacity``).

    Open means a status in ``OPEN_STATUSES``; duplicates do not count. The
    waitlist has no capacity.
    """
    counts = dict(people(provider).open().values_list("queue_id").annotate(Count("pk")))
    queues = Queue.objects.select_related("provider")
    if provider is not None:
        queues = queues.filter(provider=provider)
    loads = [QueueLoad(queue_label(queue), counts.get(queue.pk, 0), queue.capacity) for queue in queues]
    return sorted(loads, key=lambda load: (load.capacity is None, load.label.casefold()))


@dataclass
class FirstContact:
    """How fast staff make the first contact with people who asked online or were referred.

    ``contacted``: persons with a first contact; ``median_working_days`` over them;
    ``within``: of them, contacted within their queue's service level;
    ``overdue``: still new and past the service level; ``share_within``:
    ``within`` ÷ (``contacted`` + ``overdue``) in per cent.
    """

    contacted: int = 0
    within: int = 0
    overdue: int = 0
    median_working_days: float | None = None
    days: list = field(default_factory=list, repr=False)

    @property
    def share_within(self):
        return percent(self.within, self.contacted + self.overdue)


def first_contact(period, provider=None, today=None):
    """First-contact time of the persons whose online request or referral arrived in the period.

    It runs in working days from the day the request arrived to the day of the
    first change to one of ``FIRST_CONTACT_STATUSES``, and is within the service
    level when at most the queue's ``first_contact_days``. Invitations (the
    city wrote first), imported cases (no contact history) and requests closed
    without contact are left out; requests still new count as overdue once
    past the service level on ``today`` and are not yet measured before.
    """
    today = today or timezone.localdate()
    arrived = dict(
        events(period, provider, initial=True)
        .filter(request__source__in=[Source.ONLINE, Source.REFERRAL])
        .exclude(request__in=ImportedCase.objects.values("request_id"))
        .values_list("request_id")
        .annotate(arrived=Min("on"))
    )
    requests = people(provider).filter(pk__in=arrived).values_list("pk", "status", "queue__first_contact_days")
    contacts = dict(
        StatusChange.objects.filter(request__in=arrived, new_status__in=FIRST_CONTACT_STATUSES)
        .exclude(old_status="")
        .values_list("request_id")
        .annotate(first=Min(event_date()))
    )
    result = FirstContact()
    for pk, status, limit in requests:
        arrival = timezone.localdate(arrived[pk])
        if pk in contacts:
            days = working_days_between(arrival, timezone.localdate(contacts[pk]))
            result.days.append(days)
            result.contacted += 1
            result.within += days <= limit
        elif status == Status.NEW and working_days_between(arrival, today) > limit:
            result.overdue += 1
    if result.days:
        result.median_working_days = median(result.days)
    return result


@dataclass
class Report:
    """Every figure of one period, for all providers or one (``provider``)."""

    period: Period
    provider: object
    invited: int
    appeared: int
    admitted: int
    admitted_by_provider: dict
    admitted_by_residence_status: dict
    quota_targets: dict
    quota_percent: dict
    coaching_referrals: int
    placements: Placements
    open_cases: list
    first_contact: FirstContact


def build_report(period, provider=None, today=None):
    by_residence_status = admitted_by_residence_status(period, provider)
    targets = quota_targets(period)
    return Report(
        period=period,
        provider=provider,
        invited=invited(period, provider),
        appeared=appeared(period, provider),
        admitted=admitted(period, provider),
        admitted_by_provider=admitted_by_provider(period, provider),
        admitted_by_residence_status=by_residence_status,
        quota_targets=targets,
        quota_percent=quota_percent(by_residence_status, targets),
        coaching_referrals=coaching_referrals(period, provider),
        placements=placements(period, provider),
        open_cases=open_cases(provider),
        first_contact=first_contact(period, provider, today=today),
    )


# --- Small-number suppression -------------------------------------------------------------------


def small(value):
    """A count of persons as it may leave the city: "< 5" for 0 to 4."""
    return SUPPRESSED if value is not None and value < SMALL_NUMBER else value


def quota_bound(target):
    """The highest quota a suppressed count (at most 4) could give, as "< x.x" (rounded up, so it stays true)."""
    bound = (Decimal(SMALL_NUMBER * 100) / Decimal(target)).quantize(Decimal("0.1"), rounding=ROUND_CEILING)
    return f"< {bound}"


def funder_figures(report, suppress=False):
    """The figures the funder asks for, under the keys of ``manage.py report --format json``.

    With ``suppress``, counts below 5 in the breakdowns by provider and by
    residence status become "< 5", and so does a quota whose count is hidden
    (as an upper bound). A report for one provider is itself a breakdown by
    provider, so then every count of persons and placements is treated alike.
    """
    by_residence_status = report.admitted_by_residence_status
    quota = {group: None if value is None else float(value) for group, value in report.quota_percent.items()}
    figures = {
        "invited": report.invited,
        "appeared": report.appeared,
        "admitted": report.admitted,
        "admitted_by_provider": dict(report.admitted_by_provider),
        "admitted_by_residence_status": dict(by_residence_status),
        "quota_percent": quota,
        "coaching_referrals": report.coaching_referrals,
        "placements": report.placements.total,
    }
    if not suppress:
        return figures
    for breakdown in ("admitted_by_provider", "admitted_by_residence_status"):
        figures[breakdown] = {key: small(value) for key, value in figures[breakdown].items()}
    for group, value in quota.items():
        if value is not None and by_residence_status[group] < SMALL_NUMBER:
            quota[group] = quota_bound(report.quota_targets[group])
    if report.provider is not None:
        for name in ("invited", "appeared", "admitted", "coaching_referrals", "placements"):
            figures[name] = small(figures[name])
    return figures


def figure_rows(figures):
    """Figures as ``(figure, category, value)`` rows: one row per number, breakdowns one row per category."""
    rows = []
    for name, value in figures.items():
        if isinstance(value, dict):
            rows.extend((name, category, number) for category, number in value.items())
        else:
            rows.append((name, "", value))
    return rows


def report_rows(report, suppress=True):
    """All figures of a report as rows for downloads: the funder's figures, then the others."""
    hide = small if suppress else (lambda value: value)
    hide_all = hide if report.provider is not None else (lambda value: value)
    rows = [
        ("period_start", "", report.period.first_day.isoformat()),
        ("period_end", "", report.period.last_day.isoformat()),
        ("provider", "", report.provider.name if report.provider else ""),
    ]
    rows += figure_rows(funder_figures(report, suppress=suppress))
    rows += [("quota_target", group, target) for group, target in report.quota_targets.items()]
    rows.append(("placed_people", "", hide_all(report.placements.people)))
    rows += [("placements_by_kind", kind, hide_all(number)) for kind, number in report.placements.by_kind.items()]
    for load in report.open_cases:
        rows.append(("open_cases", load.label, hide(load.open)))
        rows.append(("caseload_capacity", load.label, load.capacity))
    contact = report.first_contact
    rows += [
        ("first_contact_median_working_days", "", contact.median_working_days),
        ("first_contact_within_service_level_percent", "", contact.share_within),
        ("first_contact_contacted", "", hide_all(contact.contacted)),
        ("first_contact_overdue", "", hide_all(contact.overdue)),
    ]
    return rows
