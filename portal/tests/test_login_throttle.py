import logging

import pytest
from django.conf import settings
from django.core.cache import cache
from freezegun import freeze_time

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
SHELTER_IP = "203.0.113.7"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, username, password, ip=SHELTER_IP):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in(client):
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the admin speaks the browser's language
    with freeze_time("2026-11-22 09:00:00") as clock:
        for _attempt in range(5):
            assert sign_in(client, "city", "wrong password").status_code == 200

        response = sign_in(client, "city", settings.DEMO_PASSWORD)
        assert not signed_in(client)
        assert "Too many failed sign-in attempts" in response.content.decode()
        assert "15 minutes" in response.content.decode()

        clock.tick(14 * 60)
        sign_in(client, "city", settings.DEMO_PASSWORD, ip="198.51.100.1")
        assert not signed_in(client)  # the lock holds from any address

        clock.tick(61)
        sign_in(client, "city", settings.DEMO_PASSWORD)
        assert signed_in(client)


def test_four_wrong_passwords_and_a_right_one_start_counting_afresh(client):
    for _attempt in range(4):
        sign_in(client, "city", "wrong password")
    sign_in(client, "city", settings.DEMO_PASSWORD)
    client.logout()

    for _attempt in range(4):
        sign_in(client, "city", "wrong password")
    sign_in(client, "city", settings.DEMO_PASSWORD)

    assert signed_in(client)


def test_a_locked_account_does_not_lock_out_others_at_the_same_address(client):
    for _attempt in range(5):
        sign_in(client, "tm-stadt", "wrong password")

    sign_in(client, "city", settings.DEMO_PASSWORD)

    assert signed_in(client)


def test_many_failures_from_one_address_lock_it_only_briefly(client):
    with freeze_time("2026-11-22 09:00:00") as clock:
        for attempt in range(20):
            sign_in(client, f"guess-{attempt}", "wrong password")

        sign_in(client, "city", settings.DEMO_PASSWORD)
        assert not signed_in(client)
        sign_in(client, "city", settings.DEMO_PASSWORD, ip="198.51.100.1")
        assert signed_in(client)  # other addresses are not affected
        client.logout()

        clock.tick(5 * 60 + 1)
        sign_in(client, "city", settings.DEMO_PASSWORD)
        assert signed_in(client)


def test_failures_are_logged_without_the_password(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.security"):
        for _attempt in range(5):
            sign_in(client, "city", "Geheim-Passwort-123")

    assert "Admin sign-in failed for account 'city' from 203.0.113.7" in caplog.text
    assert "locked for 900 seconds" in caplog.text
    assert "Geheim-Passwort-123" not in caplog.text


def test_the_lock_is_explained_on_the_sign_in_page(client):
    for _attempt in range(5):
        sign_in(client, "city", "wrong password")

    response = sign_in(client, "city", "x")

    [error] = response.context["form"].non_field_errors().as_data()
    assert error.code == "locked"
    assert error.messages[0] in response.content.decode()
