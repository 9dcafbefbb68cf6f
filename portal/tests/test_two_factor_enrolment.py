"""Setting up an authenticator app: a fresh secret per session, after the password, announced by e-mail."""

from base64 import b32decode, b32encode
from binascii import unhexlify

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from portal import two_factor

pytestmark = pytest.mark.django_db

SETUP = "/admin/two-factor/setup/"
VERIFY = "/admin/two-factor/"


@pytest.fixture(autouse=True)
def require_two_factor(settings):
    settings.PORTAL_REQUIRE_TWO_FACTOR = True


@pytest.fixture
def staff():
    return get_user_model().objects.get(username="city")


def signed_in(user):
    """A browser that has passed the password step only."""
    client = Client()
    client.force_login(user)
    return client


def start_setup(client, settings):
    response = client.post(SETUP, {"password": settings.DEMO_PASSWORD, "next": "/admin/pages/"}, follow=True)
    assert response.status_code == 200
    return response.context["secret"]


def code_for(secret, offset=0):
    key = b32decode(secret.replace(" ", ""))
    return f"{totp(key, drift=offset):06d}"


def test_the_secret_is_shown_only_after_the_password_is_entered_again(client, staff, settings):
    client.force_login(staff)

    page = client.get(SETUP)
    wrong = client.post(SETUP, {"password": "not-the-password"})

    assert page.status_code == 200
    assert "secret" not in page.context and "<svg" not in page.content.decode()
    assert 'autocomplete="current-password"' in page.content.decode()
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["password"]
    assert "secret" not in wrong.context

    secret = start_setup(client, settings)

    assert secret and "<svg" in client.get(SETUP).content.decode()


def test_a_wrong_password_counts_as_a_failed_sign_in(client, staff, settings):
    settings.PORTAL_LOGIN_LIMITS = {"account": (2, 900, 900), "ip": (100, 900, 60)}
    client.force_login(staff)

    client.post(SETUP, {"password": "wrong-1"})
    client.post(SETUP, {"password": "wrong-2"})
    locked = client.post(SETUP, {"password": settings.DEMO_PASSWORD})

    assert "secret" not in locked.context
    assert locked.context["form"].errors["password"]


def test_every_session_gets_its_own_secret_and_none_is_stored_before_confirmation(staff, settings):
    """Someone who knows only the password must not learn the secret the real user will confirm."""
    user_browser, attacker_browser = signed_in(staff), signed_in(staff)

    attacker_secret = start_setup(attacker_browser, settings)
    user_secret = start_setup(user_browser, settings)

    assert attacker_secret != user_secret
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert user_browser.get(SETUP).context["secret"] == user_secret  # reloading keeps the session's secret

    response = user_browser.post(SETUP, {"code": code_for(user_secret), "next": "/admin/pages/"})

    assert len(response.context["codes"]) == 10
    device = TOTPDevice.objects.get(user=staff)
    assert device.confirmed
    assert b32encode(unhexlify(device.key)).decode() == user_secret.replace(" ", "")
    attacker = attacker_browser.post(VERIFY, {"code": code_for(attacker_secret)})
    assert attacker.status_code == 200 and attacker.context["form"].errors["code"]
    assert attacker_browser.get("/admin/").status_code == 302
    # The attacker's own enrolment cannot add a second app either.
    assert attacker_browser.post(SETUP, {"code": code_for(attacker_secret)})["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_signing_out_discards_the_secret(client, staff, settings):
    client.force_login(staff)
    old_secret = start_setup(client, settings)

    client.post("/admin/logout/")
    client.force_login(staff)

    assert "secret" not in client.get(SETUP).context
    assert client.post(SETUP, {"code": code_for(old_secret)}).status_code == 200
    assert not two_factor.has_app(staff)
    assert start_setup(client, settings) != old_secret


def test_an_old_enrolment_needs_the_password_again(client, staff, settings):
    client.force_login(staff)
    secret = start_setup(client, settings)
    session = client.session
    session[two_factor.ENROLMENT]["started_at"] -= two_factor.ENROLMENT_SECONDS + 1
    session.save()

    response = client.post(SETUP, {"code": code_for(secret)})

    assert "secret" not in response.context
    assert not two_factor.has_app(staff)


def test_repeated_wrong_codes_end_the_enrolment(client, staff, settings):
    client.force_login(staff)
    secret = start_setup(client, settings)

    for _attempt in range(two_factor.ENROLMENT_MAX_FAILURES):
        client.post(SETUP, {"code": "000000" if code_for(secret) != "000000" else "111111"})
    response = client.post(SETUP, {"code": code_for(secret)})

    assert "secret" not in response.context
    assert not two_factor.has_app(staff)


def test_the_account_hears_by_e_mail_when_an_app_is_set_up_in_its_language(client, staff, settings):
    UserProfile.objects.update_or_create(user=staff, defaults={"preferred_language": "en"})
    client.force_login(staff)
    secret = start_setup(client, settings)
    mail.outbox.clear()

    client.post(SETUP, {"code": code_for(secret)})

    [message] = mail.outbox
    assert message.to == [staff.email]
    assert message.subject == "An authenticator app was set up for your account"
    assert "city" in message.body
    assert "reset" in message.body
    assert not message.alternatives  # plain text only
    assert secret.replace(" ", "") not in message.body.replace(" ", "")
    assert TOTPDevice.objects.get(user=staff).key not in message.body
    assert not any(code in message.body for code in StaticToken.objects.values_list("token", flat=True))


def test_the_e_mail_falls_back_to_german(client, staff, settings):
    UserProfile.objects.filter(user=staff).delete()
    client.force_login(staff)
    secret = start_setup(client, settings)
    mail.outbox.clear()

    client.post(SETUP, {"code": code_for(secret)})

    assert mail.outbox[0].subject == "Für Ihr Konto wurde eine Authenticator-App eingerichtet"


def test_setting_up_an_app_is_in_the_audit_log(client, staff, settings):
    client.force_login(staff)
    secret = start_setup(client, settings)

    client.post(SETUP, {"code": code_for(secret)})

    entry = ModelLogEntry.objects.get(action="portal.two_factor.app_confirmed")
    assert entry.object_id == str(staff.pk)
    assert entry.user_id == staff.pk
    with translation.override("en"):
        assert entry.message == "Authenticator app set up"


def test_unconfirmed_devices_left_from_before_are_removed(staff):
    from importlib import import_module

    from django.apps import apps

    TOTPDevice.objects.create(user=staff, name="Authenticator app", confirmed=False)
    confirmed = TOTPDevice.objects.create(user=staff, name="Authenticator app", confirmed=True)
    migration = import_module("portal.migrations.0001_remove_unconfirmed_totp_devices")

    migration.remove_unconfirmed_devices(apps, None)

    assert list(TOTPDevice.objects.filter(user=staff)) == [confirmed]
