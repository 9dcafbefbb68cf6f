"""Loading earlier years' cases from a CSV list, so that those years can be reported.

The list carries no personal data: a reference, the provider, how the person
came, their residence status, the dates of each step and the number of
placements. Each row becomes a request in the provider's queue whose history
is dated by the list; it is closed at once, because a case from an earlier
year must not take a place in today's caseload (routing balances by it).

The import is all-or-nothing: every row is checked first, and any error names
its line and column and stores nothing. Importing the same list again changes
nothing: a reference imported before with the same values is skipped, with
other values it is an error.
"""

import csv
import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import pairwise

from django.db import transaction
from django.utils import timezone

from intake.choices import Source
from intake.models import ImportedCase, IntakeRequest, Queue, StatusChange
from intake.workflow import Status, check_transition

COLUMNS = (
    "reference",
    "provider",
    "source",
    "residence_status",
    "invited_on",
    "appeared_on",
    "admitted_on",
    "coaching_referred_on",
    "placements",
)
RESIDENCE_STATUSES = ("duldung", "gestattung", "other")
RESIDENCE_CHOICES = "|".join(RESIDENCE_STATUSES)
# The steps of the path in order: (date column, status it records).
STEPS = (
    ("appeared_on", Status.APPEARED),
    ("admitted_on", Status.ADMITTED),
    ("coaching_referred_on", Status.REFERRED_TO_COACHING),
)
REFERENCE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,11}")
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
# A step known only by its day happened at noon in Aachen: the same day in any reading.
TIME_OF_DAY = time(12)
IMPORT_REASON = "Import früherer Jahre ({file})"
CLOSE_REASON = "Import früherer Jahre: abgeschlossen, belegt keinen Platz"


class ImportFailed(Exception):
    """The list has errors; nothing was stored. ``errors`` holds one message per problem."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))

    def summary(self, limit=20):
        """The first ``limit`` errors, and how many more there are."""
        lines = self.errors[:limit]
        if len(self.errors) > limit:
            lines.append(f"… and {len(self.errors) - limit} more errors.")
        return "\n".join(lines)


@dataclass
class Case:
    line: int
    reference: str
    queue: Queue
    source: str
    residence_status: str
    dates: dict
    placements: int
    fingerprint: str

    @property
    def arrived_on(self):
        """The invitation, or for online requests and referrals the first date known."""
        return self.dates["invited_on"] or min(day for day in self.dates.values() if day)

    @property
    def last_date(self):
        return max(day for day in self.dates.values() if day)

    def path(self):
        """The history as ``(status, day)``: arrival, the steps given, then each placement on the last date."""
        path = [(Status.NEW, self.arrived_on)]
        path += [(status, self.dates[column]) for column, status in STEPS if self.dates[column]]
        path += [(Status.PLACED_IN_MEASURE, self.last_date)] * self.placements
        return path


@dataclass
class Result:
    created: int
    unchanged: int


def error(line, column, message):
    return f"Line {line}, column “{column}”: {message}"


def fingerprint(row):
    return hashlib.sha256("\x1f".join(row[column] for column in COLUMNS).encode()).hexdigest()


def parse_date(value):
    if not value:
        return None
    if not DATE_PATTERN.fullmatch(value):
        raise ValueError
    return date.fromisoformat(value)


def parse_row(line, row, queues):
    """A checked ``Case``, or the list of errors in this row."""
    errors = []
    reference = row["reference"]
    if not REFERENCE_PATTERN.fullmatch(reference):
        errors.append(error(line, "reference", "enter 1 to 12 letters, digits or . _ / - (no spaces)."))
    queue = queues.get(row["provider"])
    if queue is None:
        errors.append(error(line, "provider", f"“{row['provider']}” is not the name of a provider with a queue."))
    if row["source"] not in Source.values:
        errors.append(error(line, "source", f"“{row['source']}” is not one of {'|'.join(Source.values)}."))
    if row["residence_status"] not in RESIDENCE_STATUSES:
        errors.append(
            error(line, "residence_status", f"“{row['residence_status']}” is not one of {RESIDENCE_CHOICES}.")
        )
    dates = {}
    for column in ("invited_on", *(column for column, _status in STEPS)):
        try:
            dates[column] = parse_date(row[column])
        except ValueError:
            errors.append(error(line, column, f"“{row[column]}” is not a date in the form YYYY-MM-DD."))
            dates[column] = None
    placements = 0
    if re.fullmatch(r"\d+", row["placements"]):
        placements = int(row["placements"])
    else:
        errors.append(error(line, "placements", f"“{row['placements']}” is not a whole number of 0 or more."))
    if errors:
        return errors
    errors += check_path(line, row["source"], dates, placements)
    if errors:
        return errors
    return Case(line, reference, queue, row["source"], row["residence_status"], dates, placements, fingerprint(row))


def check_path(line, source, dates, placements):
    """The steps must follow the path in order: a step needs the one before it, on the same day or later."""
    if source == Source.INVITATION and not dates["invited_on"]:
        return [error(line, "invited_on", "an invitation needs the date it was sent.")]
    if not any(dates.values()):
        return [error(line, "invited_on", "a case needs at least one date.")]
    columns = ("invited_on", *(column for column, _status in STEPS))
    for before, column in pairwise(columns):
        if not dates[column]:
            continue
        if column != "appeared_on" and not dates[before]:
            return [error(line, column, f"this step needs “{before}” first.")]
        if dates[before] and dates[column] < dates[before]:
            return [error(line, column, f"the date is before “{before}”.")]
    if placements and not dates["admitted_on"]:
        return [error(line, "placements", "placements need “admitted_on” (only participants are placed).")]
    return []


def read_cases(lines):
    """Check every row of the list; return the cases or raise ``ImportFailed`` with every error."""
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None or tuple(column.strip() for column in header) != COLUMNS:
        raise ImportFailed([error(1, "header", f"the first line must be exactly: {','.join(COLUMNS)}")])
    queues = {queue.provider.name: queue for queue in Queue.objects.for_providers().select_related("provider")}
    cases, errors, seen = [], [], {}
    for values in reader:
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(COLUMNS):
            errors.append(error(line, "—", f"expected {len(COLUMNS)} values, found {len(values)}."))
            continue
        row = {column: value.strip() for column, value in zip(COLUMNS, values, strict=True)}
        reference = row["reference"]
        if reference in seen:
            errors.append(error(line, "reference", f"“{reference}” is on line {seen[reference]} already."))
            continue
        seen[reference] = line
        parsed = parse_row(line, row, queues)
        if isinstance(parsed, list):
            errors += parsed
        else:
            cases.append(parsed)
    if errors:
        raise ImportFailed(errors)
    return cases


def split_known(cases):
    """Separate cases imported before (unchanged) from new ones; a reference used otherwise is an error."""
    existing = {
        request.reference: request
        for request in IntakeRequest.objects.filter(reference__in=[case.reference for case in cases]).select_related(
            "imported_case"
        )
    }
    new, unchanged, errors = [], 0, []
    for case in cases:
        request = existing.get(case.reference)
        if request is None:
            new.append(case)
        elif not hasattr(request, "imported_case"):
            errors.append(error(case.line, "reference", f"“{case.reference}” belongs to a request in the portal."))
        elif request.imported_case.fingerprint != case.fingerprint:
            errors.append(error(case.line, "reference", f"“{case.reference}” was imported before with other values."))
        else:
            unchanged += 1
    if errors:
        raise ImportFailed(errors)
    return new, unchanged


def on(day):
    return datetime.combine(day, TIME_OF_DAY, tzinfo=timezone.get_default_timezone())


def unsaved(case, file_name, now):
    """The request, its history and its import mark for one case, not yet saved (they are saved in bulk)."""
    path = case.path()
    statuses = [status for status, _day in path] + [Status.CLOSED]
    for old, new in pairwise(statuses):
        check_transition(old, new)
    request = IntakeRequest(
        reference=case.reference,
        source=case.source,
        residence_status=case.residence_status,
        queue=case.queue,
        created_at=on(case.arrived_on),
        status=Status.CLOSED,
        status_changed_at=now,
        notified_at=now,
    )
    reason = IMPORT_REASON.format(file=file_name)
    changes = [
        StatusChange(
            request=request, old_status=old, new_status=new, changed_at=now, effective_at=on(day), reason=reason
        )
        for old, (new, day) in zip(["", *statuses], path, strict=False)
    ]
    changes.append(
        StatusChange(
            request=request, old_status=statuses[-2], new_status=Status.CLOSED, changed_at=now, reason=CLOSE_REASON
        )
    )
    return request, changes, ImportedCase(request=request, fingerprint=case.fingerprint, file_name=file_name)


def import_cases(lines, file_name=""):
    """Import the cases of a CSV list (an iterable of text lines); all or nothing. Returns a ``Result``."""
    cases = read_cases(lines)
    now = timezone.now()
    with transaction.atomic():
        new, unchanged = split_known(cases)
        requests, changes, marks = [], [], []
        for case in new:
            request, history, mark = unsaved(case, file_name, now)
            requests.append(request)
            changes += history
            marks.append(mark)
        IntakeRequest.objects.bulk_create(requests)
        StatusChange.objects.bulk_create(changes)
        ImportedCase.objects.bulk_create(marks)
    return Result(created=len(new), unchanged=unchanged)
