"""Fixtures shared by every app's tests."""

import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the demo content once per test session; each test runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        call_command("seed_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: no cached pages, routes or rate-limit counters of another test."""
    cache.clear()
