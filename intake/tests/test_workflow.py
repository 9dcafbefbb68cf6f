import pytest

from intake.factories import IntakeRequestFactory
from intake.models import StatusChange
from intake.workflow import OPEN_STATUSES, TRANSITIONS, Status, TransitionNotAllowed, allowed_transitions

ALLOWED = [(old, new) for old, targets in TRANSITIONS.items() for new in targets]
FORBIDDEN = [(old, new) for old in Status for new in Status if new not in TRANSITIONS[old]]


def test_every_status_has_a_row_in_the_transition_table():
    assert set(TRANSITIONS) == set(Status)


def test_final_statuses_free_their_place_in_the_caseload():
    assert Status.CLOSED not in OPEN_STATUSES
    assert Status.DUPLICATE not in OPEN_STATUSES
    assert Status.NEW in OPEN_STATUSES


def test_allowed_transitions_keep_the_order_of_the_statuses():
    assert allowed_transitions("appeared") == [
        Status.ADMITTED,
        Status.NOT_INTERESTED,
        Status.CLOSED,
        Status.DUPLICATE,
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "new"), ALLOWED[:: max(1, len(ALLOWED) // 12)])
def test_allowed_transition_changes_status_and_appends_history(old, new):
    intake_request = IntakeRequestFactory(status=old)

    change = intake_request.transition(new, reason="Telefonat")

    intake_request.refresh_from_db()
    assert intake_request.status == new
    assert (change.old_status, change.new_status, change.reason) == (old, new, "Telefonat")


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "new"), FORBIDDEN[:: max(1, len(FORBIDDEN) // 12)])
def test_forbidden_transition_is_refused_and_leaves_no_trace(old, new):
    intake_request = IntakeRequestFactory(status=old)

    with pytest.raises(TransitionNotAllowed):
        intake_request.transition(new)

    intake_request.refresh_from_db()
    assert intake_request.status == old
    assert not intake_request.status_changes.exists()


@pytest.mark.django_db
def test_a_stale_copy_cannot_change_a_status_that_changed_meanwhile():
    intake_request = IntakeRequestFactory()
    stale = type(intake_request).objects.get(pk=intake_request.pk)
    intake_request.transition(Status.CONTACTED)

    with pytest.raises(TransitionNotAllowed):
        stale.transition(Status.UNREACHABLE)

    assert list(intake_request.status_changes.values_list("new_status", flat=True)) == [Status.CONTACTED]


@pytest.mark.django_db
def test_history_rows_cannot_be_rewritten():
    change = IntakeRequestFactory().transition(Status.CONTACTED)
    change.reason = "geändert"

    with pytest.raises(ValueError, match="append-only"):
        change.save()

    assert StatusChange.objects.get(pk=change.pk).reason == ""
