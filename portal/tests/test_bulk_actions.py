"""No bulk action of the admin, the portal's or Wagtail's own, answers 500 for ids a browser can send."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.admin.views.bulk_action.registry import bulk_action_registry

pytestmark = pytest.mark.django_db

BAD_IDS = ["abc", "99999999999999999999", "-99999999999999999999", "1.5", "1e3", "' OR 1=1 --", "%00"]


def registered_bulk_actions():
    bulk_action_registry._scan_for_bulk_actions()
    return [
        (app_label, model_name, action)
        for app_label, models in bulk_action_registry.actions.items()
        for model_name, actions in models.items()
        for action in actions
    ]


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def test_the_project_s_own_bulk_action_is_among_those_checked():
    assert ("intake", "intakerequest", "record_contact") in registered_bulk_actions()


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_an_id_that_is_no_id_is_a_bad_request_for_every_bulk_action(admin_client, bad_id):
    statuses = {
        f"{app}/{model}/{action}": admin_client.get(
            f"/admin/bulk/{app}/{model}/{action}/", {"id": ["1", bad_id]}
        ).status_code
        for app, model, action in registered_bulk_actions()
    }
    assert {where: status for where, status in statuses.items() if status != 400} == {}


def test_no_selection_is_not_found_rather_than_an_error(admin_client):
    response = admin_client.get("/admin/bulk/intake/intakerequest/record_contact/")
    assert response.status_code == 404


def test_valid_ids_still_reach_the_action(admin_client):
    from intake.models import IntakeRequest

    pk = IntakeRequest.objects.values_list("pk", flat=True).first()
    response = admin_client.get("/admin/bulk/intake/intakerequest/record_contact/", {"id": pk})
    assert response.status_code == 200


def test_a_visitor_who_is_not_signed_in_is_sent_to_the_login(client):
    response = client.get("/admin/bulk/intake/intakerequest/record_contact/", {"id": "abc"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
