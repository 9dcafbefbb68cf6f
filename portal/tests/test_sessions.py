import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from freezegun import freeze_time

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    with freeze_time("2026-11-22 08:00:00") as clock:
        client.post("/admin/login/", {"username": "city", "password": settings.DEMO_PASSWORD, "remember": "on"})
        assert "_auth_user_id" in client.session
        client.clock = clock
        yield client


def test_thirty_idle_minutes_sign_staff_out(staff_client):
    staff_client.clock.tick(29 * 60)
    assert staff_client.get("/admin/").status_code == 200

    staff_client.clock.tick(30 * 60 + 1)
    response = staff_client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in staff_client.session


def test_an_active_session_ends_ten_hours_after_signing_in(staff_client):
    for _quarter in range(39):
        staff_client.clock.tick(15 * 60)
        assert staff_client.get("/admin/").status_code == 200
    # 9 h 45 min after signing in

    staff_client.clock.tick(15 * 60 + 1)
    response = staff_client.get("/admin/")

    assert response.status_code == 302
    assert "_auth_user_id" not in staff_client.session


def test_the_session_cookie_lasts_at_most_ten_hours():
    assert settings.SESSION_COOKIE_AGE == 10 * 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.CSRF_COOKIE_HTTPONLY
    assert settings.LANGUAGE_COOKIE_HTTPONLY


def test_signing_out_after_expiry_explains_why(staff_client):
    staff_client.clock.tick(31 * 60)

    response = staff_client.get("/admin/", follow=True)

    assert "your session expired" in response.content.decode()


@pytest.mark.parametrize("password", ["kurz-1234", "Aachen-2026", "123456789012345", "password1234"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password, user=get_user_model()(username="city"))


def test_a_long_unusual_password_is_accepted():
    validate_password("Öcher-Printe-mit-Tee-42", user=get_user_model()(username="city"))
