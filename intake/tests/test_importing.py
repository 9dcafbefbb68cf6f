"""Importing earlier years' cases: checks with line and column, all or nothing, idempotent; the 2020 report."""

import io
import json
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from intake.fixtures import durchstarten_2020
from intake.models import ImportedCase, IntakeRequest, QuotaTarget, StatusChange
from intake.reporting.figures import Period, placements
from intake.reporting.importing import COLUMNS, ImportFailed, import_cases
from intake.workflow import Status

pytestmark = pytest.mark.django_db

FIXTURE = Path(durchstarten_2020.__file__).with_suffix(".csv")
HEADER = ",".join(COLUMNS)
QUALITEC = "QualiTec GmbH"
GOOD = f"H-1,{QUALITEC},invitation,duldung,2021-02-01,2021-02-10,2021-02-12,2021-03-01,2"

SEED_2020 = {
    "invited": 298,
    "appeared": 279,
    "admitted": 190,
    "admitted_by_provider": {
        "low-tec gemeinnützige Arbeitsmarktförderungsgesellschaft Düren mbH": 44,
        "QualiTec GmbH": 78,
        "Stadt Aachen, Fachbereich Wohnen, Soziales und Integration (FB 56/202)": 68,
    },
    "admitted_by_residence_status": {"duldung": 133, "gestattung": 57, "other": 0},
    "quota_percent": {"duldung": 48.4, "gestattung": 114.0},
    "coaching_referrals": 32,
    "placements": 71,
}


def lines(*rows, header=HEADER):
    return io.StringIO("\n".join([header, *rows]) + "\n")


def run(*rows, **kwargs):
    return import_cases(lines(*rows, **kwargs), file_name="test.csv")


def failure(*rows, **kwargs):
    before = (IntakeRequest.objects.count(), StatusChange.objects.count())
    with pytest.raises(ImportFailed) as caught:
        run(*rows, **kwargs)
    assert (IntakeRequest.objects.count(), StatusChange.objects.count()) == before, "nothing may be stored"
    return "\n".join(caught.value.errors)


def test_a_row_becomes_a_closed_request_with_its_dated_history_and_no_personal_data():
    result = run(GOOD)

    request = IntakeRequest.objects.get(reference="H-1")
    assert (result.created, result.unchanged) == (1, 0)
    assert (request.queue.provider.name, request.source) == (QUALITEC, "invitation")
    assert request.residence_status == "duldung"
    assert (request.given_name, request.family_name, request.email, request.message) == ("", "", "", "")
    assert not request.phone and request.birth_year is None
    assert request.status == Status.CLOSED and request.notified_at is not None
    history = [
        (change.new_status, change.effective_at and str(change.effective_at.date()))
        for change in request.status_changes.all()
    ]
    assert history == [
        (Status.NEW, "2021-02-01"),
        (Status.APPEARED, "2021-02-10"),
        (Status.ADMITTED, "2021-02-12"),
        (Status.REFERRED_TO_COACHING, "2021-03-01"),
        (Status.PLACED_IN_MEASURE, "2021-03-01"),
        (Status.PLACED_IN_MEASURE, "2021-03-01"),
        (Status.CLOSED, None),
    ]
    assert placements(Period.year(2021)).total == 2


def test_an_online_request_without_invitation_date_arrives_on_its_first_date():
    run(f"H-2,{QUALITEC},online,gestattung,,2021-05-03,,,0")

    first = IntakeRequest.objects.get(reference="H-2").status_changes.first()
    assert (first.old_status, str(first.effective_at.date())) == ("", "2021-05-03")


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("H-1,Nobody GmbH,invitation,duldung,2021-02-01,,,,0", "provider"),
        ("H-1,QualiTec,invitation,duldung,2021-02-01,,,,0", "provider"),  # the short name is not the name
        ("H-1,QualiTec GmbH,letter,duldung,2021-02-01,,,,0", "source"),
        ("H-1,QualiTec GmbH,invitation,refugee,2021-02-01,,,,0", "residence_status"),
        ("H-1,QualiTec GmbH,invitation,duldung,2021-02-30,,,,0", "invited_on"),
        ("H-1,QualiTec GmbH,invitation,duldung,01.02.2021,,,,0", "invited_on"),
        ("H-1,QualiTec GmbH,invitation,duldung,20210201,,,,0", "invited_on"),
        ("H-1,QualiTec GmbH,invitation,duldung,2021-02-01,2021-2-3,,,0", "appeared_on"),
        ("H-1,QualiTec GmbH,invitation,duldung,2021-02-01,2021-02-03,2021-02-04,,-1", "placements"),
        ("H-1,QualiTec GmbH,invitation,duldung,2021-02-01,2021-02-03,2021-02-04,,1.5", "placements"),
        ("H-1,QualiTec GmbH,invitation,duldung,,2021-02-03,,,0", "invited_on"),
        ("H-1,QualiTec GmbH,online,duldung,,,,,0", "invited_on"),
        ("H-1,QualiTec GmbH,invitation,duldung,2021-02-01,,2021-02-04,,0", "admitted_on"),
        ("H-1,QualiTec GmbH,invitation,duldung,2021-02-01,2021-01-20,,,0", "appeared_on"),
        ("H-1,QualiTec GmbH,invitation,duldung,2021-02-01,2021-02-03,,,1", "placements"),
        ("H 1,QualiTec GmbH,invitation,duldung,2021-02-01,,,,0", "reference"),
        ("H-1,QualiTec GmbH,invitation,duldung,2021-02-01,,,0", "—"),
    ],
)
def test_a_bad_value_is_refused_with_its_line_and_column_and_nothing_is_stored(row, column):
    message = failure(GOOD.replace("H-1", "OK-1"), row)

    assert f"Line 3, column “{column}”" in message
    assert "Line 2" not in message


def test_every_bad_row_is_reported_at_once():
    message = failure(
        "A,Nobody,invitation,duldung,2021-02-01,,,,0", GOOD, "B,QualiTec GmbH,invitation,duldung,2021-13-01,,,,-2"
    )

    assert "Line 2, column “provider”" in message
    assert "Line 4, column “invited_on”" in message
    assert "Line 4, column “placements”" in message


def test_a_reference_twice_in_the_list_is_refused():
    message = failure(GOOD, GOOD.replace("2021-02-01", "2021-02-02"))

    assert "Line 3, column “reference”: “H-1” is on line 2 already." in message


@pytest.mark.parametrize(
    "header",
    [HEADER.replace("placements", "placement"), HEADER.replace("provider,source", "source,provider"), "", "a;b;c"],
)
def test_a_wrong_header_is_refused(header):
    assert "Line 1, column “header”" in failure(GOOD, header=header)


def history():
    return list(StatusChange.objects.order_by("pk").values_list("pk", "request_id", "new_status", "effective_at"))


def test_importing_the_same_list_again_changes_nothing():
    rows = (GOOD, f"H-2,{QUALITEC},referral,other,2021-04-01,,,,0")
    run(*rows)
    before = history()

    result = run(*rows)

    assert (result.created, result.unchanged) == (0, 2)
    assert history() == before
    assert ImportedCase.objects.count() == 2


def test_a_changed_row_under_a_known_reference_is_refused():
    run(GOOD)

    message = failure(GOOD.removesuffix(",2") + ",3")

    assert "Line 2, column “reference”: “H-1” was imported before with other values." in message


def test_the_reference_of_a_request_made_in_the_portal_cannot_be_imported():
    existing = IntakeRequest.objects.first()

    message = failure(GOOD.replace("H-1", existing.reference))

    assert f"“{existing.reference}” belongs to a request in the portal" in message


def test_the_command_reports_errors_and_stores_nothing(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(f"{HEADER}\n{GOOD}\nH-2,{QUALITEC},invitation,duldung,2021-02-31,,,,0\n", encoding="utf-8")

    with pytest.raises(CommandError, match="Line 3, column “invited_on”"):
        call_command("import_cases", path, stdout=io.StringIO())

    assert not IntakeRequest.objects.filter(reference="H-1").exists()


# --- The council's report for 2020 -------------------------------------------------------------------


def report(*options):
    out = io.StringIO()
    call_command("report", "--year", "2020", *options, stdout=out)
    return out.getvalue()


def test_the_shipped_list_is_what_its_generator_writes():
    assert FIXTURE.read_text(encoding="utf-8") == durchstarten_2020.render()


def test_the_2020_list_reproduces_every_figure_of_the_councils_report():
    for residence_status, target in (("duldung", 275), ("gestattung", 50)):
        QuotaTarget.objects.update_or_create(year=2020, residence_status=residence_status, defaults={"target": target})
    call_command("import_cases", FIXTURE, stdout=io.StringIO())

    assert json.loads(report("--format", "json")) == SEED_2020
    assert json.loads(report()) == SEED_2020
    csv_lines = report("--format", "csv").splitlines()
    assert csv_lines[:4] == ["figure,category,value", "invited,,298", "appeared,,279", "admitted,,190"]
    assert "quota_percent,duldung,48.4" in csv_lines and "quota_percent,gestattung,114.0" in csv_lines
    assert csv_lines[-2:] == ["coaching_referrals,,32", "placements,,71"]
    # Importing the list again changes nothing.
    call_command("import_cases", FIXTURE, stdout=io.StringIO())
    assert json.loads(report()) == SEED_2020
    assert IntakeRequest.objects.filter(imported_case__isnull=False).count() == 298

    suppressed = json.loads(report("--suppress-small"))
    assert suppressed["admitted_by_residence_status"] == {"duldung": 133, "gestattung": 57, "other": "< 5"}
    assert suppressed["admitted_by_provider"] == SEED_2020["admitted_by_provider"]
    assert "other,< 5" in report("--format", "csv", "--suppress-small")


def test_a_migration_sets_the_2020_targets_of_the_councils_report():
    migration = import_module("intake.migrations.0005_quota_targets_2020")
    QuotaTarget.objects.filter(year=2020).delete()  # a flushed database has lost them; the migration adds them

    migration.add_targets(apps, None)
    migration.add_targets(apps, None)

    assert dict(QuotaTarget.objects.filter(year=2020).values_list("residence_status", "target")) == {
        "duldung": 275,
        "gestattung": 50,
    }
