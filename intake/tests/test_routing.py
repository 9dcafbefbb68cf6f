"""Where requests go: rules in order, then the lowest load, then the waitlist."""

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

from intake import routing
from intake.factories import IntakeRequestFactory, QueueFactory, RoutingRuleFactory, TMProviderFactory
from intake.models import Queue, RoutingDecision, RoutingRule
from intake.routing import Facts, QueueLoad, choose, rule_matches
from intake.workflow import Status
from providers.models import Provider

STADT, LOWTEC, QUALITEC = 1, 2, 3


def rule(name, provider_id, **conditions):
    return RoutingRule(pk=provider_id * 100, name=name, provider_id=provider_id, **conditions)


def loads(stadt=(0, 100), lowtec=(0, 75), qualitec=(0, 125)):
    return [
        QueueLoad(11, "Stadt Aachen", STADT, *stadt),
        QueueLoad(12, "low-tec", LOWTEC, *lowtec),
        QueueLoad(13, "QualiTec", QUALITEC, *qualitec),
    ]


FACTS = Facts(
    languages=frozenset({"fa-af", "de"}),
    topics=frozenset({"training"}),
    residence_status="duldung",
    postcode="52062",
    age=21,
)


@pytest.mark.parametrize(
    ("conditions", "matches"),
    [
        ({}, True),
        ({"languages": ["fa-af", "ps"]}, True),
        ({"languages": ["ar"]}, False),
        ({"topics": ["training", "work"]}, True),
        ({"topics": ["german_course"]}, False),
        ({"residence_statuses": ["duldung"]}, True),
        ({"residence_statuses": ["gestattung", "other"]}, False),
        ({"postcode_prefixes": "52062"}, True),
        ({"postcode_prefixes": "5206"}, True),
        ({"postcode_prefixes": "52064 52066"}, False),
        ({"postcode_prefixes": "52070 5206"}, True),
        ({"min_age": 21}, True),
        ({"min_age": 22}, False),
        ({"max_age": 21}, True),
        ({"max_age": 20}, False),
        ({"min_age": 18, "max_age": 27}, True),
        ({"languages": ["fa-af"], "topics": ["work"]}, False),  # every condition must hold
        ({"languages": ["fa-af"], "topics": ["training"], "residence_statuses": ["duldung"]}, True),
    ],
)
def test_rule_conditions(conditions, matches):
    assert rule_matches(rule("r", STADT, **conditions), FACTS) is matches


def test_an_age_condition_does_not_match_an_unknown_age():
    assert rule_matches(rule("r", STADT, min_age=18), Facts(age=None)) is False


# (rules, loads, expected outcome, expected provider or None for the waitlist, expected rule name)
CASES = [
    ([], loads(), "least_load", LOWTEC, None),  # all empty: the name that sorts first
    ([], loads(stadt=(50, 100), lowtec=(30, 75), qualitec=(40, 125)), "least_load", QUALITEC, None),
    ([], loads(stadt=(50, 100), lowtec=(30, 60), qualitec=(40, 80)), "least_load", LOWTEC, None),  # 0.5 ties → name
    ([rule("Dari", QUALITEC, languages=["fa-af"])], loads(), "rule", QUALITEC, "Dari"),
    (
        [rule("Arabic", STADT, languages=["ar"]), rule("Dari", QUALITEC, languages=["fa-af"])],
        loads(),
        "rule",
        QUALITEC,
        "Dari",
    ),
    ([rule("first", LOWTEC), rule("second", QUALITEC)], loads(), "rule", LOWTEC, "first"),  # first match wins
    ([rule("Dari", QUALITEC, languages=["fa-af"])], loads(qualitec=(125, 125)), "least_load", LOWTEC, "Dari"),
    (
        [rule("Dari", QUALITEC, languages=["fa-af"])],
        loads(stadt=(100, 100), qualitec=(130, 125)),
        "least_load",
        LOWTEC,
        "Dari",
    ),
    ([], loads(stadt=(100, 100), lowtec=(75, 75), qualitec=(125, 125)), "waitlist", None, None),
    ([rule("Dari", QUALITEC, languages=["fa-af"])], loads((100, 100), (75, 75), (125, 125)), "waitlist", None, "Dari"),
    ([], loads(stadt=(0, 0), lowtec=(74, 75), qualitec=(125, 125)), "least_load", LOWTEC, None),  # no capacity = full
    ([rule("gone", 99)], loads(lowtec=(10, 75)), "least_load", QUALITEC, "gone"),  # rule's provider has no queue
]


@pytest.mark.parametrize(("rules", "current", "outcome", "provider", "rule_name"), CASES)
def test_choose(rules, current, outcome, provider, rule_name):
    choice = choose(rules, current, FACTS)

    assert choice.outcome == outcome
    assert (choice.target.provider_id if choice.target else None) == provider
    assert (choice.rule.name if choice.rule else None) == rule_name


def test_explanation_names_the_rule_and_the_loads():
    choice = choose([rule("Dari", QUALITEC, languages=["fa-af"], version=4)], loads(qualitec=(125, 125)), FACTS)

    with translation.override("en"):
        text = routing.explain(choice)

    assert "“Dari” (version 4)" in text
    assert "QualiTec: 125 of 125 places taken" in text
    assert "low-tec had the lowest load" in text


@pytest.fixture
def providers(db):
    """Two small providers of our own; the demo's providers and rules step aside."""
    Provider.objects.update(offers_participation_management=False)
    RoutingRule.objects.update(is_active=False)
    return QueueFactory(provider=TMProviderFactory(short_name="Alpha")), QueueFactory(
        provider=TMProviderFactory(short_name="Beta")
    )


def test_route_follows_an_active_rule_and_records_its_version(providers):
    _alpha, beta = providers
    matching = RoutingRuleFactory(name="Ausbildung", provider=beta.provider, topics=["training"])
    matching.name = "Ausbildung (geändert)"
    matching.save()

    chosen = routing.route(FACTS)
    decision = chosen.record(IntakeRequestFactory(queue=chosen.queue))

    assert chosen.queue == beta
    assert (decision.outcome, decision.rule, decision.rule_version) == ("rule", matching, 2)
    assert decision.rule_snapshot["topics"] == ["training"]
    assert "Ausbildung (geändert)" in decision.explanation
    assert {candidate["name"] for candidate in decision.candidates} == {"Alpha", "Beta"}


def test_route_skips_inactive_rules(providers):
    alpha, beta = providers
    RoutingRuleFactory(provider=beta.provider, is_active=False)

    assert routing.route(FACTS).queue == alpha


def test_a_full_provider_sends_the_request_to_the_least_loaded_one(providers):
    alpha, beta = providers
    RoutingRuleFactory(provider=alpha.provider)
    IntakeRequestFactory.create_batch(5, queue=alpha)  # capacity 5: full
    IntakeRequestFactory.create_batch(2, queue=beta)

    chosen = routing.route(FACTS)

    assert chosen.queue == beta
    assert chosen.choice.outcome == RoutingDecision.Outcome.LEAST_LOAD
    with translation.override("en"):
        assert "at capacity" in routing.explain(chosen.choice)
    with translation.override(settings.LANGUAGE_CODE):  # stored in the staff's language
        assert chosen.explanation == routing.explain(chosen.choice)


def test_open_cases_are_counted_per_queue_asked_for(providers):
    alpha, beta = providers
    IntakeRequestFactory.create_batch(3, queue=alpha)
    IntakeRequestFactory.create_batch(2, queue=alpha, status=Status.CLOSED)
    IntakeRequestFactory.create_batch(1, queue=beta, status=Status.CONTACTED)
    IntakeRequestFactory(queue=Queue.objects.waitlist())

    assert routing.open_cases([alpha.pk, beta.pk]) == {alpha.pk: 3, beta.pk: 1}
    assert routing.open_cases([beta.pk]) == {beta.pk: 1}
    assert routing.open_cases([]) == {}


def test_closed_cases_free_their_place(providers):
    alpha, beta = providers
    IntakeRequestFactory.create_batch(5, queue=alpha, status=Status.CLOSED)
    IntakeRequestFactory.create_batch(1, queue=beta)

    assert routing.route(FACTS).queue == alpha


def test_when_everyone_is_full_the_request_waits_on_the_city_waitlist(providers, django_assert_num_queries):
    for queue in providers:
        IntakeRequestFactory.create_batch(5, queue=queue)
    waitlist = Queue.objects.waitlist()
    routing.active_rules()  # read once, then kept in the content cache
    routing.routing_queues()

    with django_assert_num_queries(2):  # the lock on the queues (the waitlist among them), the loads
        chosen = routing.route(FACTS)

    assert chosen.queue == waitlist
    assert chosen.queue.is_waitlist
    assert chosen.choice.outcome == RoutingDecision.Outcome.WAITLIST


def test_the_waitlist_is_created_when_it_is_first_needed(providers):
    for queue in providers:
        IntakeRequestFactory.create_batch(5, queue=queue)
    Queue.objects.filter(slug=Queue.WAITLIST_SLUG).delete()

    chosen = routing.route(FACTS)

    assert chosen.queue == Queue.objects.get(slug=Queue.WAITLIST_SLUG)
    assert chosen.queue.is_waitlist


def test_route_counts_loads_in_a_bounded_number_of_queries(providers, django_assert_max_num_queries):
    for _i in range(3):
        RoutingRuleFactory(provider=providers[0].provider, languages=["ar"])

    with django_assert_max_num_queries(4):
        routing.route(FACTS)


def test_a_saved_rule_change_applies_to_the_next_request(providers):
    alpha, beta = providers
    rule = RoutingRuleFactory(provider=beta.provider)
    assert routing.route(FACTS).queue == beta  # the rules are now in the content cache

    rule.is_active = False
    rule.save()
    assert routing.route(FACTS).queue == alpha

    rule.is_active = True
    rule.save()
    RoutingRuleFactory(provider=alpha.provider, sort_order=rule.sort_order - 1)
    chosen = routing.route(FACTS)
    assert chosen.queue == alpha
    assert chosen.choice.outcome == RoutingDecision.Outcome.RULE


def test_a_deleted_rule_no_longer_routes(providers):
    alpha, beta = providers
    rule = RoutingRuleFactory(provider=beta.provider)
    assert routing.route(FACTS).queue == beta

    rule.delete()

    assert routing.route(FACTS).queue == alpha


def test_a_saved_capacity_applies_to_the_next_request(providers):
    alpha, beta = providers
    IntakeRequestFactory.create_batch(2, queue=alpha)
    IntakeRequestFactory.create_batch(3, queue=beta)
    assert routing.route(FACTS).queue == alpha  # 2 of 5 against 3 of 5; the queues are now in the content cache

    alpha.provider.caseload_capacity_override = 2
    alpha.provider.save()

    assert routing.route(FACTS).queue == beta


def test_a_new_provider_queue_takes_the_next_request(providers):
    for queue in providers:
        IntakeRequestFactory.create_batch(4, queue=queue)
    gamma = TMProviderFactory(short_name="Gamma")  # no queue yet
    assert routing.route(FACTS).queue in providers

    newcomer = QueueFactory(provider=gamma)

    assert routing.route(FACTS).queue == newcomer


def test_a_queue_deleted_without_a_signal_is_no_longer_routed_to(providers):
    alpha, beta = providers
    IntakeRequestFactory.create_batch(4, queue=alpha)
    assert routing.route(FACTS).queue == beta  # the queues are now in the content cache

    with connection.cursor() as cursor:  # as a restored backup would, past every signal
        cursor.execute(f"DELETE FROM {Queue._meta.db_table} WHERE id = %s", [beta.pk])  # noqa: S608

    assert routing.route(FACTS).queue == alpha
    assert [queue.pk for queue in routing.routing_queues()] == [queue.pk for queue in routing.load_routing_queues()]


def test_every_rule_change_counts_up_its_version(db):
    saved = RoutingRuleFactory(provider=TMProviderFactory())
    for _i in range(3):
        saved.save()

    assert RoutingRule.objects.get(pk=saved.pk).version == 4
