import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from home.models import ContactSettings, HomePage
from intake.models import IntakeRequest, Queue, RoutingRule, StatusChange
from intake.pages import IntakeFormPage
from intake.workflow import Status

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        IntakeRequest.objects.count(),
        StatusChange.objects.count(),
        list(RoutingRule.objects.values_list("name", "version")),
        list(Queue.objects.values_list("slug", "staff_group_id", "email")),
    )


def test_seeding_again_changes_no_requests_rules_or_queues():
    before = snapshot()

    call_command("seed_demo", force=True, stdout=io.StringIO())

    assert snapshot() == before


def test_the_form_page_is_the_appointment_page_and_the_home_pages_call_to_action():
    page = IntakeFormPage.objects.get(locale__language_code="de")

    assert page.url_path.endswith("/anfrage/")
    assert ContactSettings.load().appointment_page_id == page.pk
    assert set(HomePage.objects.values_list("call_to_action__translation_key", flat=True)) == {page.translation_key}


def test_each_provider_queue_is_worked_by_its_own_staff():
    User = get_user_model()
    for username, slug in [("tm-stadt", "stadt-aachen"), ("tm-lowtec", "low-tec"), ("tm-qualitec", "qualitec")]:
        user_queues = Queue.objects.filter(staff_group__user=User.objects.get(username=username))
        assert list(user_queues.values_list("slug", flat=True)) == [slug]
    assert Queue.objects.waitlist().notification_email


def test_sample_requests_spread_over_the_statuses_and_queues():
    statuses = set(IntakeRequest.objects.values_list("status", flat=True))

    assert IntakeRequest.objects.count() >= 20
    assert {Status.NEW, Status.CONTACTED, Status.ADMITTED, Status.PLACED_IN_MEASURE, Status.NO_SHOW} <= statuses
    assert IntakeRequest.objects.values("queue").distinct().count() == 3
