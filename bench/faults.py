"""Load and fault test: no appointment request is ever lost or stored twice.

Starts a private PostgreSQL cluster (in a temporary folder, on a free port, so
nobody else's database is disturbed), a local SMTP sink, the portal under
gunicorn (2 workers), the task worker (``db_worker``) and the notification
sweep in a loop. Clients then submit requests continuously; each one retries
on an error or time-out with the SAME form (the same submission token) until
it sees a confirmation. Meanwhile PostgreSQL is restarted twice and the SMTP
server is stopped for a while. At the end the sweep is run as if its retry
delays had passed, and the script checks and prints:

- every reference a client was shown exists exactly once,
- stored requests = distinct submission tokens (= clients' submissions),
- every request has a queue and a routing explanation,
- no provider is over capacity,
- every notification was sent exactly once (messages counted at the SMTP sink),
- no client saw a success page for a request that was not stored,
- how many seconds the portal needed to recover after each fault.

    python bench/faults.py [--duration 120] [--clients 8]
    python bench/faults.py --ci      # about 60 s; exit status 1 on any loss or duplicate
"""

import argparse
import collections
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from intake import HIDDEN, connect, source_for

PROJECT_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_BIN = Path(sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]) if Path("/usr/lib/postgresql").exists() else None
REFERENCE = re.compile(r"DA-[0-9A-Z]{6}")
MIN_FILL_SECONDS = 3.2


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- SMTP sink -----------------------------------------------------------------------------


class SMTPSink:
    """A tiny SMTP server that keeps the subject of every message; it can be stopped and started."""

    def __init__(self, port):
        self.port = port
        self.subjects = []
        self.lock = threading.Lock()
        self.server = None

    def start(self):
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line):
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self):
                self.reply("220 sink ESMTP")
                while line := self.rfile.readline():
                    command = line.decode(errors="replace").strip()
                    verb = command.split(" ", 1)[0].upper()
                    if verb == "EHLO":
                        self.reply("250 sink")
                    elif verb == "DATA":
                        self.reply("354 go ahead")
                        lines = []
                        while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                            lines.append(data.decode(errors="replace"))
                        subject = next((text for text in lines if text.lower().startswith("subject:")), "")
                        with sink.lock:
                            sink.subjects.append(subject)
                        self.reply("250 queued")
                    elif verb == "QUIT":
                        self.reply("221 bye")
                        return
                    else:
                        self.reply("250 ok")

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def counts(self):
        with self.lock:
            return collections.Counter(match for subject in self.subjects for match in REFERENCE.findall(subject))


# --- PostgreSQL --------------------------------------------------------------------------------


class Cluster:
    """A throw-away PostgreSQL cluster owned by the ``postgres`` user."""

    def __init__(self, folder, port):
        self.folder = folder
        self.port = port

    def as_postgres(self, *command):
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run([*prefix, *command], check=True, capture_output=True, text=True)

    def start(self):
        self.folder.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self.as_postgres(str(PG_BIN / "initdb"), "-D", str(self.folder), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.pg_ctl("start")

    def pg_ctl(self, action):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.folder),
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
            "-w",
            "-m",
            "fast",
            action,
        )

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


# --- the portal --------------------------------------------------------------------------------


def portal_environment(database_url, smtp_port):
    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="portal.settings.base",
        DEBUG="0",
        SECRET_KEY="fault-test-only-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        CACHE_URL="locmem://",
        DATABASE_URL=database_url,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        PORTAL_REQUIRE_TWO_FACTOR="0",
        LOG_LEVEL="CRITICAL",
    )
    return environment


def seed_script(languages=()):
    """Python that seeds staff, site pages (German plus ``languages``), partners, courses and the form."""
    return SEED.replace("LANGUAGES", repr(list(languages)))


SEED = """
import os
from home import demo as home_demo
from intake import demo as intake_demo
from portal import demo as portal_demo
from providers import demo as providers_demo
out = open(os.devnull, "w")
portal_demo.seed(out); home_demo.seed(out, languages=LANGUAGES); providers_demo.seed(out)
content = intake_demo.load_form_content()
intake_demo.seed_form_translations(intake_demo.seed_form_page(content), content, out)
intake_demo.seed_queues(); intake_demo.seed_permissions(); intake_demo.seed_rules()
"""

CHECK = """
import json
from collections import Counter
from datetime import timedelta
from django.utils import timezone
from intake.models import IntakeRequest, Queue
from intake.tasks import enqueue_pending_notifications
import sys
if sys.argv[1] == "sweep-later":
    # The retry delays have passed: every request not yet notified is enqueued again.
    print(enqueue_pending_notifications(now=timezone.now() + timedelta(days=1)))
else:
    rows = list(IntakeRequest.objects.values("reference", "submission_token", "queue_id", "notified_at"))
    explained = set(
        IntakeRequest.objects.filter(routing_decisions__explanation__gt="").values_list("reference", flat=True)
    )
    over = []
    for queue in Queue.objects.filter(provider__isnull=False).select_related("provider"):
        open_cases = IntakeRequest.objects.open().filter(queue=queue).count()
        if queue.capacity is not None and open_cases > queue.capacity:
            over.append(f"{queue}: {open_cases} > {queue.capacity}")
    print(json.dumps({
        "references": [row["reference"] for row in rows],
        "tokens": len({str(row["submission_token"]) for row in rows}),
        "without_queue": [row["reference"] for row in rows if row["queue_id"] is None],
        "unexplained": [row["reference"] for row in rows if row["reference"] not in explained],
        "unnotified": [row["reference"] for row in rows if row["notified_at"] is None],
        "over_capacity": over,
    }))
"""


def manage(environment, *arguments, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *arguments], cwd=PROJECT_DIR, env=environment, check=True, capture_output=True, text=True
    ).stdout


def python(environment, script, *arguments):
    command = [PYTHON, "-c", "import django; django.setup()\n" + script, *arguments]
    return subprocess.run(command, cwd=PROJECT_DIR, env=environment, check=True, capture_output=True, text=True).stdout


# --- the clients -------------------------------------------------------------------------------


class Outcomes:
    def __init__(self):
        self.lock = threading.Lock()
        self.shown = []  # (token, reference) of every confirmation a client saw
        self.errors = collections.Counter()
        self.successes = []  # times of confirmations, to measure recovery

    def error(self, kind):
        with self.lock:
            self.errors[kind] += 1


def request(url, source, method="GET", body=None, headers=None, timeout=10):
    connection = connect(url, source)
    connection.timeout = timeout
    try:
        path = url.split("/", 3)[3]
        connection.request(method, "/" + path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheader("Location", ""), response.getheaders(), response.read().decode()
    finally:
        connection.close()


def one_submission(form_url, base_url, number, outcomes, stop):
    """Fetch a form, wait like a person, post it until a confirmation is shown; retry with the same form."""
    source = source_for(number, True)
    while not stop.is_set():
        try:
            status, _location, headers, html = request(form_url, source)
            if status == 200:
                break
            outcomes.error(f"form {status}")
        except OSError as error:
            outcomes.error(f"form {type(error).__name__}")
        time.sleep(0.5)
    else:
        return
    cookie = next(value.split(";", 1)[0] for name, value in headers if value.startswith("csrftoken="))
    fields = dict(HIDDEN.findall(html))
    body = urlencode(
        {
            **fields,
            "given_name": f"Fault {number}",
            "phone": f"+49157{number:08d}",
            "contact_channel": "phone",
            "languages": ["ar", "de"],
            "topics": ["work"],
            "residence_status": "duldung",
            "birth_year": str(time.gmtime().tm_year - 21),
            "postcode": "52062",
            "consent": "on",
            "website": "",
        },
        doseq=True,
    )
    post_headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookie,
        "Referer": form_url,
        "Origin": base_url,
    }
    time.sleep(MIN_FILL_SECONDS)
    # Retry until a confirmation is seen, even after the load stops: a person does not give up.
    for _attempt in range(200):
        try:
            status, location, _headers, _html = request(form_url, source, "POST", body, post_headers)
            if status == 303 and location:
                status, _location, _headers, page = request(base_url + location, source)
                match = REFERENCE.search(page) if status == 200 else None
                if match:
                    with outcomes.lock:
                        outcomes.shown.append((fields["submission_token"], match.group()))
                        outcomes.successes.append(time.monotonic())
                    return
            outcomes.error(f"post {status}")
        except OSError as error:
            outcomes.error(f"post {type(error).__name__}")
        time.sleep(0.5)


def client(index, clients, form_url, base_url, outcomes, stop):
    number = index
    while not stop.is_set():
        one_submission(form_url, base_url, number, outcomes, stop)
        number += clients


# --- the run -----------------------------------------------------------------------------------


def recovery(outcomes, fault_at):
    """Seconds from a fault until the next confirmation a client saw."""
    with outcomes.lock:
        later = [moment for moment in outcomes.successes if moment > fault_at]
    return min(later) - fault_at if later else None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=120, help="seconds of load (default 120)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--ci", action="store_true", help="short run (about 60 s) for continuous integration")
    arguments = parser.parse_args()
    if arguments.ci:
        arguments.duration = 40
    if PG_BIN is None:
        sys.exit("PostgreSQL's programs are missing: apt-get install postgresql")

    processes = []
    sweeping = threading.Event()  # set when the run ends: the worker and the sweep stop
    with tempfile.TemporaryDirectory(prefix="portal-faults-") as temporary:
        Path(temporary).chmod(0o755)  # the postgres user runs the cluster inside it
        cluster = Cluster(Path(temporary) / "pg", free_port())
        sink = SMTPSink(free_port())
        try:
            cluster.start()
            sink.start()
            environment = portal_environment(cluster.url, sink.port)
            started = time.monotonic()
            manage(environment, "migrate", "--no-input")
            python(environment, seed_script())
            manage(environment, "collectstatic", "--no-input")
            print(f"Set-up (private PostgreSQL on port {cluster.port}, seeded): {time.monotonic() - started:.0f} s")

            server_log = (Path(temporary) / "server.log").open("w")
            port = free_port()
            base_url = f"http://127.0.0.1:{port}"
            processes.append(
                subprocess.Popen(
                    [
                        PYTHON,
                        "-m",
                        "gunicorn",
                        "portal.wsgi",
                        "-w",
                        "2",
                        "--threads",
                        "4",
                        "-b",
                        f"127.0.0.1:{port}",
                        "--timeout",
                        "30",
                        "--log-level",
                        "critical",
                    ],
                    cwd=PROJECT_DIR,
                    env=environment,
                    stderr=server_log,  # the expected errors while the database restarts
                )
            )
            worker_starts = []

            def supervise_worker():
                """Run ``db_worker`` as systemd's Restart=always would: it exits when the database goes away."""
                while not sweeping.is_set():
                    worker = subprocess.Popen(
                        [PYTHON, "manage.py", "db_worker", "--interval", "0.5"],
                        cwd=PROJECT_DIR,
                        env=environment,
                        stdout=server_log,
                        stderr=server_log,
                    )
                    worker_starts.append(time.monotonic())
                    processes.append(worker)
                    while worker.poll() is None and not sweeping.is_set():
                        time.sleep(0.5)
                    if worker.poll() is None:
                        return
                    time.sleep(1)

            threading.Thread(target=supervise_worker, daemon=True).start()

            def sweep():
                while not sweeping.is_set():
                    subprocess.run(
                        [PYTHON, "manage.py", "send_pending_notifications"],
                        cwd=PROJECT_DIR,
                        env=environment,
                        capture_output=True,
                    )
                    sweeping.wait(5)

            threading.Thread(target=sweep, daemon=True).start()
            form_url = f"{base_url}/de/anfrage/"
            for _ in range(120):
                try:
                    urllib.request.urlopen(form_url, timeout=2)
                    break
                except OSError:
                    time.sleep(0.5)

            outcomes = Outcomes()
            stop = threading.Event()
            threads = [
                threading.Thread(target=client, args=(index, arguments.clients, form_url, base_url, outcomes, stop))
                for index in range(arguments.clients)
            ]
            load_started = time.monotonic()
            for thread in threads:
                thread.start()
            duration = arguments.duration
            faults = []
            schedule = [
                (duration * 0.2, "PostgreSQL restart", lambda: cluster.pg_ctl("restart")),
                (duration * 0.35, "SMTP server stopped", sink.stop),
                (duration * 0.5, "PostgreSQL restart", lambda: cluster.pg_ctl("restart")),
                (duration * 0.65, "SMTP server started again", sink.start),
            ]
            for at, name, action in schedule:
                time.sleep(max(0, load_started + at - time.monotonic()))
                moment = time.monotonic()
                action()
                faults.append((name, moment, time.monotonic() - moment))
                print(f"{moment - load_started:6.1f} s  {name} (took {time.monotonic() - moment:.1f} s)")
            time.sleep(max(0, load_started + duration - time.monotonic()))
            stop.set()
            for thread in threads:
                thread.join(timeout=300)
            load_seconds = time.monotonic() - load_started

            # Eventually: the sweep finds what failed while the SMTP server was away.
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                python(environment, CHECK, "sweep-later")
                time.sleep(5)
                state = python(environment, CHECK, "check")
                if '"unnotified": []' in state:
                    break
            time.sleep(3)  # messages in flight
            sweeping.set()
            state = json.loads(python(environment, CHECK, "check"))
        finally:
            sweeping.set()
            for process in reversed(processes):
                process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
            with contextlib.suppress(OSError, AttributeError):  # stopped already
                sink.stop()
            with contextlib.suppress(subprocess.CalledProcessError):
                cluster.pg_ctl("stop")

    stored = collections.Counter(state["references"])
    shown_references = collections.Counter(reference for _token, reference in outcomes.shown)
    shown_tokens = {token for token, _reference in outcomes.shown}
    mails = sink.counts()
    references_of = collections.defaultdict(set)
    for token, reference in outcomes.shown:
        references_of[token].add(reference)
    problems = {
        "shown references not stored exactly once": [r for r in shown_references if stored[r] != 1],
        "references stored twice": [r for r, count in stored.items() if count > 1],
        "stored rows differ from distinct tokens": [len(stored), state["tokens"]]
        if len(stored) != state["tokens"]
        else [],
        "submissions not stored (clients' tokens differ from rows)": (
            [len(shown_tokens), len(stored)] if len(shown_tokens) != len(stored) else []
        ),
        "a token shown two different references": [t for t, shown in references_of.items() if len(shown) > 1],
        "requests without a queue": state["without_queue"],
        "requests without a routing explanation": state["unexplained"],
        "providers over capacity": state["over_capacity"],
        "notifications not sent": [r for r in stored if mails[r] == 0],
        "notifications sent more than once": [r for r in stored if mails[r] > 1],
    }

    print(f"\nLoad: {arguments.clients} clients for {load_seconds:.0f} s; errors and time-outs clients retried:")
    for kind, count in sorted(outcomes.errors.items()):
        print(f"  {kind:<32} {count:>6}")
    print(f"Confirmations shown: {len(outcomes.shown)} ({len(shown_tokens)} distinct tokens)")
    print(f"Requests stored:     {len(stored)} (distinct references {len(set(stored))}, tokens {state['tokens']})")
    print(f"Task worker started {len(worker_starts)} time(s) (it exits when the database goes away)")
    print(f"Notifications at the SMTP sink: {sum(mails.values())} for {len(mails)} references")
    for name, moment, took in faults:
        seconds = recovery(outcomes, moment + took)
        text = f"{seconds:.1f} s" if seconds is not None else "no confirmation afterwards"
        print(f"Recovery after “{name}”: first confirmation {text} after it ended")
    failed = False
    for check, found in problems.items():
        print(f"{'FAIL' if found else 'ok  '}  {check}{': ' + str(found[:10]) if found else ''}")
        failed = failed or bool(found)
    if not outcomes.shown:
        print("FAIL  no request was submitted at all")
        failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
