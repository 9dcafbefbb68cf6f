import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


def test_public_pages_send_a_strict_content_security_policy(client):
    response = client.get("/de/")

    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert "upgrade-insecure-requests" in policy  # the test settings are the production ones
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_public_pages_use_no_inline_script_or_style(client):
    html = client.get("/de/").content.decode()

    assert "<script>" not in html
    assert " style=" not in html
    assert "<style" not in html


def test_public_pages_send_the_other_security_headers(client):
    response = client.get("/de/")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"):
        assert f"{feature}=()" in permissions
    assert "no-store" not in response.get("Cache-Control", "")


def test_error_pages_carry_the_headers_too(client):
    response = client.get("/de/gibt-es-nicht/")

    assert response.status_code == 404
    assert directives(response)["script-src"] == ["'self'"]
    assert "camera=()" in response["Permissions-Policy"]


def test_admin_pages_get_the_looser_policy_wagtail_needs(admin_client):
    response = admin_client.get("/admin/")

    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["img-src"] == ["'self'", "data:", "blob:"]
    assert policy["frame-ancestors"] == ["'self'"]
    # Everything not replaced stays as strict as on the public site.
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/admin/pages/", "/admin/does-not-exist/"])
def test_admin_responses_are_never_stored(admin_client, path):
    response = admin_client.get(path)

    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control
    assert "private" in cache_control


def test_admin_redirects_are_never_stored_either(client):
    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]


def test_https_responses_ask_browsers_to_stay_on_https_for_a_year(client):
    response = client.get("/de/", secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_session_and_csrf_cookies_are_secure_http_only_and_same_site(client):
    client.get("/admin/login/", secure=True)
    response = client.post(
        "/admin/login/", {"username": "city", "password": settings.DEMO_PASSWORD, "remember": "on"}, secure=True
    )

    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    csrf = client.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
