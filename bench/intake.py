"""Benchmark the appointment request form against a running portal, and print the figures.

Each of N submissions is a real visitor's path: fetch the form (for its CSRF
cookie, one-time token and signed timestamp), wait the minimum fill time, post
valid answers and expect the redirect to a confirmation. K clients work in
parallel: first every form is fetched, then, once the youngest form is old
enough, every answer is posted. Prints requests/s and p50/p95 latency for both
phases and how many requests were stored (distinct confirmations and, when
``--count-rows`` can reach the database through Django, the rows stored, whether
each has one routing decision with its explanation and sits in the queue it
decided, and any provider queue over its capacity).

Against a local server, each client sends from its own loopback address
(127.0.x.y) so that the per-address rate limit (30 an hour) treats the clients
like the many shelters they stand for; every submission uses its own phone number.

    python bench/intake.py http://127.0.0.1:8000/de/anfrage/ -n 300 -c 16 [--count-rows]

Asserts nothing. Uses only the standard library (plus Django for ``--count-rows``).
"""

import argparse
import http.client
import os
import random
import re
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
MIN_FILL_SECONDS = 3.2  # a little above the form's minimum (intake.forms.MIN_FILL_SECONDS)
PER_ADDRESS = 25  # below the form's limit of 30 per address and hour
HIDDEN = re.compile(r'<input type="hidden" name="(csrfmiddlewaretoken|submission_token|form_started)" value="([^"]*)"')


@dataclass
class Form:
    index: int
    source: str
    csrf_cookie: str
    fields: dict
    fetched_at: float


def connect(url, source):
    parts = urlsplit(url)
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    source_address = (source, 0) if source else None
    return connection_class(parts.hostname, parts.port, timeout=60, source_address=source_address)


def source_for(index, spread):
    return f"127.0.{index // PER_ADDRESS // 250}.{index // PER_ADDRESS % 250 + 2}" if spread else None


def fetch_form(url, index, spread):
    source = source_for(index, spread)
    connection = connect(url, source)
    started = time.perf_counter()
    connection.request("GET", urlsplit(url).path)
    response = connection.getresponse()
    html = response.read().decode()
    elapsed = time.perf_counter() - started
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"GET {url} answered {response.status}")
    cookie = next(
        (
            header.split(";", 1)[0].split("=", 1)[1]
            for name, header in response.getheaders()
            if name.lower() == "set-cookie" and header.startswith("csrftoken=")
        ),
        "",
    )
    return Form(index, source, cookie, dict(HIDDEN.findall(html)), time.time()), elapsed


def answers(form, year):
    return {
        **form.fields,
        "given_name": f"Bench {form.index}",
        "phone": f"+49157{random.randrange(10**7, 10**8)}",  # noqa: S311 (test data, not security)
        "contact_channel": "phone",
        "languages": ["ar", "de"],
        "topics": ["work"],
        "residence_status": "duldung",
        "birth_year": str(year - 21),
        "postcode": "52062",
        "consent": "on",
        "website": "",
    }


def post_form(url, form, year):
    wait = form.fetched_at + MIN_FILL_SECONDS - time.time()
    if wait > 0:
        time.sleep(wait)
    connection = connect(url, form.source)
    body = urlencode(answers(form, year), doseq=True)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={form.csrf_cookie}",
        "Referer": url,
        "Origin": f"{urlsplit(url).scheme}://{urlsplit(url).netloc}",
    }
    started = time.perf_counter()
    connection.request("POST", urlsplit(url).path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return response.status, response.getheader("Location", ""), elapsed


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(name, latencies, wall):
    print(
        f"{name:<6} {len(latencies):>5} requests  {len(latencies) / wall:8.1f} req/s  "
        f"p50 {statistics.median(latencies) * 1000:7.1f} ms  p95 {percentile(latencies, 0.95) * 1000:7.1f} ms"
    )


def setup_django():
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()


def latest_request_id():
    from intake.models import IntakeRequest

    return IntakeRequest.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def check_stored(after_id):
    """Print how many requests were stored after ``after_id`` and whether each was routed correctly."""
    from intake.models import IntakeRequest, Queue
    from intake.routing import current_loads

    stored = IntakeRequest.objects.filter(pk__gt=after_id).prefetch_related("routing_decisions")
    explained = routed_as_decided = 0
    for intake_request in stored:
        decisions = list(intake_request.routing_decisions.all())
        explained += len(decisions) == 1 and bool(decisions[0].explanation)
        routed_as_decided += len(decisions) == 1 and decisions[0].queue_id == intake_request.queue_id
    provider_queues = list(Queue.objects.for_providers().select_related("provider"))
    over_capacity = [
        f"{load.name} ({load.open_cases}/{load.capacity})"
        for load in current_loads(provider_queues)
        if load.open_cases > load.capacity
    ]
    print(f"rows stored: {len(stored)}")
    print(f"routing: {explained} with one decision and its explanation, {routed_as_decided} in the queue decided")
    print(f"providers over capacity: {', '.join(over_capacity) or 'none'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="the form's address, e.g. http://127.0.0.1:8000/de/anfrage/")
    parser.add_argument("-n", "--requests", type=int, default=200)
    parser.add_argument("-c", "--clients", type=int, default=16)
    parser.add_argument(
        "--count-rows", action="store_true", help="count stored requests and check their routing through Django"
    )
    parser.add_argument(
        "--no-spread", action="store_true", help="send from one address (the rate limit then stops most posts)"
    )
    args = parser.parse_args()
    spread = not args.no_spread and urlsplit(args.url).hostname in ("127.0.0.1", "localhost")
    year = time.localtime().tm_year
    if args.count_rows:
        setup_django()
        last_before = latest_request_id()
    lock = threading.Lock()
    statuses = {}

    with ThreadPoolExecutor(max_workers=args.clients) as pool:
        started = time.perf_counter()
        fetched = list(pool.map(lambda index: fetch_form(args.url, index, spread), range(args.requests)))
        get_wall = time.perf_counter() - started

        forms = [form for form, _elapsed in fetched]
        time.sleep(max(0.0, max(form.fetched_at for form in forms) + MIN_FILL_SECONDS - time.time()))

        def post(form):
            status, location, elapsed = post_form(args.url, form, year)
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
            return location if status == 303 else None, elapsed

        started = time.perf_counter()
        posted = list(pool.map(post, forms))
        post_wall = time.perf_counter() - started

    print(f"{args.requests} submissions, {args.clients} clients, {args.url}")
    report("GET", [elapsed for _form, elapsed in fetched], get_wall)
    report("POST", [elapsed for _location, elapsed in posted], post_wall)
    print("POST answers:", ", ".join(f"{status} × {count}" for status, count in sorted(statuses.items())))
    print(f"distinct confirmations: {len({location for location, _elapsed in posted if location})}")
    if args.count_rows:
        check_stored(last_before)


if __name__ == "__main__":
    main()
