"""The status workflow at the model layer, and the history every step leaves."""

from datetime import date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from intake.choices import PlacementKind
from intake.factories import IntakeRequestFactory
from intake.models import IntakeRequest, Note, Queue, RequestEvent, RoutingDecision, StatusChange
from intake.triage import actions
from intake.workflow import TRANSITIONS, Status, TransitionNotAllowed

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return get_user_model().objects.get(username="tm-qualitec")


@pytest.fixture
def city():
    return get_user_model().objects.get(username="city")


@pytest.fixture
def qualitec_request():
    intake_request = IntakeRequestFactory(queue=Queue.objects.get(slug="qualitec"))
    intake_request.record_initial_status()
    return intake_request


def test_every_pair_of_statuses_is_allowed_or_refused_as_the_table_says(staff):
    queue = Queue.objects.get(slug="qualitec")
    checked = 0
    for old in Status:
        for new in Status:
            intake_request = IntakeRequestFactory(status=old, queue=queue)
            if new in TRANSITIONS[old]:
                change = intake_request.transition(new, by=staff)
                assert (change.old_status, change.new_status) == (old, new)
                assert IntakeRequest.objects.get(pk=intake_request.pk).status == new
            else:
                with pytest.raises(TransitionNotAllowed):
                    intake_request.transition(new, by=staff)
                assert IntakeRequest.objects.get(pk=intake_request.pk).status == old
                assert not StatusChange.objects.filter(request=intake_request).exists()
            checked += 1
    assert checked == len(Status) ** 2


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (Status.NEW, Status.ADMITTED),
        (Status.NEW, Status.PLACED_IN_MEASURE),
        (Status.CLOSED, Status.NEW),
        (Status.DUPLICATE, Status.CONTACTED),
        (Status.ADMITTED, Status.NEW),
        (Status.APPEARED, Status.NO_SHOW),
    ],
)
def test_forbidden_transitions_are_refused_below_any_view(old, new):
    intake_request = IntakeRequestFactory(status=old)

    with pytest.raises(TransitionNotAllowed):
        intake_request.transition(new)


def test_a_stale_copy_cannot_change_a_status_someone_else_changed(staff):
    intake_request = IntakeRequestFactory()
    stale = IntakeRequest.objects.get(pk=intake_request.pk)
    intake_request.transition(Status.CONTACTED, by=staff)

    with pytest.raises(TransitionNotAllowed):
        stale.transition(Status.UNREACHABLE, by=staff)


def test_placing_in_a_measure_records_the_placement_and_several_are_possible(staff):
    intake_request = IntakeRequestFactory(status=Status.ADMITTED)

    actions.change_status(
        intake_request,
        Status.PLACED_IN_MEASURE,
        by=staff,
        placement={
            "kind": PlacementKind.COURSE,
            "course": None,
            "measure": "Deutsch B1",
            "starts_on": date(2026, 12, 1),
        },
    )
    actions.change_status(
        intake_request,
        Status.PLACED_IN_MEASURE,
        by=staff,
        placement={
            "kind": PlacementKind.INTERNSHIP,
            "course": None,
            "measure": "Praktikum",
            "starts_on": date(2027, 2, 1),
        },
    )

    placements = list(intake_request.placements.order_by("starts_on"))
    assert [(p.kind, p.measure) for p in placements] == [("course", "Deutsch B1"), ("internship", "Praktikum")]
    assert all(p.status_change.new_status == Status.PLACED_IN_MEASURE for p in placements)
    with pytest.raises(TransitionNotAllowed):
        actions.change_status(intake_request, Status.PLACED_IN_MEASURE, by=staff)


def test_history_holds_every_step_in_time_order_with_who_old_new_and_reason(qualitec_request, staff, city):
    appointment = timezone.make_aware(datetime(2026, 12, 3, 10, 30))
    actions.change_status(qualitec_request, Status.CONTACTED, by=staff, reason="Angerufen")
    actions.change_status(qualitec_request, Status.APPOINTMENT_SCHEDULED, by=staff, effective_at=appointment)
    before = {field: actions.display_value(qualitec_request, field) for field in actions.EDITABLE_FIELDS}
    qualitec_request.phone = "+4917699999999"
    qualitec_request.save()
    actions.log_field_changes(qualitec_request, before, staff)
    actions.add_note(qualitec_request, "Bringt Zeugnisse mit", staff)
    actions.reassign(qualitec_request, Queue.objects.get(slug="low-tec"), city, "Wohnt näher an low-tec")

    rows = actions.history(qualitec_request)

    assert [row["at"] for row in rows] == sorted(row["at"] for row in rows)
    assert [(row["old"], row["new"]) for row in rows][:3] == [
        ("", str(Status.NEW.label)),
        (str(Status.NEW.label), str(Status.CONTACTED.label)),
        (str(Status.CONTACTED.label), str(Status.APPOINTMENT_SCHEDULED.label)),
    ]
    assert rows[1]["reason"] == "Angerufen" and rows[1]["by"] == staff
    assert rows[2]["effective_at"] == appointment
    assert ("+4917612345678", "+4917699999999") in [(row["old"], row["new"]) for row in rows]
    assert any(row["by"] == staff and row["what"].startswith(str(RequestEvent.Kind.NOTE_ADDED.label)) for row in rows)
    assert rows[-1]["new"] == str(Queue.objects.get(slug="low-tec")) and rows[-1]["reason"] == "Wohnt näher an low-tec"


def test_history_rows_and_notes_are_append_only(qualitec_request, staff):
    note = actions.add_note(qualitec_request, "Intern", staff)
    event = qualitec_request.events.get()
    change = qualitec_request.status_changes.get()

    for row in (note, event, change):
        with pytest.raises(ValueError):
            row.save()
    with pytest.raises(NoReverseMatch):
        reverse("intake_requests:delete", args=[qualitec_request.pk])


def test_reassignment_needs_a_reason_and_keeps_the_routing_explanation(city):
    qualitec = Queue.objects.get(slug="qualitec")
    intake_request = IntakeRequestFactory(queue=qualitec)
    RoutingDecision.objects.create(
        request=intake_request, queue=qualitec, outcome="rule", explanation="Regel „Dari und Paschtu → QualiTec“"
    )

    with pytest.raises(ValueError):
        actions.reassign(intake_request, Queue.objects.get(slug="low-tec"), city, "  ")
    event = actions.reassign(intake_request, Queue.objects.get(slug="low-tec"), city, "Kapazität")

    intake_request.refresh_from_db()
    assert intake_request.queue.slug == "low-tec"
    assert (event.old_value, event.new_value, event.reason, event.by) == (
        str(qualitec),
        str(Queue.objects.get(slug="low-tec")),
        "Kapazität",
        city,
    )
    assert event.context == "Regel „Dari und Paschtu → QualiTec“"


def test_a_duplicate_points_at_the_original_stops_counting_and_nothing_is_deleted(staff):
    original = IntakeRequestFactory(status=Status.CONTACTED)
    copy = IntakeRequestFactory(queue=original.queue)
    second_copy = IntakeRequestFactory(queue=original.queue)

    actions.mark_duplicate(copy, original, staff, "Zweimal geschickt")
    actions.mark_duplicate(second_copy, copy, staff)

    copy.refresh_from_db()
    second_copy.refresh_from_db()
    assert (copy.status, copy.duplicate_of, second_copy.duplicate_of) == (Status.DUPLICATE, original, original)
    assert IntakeRequest.objects.filter(pk__in=[copy.pk, second_copy.pk]).count() == 2
    assert set(IntakeRequest.objects.open().filter(queue=original.queue)) >= {original}
    assert copy not in IntakeRequest.objects.open()
    assert copy.events.get().new_value == original.reference
    with pytest.raises(TransitionNotAllowed):
        actions.mark_duplicate(original, original, staff)


def test_duplicate_is_not_offered_as_a_plain_status_change(staff):
    with pytest.raises(TransitionNotAllowed):
        actions.change_status(IntakeRequestFactory(), Status.DUPLICATE, by=staff)


def test_an_invitation_is_counted_from_its_letter_date_and_appearance_is_recorded(city):
    appointment = timezone.make_aware(datetime(2026, 12, 8, 9, 0))
    intake_request = actions.register_invitation(
        {"given_name": "Amal", "residence_status": "duldung", "birth_year": 2004},
        queue=Queue.objects.get(slug="stadt-aachen"),
        invited_on=date(2026, 11, 16),
        by=city,
        appointment_at=appointment,
    )
    intake_request.transition(Status.APPEARED, by=city)

    first, scheduled, appeared = intake_request.status_changes.order_by("pk")
    assert intake_request.source == "invitation"
    assert (first.old_status, first.new_status, timezone.localdate(first.effective_at)) == (
        "",
        Status.NEW,
        date(2026, 11, 16),
    )
    assert (scheduled.new_status, scheduled.effective_at) == (Status.APPOINTMENT_SCHEDULED, appointment)
    assert appeared.new_status == Status.APPEARED


def test_notes_are_internal_and_never_part_of_the_persons_confirmation(client, qualitec_request, staff):
    actions.add_note(qualitec_request, "Nur für das Team", staff)

    assert Note.objects.filter(request=qualitec_request).count() == 1
    assert "Nur für das Team" not in client.get(f"/de/anfrage/done/{qualitec_request.public_id}/").content.decode()
