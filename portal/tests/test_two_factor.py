from base64 import b32decode

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import two_factor
from portal.checks import two_factor_required

pytestmark = pytest.mark.django_db

SETUP = "/admin/two-factor/setup/"
VERIFY = "/admin/two-factor/"


@pytest.fixture(autouse=True)
def require_two_factor(settings):
    settings.PORTAL_REQUIRE_TWO_FACTOR = True


@pytest.fixture
def staff():
    return get_user_model().objects.get(username="city")


@pytest.fixture
def app(staff):
    return TOTPDevice.objects.create(user=staff, name="Authenticator app", confirmed=True)


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def code_for(secret):
    return f"{totp(b32decode(secret.replace(' ', ''))):06d}"


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/admin/users/", "/admin/account/"])
def test_staff_without_an_app_are_sent_to_set_one_up(client, staff, path):
    client.force_login(staff)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{SETUP}?next=")


def test_staff_with_an_app_must_enter_a_code_before_any_admin_page(client, staff, app):
    client.force_login(staff)

    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=/admin/pages/"
    assert client.get(SETUP)["Location"].startswith(VERIFY)  # no second app with a password alone


def test_setting_up_an_app_shows_a_qr_code_and_ten_recovery_codes_once(client, staff, settings):
    client.force_login(staff)

    page = client.post(SETUP, {"password": settings.DEMO_PASSWORD, "next": "/admin/pages/"}, follow=True)
    secret = page.context["secret"]
    assert page.status_code == 200
    assert "<svg" in page.content.decode()

    response = client.post(SETUP, {"code": code_for(secret), "next": "/admin/pages/"})

    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 == len(set(codes))
    assert set(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True)) == set(codes)
    assert TOTPDevice.objects.get(user=staff).confirmed
    assert client.get("/admin/").status_code == 200


def test_a_wrong_first_code_does_not_confirm_the_app(client, staff, settings):
    client.force_login(staff)
    client.post(SETUP, {"password": settings.DEMO_PASSWORD})

    response = client.post(SETUP, {"code": "000000"})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert not two_factor.has_app(staff)
    assert client.get("/admin/").status_code == 302


def test_a_valid_app_code_opens_the_admin(client, staff, app):
    client.force_login(staff)

    response = client.post(VERIFY, {"code": current_code(app), "next": "/admin/pages/"})

    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_keeps_the_admin_closed(client, staff, app):
    client.force_login(staff)

    response = client.post(VERIFY, {"code": "123456"})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert client.get("/admin/").status_code == 302


def test_a_recovery_code_works_once(client, staff, app):
    code, *_others = two_factor.new_recovery_codes(staff)
    client.force_login(staff)

    assert client.post(VERIFY, {"code": code.upper()})["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert two_factor.remaining_recovery_codes(staff) == 9

    client.logout()
    client.force_login(staff)
    response = client.post(VERIFY, {"code": code})

    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_the_next_address_never_leads_to_another_site(client, staff, app):
    client.force_login(staff)

    response = client.post(VERIFY, {"code": current_code(app), "next": "https://evil.example/"})

    assert response["Location"] == "/admin/"


def test_renewing_recovery_codes_replaces_the_old_ones(client, staff, app):
    old = two_factor.new_recovery_codes(staff)
    client.force_login(staff)
    client.post(VERIFY, {"code": current_code(app)})

    response = client.post("/admin/two-factor/recovery-codes/")

    new = response.context["codes"]
    assert len(new) == 10
    assert not set(old) & set(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True))


def test_sign_out_stays_possible_before_the_second_step(client, staff, app):
    client.force_login(staff)

    response = client.post("/admin/logout/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_demo_logins_work_without_a_phone_when_two_factor_is_off(client, staff, settings):
    settings.PORTAL_REQUIRE_TWO_FACTOR = False
    client.force_login(staff)

    assert client.get("/admin/").status_code == 200


def test_deployment_check_warns_when_two_factor_is_off(settings):
    assert two_factor_required(None) == []
    settings.PORTAL_REQUIRE_TWO_FACTOR = False
    assert [warning.id for warning in two_factor_required(None)] == ["portal.W001"]
