"""Storing a request: one row per token, and a reference that is never shared."""

import uuid

import pytest
from django.db import IntegrityError

from intake import services
from intake.factories import IntakeRequestFactory
from intake.forms import IntakeForm
from intake.models import IntakeRequest, RoutingDecision, StatusChange
from intake.tests.conftest import valid_data

pytestmark = pytest.mark.django_db


def cleaned_answers():
    form = IntakeForm(valid_data())
    assert form.is_valid(), form.errors
    return form.request_data()


def test_a_token_used_before_returns_the_request_it_created():
    token = uuid.uuid4()
    first, first_created = services.submit(cleaned_answers(), token, language="de")

    again, again_created = services.submit(cleaned_answers(), token, language="ar")

    assert (first_created, again_created) == (True, False)
    assert again == first
    assert IntakeRequest.objects.filter(submission_token=token).count() == 1
    assert RoutingDecision.objects.filter(request=first).count() == 1
    assert StatusChange.objects.filter(request=first).count() == 1


def test_a_reference_already_taken_is_drawn_again(monkeypatch):
    taken = IntakeRequestFactory().reference
    drawn = iter([taken, taken, "DA-NEW234"])
    monkeypatch.setattr(services, "new_reference", lambda: next(drawn))

    intake_request, created = services.submit(cleaned_answers(), uuid.uuid4(), language="de")

    assert created
    assert intake_request.reference == "DA-NEW234"
    assert IntakeRequest.objects.filter(reference=taken).count() == 1


def test_when_no_free_reference_is_found_nothing_is_stored(monkeypatch):
    taken = IntakeRequestFactory().reference
    monkeypatch.setattr(services, "new_reference", lambda: taken)
    before = (IntakeRequest.objects.count(), RoutingDecision.objects.count(), StatusChange.objects.count())

    with pytest.raises(IntegrityError):
        services.submit(cleaned_answers(), uuid.uuid4(), language="de")

    assert (IntakeRequest.objects.count(), RoutingDecision.objects.count(), StatusChange.objects.count()) == before


def test_any_other_integrity_error_is_raised_at_once(monkeypatch):
    attempts = []

    def failing_store(*args):
        attempts.append(args)
        raise IntegrityError("violates check constraint")

    monkeypatch.setattr(services, "store", failing_store)

    with pytest.raises(IntegrityError, match="check constraint"):
        services.submit(cleaned_answers(), uuid.uuid4(), language="de")
    assert len(attempts) == 1
