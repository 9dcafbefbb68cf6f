"""Many people sending at the same moment: nothing lost, nothing doubled, no provider overfilled."""

import contextlib
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from intake.factories import QueueFactory, TMProviderFactory
from intake.models import IntakeRequest, Queue, RoutingDecision, StatusChange
from intake.services import submit
from providers.models import Provider

SUBMISSIONS = 60
UNIQUE = 50
THREADS = 16
CAPACITY = 5

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Row locks (SELECT … FOR UPDATE) need PostgreSQL; SQLite serialises whole transactions instead.",
    ),
]


def data(index):
    return {
        "given_name": f"Person {index}",
        "phone": f"+4917612{index:05d}",
        "contact_channel": "phone",
        "languages": ["ar"],
        "topics": ["work"],
        "residence_status": "duldung",
        "birth_year": timezone.localdate().year - 20,
        "postcode": "52062",
    }


def test_fifty_simultaneous_submissions_are_all_stored_once_and_never_overfill_a_provider():
    Provider.objects.update(offers_participation_management=False)
    queues = [QueueFactory(provider=TMProviderFactory(caseload_capacity_override=CAPACITY)) for _i in range(3)]
    tokens = [uuid.uuid4() for _i in range(UNIQUE)]
    # Every fifth person double-clicks: the same token arrives twice at once.
    jobs = [(index, tokens[index]) for index in range(UNIQUE)] + [
        (index, tokens[index]) for index in range(0, UNIQUE, UNIQUE // (SUBMISSIONS - UNIQUE))
    ]
    start = threading.Barrier(THREADS)

    def send(job):
        index, token = job
        try:
            with contextlib.suppress(threading.BrokenBarrierError):
                start.wait(timeout=5)
            intake_request, _created = submit(data(index), token, language="de")
            return intake_request.pk
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(send, jobs))

    assert len(results) == SUBMISSIONS
    stored = IntakeRequest.objects.filter(submission_token__in=tokens)
    assert stored.count() == UNIQUE
    assert len(set(results)) == UNIQUE
    assert RoutingDecision.objects.filter(request__in=stored).count() == UNIQUE
    assert StatusChange.objects.filter(request__in=stored).count() == UNIQUE
    per_queue = dict(stored.values_list("queue").annotate(count=Count("pk")).values_list("queue", "count"))
    for queue in queues:
        assert per_queue.get(queue.pk, 0) == CAPACITY
    assert per_queue[Queue.objects.waitlist().pk] == UNIQUE - 3 * CAPACITY
