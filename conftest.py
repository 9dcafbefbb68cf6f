"""Fixtures shared by every app's tests."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the demo content once per test session; each test runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        call_command("seed_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
