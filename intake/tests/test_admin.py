"""City staff maintain the routing rules in the admin; nobody else does."""

import pytest
from django.contrib.auth import get_user_model

from intake.models import RoutingRule
from providers.models import Provider

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/intake/routing-rules/"


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_city_staff_see_the_rules(client):
    response = login(client, "city").get(LIST_URL)

    assert response.status_code == 200
    assert "Dari und Paschtu" in response.content.decode()


@pytest.mark.parametrize("username", ["tm-lowtec", "editor-vhs"])
def test_others_cannot_open_the_rules(client, username):
    response = login(client, username).get(LIST_URL)

    assert response.status_code in (302, 403)


def test_city_staff_create_and_change_a_rule_and_each_save_counts_up_its_version(client):
    login(client, "city")
    qualitec = Provider.objects.get(slug="qualitec")
    data = {
        "name": "Sorani → QualiTec",
        "sort_order": "5",
        "is_active": "on",
        "languages": ["ckb"],
        "postcode_prefixes": "52062, 5207",
        "min_age": "",
        "max_age": "",
        "provider": str(qualitec.pk),
    }

    response = client.post(f"{LIST_URL}new/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    rule = RoutingRule.objects.get(name="Sorani → QualiTec")
    assert (rule.languages, rule.postcode_prefixes, rule.version) == (["ckb"], "52062 5207", 1)

    client.post(f"{LIST_URL}edit/{rule.pk}/", data | {"topics": ["work"]})

    rule.refresh_from_db()
    assert (rule.topics, rule.version) == (["work"], 2)


def test_contradictory_ages_and_bad_postcodes_are_refused(client):
    login(client, "city")
    data = {
        "name": "Unsinn",
        "sort_order": "5",
        "postcode_prefixes": "Aachen",
        "min_age": "30",
        "max_age": "20",
        "provider": str(Provider.objects.get(slug="qualitec").pk),
    }

    response = client.post(f"{LIST_URL}new/", data)

    assert response.status_code == 200
    assert not RoutingRule.objects.filter(name="Unsinn").exists()
    assert set(response.context["form"].errors) == {"max_age", "postcode_prefixes"}
