"""The service level of a queue: first contact within N working days.

Working days are Monday to Friday except the public holidays of North
Rhine-Westphalia. A request received on day D is due on the N-th working day
after D (the day it arrived does not count) and is overdue from the day after,
as long as nobody has contacted the person (status still "new").
"""

from datetime import date, datetime, time, timedelta
from functools import cache

from django.db.models import Q
from django.utils import timezone

from intake.workflow import Status


def easter_sunday(year):
    """Easter Sunday of the Gregorian calendar (the anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def nrw_holidays(year):
    """The statutory public holidays of North Rhine-Westphalia."""
    easter = easter_sunday(year)
    movable = {easter + timedelta(days=offset) for offset in (-2, 1, 39, 50, 60)}
    fixed = {date(year, month, day) for month, day in ((1, 1), (5, 1), (10, 3), (11, 1), (12, 25), (12, 26))}
    return frozenset(movable | fixed)


def is_working_day(day):
    return day.weekday() < 5 and day not in nrw_holidays(day.year)


def add_working_days(day, count):
    """The ``count``-th working day after ``day``."""
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def first_contact_due(received, days):
    """The last day on which first contact is in time for a request received at ``received``."""
    return add_working_days(timezone.localdate(received), days)


def is_overdue(intake_request, today=None):
    today = today or timezone.localdate()
    return intake_request.status == Status.NEW and today > first_contact_due(
        intake_request.created_at, intake_request.queue.first_contact_days
    )


def working_days_between(start, end):
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not later)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count


def overdue_cutoff(today, days):
    """The first day of receipt that is not yet overdue on ``today``; anything received before is."""
    day = today
    while add_working_days(day - timedelta(days=1), days) >= today:
        day -= timedelta(days=1)
    return day


def start_of_day(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def overdue_q(queues, today=None):
    """A filter for requests overdue on ``today`` in any of ``queues`` (each with its own target)."""
    today = today or timezone.localdate()
    by_days = {}
    for queue in queues:
        by_days.setdefault(queue.first_contact_days, []).append(queue.pk)
    condition = Q(pk__in=[])
    for days, queue_ids in by_days.items():
        condition |= Q(queue_id__in=queue_ids, created_at__lt=start_of_day(overdue_cutoff(today, days)))
    return Q(status=Status.NEW) & condition


def week_start(today=None):
    today = today or timezone.localdate()
    return start_of_day(today - timedelta(days=today.weekday()))
