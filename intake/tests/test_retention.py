"""Retention: personal fields are blanked when their period is over, and the counts stay."""

import datetime
from collections import Counter

import pytest
from django.conf import settings
from django.core.management import call_command
from freezegun import freeze_time

from intake.factories import IntakeRequestFactory
from intake.models import AuditEntry, IntakeRequest, Note, Placement, RequestEvent, RetentionRun, StatusChange
from intake.privacy import retention
from intake.reporting import figures as reports
from intake.triage.actions import add_note, change_status
from intake.workflow import OPEN_STATUSES, Status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_demo_requests(db):
    """Only the requests a test makes, so that counts are exact."""
    IntakeRequest.objects.all().delete()


START = datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.UTC)


def at(days):
    return START + datetime.timedelta(days=days)


def request_with_path(*statuses, step_days=1, **fields):
    """A request created at START that goes through ``statuses``, one step every ``step_days``."""
    with freeze_time(START):
        intake_request = IntakeRequestFactory(
            given_name="Amina",
            family_name="Yusufi",
            email="amina@example.org",
            message="Bitte rufen Sie an",
            **fields,
        )
        intake_request.record_initial_status()
        add_note(intake_request, "Spricht Dari, Bruder heißt Ali", by=None)
    for index, status in enumerate(statuses, start=1):
        with freeze_time(at(index * step_days)):
            placement = None
            if status == Status.PLACED_IN_MEASURE:
                placement = {
                    "kind": "internship",
                    "course": None,
                    "measure": "Praktikum Bäckerei Yusufi",
                    "starts_on": at(index).date(),
                }
            change_status(intake_request, status, by=None, reason=f"Gespräch mit Amina ({status})", placement=placement)
    return intake_request


def is_anonymised(intake_request):
    intake_request.refresh_from_db()
    return intake_request.anonymised_at is not None


def test_inactive_statuses_are_exactly_those_outside_the_caseload_and_each_has_a_period():
    assert {
        Status.NOT_INTERESTED,
        Status.NO_SHOW,
        Status.UNREACHABLE,
        Status.CLOSED,
        Status.DUPLICATE,
    } == retention.INACTIVE_STATUSES
    assert set(settings.INTAKE_RETENTION_MONTHS) == set(retention.INACTIVE_STATUSES)
    assert not retention.INACTIVE_STATUSES & OPEN_STATUSES


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime.datetime(2026, 1, 31, tzinfo=datetime.UTC), 1, datetime.datetime(2026, 2, 28, tzinfo=datetime.UTC)),
        (datetime.datetime(2026, 8, 15, tzinfo=datetime.UTC), 6, datetime.datetime(2027, 2, 15, tzinfo=datetime.UTC)),
        (datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC), 12, datetime.datetime(2027, 12, 1, tzinfo=datetime.UTC)),
    ],
)
def test_months_are_calendar_months(moment, months, expected):
    assert retention.add_months(moment, months) == expected


def test_a_request_never_admitted_is_anonymised_six_months_after_it_closed():
    closed = request_with_path(Status.CONTACTED, Status.CLOSED)  # closed on day 2
    closed_at = at(2)

    with freeze_time(retention.add_months(closed_at, 6) - datetime.timedelta(minutes=1)):
        assert retention.apply_retention().anonymised == 0
    assert not is_anonymised(closed)

    with freeze_time(retention.add_months(closed_at, 6)):
        run = retention.apply_retention()
    assert (run.anonymised, run.by_rule) == (1, {"closed": 1})
    assert is_anonymised(closed)


def test_the_closing_date_is_the_last_change_into_the_current_status():
    """Unreachable, reached again and unreachable once more: the period runs from the second time."""
    intake_request = request_with_path(Status.UNREACHABLE, Status.CONTACTED, Status.UNREACHABLE, step_days=30)

    with freeze_time(retention.add_months(at(30), 6) + datetime.timedelta(days=1)):
        assert retention.apply_retention().anonymised == 0
    with freeze_time(retention.add_months(at(90), 6)):
        assert retention.apply_retention().anonymised == 1
    assert is_anonymised(intake_request)


def test_open_requests_are_kept_however_old():
    intake_request = request_with_path(Status.CONTACTED)

    with freeze_time(at(3 * 365)):
        assert retention.apply_retention().anonymised == 0
    assert not is_anonymised(intake_request)


def test_periods_per_status_come_from_the_settings(settings):
    settings.INTAKE_RETENTION_MONTHS = {**settings.INTAKE_RETENTION_MONTHS, "not_interested": 1}
    declined = request_with_path(Status.NOT_INTERESTED)
    closed = request_with_path(Status.CLOSED)

    with freeze_time(retention.add_months(at(1), 1)):
        run = retention.apply_retention()

    assert run.by_rule == {"not_interested": 1}
    assert is_anonymised(declined) and not is_anonymised(closed)


def test_participants_are_kept_twelve_months_after_their_case_closed_while_no_programme_end_is_set():
    participant = request_with_path(Status.APPEARED, Status.ADMITTED, Status.CLOSED)  # closed on day 3

    with freeze_time(retention.add_months(at(3), 6)):
        assert retention.apply_retention().anonymised == 0
    with freeze_time(retention.add_months(at(3), 12)):
        run = retention.apply_retention()

    assert run.by_rule == {"participant": 1}
    assert is_anonymised(participant)


def test_with_a_programme_end_participants_are_kept_twelve_months_after_it_whatever_their_status(settings):
    settings.PROGRAMME_END = "2026-12-31"
    open_participant = request_with_path(Status.APPEARED, Status.ADMITTED, Status.REFERRED_TO_COACHING)
    closed_participant = request_with_path(Status.APPEARED, Status.ADMITTED, Status.CLOSED)

    with freeze_time("2027-12-31 22:59:00+00:00"):  # still 31 December in Aachen (UTC+1)
        assert retention.apply_retention().anonymised == 0
    with freeze_time("2028-01-01 00:00:00+01:00"):
        run = retention.apply_retention()

    assert run.by_rule == {"participant": 2}
    assert is_anonymised(open_participant) and is_anonymised(closed_participant)


def test_anonymising_blanks_personal_fields_notes_and_free_texts_and_keeps_what_reports_count():
    intake_request = request_with_path(
        Status.APPEARED, Status.ADMITTED, Status.PLACED_IN_MEASURE, Status.CLOSED, residence_status="gestattung"
    )
    RequestEvent.objects.create(
        request=intake_request,
        kind=RequestEvent.Kind.FIELD_CHANGED,
        field="phone",
        old_value="+4917612345678",
        new_value="+4917699999999",
        reason="Amina rief an",
    )
    kept = (
        IntakeRequest.objects.filter(pk=intake_request.pk)
        .values(
            "reference",
            "source",
            "queue",
            "status",
            "residence_status",
            "topics",
            "created_at",
            "status_changed_at",
            "is_age_outside_target",
            "is_outside_city",
            "language",
        )
        .get()
    )
    history = list(StatusChange.objects.filter(request=intake_request).values_list("new_status", "changed_at"))

    with freeze_time(retention.add_months(at(4), 12)):
        retention.apply_retention()

    intake_request.refresh_from_db()
    for field in ("given_name", "family_name", "email", "message", "postcode"):
        assert getattr(intake_request, field) == "", field
    assert not intake_request.phone
    assert intake_request.birth_year is None and intake_request.languages == []
    assert intake_request.submission_token is None
    assert list(Note.objects.filter(request=intake_request).values_list("text", flat=True)) == [""]
    assert set(StatusChange.objects.filter(request=intake_request).values_list("reason", flat=True)) == {""}
    assert (
        not RequestEvent.objects.filter(request=intake_request)
        .exclude(old_value="", new_value="", reason="")
        .exclude(kind=RequestEvent.Kind.DUPLICATE_MARKED)
    )
    placement = Placement.objects.get(request=intake_request)
    assert (placement.measure, placement.kind) == ("", "internship")
    assert IntakeRequest.objects.filter(pk=intake_request.pk).values(*kept).get() == kept
    assert list(StatusChange.objects.filter(request=intake_request).values_list("new_status", "changed_at")) == history


def figures():
    """What the reports count: persons by status reached, source, residence status, queue, placements by kind."""
    people = IntakeRequest.objects.filter(duplicate_of__isnull=True).exclude(status=Status.DUPLICATE)
    return {
        "reached": Counter(StatusChange.objects.filter(request__in=people).values_list("new_status", flat=True)),
        "source": Counter(people.values_list("source", flat=True)),
        "residence": Counter(people.values_list("residence_status", flat=True)),
        "queue": Counter(people.values_list("queue_id", flat=True)),
        "open": people.open().count(),
        "placements": Counter(Placement.objects.values_list("kind", flat=True)),
        "age_flag": people.filter(is_age_outside_target=True).count(),
    }


def test_the_figures_reports_count_are_the_same_after_anonymisation():
    request_with_path(Status.CONTACTED, Status.CLOSED)
    request_with_path(
        Status.APPEARED, Status.ADMITTED, Status.PLACED_IN_MEASURE, Status.CLOSED, residence_status="gestattung"
    )
    request_with_path(Status.NOT_INTERESTED, birth_year=1990, is_age_outside_target=True)
    before = figures()

    with freeze_time(at(3 * 365)):
        run = retention.apply_retention()

    assert run.anonymised >= 3
    assert figures() == before


def test_the_funders_report_is_the_same_after_anonymisation():
    request_with_path(Status.APPEARED, Status.ADMITTED, Status.PLACED_IN_MEASURE, Status.CLOSED)
    request_with_path(Status.CONTACTED, Status.CLOSED)
    period = reports.Period.year(2026)
    before = reports.funder_figures(reports.build_report(period, today=at(30).date()))

    with freeze_time(at(3 * 365)):
        assert retention.apply_retention().anonymised >= 2

    assert reports.funder_figures(reports.build_report(period, today=at(30).date())) == before


def test_a_dry_run_changes_nothing_and_is_logged_with_its_count():
    intake_request = request_with_path(Status.CLOSED)

    with freeze_time(at(365)):
        run = retention.apply_retention(dry_run=True)

    assert (run.dry_run, run.anonymised) == (True, 1)
    assert not is_anonymised(intake_request)
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.ANONYMISED, request=intake_request).exists()


def test_a_real_run_is_logged_and_each_request_gets_an_audit_entry_without_personal_data():
    intake_request = request_with_path(Status.CLOSED)

    with freeze_time(at(365)):
        run = retention.apply_retention()
        second = retention.apply_retention()

    assert RetentionRun.objects.filter(pk=run.pk, anonymised=1, dry_run=False).exists()
    assert second.anonymised == 0  # what is anonymised stays so, and is not counted again
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ANONYMISED, request=intake_request)
    assert entry.reference == intake_request.reference and entry.user is None
    assert "Amina" not in str(entry.__dict__)


def test_the_command_reports_what_it_did_and_what_a_dry_run_would_do(capsys):
    request_with_path(Status.CLOSED)
    request_with_path(Status.APPOINTMENT_SCHEDULED, Status.NO_SHOW)

    with freeze_time(at(365)):
        call_command("apply_retention", "--dry-run")
        dry = capsys.readouterr().out
        call_command("apply_retention")
        real = capsys.readouterr().out

    assert "would be anonymised (closed: 1, no_show: 1)" in dry
    assert real.startswith("2 requests anonymised")
    assert list(RetentionRun.objects.values_list("dry_run", flat=True)[:2]) == [False, True]


def test_the_daily_task_applies_the_rules():
    intake_request = request_with_path(Status.CLOSED)

    with freeze_time(at(365)):
        result = retention.apply_retention_daily.enqueue()

    assert result.return_value == 1
    assert is_anonymised(intake_request)
