"""Resetting a staff member's second factor (lost phone): city staff, superusers and the command line."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from portal import two_factor

pytestmark = pytest.mark.django_db

LISTING = "/admin/two-factor/accounts/"


def reset_url(user):
    return f"/admin/two-factor/accounts/{user.pk}/reset/"


def user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def lost_phone():
    """A Teilhabemanagement colleague with an app and recovery codes."""
    colleague = user("tm-stadt")
    TOTPDevice.objects.create(user=colleague, name=two_factor.APP_DEVICE_NAME, confirmed=True)
    two_factor.new_recovery_codes(colleague)
    return colleague


def refused(response):
    """Wagtail answers a refused admin view by leading back to the dashboard with an error message."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def reset_entries(target):
    return ModelLogEntry.objects.filter(action="portal.two_factor.reset", object_id=str(target.pk))


@pytest.mark.parametrize("username", ["city", "admin"])
def test_city_staff_and_superusers_reset_a_colleagues_second_factor(client, lost_phone, username):
    client.force_login(user(username))

    listing = client.get(LISTING)
    confirm = client.get(reset_url(lost_phone))
    response = client.post(reset_url(lost_phone))

    assert listing.status_code == 200 and reset_url(lost_phone) in listing.content.decode()
    assert confirm.status_code == 200 and "tm-stadt" in confirm.content.decode()
    assert response.status_code == 302 and response["Location"] == LISTING
    assert not two_factor.has_app(lost_phone)
    assert two_factor.remaining_recovery_codes(lost_phone) == 0
    [entry] = reset_entries(lost_phone)
    assert entry.user == user(username)
    with translation.override("en"):
        assert entry.message == "Two-factor authentication reset"


@pytest.mark.parametrize("username", ["tm-lowtec", "editor-vhs"])
def test_other_staff_cannot_reset_anyone(client, lost_phone, username):
    client.force_login(user(username))

    assert refused(client.get(LISTING))
    assert refused(client.post(reset_url(lost_phone)))
    assert two_factor.has_app(lost_phone)
    assert not reset_entries(lost_phone).exists()


def test_only_a_superuser_resets_a_superuser(client):
    admin = user("admin")
    TOTPDevice.objects.create(user=admin, name=two_factor.APP_DEVICE_NAME, confirmed=True)
    client.force_login(user("city"))

    assert reset_url(admin) not in client.get(LISTING).content.decode()
    assert refused(client.post(reset_url(admin)))
    assert two_factor.has_app(admin)


def test_nobody_resets_their_own_second_factor_here(client):
    city = user("city")
    TOTPDevice.objects.create(user=city, name=two_factor.APP_DEVICE_NAME, confirmed=True)
    client.force_login(city)

    assert refused(client.post(reset_url(city)))
    assert two_factor.has_app(city)


def test_the_reset_view_needs_the_second_factor_itself(client, lost_phone, settings):
    settings.PORTAL_REQUIRE_TWO_FACTOR = True
    client.force_login(user("city"))

    response = client.post(reset_url(lost_phone))

    assert response.status_code == 302 and response["Location"].startswith("/admin/two-factor/setup/")
    assert two_factor.has_app(lost_phone)


def test_superusers_find_the_reset_in_the_user_listing(client, lost_phone):
    client.force_login(user("admin"))

    content = client.get("/admin/users/").content.decode()

    assert reset_url(lost_phone) in content


def test_reset_command_removes_app_and_recovery_codes_and_is_in_the_audit_log(lost_phone):
    out = io.StringIO()

    call_command("reset_two_factor", "tm-stadt", stdout=out)

    assert not two_factor.has_app(lost_phone)
    assert two_factor.remaining_recovery_codes(lost_phone) == 0
    [entry] = reset_entries(lost_phone)
    assert entry.user is None
    assert entry.data == {"via": "command"}
    assert "tm-stadt" in out.getvalue()


@pytest.mark.parametrize(("username", "shown"), [("city", True), ("admin", True), ("tm-stadt", False)])
def test_the_settings_menu_leads_city_staff_to_the_reset(client, username, shown):
    client.force_login(user(username))

    assert (LISTING in client.get("/admin/").content.decode()) is shown
