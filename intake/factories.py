import uuid
from decimal import Decimal

import factory
from django.utils import timezone

from intake.models import IntakeRequest, Queue, RoutingRule
from providers.models import Provider


class TMProviderFactory(factory.django.DjangoModelFactory):
    """A Teilhabemanagement provider with a small capacity, so tests can fill it."""

    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Testträger {n}")
    short_name = factory.Sequence(lambda n: f"Träger {n}")
    slug = factory.Sequence(lambda n: f"testtraeger-{n}")
    offers_participation_management = True
    participation_staff_fte = Decimal("0")
    caseload_capacity_override = 5
    queue_email = factory.Sequence(lambda n: f"queue-{n}@example.org")


class QueueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Queue
        django_get_or_create = ("provider",)

    provider = factory.SubFactory(TMProviderFactory)
    name = factory.LazyAttribute(lambda queue: f"Teilhabemanagement {queue.provider.short_name}")
    slug = factory.LazyAttribute(lambda queue: queue.provider.slug)


class IntakeRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntakeRequest

    submission_token = factory.LazyFunction(uuid.uuid4)
    given_name = "Test"
    phone = "+4917612345678"
    contact_channel = "phone"
    languages = factory.LazyFunction(lambda: ["de"])
    topics = factory.LazyFunction(lambda: ["work"])
    residence_status = "duldung"
    birth_year = factory.LazyFunction(lambda: timezone.localdate().year - 20)
    postcode = "52062"
    queue = factory.SubFactory(QueueFactory)


class RoutingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoutingRule

    name = factory.Sequence(lambda n: f"Regel {n}")
    provider = factory.SubFactory(TMProviderFactory)
