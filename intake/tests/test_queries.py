"""The public form pages need a fixed number of queries, however many requests exist."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake.factories import IntakeRequestFactory
from intake.models import IntakeRequest, Queue
from intake.tests.conftest import valid_data

pytestmark = pytest.mark.django_db


def count_queries(client, method, url, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, **kwargs)
    assert response.status_code in (200, 303)
    return len(queries)


def test_form_page_queries_do_not_grow_with_the_number_of_requests(client, form_page):
    client.get("/de/anfrage/")  # warm caches that any first visitor fills
    before = count_queries(client, "get", "/de/anfrage/")
    IntakeRequestFactory.create_batch(10, queue=Queue.objects.for_providers().first())

    # 23: the link to the privacy notice beside the consent looks up the page in the visitor's language.
    assert count_queries(client, "get", "/de/anfrage/") == before <= 23


def test_submission_and_confirmation_need_a_bounded_number_of_queries(client, form_page):
    client.get("/de/anfrage/")

    assert count_queries(client, "post", "/de/anfrage/", data=valid_data()) <= 27
    confirmation_url = f"/de/anfrage/done/{IntakeRequest.objects.latest('created_at').public_id}/"
    assert count_queries(client, "get", confirmation_url) <= 18
