"""Each figure of the report, held to its definition in intake/reporting/figures.py."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake.factories import IntakeRequestFactory, QueueFactory
from intake.models import ImportedCase, Queue, QuotaTarget, StatusChange
from intake.reporting import figures as reports
from intake.reporting.figures import SUPPRESSED, Period, build_report, funder_figures, percent
from intake.service_level import is_overdue, working_days_between
from intake.triage.actions import change_status
from intake.workflow import Status

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
YEAR = Period.year(2023)
ADMITTED_PATH = [Status.APPEARED, Status.ADMITTED]


def at(year, month, day, hour=12, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def case(steps=(), arrived=None, queue=None, **fields):
    """A request that arrived on ``arrived`` and then went through ``steps``: statuses, or (status, when)."""
    arrived = arrived or at(2023, 3, 1)
    request = IntakeRequestFactory(queue=queue or QueueFactory(), **{"source": "invitation", **fields})
    StatusChange.objects.create(request=request, old_status="", new_status=Status.NEW, effective_at=arrived)
    for step in steps:
        status, when = step if isinstance(step, tuple) else (step, arrived + timedelta(days=1))
        request.transition(status, effective_at=when)
    return request


@pytest.fixture
def queue():
    return QueueFactory()


# --- Dates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "counts"),
    [
        (at(2022, 12, 31, 23, 59), False),
        (at(2023, 1, 1, 0, 0), True),  # 2022-12-31 23:00 UTC: already 2023 in Aachen
        (at(2023, 12, 31, 23, 30), True),
        (at(2024, 1, 1, 0, 0), False),  # 2023-12-31 23:00 UTC: already 2024 in Aachen
    ],
)
def test_the_year_runs_from_january_1_to_december_31_in_aachen_time(queue, when, counts):
    case([(Status.APPEARED, when)], arrived=at(2022, 12, 1), queue=queue)

    assert reports.appeared(YEAR, queue.provider) == int(counts)


def test_an_event_is_dated_by_its_effective_date_and_else_by_when_it_was_recorded(queue):
    backdated = case([(Status.APPEARED, at(2022, 6, 1))], queue=queue)
    recorded = case([Status.APPEARED], queue=queue)
    recorded.status_changes.filter(new_status=Status.APPEARED).update(effective_at=None, changed_at=at(2023, 5, 5))

    assert backdated.status_changes.filter(new_status=Status.APPEARED).get().changed_at.year >= 2026
    assert reports.appeared(YEAR, queue.provider) == 1
    assert reports.appeared(Period.year(2022), queue.provider) == 1


def test_a_period_other_than_a_year_includes_its_first_and_last_day(queue):
    for day in (1, 14, 15, 31):
        case([(Status.APPEARED, at(2023, 5, day, 1))], queue=queue)

    assert reports.appeared(Period(date(2023, 5, 14), date(2023, 5, 15)), queue.provider) == 2


# --- Persons ----------------------------------------------------------------------------------------


def test_duplicates_never_count(queue):
    original = case(ADMITTED_PATH, queue=queue)
    case(ADMITTED_PATH, queue=queue, duplicate_of=original)
    case([Status.DUPLICATE], queue=queue)

    report = build_report(YEAR, queue.provider)

    assert (report.invited, report.appeared, report.admitted) == (1, 1, 1)
    assert report.open_cases[0].open == 1


def test_a_person_who_appears_twice_after_losing_interest_counts_once_and_still_counts_as_appeared(queue):
    case(
        [
            (Status.APPEARED, at(2023, 2, 1)),
            (Status.NOT_INTERESTED, at(2023, 2, 2)),
            (Status.CONTACTED, at(2023, 4, 1)),
            (Status.APPOINTMENT_SCHEDULED, at(2023, 4, 10)),
            (Status.APPEARED, at(2023, 4, 10)),
        ],
        arrived=at(2023, 1, 10),
        queue=queue,
    )
    case([(Status.APPEARED, at(2023, 3, 1)), (Status.NOT_INTERESTED, at(2023, 3, 2))], queue=queue)

    assert reports.appeared(YEAR, queue.provider) == 2
    assert reports.admitted(YEAR, queue.provider) == 0


def test_a_person_placed_three_times_is_three_placements_and_one_person(queue):
    case(
        [*ADMITTED_PATH, Status.PLACED_IN_MEASURE, Status.PLACED_IN_MEASURE, Status.REFERRED_TO_COACHING]
        + [Status.PLACED_IN_MEASURE],
        queue=queue,
    )
    case([*ADMITTED_PATH, Status.REFERRED_TO_COACHING], queue=queue)

    report = build_report(YEAR, queue.provider)

    assert (report.placements.total, report.placements.people) == (3, 1)
    assert report.placements.by_kind == {"unknown": 3}
    assert (report.admitted, report.coaching_referrals) == (2, 2)


def test_placements_recorded_in_the_back_office_count_by_their_kind(queue):
    request = case(ADMITTED_PATH, queue=queue)
    for kind in ("course", "internship"):
        change_status(
            request,
            Status.PLACED_IN_MEASURE,
            by=None,
            effective_at=at(2023, 4, 1),
            placement={"kind": kind, "measure": "Gabelstaplerschein", "starts_on": date(2023, 4, 3)},
        )

    assert reports.placements(YEAR, queue.provider).by_kind == {"course": 1, "internship": 1}


def test_placements_count_in_the_year_they_happened(queue):
    case(
        [
            (Status.APPEARED, at(2023, 12, 1)),
            (Status.ADMITTED, at(2023, 12, 1)),
            (Status.PLACED_IN_MEASURE, at(2023, 12, 31, 23)),
            (Status.PLACED_IN_MEASURE, at(2024, 1, 1, 0, 30)),
        ],
        queue=queue,
    )

    assert reports.placements(YEAR, queue.provider).total == 1
    assert reports.placements(Period.year(2024), queue.provider).total == 1


def test_only_invitations_by_letter_count_as_invited_but_everyone_who_appears_counts(queue):
    case([Status.APPEARED], queue=queue, source="invitation")
    case([Status.APPEARED], queue=queue, source="online")
    case([Status.APPEARED], queue=queue, source="referral")
    case([], queue=queue, source="invitation", arrived=at(2022, 12, 31, 23, 59))

    assert reports.invited(YEAR, queue.provider) == 1
    assert reports.appeared(YEAR, queue.provider) == 3


# --- Breakdowns and quotas --------------------------------------------------------------------------


def test_admissions_by_provider_list_every_provider_and_add_up(queue):
    other = QueueFactory()
    case(ADMITTED_PATH, queue=queue)
    case(ADMITTED_PATH, queue=queue)
    case(ADMITTED_PATH, queue=other)

    by_provider = reports.admitted_by_provider(YEAR)

    assert by_provider[queue.provider.name] == 2
    assert by_provider[other.provider.name] == 1
    assert by_provider["QualiTec GmbH"] == 0
    assert Queue.objects.waitlist().name not in by_provider
    assert sum(by_provider.values()) == reports.admitted(YEAR) == 3
    assert reports.admitted_by_provider(YEAR, queue.provider) == {queue.provider.name: 2}


def test_someone_admitted_while_on_the_waitlist_is_listed_under_the_waitlist():
    waitlist = Queue.objects.waitlist()
    case(ADMITTED_PATH, queue=waitlist)

    assert reports.admitted_by_provider(YEAR)[waitlist.name] == 1


def test_residence_statuses_other_than_duldung_and_gestattung_are_other(queue):
    for residence_status in ("duldung", "gestattung", "gestattung", "other", "undisclosed", ""):
        case(ADMITTED_PATH, queue=queue, residence_status=residence_status)

    assert reports.admitted_by_residence_status(YEAR, queue.provider) == {"duldung": 1, "gestattung": 2, "other": 3}


def test_quota_is_admissions_divided_by_the_years_target_with_one_decimal(queue):
    QuotaTarget.objects.create(year=2023, residence_status="duldung", target=8)
    for _index in range(3):
        case(ADMITTED_PATH, queue=queue, residence_status="duldung")
    case(ADMITTED_PATH, queue=queue, residence_status="gestattung")

    report = build_report(YEAR, queue.provider)

    assert report.quota_targets == {"duldung": 8, "gestattung": None}
    assert report.quota_percent == {"duldung": Decimal("37.5"), "gestattung": None}
    assert build_report(Period(date(2023, 6, 1), date(2024, 5, 31)), queue.provider).quota_percent == {
        "duldung": None,
        "gestattung": None,
    }


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(133, 275, "48.4"), (57, 50, "114.0"), (1, 16, "6.3"), (1, 80, "1.3"), (0, 50, "0.0"), (3, 0, None)],
)
def test_percentages_round_half_up_to_one_decimal(part, whole, expected):
    assert percent(part, whole) == (None if expected is None else Decimal(expected))


# --- Caseload and first contact ---------------------------------------------------------------------


def test_open_cases_are_counted_now_against_the_providers_capacity(queue):
    case([Status.CONTACTED], queue=queue)
    case(ADMITTED_PATH, queue=queue)
    case([Status.CLOSED], queue=queue)
    case([Status.APPOINTMENT_SCHEDULED, Status.NO_SHOW], queue=queue)

    (load,) = reports.open_cases(queue.provider)

    assert (load.label, load.open, load.capacity, load.load_percent) == (queue.provider.name, 2, 5, Decimal("40.0"))


def test_the_waitlist_is_listed_last_without_capacity():
    loads = reports.open_cases()

    assert loads[-1].label == Queue.objects.waitlist().name
    assert loads[-1].capacity is None and loads[-1].load_percent is None


def test_first_contact_skips_the_easter_holidays_as_the_overdue_flag_does(queue):
    """The funder's first-contact figure and the back office's overdue flag count the same working days."""
    maundy_thursday = at(2026, 4, 2, 9)
    contacted = case([(Status.CONTACTED, at(2026, 4, 8))], arrived=maundy_thursday, queue=queue, source="online")
    waiting = case([], arrived=maundy_thursday, queue=queue, source="online", created_at=maundy_thursday)

    # Good Friday (3 April) and Easter Monday (6 April) are NRW holidays: Wednesday is the second working day.
    contact = reports.first_contact(Period.year(2026), queue.provider, today=date(2026, 4, 8))
    assert contact.days == [2]
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 8)) == 2
    # Three working days after Maundy Thursday is Thursday 9 April: neither figure calls it overdue before.
    for today, overdue in ((date(2026, 4, 9), False), (date(2026, 4, 10), True)):
        assert (reports.first_contact(Period.year(2026), queue.provider, today=today).overdue == 1) is overdue
        assert is_overdue(waiting, today=today) is overdue
    assert contacted.pk != waiting.pk


def test_first_contact_time_and_the_share_within_the_service_level(queue):
    friday = at(2023, 3, 3, 9)
    case([(Status.CONTACTED, at(2023, 3, 6))], arrived=friday, queue=queue, source="online")  # 1 day
    case([(Status.APPOINTMENT_SCHEDULED, at(2023, 6, 1))], arrived=friday, queue=queue, source="referral")
    case([(Status.UNREACHABLE, at(2023, 3, 13))], arrived=friday, queue=queue, source="online")  # 6 days
    case([], arrived=friday, queue=queue, source="online")  # never contacted: overdue
    case([Status.CLOSED], arrived=friday, queue=queue, source="online")  # closed without contact: left out
    case([(Status.APPEARED, at(2023, 3, 30))], arrived=friday, queue=queue, source="invitation")  # not measured
    imported = case([(Status.APPEARED, at(2023, 3, 30))], arrived=friday, queue=queue, source="online")
    ImportedCase.objects.create(request=imported, fingerprint="x")
    scheduled = queue.requests.get(source="referral")
    scheduled.status_changes.filter(new_status=Status.APPOINTMENT_SCHEDULED).update(changed_at=at(2023, 3, 7))

    contact = reports.first_contact(YEAR, queue.provider, today=date(2023, 12, 1))

    # Scheduling counts on the day it was done (Tuesday, 2 days), not on the appointment.
    assert sorted(contact.days) == [1, 2, 6]
    assert (contact.contacted, contact.within, contact.overdue) == (3, 2, 1)
    assert contact.median_working_days == 2
    assert contact.share_within == Decimal("50.0")


def test_a_new_request_is_not_overdue_before_the_service_level_has_passed(queue):
    case([], arrived=at(2023, 3, 3, 9), queue=queue, source="online")

    assert reports.first_contact(YEAR, queue.provider, today=date(2023, 3, 8)).overdue == 0
    assert reports.first_contact(YEAR, queue.provider, today=date(2023, 3, 9)).overdue == 1


# --- Suppression and the funder's figures -----------------------------------------------------------


def test_the_funders_figures_have_exactly_the_agreed_keys(queue):
    figures = funder_figures(build_report(YEAR))

    assert list(figures) == [
        "invited",
        "appeared",
        "admitted",
        "admitted_by_provider",
        "admitted_by_residence_status",
        "quota_percent",
        "coaching_referrals",
        "placements",
    ]
    assert list(figures["admitted_by_residence_status"]) == ["duldung", "gestattung", "other"]
    assert list(figures["quota_percent"]) == ["duldung", "gestattung"]


def test_suppression_hides_small_counts_in_breakdowns_but_not_totals(queue):
    QuotaTarget.objects.create(year=2023, residence_status="gestattung", target=50)
    QuotaTarget.objects.create(year=2023, residence_status="duldung", target=275)
    for _index in range(5):
        case(ADMITTED_PATH, queue=queue, residence_status="duldung")
    for _index in range(4):
        case(ADMITTED_PATH, queue=queue, residence_status="gestattung")
    report = build_report(YEAR)

    exact = funder_figures(report)
    hidden = funder_figures(report, suppress=True)

    assert exact["admitted_by_residence_status"] == {"duldung": 5, "gestattung": 4, "other": 0}
    assert hidden["admitted_by_residence_status"] == {"duldung": 5, "gestattung": SUPPRESSED, "other": SUPPRESSED}
    assert hidden["admitted_by_provider"][queue.provider.name] == 9
    assert hidden["admitted_by_provider"]["QualiTec GmbH"] == SUPPRESSED
    # 4 of 50 would be 8.0 %: only a bound that any hidden count stays below is shown.
    assert (exact["quota_percent"]["gestattung"], hidden["quota_percent"]["gestattung"]) == (8.0, "< 10.0")
    assert hidden["quota_percent"]["duldung"] == 1.8
    assert hidden["admitted"] == 9


def test_a_report_for_one_provider_hides_its_small_totals_too(queue):
    case([*ADMITTED_PATH, Status.PLACED_IN_MEASURE], queue=queue)

    hidden = funder_figures(build_report(YEAR, queue.provider), suppress=True)

    assert hidden["admitted"] == hidden["placements"] == hidden["appeared"] == SUPPRESSED


def test_the_report_takes_the_same_number_of_queries_however_many_cases(queue, django_assert_num_queries):
    case([*ADMITTED_PATH, Status.PLACED_IN_MEASURE], queue=queue)
    case([Status.CONTACTED], queue=queue, source="online")
    with CaptureQueriesContext(connection) as few:
        build_report(YEAR)
    for _index in range(10):
        case([*ADMITTED_PATH, Status.REFERRED_TO_COACHING, Status.PLACED_IN_MEASURE], queue=QueueFactory())
        case([Status.CONTACTED], queue=queue, source="online")

    with django_assert_num_queries(len(few.captured_queries)):
        build_report(YEAR)
