"""The path a request takes, as data: its statuses and which changes between them are allowed.

The path follows the council's report: invited or asked online → first
conversation (appeared or not) → admitted as participant (or not interested)
→ referred to a coach → placed in measures → closed. ``IntakeRequest.transition``
enforces ``TRANSITIONS``; views only offer what it allows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    APPOINTMENT_SCHEDULED = "appointment_scheduled", _("Appointment scheduled")
    APPEARED = "appeared", _("Appeared")
    ADMITTED = "admitted", _("Admitted (participant)")
    NOT_INTERESTED = "not_interested", _("Not interested")
    NO_SHOW = "no_show", _("Did not appear")
    UNREACHABLE = "unreachable", _("Unreachable")
    REFERRED_TO_COACHING = "referred_to_coaching", _("Referred to coaching")
    PLACED_IN_MEASURE = "placed_in_measure", _("Placed in a measure")
    CLOSED = "closed", _("Closed")
    DUPLICATE = "duplicate", _("Duplicate")


# from → the statuses it may change to. A status listed as its own target may
# be recorded again (a new appointment date, a further placement).
TRANSITIONS = {
    Status.NEW: {
        Status.CONTACTED,
        Status.APPOINTMENT_SCHEDULED,
        Status.APPEARED,
        Status.UNREACHABLE,
        Status.NOT_INTERESTED,
        Status.CLOSED,
        Status.DUPLICATE,
    },
    Status.CONTACTED: {
        Status.APPOINTMENT_SCHEDULED,
        Status.APPEARED,
        Status.UNREACHABLE,
        Status.NOT_INTERESTED,
        Status.CLOSED,
        Status.DUPLICATE,
    },
    Status.APPOINTMENT_SCHEDULED: {
        Status.APPOINTMENT_SCHEDULED,
        Status.APPEARED,
        Status.NO_SHOW,
        Status.NOT_INTERESTED,
        Status.CLOSED,
        Status.DUPLICATE,
    },
    Status.APPEARED: {Status.ADMITTED, Status.NOT_INTERESTED, Status.CLOSED, Status.DUPLICATE},
    Status.ADMITTED: {Status.REFERRED_TO_COACHING, Status.PLACED_IN_MEASURE, Status.CLOSED},
    Status.REFERRED_TO_COACHING: {Status.PLACED_IN_MEASURE, Status.CLOSED},
    Status.PLACED_IN_MEASURE: {Status.PLACED_IN_MEASURE, Status.REFERRED_TO_COACHING, Status.CLOSED},
    # People who declined, missed their appointment or could not be reached may come back.
    Status.NOT_INTERESTED: {Status.CONTACTED, Status.APPOINTMENT_SCHEDULED, Status.CLOSED},
    Status.NO_SHOW: {
        Status.CONTACTED,
        Status.APPOINTMENT_SCHEDULED,
        Status.UNREACHABLE,
        Status.NOT_INTERESTED,
        Status.CLOSED,
    },
    Status.UNREACHABLE: {Status.CONTACTED, Status.APPOINTMENT_SCHEDULED, Status.APPEARED, Status.CLOSED},
    Status.CLOSED: set(),
    Status.DUPLICATE: set(),
}

# Requests that occupy a place in a provider's caseload: the load that routing
# balances (open ÷ capacity). Declined, missed, unreachable, closed and duplicate
# requests free their place; changing back to an open status takes it again.
OPEN_STATUSES = frozenset(
    {
        Status.NEW,
        Status.CONTACTED,
        Status.APPOINTMENT_SCHEDULED,
        Status.APPEARED,
        Status.ADMITTED,
        Status.REFERRED_TO_COACHING,
        Status.PLACED_IN_MEASURE,
    }
)

# Statuses from which nothing follows.
FINAL_STATUSES = frozenset(status for status, targets in TRANSITIONS.items() if not targets)


class TransitionNotAllowed(ValueError):
    """A status change that the workflow does not allow, or that raced with another change."""


def allowed_transitions(status):
    """The statuses a request in ``status`` may change to, in the order of ``Status``."""
    targets = TRANSITIONS[Status(status)]
    return [choice for choice in Status if choice in targets]


def check_transition(from_status, to_status):
    if Status(to_status) not in TRANSITIONS[Status(from_status)]:
        raise TransitionNotAllowed(
            _("A request cannot change from “%(from)s” to “%(to)s”.")
            % {"from": Status(from_status).label, "to": Status(to_status).label}
        )
