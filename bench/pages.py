"""Benchmark the public pages the way visitors meet them, and print the figures.

Starts the portal production-like (gunicorn with 2 workers, DEBUG off,
whitenoise, seeded demo content) on SQLite, or on PostgreSQL when
``DATABASE_URL`` is set, then for each page prints:

- requests/s and p50/p99 latency under ``wrk -t2 -c16 -d15s``,
- the same HTML served as a static file by nginx in the same run (the
  physical limit of this machine) and our rate as a share of it,
- SQL queries per request, cold (empty cache) and warm,
- bytes transferred for the page with its CSS, JS and images (gzip) and the
  number of requests that takes.

It runs with the production cache (Redis at ``REDIS_URL``, default
``redis://127.0.0.1:6379/15``) twice: with the page cache off (each request
is rendered, with the content cache of portal/content_cache.py) and on.
``--without-caches`` adds a run with a per-process cache, where both are off.
It asserts nothing; where a target is missed it says by how much.

    python bench/pages.py [--duration 15] [--connections 16] [--quick] [--without-caches]

Needs ``wrk`` and ``nginx`` (Debian packages ``wrk`` and ``nginx-light``).
"""

import argparse
import gzip
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

TARGETS = {
    "warm_queries": 8,
    "course_page_bytes": 30 * 1024,
    "course_page_requests": 6,
    "course_page_rps_uncached": 500,
    "course_page_rps_cached": 2000,
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def portal_environment(workdir, cache_url, page_cache=False):
    environment = dict(os.environ)
    environment.update(
        PAGE_CACHE_SECONDS="300" if page_cache else "0",
        DJANGO_SETTINGS_MODULE="portal.settings.base",
        DEBUG="0",
        SECRET_KEY="benchmark-only-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        CACHE_URL=cache_url,
        EMAIL_URL="locmem://",
        PORTAL_REQUIRE_TWO_FACTOR="0",
        LOG_LEVEL="ERROR",
    )
    environment.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    return environment


def manage(environment, *arguments):
    subprocess.run(
        [PYTHON, "manage.py", *arguments], cwd=PROJECT_DIR, env=environment, check=True, stdout=subprocess.DEVNULL
    )


class AssetParser(HTMLParser):
    """Collect the sub-resources a browser would load for a page."""

    def __init__(self):
        super().__init__()
        self.assets = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") in ("stylesheet", "icon", "preload"):
            self.assets.append(attributes.get("href"))
        elif tag in ("script", "img") and attributes.get("src"):
            self.assets.append(attributes["src"])


def fetch(url):
    """The body of a page (error pages included) and its size on the wire with gzip."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    try:
        response = urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        body = response.read()
        if response.headers.get("Content-Encoding") == "gzip":
            return gzip.decompress(body), len(body)
        return body, len(gzip.compress(body))


def page_weight(base_url, path):
    """Bytes on the wire (gzip) and number of requests for a page and its assets."""
    html, transferred = fetch(base_url + path)
    parser = AssetParser()
    parser.feed(html.decode("utf-8", "replace"))
    requests = 1
    for asset in filter(None, parser.assets):
        if asset.startswith(("http://", "https://", "//")):
            requests += 1  # a third-party request is a defect in itself; count it, don't fetch it
            continue
        _body, size = fetch(base_url + asset)
        transferred += size
        requests += 1
    return transferred, requests, html


def query_counts(environment, paths):
    """SQL queries per request, cold and warm, measured in-process with Django's test client."""
    script = f"""
import json
import django
django.setup()
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
counts = {{}}
for path in {paths!r}:
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        client.get(path)
    with CaptureQueriesContext(connection) as warm:
        client.get(path)
    counts[path] = [len(cold), len(warm)]
print(json.dumps(counts))
"""
    result = subprocess.run(
        [PYTHON, "-c", script], cwd=PROJECT_DIR, env=environment, check=True, capture_output=True, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def wrk(url, duration, connections):
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    )
    output = result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def percentile(label):
        match = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", output)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, percentile("50"), percentile("99"), int(errors.group(1)) if errors else 0


class Nginx:
    """nginx serving saved copies of the pages: the ceiling for a page on this machine."""

    def __init__(self, workdir):
        self.root = workdir / "static-copies"
        self.root.mkdir()
        self.port = free_port()
        config = workdir / "nginx.conf"
        config.write_text(
            f"""
worker_processes 2;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {workdir};
    proxy_temp_path {workdir};
    fastcgi_temp_path {workdir};
    uwsgi_temp_path {workdir};
    scgi_temp_path {workdir};
    default_type text/html;
    server {{ listen 127.0.0.1:{self.port}; root {self.root}; }}
}}
"""
        )
        self.process = subprocess.Popen(["nginx", "-c", str(config), "-g", "daemon off;"])
        wait_for(f"http://127.0.0.1:{self.port}/")

    def url_for(self, name, html):
        (self.root / name).write_bytes(html)
        return f"http://127.0.0.1:{self.port}/{name}"

    def stop(self):
        self.process.send_signal(signal.SIGQUIT)
        self.process.wait(timeout=10)


def find_paths(base_url):
    """The benchmarked pages: home, course finder, a course page, intake form and a 404, in de and ar."""
    finder_html, _size = fetch(base_url + "/de/angebote/")
    course = re.search(r'href="(/de/angebote/[\w-]+/[\w-]+/)"', finder_html.decode())
    course_path = course.group(1) if course else "/de/angebote/"
    pages = {
        "home": "/{lang}/",
        "course finder": "/{lang}/angebote/",
        "course page": course_path.replace("/de/", "/{lang}/", 1),
        "intake form": "/{lang}/anfrage/",
        "404": "/{lang}/gibt-es-nicht/",
    }
    return [(name, lang, template.format(lang=lang)) for lang in ("de", "ar") for name, template in pages.items()]


def run(label, cache_url, arguments, workdir, static_rates, page_cache):
    environment = portal_environment(workdir, cache_url, page_cache)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "portal.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=PROJECT_DIR,
        env=environment,
    )
    nginx = None
    try:
        wait_for(base_url + "/de/")
        static_dir = workdir / f"nginx-{port}"
        static_dir.mkdir()
        nginx = Nginx(static_dir)
        paths = find_paths(base_url)
        queries = query_counts(environment, [path for _name, _lang, path in paths])
        print(f"\n## {label} ({environment['DATABASE_URL'].split(':')[0]}, cache {cache_url})")
        print(
            f"{'page':<14} {'lang':<4} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'nginx/s':>8} {'share':>6} "
            f"{'sql cold':>8} {'sql warm':>8} {'bytes':>7} {'reqs':>4}"
        )
        misses = []
        for name, lang, path in paths:
            transferred, requests, html = page_weight(base_url, path)
            rate, p50, p99, errors = wrk(base_url + path, arguments.duration, arguments.connections)
            if path not in static_rates:
                static_url = nginx.url_for(f"{lang}-{name.replace(' ', '-')}.html", html)
                static_rates[path] = wrk(static_url, arguments.duration, arguments.connections)[0]
            static_rate = static_rates[path]
            cold, warm = queries[path]
            print(
                f"{name:<14} {lang:<4} {rate:>8.0f} {p50:>7.1f} {p99:>7.1f} {static_rate:>8.0f} "
                f"{rate / static_rate:>6.1%} {cold:>8} {warm:>8} {transferred:>7} {requests:>4}"
                + (f"  ({errors} error responses)" if errors and name != "404" else "")
            )
            if warm > TARGETS["warm_queries"] and name != "404":
                misses.append(f"{name} ({lang}): {warm} warm queries, {warm - TARGETS['warm_queries']} over 8")
            if name == "course page":
                if transferred > TARGETS["course_page_bytes"]:
                    misses.append(f"course page ({lang}): {transferred} bytes, {transferred - 30 * 1024} over 30 KB")
                if requests > TARGETS["course_page_requests"]:
                    misses.append(f"course page ({lang}): {requests} requests, {requests - 6} over 6")
                target = TARGETS["course_page_rps_cached" if page_cache else "course_page_rps_uncached"]
                if rate < target and cache_url.startswith("redis"):
                    misses.append(f"course page ({lang}): {rate:.0f} req/s, {target - rate:.0f} short of {target}")
        print("targets: " + ("all met" if not misses else "MISSED: " + "; ".join(misses)))
    finally:
        server.terminate()
        server.wait(timeout=20)
        if nginx:
            nginx.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=15, help="seconds of load per page (default 15)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections (default 16)")
    parser.add_argument("--quick", action="store_true", help="3 seconds per page, for a smoke run")
    parser.add_argument(
        "--without-caches", action="store_true", help="also run with a per-process cache (no content or page cache)"
    )
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.duration = 3
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing: sudo apt-get install wrk nginx-light")

    with tempfile.TemporaryDirectory(prefix="portal-bench-") as temporary:
        workdir = Path(temporary)
        environment = portal_environment(workdir, "locmem://")
        manage(environment, "migrate", "--no-input")
        manage(environment, "seed_demo", "--force")
        manage(environment, "collectstatic", "--no-input")
        redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
        static_rates = {}
        run("page cache off", redis_url, arguments, workdir, static_rates, page_cache=False)
        run("production cache", redis_url, arguments, workdir, static_rates, page_cache=True)
        if arguments.without_caches:
            run("no shared cache: content and page cache off", "locmem://", arguments, workdir, static_rates, False)


if __name__ == "__main__":
    main()
