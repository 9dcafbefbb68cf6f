"""First contact within N working days: overdue across weekends and holidays, the digest and the dashboard."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake.factories import IntakeRequestFactory
from intake.models import IntakeRequest, Queue
from intake.service_level import (
    add_working_days,
    easter_sunday,
    first_contact_due,
    is_overdue,
    is_working_day,
    nrw_holidays,
    overdue_cutoff,
    overdue_q,
    working_days_between,
)
from intake.triage.dashboard import queue_figures
from intake.triage.digest import overdue_digests, send_overdue_digests
from intake.workflow import Status


def at(year, month, day, hour=10):
    return timezone.make_aware(datetime(year, month, day, hour))


def test_easter_and_the_nrw_holidays():
    assert [easter_sunday(year) for year in (2024, 2025, 2026)] == [
        date(2024, 3, 31),
        date(2025, 4, 20),
        date(2026, 4, 5),
    ]
    holidays = nrw_holidays(2026)
    assert {date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25), date(2026, 6, 4)} <= holidays
    assert {date(2026, 1, 1), date(2026, 5, 1), date(2026, 10, 3), date(2026, 11, 1), date(2026, 12, 25)} <= holidays
    assert len(holidays) == 11


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 11, 16), date(2026, 11, 19)),  # Monday → Thursday
        (date(2026, 11, 19), date(2026, 11, 24)),  # Thursday → over the weekend to Tuesday
        (date(2026, 11, 20), date(2026, 11, 25)),  # Friday → Wednesday
        (date(2026, 11, 21), date(2026, 11, 25)),  # Saturday counts from Monday
        (date(2026, 11, 22), date(2026, 11, 25)),  # Sunday too
        (date(2026, 12, 23), date(2026, 12, 29)),  # Christmas: 24th, 28th, 29th
        (date(2026, 4, 1), date(2026, 4, 8)),  # Good Friday and Easter Monday are skipped
    ],
)
def test_first_contact_is_due_three_working_days_after_receipt(received, due):
    assert add_working_days(received, 3) == due
    assert first_contact_due(timezone.make_aware(datetime.combine(received, datetime.min.time())), 3) == due


class Stub:
    def __init__(self, created_at, status=Status.NEW, days=3):
        self.created_at, self.status = created_at, status
        self.queue = type("QueueStub", (), {"first_contact_days": days})()


def test_a_friday_request_is_overdue_on_thursday_not_before():
    friday = at(2026, 11, 20, 17)

    assert not is_overdue(Stub(friday), today=date(2026, 11, 23))
    assert not is_overdue(Stub(friday), today=date(2026, 11, 25))
    assert is_overdue(Stub(friday), today=date(2026, 11, 26))
    assert not is_overdue(Stub(friday, status=Status.CONTACTED), today=date(2026, 11, 30))
    assert not is_overdue(Stub(friday, days=5), today=date(2026, 11, 26))


def test_the_database_filter_agrees_with_the_rule_on_every_day_of_a_month():
    start = date(2026, 12, 1)
    for days in (1, 3, 5):
        for offset in range(40):
            today = start + timedelta(days=offset)
            cutoff = overdue_cutoff(today, days)
            for back in range(20):
                received = today - timedelta(days=back)
                assert (received < cutoff) == (today > add_working_days(received, days)), (today, received, days)


def test_working_days_between_skips_weekends():
    assert working_days_between(date(2026, 11, 20), date(2026, 11, 26)) == 4
    assert working_days_between(date(2026, 11, 26), date(2026, 11, 20)) == 0
    assert not is_working_day(date(2026, 11, 21))


@pytest.fixture
def qualitec():
    return Queue.objects.get(slug="qualitec")


@pytest.mark.django_db
def test_overdue_filter_uses_each_queues_own_target(qualitec):
    low_tec = Queue.objects.get(slug="low-tec")
    low_tec.first_contact_days = 10
    low_tec.save()
    received = at(2026, 11, 16)
    late = IntakeRequestFactory(queue=qualitec, created_at=received)
    patient = IntakeRequestFactory(queue=low_tec, created_at=received)
    contacted = IntakeRequestFactory(queue=qualitec, created_at=received, status=Status.CONTACTED)

    overdue = set(IntakeRequest.objects.filter(overdue_q([qualitec, low_tec], date(2026, 11, 23))))

    assert late in overdue
    assert patient not in overdue and contacted not in overdue


@pytest.mark.django_db
def test_the_digest_names_references_and_ages_only(qualitec):
    late = IntakeRequestFactory(
        queue=qualitec,
        created_at=at(2026, 11, 16),
        given_name="Geheimname",
        family_name="Nachname",
        phone="+4917655512345",
        email="person@example.net",
        message="Ich wohne in der Musterstraße 5",
    )
    today = date(2026, 11, 24)

    messages = {message.to[0]: message for message in overdue_digests(today)}

    message = messages[qualitec.notification_email]
    text = message.subject + message.body
    assert late.reference in text
    assert re.search(rf"{late.reference}\D+6\b", message.body)  # waited 6 working days: 17th–24th
    for personal in ("Geheimname", "Nachname", "4917655512345", "person@example.net", "Musterstraße", "duldung"):
        assert personal not in text
    other_queue_refs = IntakeRequest.objects.exclude(queue=qualitec).values_list("reference", flat=True)
    assert not any(reference in text for reference in other_queue_refs)


@pytest.mark.django_db
def test_the_digest_command_and_task_send_one_mail_per_queue_with_overdue_requests(qualitec):
    IntakeRequestFactory(queue=qualitec, created_at=timezone.now() - timedelta(days=30))
    expected = len(overdue_digests())

    assert send_overdue_digests() == expected >= 1
    assert len(mail.outbox) == expected
    assert len({message.to[0] for message in mail.outbox}) == expected


@pytest.mark.django_db
def test_dashboard_figures_per_visible_queue_in_bounded_queries(qualitec):
    tm = get_user_model().objects.get(username="tm-qualitec")
    city = get_user_model().objects.get(username="city")
    IntakeRequestFactory(queue=qualitec, created_at=timezone.now() - timedelta(days=30))
    IntakeRequestFactory(queue=qualitec, status=Status.DUPLICATE)

    (figures,) = queue_figures(tm)
    assert figures.queue == qualitec
    assert figures.open == IntakeRequest.objects.open().filter(queue=qualitec).count()
    assert figures.overdue == IntakeRequest.objects.filter(overdue_q([qualitec])).count() >= 1
    assert figures.capacity == qualitec.provider.caseload_capacity

    with CaptureQueriesContext(connection) as queries:
        all_queues = queue_figures(city)
    assert len(all_queues) == Queue.objects.count()
    assert len(queries) <= 5  # user's groups and permissions, queues, one aggregate


@pytest.mark.django_db
def test_the_admin_home_shows_the_queues_panel_to_request_staff_only(client):
    client.force_login(get_user_model().objects.get(username="tm-qualitec"))
    html = client.get("/admin/").content.decode()
    assert 'id="intake-queues-heading"' in html and "QualiTec" in html

    client.force_login(get_user_model().objects.get(username="editor-vhs"))
    assert 'id="intake-queues-heading"' not in client.get("/admin/").content.decode()
