import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Page, Revision

from providers.models import Provider

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": list(Page.objects.order_by("pk").values_list("pk", "title", "live")),
        "revisions": Revision.objects.count(),
        "users": list(get_user_model().objects.order_by("pk").values_list("username", "password")),
        "providers": Provider.objects.count(),
    }


def test_seeding_twice_changes_nothing():
    before = snapshot()

    call_command("seed_demo", force=True, stdout=io.StringIO())

    assert snapshot() == before


def test_demo_content_names_the_initiative_and_its_partners(client):
    home = client.get("/de/").content.decode()

    assert "Durchstarten in Ausbildung und Arbeit" in home
    assert "freiwillig" in home
    assert {"low-tec", "QualiTec", "VHS Aachen", "Picco Bella"} <= set(
        Provider.objects.values_list("short_name", flat=True)
    )


def test_demo_users_exist_with_their_documented_names():
    usernames = set(get_user_model().objects.values_list("username", flat=True))

    assert {"admin", "city", "tm-stadt", "tm-lowtec", "tm-qualitec", "editor-vhs", "editor-lowtec"} <= usernames


@override_settings(DEBUG=False)
def test_seed_demo_refuses_to_run_in_production_unless_forced():
    with pytest.raises(CommandError, match="refuses"):
        call_command("seed_demo", stdout=io.StringIO())


def test_admin_login_page_loads(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert b'name="username"' in response.content
