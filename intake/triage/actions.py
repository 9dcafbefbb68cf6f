"""What staff do with a request in the back office, each step written to its history.

Views call these functions; they never change a request's queue, status or
duplicate link themselves. Status changes go through ``IntakeRequest.transition``
(the workflow table); everything else appends a ``RequestEvent``.
"""

from datetime import datetime, time

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.choices import Source
from intake.models import IntakeRequest, Note, Placement, RequestEvent, RoutingDecision, StatusChange
from intake.services import REQUEST_FIELDS, is_age_outside_target, is_outside_city
from intake.workflow import Status, TransitionNotAllowed

# Fields staff may correct on the edit page (what the person told us, but the course and
# the message, which stay as sent); each change is logged with old and new value.
EDITABLE_FIELDS = tuple(name for name in REQUEST_FIELDS if name not in ("course", "message"))


def display_value(intake_request, field):
    value = getattr(intake_request, field)
    if isinstance(value, list):
        return ", ".join(value)
    return "" if value is None else str(value)


@transaction.atomic
def change_status(intake_request, to, by, reason="", effective_at=None, placement=None):
    """Change the status (the workflow decides whether it may) and record a placement with it.

    ``placement`` (a dict of ``Placement`` fields) is required for "placed in a
    measure" and ignored otherwise.
    """
    if Status(to) == Status.PLACED_IN_MEASURE and not placement:
        raise TransitionNotAllowed(_("Say which measure the person was placed in."))
    if Status(to) == Status.DUPLICATE:
        raise TransitionNotAllowed(_("Mark a duplicate with the request it duplicates."))
    change = intake_request.transition(to, by=by, reason=reason, effective_at=effective_at)
    if Status(to) == Status.PLACED_IN_MEASURE:
        record = Placement.objects.create(request=intake_request, status_change=change, created_by=by, **placement)
        RequestEvent.objects.create(
            request=intake_request,
            kind=RequestEvent.Kind.PLACEMENT_RECORDED,
            by=by,
            new_value=str(record),
            reason=reason,
        )
    return change


@transaction.atomic
def reassign(intake_request, queue, by, reason):
    """Move a request to another queue; the log keeps why the routing had sent it where it was."""
    if not reason.strip():
        raise ValueError("A reassignment needs a reason.")
    if queue.pk == intake_request.queue_id:
        raise ValueError("The request is already in this queue.")
    old_queue = intake_request.queue
    decision = RoutingDecision.objects.filter(request=intake_request).order_by("-decided_at", "-pk").first()
    IntakeRequest.objects.filter(pk=intake_request.pk).update(queue=queue)
    intake_request.queue = queue
    return RequestEvent.objects.create(
        request=intake_request,
        kind=RequestEvent.Kind.REASSIGNED,
        by=by,
        field="queue",
        old_value=str(old_queue),
        new_value=str(queue),
        reason=reason,
        context=decision.explanation if decision else "",
    )


@transaction.atomic
def mark_duplicate(intake_request, original, by, reason=""):
    """Point a request at the one it duplicates; nothing is deleted and reports stop counting it."""
    if original.pk == intake_request.pk:
        raise TransitionNotAllowed(_("A request cannot duplicate itself."))
    # Follow the chain so that every duplicate points at the request that counts.
    original = original.duplicate_of or original
    if original.pk == intake_request.pk:
        raise TransitionNotAllowed(_("That request is already marked as a duplicate of this one."))
    intake_request.transition(Status.DUPLICATE, by=by, reason=reason)
    IntakeRequest.objects.filter(pk=intake_request.pk).update(duplicate_of=original)
    intake_request.duplicate_of = original
    return RequestEvent.objects.create(
        request=intake_request,
        kind=RequestEvent.Kind.DUPLICATE_MARKED,
        by=by,
        field="duplicate_of",
        new_value=original.reference,
        reason=reason,
    )


@transaction.atomic
def add_note(intake_request, text, by):
    note = Note.objects.create(request=intake_request, text=text, created_by=by)
    RequestEvent.objects.create(request=intake_request, kind=RequestEvent.Kind.NOTE_ADDED, by=by, at=note.created_at)
    return note


def log_field_changes(intake_request, before, by):
    """Append one event per field whose shown value differs from ``before`` (field → old value)."""
    events = [
        RequestEvent(
            request=intake_request,
            kind=RequestEvent.Kind.FIELD_CHANGED,
            by=by,
            field=field,
            old_value=old,
            new_value=display_value(intake_request, field),
        )
        for field, old in before.items()
        if display_value(intake_request, field) != old
    ]
    return RequestEvent.objects.bulk_create(events)


@transaction.atomic
def register_invitation(data, queue, invited_on, by, appointment_at=None):
    """A person invited by letter: a request with source "invitation" whose history starts on the letter's date.

    The first history row ("new", dated ``invited_on``) is what the reports count
    as an invitation; with an appointment in the letter the request moves on to
    "appointment scheduled", so staff can then record whether the person appeared.
    """
    now = timezone.now()
    year = timezone.localdate(now).year
    intake_request = IntakeRequest.objects.create(
        source=Source.INVITATION,
        queue=queue,
        created_at=now,
        status_changed_at=now,
        is_age_outside_target=is_age_outside_target(data.get("birth_year"), year),
        is_outside_city=is_outside_city(data.get("postcode")),
        **{name: value for name, value in data.items() if value is not None},
    )
    StatusChange.objects.create(
        request=intake_request,
        old_status="",
        new_status=Status.NEW,
        changed_at=now,
        changed_by=by,
        reason=str(_("Invited by letter")),
        effective_at=timezone.make_aware(datetime.combine(invited_on, time(9))),
    )
    if appointment_at is not None:
        intake_request.transition(Status.APPOINTMENT_SCHEDULED, by=by, effective_at=appointment_at)
    return intake_request


def history(intake_request):
    """Status changes and other events of a request in time order, as (when, who, what, old, new, reason, context)."""
    rows = [
        {
            "at": change.changed_at,
            "by": change.changed_by,
            "what": _("Status"),
            "old": change.get_old_status_display(),
            "new": change.get_new_status_display(),
            "reason": change.reason,
            "effective_at": change.effective_at,
            "context": "",
        }
        for change in intake_request.status_changes.select_related("changed_by")
    ]
    rows += [
        {
            "at": event.at,
            "by": event.by,
            "what": event.get_kind_display() + (f" ({field_label(event.field)})" if event.field else ""),
            "old": event.old_value,
            "new": event.new_value,
            "reason": event.reason,
            "effective_at": None,
            "context": event.context,
        }
        for event in intake_request.events.select_related("by")
    ]
    return sorted(rows, key=lambda row: row["at"])


def field_label(field):
    try:
        return IntakeRequest._meta.get_field(field).verbose_name
    except FieldDoesNotExist:  # a field that no longer exists keeps its stored name
        return field
