"""Lighthouse (mobile) on the home page, a course page and the appointment form in German and Arabic.

Starts the portal production-like (gunicorn, DEBUG off, whitenoise) on a
throw-away SQLite database seeded in German and Arabic, runs Lighthouse 12
from ``node_modules`` (``npm install --no-save lighthouse@12`` in the project
folder; it is installed on first use) with Debian's chromium and prints the
four category scores per page. Target: 100 in each. Asserts nothing.

    python bench/lighthouse.py
"""

import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from faults import python, seed_script
from pages import free_port, manage, portal_environment, wait_for

PROJECT_DIR = Path(__file__).resolve().parent.parent
LIGHTHOUSE = PROJECT_DIR / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PATHS = """
from wagtail.models import Locale
from intake.pages import IntakeFormPage
from providers.models import CoursePage
for code in ["de", "ar"]:
    locale = Locale.objects.get(language_code=code)
    print(code, "home", f"/{code}/")
    print(code, "course", CoursePage.objects.live().filter(locale=locale).first().url)
    print(code, "form", IntakeFormPage.objects.live().filter(locale=locale).first().url)
"""


def lighthouse(url):
    """The four category scores and the failed binary audits; None when Lighthouse could not run."""
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            "--output-path=stdout",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--only-categories={','.join(CATEGORIES)}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        reason = result.stderr.strip()[-500:] or f"exit status {result.returncode}"
        print(f"Lighthouse could not run on {url}: {reason}", file=sys.stderr)
        return None
    report = json.loads(result.stdout)
    failed = [
        audit["id"]
        for audit in report["audits"].values()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
    ]
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}, failed


def main():
    if not LIGHTHOUSE.exists():
        subprocess.run(
            ["npm", "install", "--no-save", "--no-audit", "--no-fund", "lighthouse@12"], cwd=PROJECT_DIR, check=True
        )
    with tempfile.TemporaryDirectory(prefix="portal-lighthouse-") as temporary:
        environment = portal_environment(Path(temporary), "locmem://")
        manage(environment, "migrate", "--no-input")
        python(environment, seed_script(["ar"]))
        manage(environment, "collectstatic", "--no-input")
        paths = [line.split() for line in python(environment, PATHS).split("\n") if line.strip()]
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=PROJECT_DIR,
            env=environment,
        )
        try:
            wait_for(f"http://127.0.0.1:{port}/de/")
            print(f"{'page':<12} {'performance':>11} {'accessibility':>13} {'best-practices':>14} {'seo':>5}  failed")
            for code, name, path in paths:
                url = f"http://127.0.0.1:{port}{path}"
                urllib.request.urlopen(url)
                outcome = lighthouse(url)
                if outcome is None:
                    print(f"{code + ' ' + name:<12} not measured (see above)")
                    continue
                scores, failed = outcome
                print(
                    f"{code + ' ' + name:<12} {scores['performance']:>11} {scores['accessibility']:>13} "
                    f"{scores['best-practices']:>14} {scores['seo']:>5}  {', '.join(failed) or '-'}"
                )
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
