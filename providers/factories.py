import datetime

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory

from providers.choices import BausteinCode, CourseKind
from providers.models import CoursePage, PartnerPage, Provider


class ProviderFactory(DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Bildungsträger {n} gGmbH")
    short_name = factory.Sequence(lambda n: f"Träger {n}")
    slug = factory.Sequence(lambda n: f"traeger-{n}")
    offers_courses = True


class PartnerPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PartnerPage

    title = factory.SelfAttribute("provider.short_name")
    slug = factory.SelfAttribute("provider.slug")
    provider = factory.SubFactory(ProviderFactory)


class CoursePageFactory(wagtail_factories.PageFactory):
    """A live course starting in a week; pass ``parent`` (a PartnerPage)."""

    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Kurs {n}")
    slug = factory.Sequence(lambda n: f"kurs-{n}")
    summary = "Deutsch lernen in kleinen Gruppen."
    funding_module = BausteinCode.F4
    kind = CourseKind.LANGUAGE
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=90))
