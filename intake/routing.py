"""Which queue a new request goes to, and why.

Routing rules are tried in order and the first match wins. When no rule matches,
or the matched provider is at capacity, the request goes to the Teilhabemanagement
provider with the lowest load (open cases ÷ capacity; ties go to the provider whose
name sorts first). When every provider is full it waits on the city's waitlist: a
request is never turned away.

``choose`` is the pure decision, tested table by table; ``route`` feeds it from the
database while holding row locks on the provider queues, so that concurrent
requests count and assign one after another and never overfill a provider.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from intake.models import IntakeRequest, Queue, RoutingDecision, RoutingRule
from intake.workflow import OPEN_STATUSES
from portal.content_cache import remember
from portal.page_cache import invalidate


@dataclass(frozen=True)
class Facts:
    """What routing may look at in a request."""

    languages: frozenset = frozenset()
    topics: frozenset = frozenset()
    residence_status: str = ""
    postcode: str = ""
    age: int | None = None

    @classmethod
    def from_data(cls, data, year=None):
        """Facts from a request's cleaned form data (or anything with the same keys)."""
        year = year or timezone.localdate().year
        birth_year = data.get("birth_year")
        return cls(
            languages=frozenset(data.get("languages") or ()),
            topics=frozenset(data.get("topics") or ()),
            residence_status=data.get("residence_status") or "",
            postcode=data.get("postcode") or "",
            age=None if birth_year is None else year - birth_year,
        )


@dataclass(frozen=True)
class QueueLoad:
    """A provider queue's caseload at the moment of deciding."""

    queue_id: int
    name: str
    provider_id: int
    open_cases: int
    capacity: int

    @property
    def load(self):
        return self.open_cases / self.capacity if self.capacity > 0 else float("inf")

    @property
    def is_full(self):
        return self.open_cases >= self.capacity

    def as_dict(self):
        return {
            "queue": self.queue_id,
            "name": self.name,
            "open": self.open_cases,
            "capacity": self.capacity,
            "load": None if self.capacity <= 0 else round(self.load, 4),
            "full": self.is_full,
        }


@dataclass(frozen=True)
class Choice:
    """The outcome of routing: a queue load (``None`` means the waitlist) and the rule involved."""

    outcome: str
    target: QueueLoad | None
    rule: object = None
    rule_target_full: QueueLoad | None = None
    loads: tuple = field(default=())


def rule_matches(rule, facts):
    """An empty condition matches everything; a list condition matches any of its values."""
    if rule.languages and not facts.languages & set(rule.languages):
        return False
    if rule.topics and not facts.topics & set(rule.topics):
        return False
    if rule.residence_statuses and facts.residence_status not in rule.residence_statuses:
        return False
    if rule.postcodes and not any(facts.postcode.startswith(prefix) for prefix in rule.postcodes):
        return False
    if rule.min_age is None and rule.max_age is None:
        return True
    return facts.age is not None and (rule.min_age or 0) <= facts.age <= (rule.max_age or facts.age)


def least_loaded(loads):
    """The queue with room and the lowest load; ties go to the name that sorts first, then the lower id."""
    with_room = [load for load in loads if not load.is_full]
    if not with_room:
        return None
    return min(with_room, key=lambda load: (load.load, load.name.casefold(), load.queue_id))


def choose(rules, loads, facts):
    """Decide where a request goes, from rules in order and the current loads."""
    loads = tuple(loads)
    by_provider = {load.provider_id: load for load in loads}
    rule_target_full = None
    matched = next((rule for rule in rules if rule_matches(rule, facts)), None)
    if matched is not None:
        target = by_provider.get(matched.provider_id)
        if target is not None and not target.is_full:
            return Choice(RoutingDecision.Outcome.RULE, target, matched, loads=loads)
        rule_target_full = target
    target = least_loaded(loads)
    outcome = RoutingDecision.Outcome.LEAST_LOAD if target else RoutingDecision.Outcome.WAITLIST
    return Choice(outcome, target, matched, rule_target_full, loads)


def describe_load(load):
    return _("%(name)s: %(open)d of %(capacity)d places taken") % {
        "name": load.name,
        "open": load.open_cases,
        "capacity": load.capacity,
    }


def explain(choice):
    """Why this queue, in words staff can read (in the site's main language)."""
    parts = []
    rule = choice.rule
    if rule is not None:
        rule_name = {"name": rule.name, "version": rule.version}
        if choice.outcome == RoutingDecision.Outcome.RULE:
            parts.append(_("Rule “%(name)s” (version %(version)d) matched.") % rule_name)
        elif choice.rule_target_full is not None:
            parts.append(
                _("Rule “%(name)s” (version %(version)d) matched, but the provider is at capacity (%(load)s).")
                % {**rule_name, "load": describe_load(choice.rule_target_full)}
            )
        else:
            parts.append(
                _("Rule “%(name)s” (version %(version)d) matched, but its provider takes no requests.") % rule_name
            )
    else:
        parts.append(_("No routing rule matched."))
    if choice.outcome == RoutingDecision.Outcome.LEAST_LOAD:
        parts.append(_("%(name)s had the lowest load.") % {"name": choice.target.name})
    elif choice.outcome == RoutingDecision.Outcome.WAITLIST:
        parts.append(
            _("Every Teilhabemanagement provider is at capacity, so the request waits on the city's waitlist.")
        )
    if choice.loads:
        parts.append(
            _("Loads considered: %(loads)s.") % {"loads": "; ".join(describe_load(load) for load in choice.loads)}
        )
    return " ".join(parts)


def open_cases(queue_ids):
    """``{queue id: open requests}`` for the given queues, in one statement.

    Every submission counts while it holds the queue locks. Through the ORM,
    building and compiling this count took about eight times as long as the
    database needs to run it, so it is written out.
    """
    if not queue_ids:
        return {}
    statuses = sorted(status.value for status in OPEN_STATUSES)
    table = connection.ops.quote_name(IntakeRequest._meta.db_table)
    queue_placeholders = ", ".join(["%s"] * len(queue_ids))
    status_placeholders = ", ".join(["%s"] * len(statuses))
    # Only the table name and placeholders are put into the text; the values are parameters.
    sql = (
        f"SELECT queue_id, COUNT(*) FROM {table}"  # noqa: S608
        f" WHERE queue_id IN ({queue_placeholders}) AND status IN ({status_placeholders})"
        " GROUP BY queue_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*queue_ids, *statuses])
        return dict(cursor.fetchall())


def current_loads(queues):
    """Open cases against capacity for each provider queue, in one query."""
    open_counts = open_cases([queue.pk for queue in queues])
    return [
        QueueLoad(
            queue_id=queue.pk,
            name=queue.provider.short_name or queue.provider.name,
            provider_id=queue.provider_id,
            open_cases=open_counts.get(queue.pk, 0),
            capacity=queue.capacity,
        )
        for queue in queues
    ]


@dataclass(frozen=True)
class Routing:
    """A decision made but not yet stored: the queue to use, and how to record why."""

    queue: Queue
    choice: Choice
    explanation: str

    def record(self, intake_request):
        rule = self.choice.rule
        return RoutingDecision.objects.create(
            request=intake_request,
            queue=self.queue,
            outcome=self.choice.outcome,
            rule=rule,
            rule_version=rule.version if rule else None,
            rule_snapshot=rule.snapshot() if rule else {},
            candidates=[load.as_dict() for load in self.choice.loads],
            explanation=self.explanation,
        )


def active_rules():
    """The active rules in the order they are tried; kept in the content cache until a rule is saved."""
    return remember(
        "routing-rules", lambda: list(RoutingRule.objects.filter(is_active=True).order_by("sort_order", "pk"))
    )


def load_routing_queues():
    """The Teilhabemanagement queues and the waitlist, with their providers, in id order."""
    return list(
        Queue.objects.filter(Q(provider__offers_participation_management=True) | Q(slug=Queue.WAITLIST_SLUG))
        .select_related("provider")
        .order_by("pk")
    )


def routing_queues():
    """``load_routing_queues()``, kept in the content cache until a queue or a provider is saved.

    Every submission needs them, and they change only when staff edit a queue
    or a provider (capacities, names); ``PAGE_CACHE_INVALIDATED_BY`` lists both.
    """
    return remember("routing-queues", load_routing_queues)


def lock_queues(queues):
    """Lock these queues' rows until the transaction ends, in id order so that none deadlock.

    Returns whether every one of them still exists. Written out like
    ``open_cases``: it runs on every submission. SQLite has no row locks (it
    lets one writing transaction in at a time), so there it only looks them up.
    """
    ids = sorted(queue.pk for queue in queues)
    if not ids:
        return True
    table = connection.ops.quote_name(Queue._meta.db_table)
    placeholders = ", ".join(["%s"] * len(ids))
    for_update = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        # Only the table name and placeholders are put into the text; the ids are parameters.
        cursor.execute(f"SELECT id FROM {table} WHERE id IN ({placeholders}) ORDER BY id{for_update}", ids)  # noqa: S608
        return [row[0] for row in cursor.fetchall()] == ids


def route(facts):
    """Lock the queues, then decide. Call inside the transaction that stores the request.

    The locks are held until that transaction ends, so the next request counts
    this one's case before choosing. The rules and the queues come from the
    content cache, so only the lock and the count of open cases run between
    taking the locks and deciding.
    """
    rules = active_rules()
    queues = routing_queues()
    if not lock_queues(queues):
        # A queue went away without a save signal (a bulk delete, a restored backup):
        # read the queues afresh here, and in every process from the next request on.
        invalidate()
        queues = load_routing_queues()
        lock_queues(queues)
    provider_queues = [queue for queue in queues if not queue.is_waitlist]
    choice = choose(rules, current_loads(provider_queues), facts)
    if choice.target is None:
        queue = next((queue for queue in queues if queue.is_waitlist), None) or Queue.objects.waitlist()
    else:
        queue = next(queue for queue in provider_queues if queue.pk == choice.target.queue_id)
    with translation.override(settings.LANGUAGE_CODE):
        explanation = explain(choice)
    return Routing(queue=queue, choice=choice, explanation=explanation)
