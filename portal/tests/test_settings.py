import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from portal.env import cache_config, email_config, env_bool

PROJECT_DIR = Path(__file__).resolve().parents[2]


def test_production_settings_pass_the_deployment_checklist():
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "DJANGO_SETTINGS_MODULE",
            "SECURE_SSL_REDIRECT",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests, never in production
            "PORTAL_REQUIRE_TWO_FACTOR",
        }
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="portal.settings.base",
        DEBUG="0",
        SECRET_KEY="p" * 20 + "-production-secret-key-with-enough-entropy-9f3k2",
        ALLOWED_HOSTS="durchstarten.aachen.de",
    )

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    environment = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY"}}
    environment["DJANGO_SETTINGS_MODULE"] = "portal.settings.base"

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_cache_url_selects_redis_or_local_memory():
    assert cache_config("redis://127.0.0.1:6379/1")["BACKEND"] == "portal.cache.RedisCache"
    assert cache_config("locmem://")["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    with pytest.raises(ImproperlyConfigured):
        cache_config("memcached://localhost")


def test_email_url_parses_smtp_credentials():
    config = email_config("smtp://mailer:s%40cret@mail.example.org:587?tls=1")

    assert config["EMAIL_HOST"] == "mail.example.org"
    assert config["EMAIL_PORT"] == 587
    assert config["EMAIL_HOST_USER"] == "mailer"
    assert config["EMAIL_HOST_PASSWORD"] == "s@cret"
    assert config["EMAIL_USE_TLS"] is True
    assert config["EMAIL_USE_SSL"] is False


def test_boolean_variables_reject_unclear_values(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("SOME_FLAG")
    monkeypatch.setenv("SOME_FLAG", "yes")
    assert env_bool("SOME_FLAG") is True


@pytest.mark.django_db
def test_postgresql_prepares_the_statements_a_connection_repeats():
    """Each submission runs the same few statements: PostgreSQL should plan them once per connection."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are a PostgreSQL setting")
    for _attempt in range(6):
        list(Group.objects.filter(name="Teilhabemanagement"))

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%FROM "auth_group" WHERE "auth_group"."name" = $1%'],
        )
        assert cursor.fetchone()[0] == 1
