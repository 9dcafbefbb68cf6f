"""The interface is complete in every language: a catalogue per language, every string translated."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation import to_locale

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
# The same folders the catalogues are made without (see README: adding or changing strings).
MAKEMESSAGES_IGNORE = ["-i", "e2e/*", "-i", "bench/*", "-i", "test-artifacts/*"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def catalogue(code):
    return polib.pofile(str(LOCALE_DIR / to_locale(code) / "LC_MESSAGES" / "django.po"))


def translations(entry):
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_every_string_is_translated(code):
    entries = catalogue(code)

    untranslated = [entry.msgid for entry in entries if not all(translations(entry))]
    fuzzy = [entry.msgid for entry in entries.fuzzy_entries()]
    assert not untranslated, f"{code}: {len(untranslated)} untranslated, e.g. {untranslated[:3]}"
    assert not fuzzy, f"{code}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:3]}"


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_translations_keep_every_placeholder(code):
    broken = [
        entry.msgid
        for entry in catalogue(code)
        for text in translations(entry)
        if text
        if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        and sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(entry.msgid))
    ]

    assert not broken, f"{code}: placeholders differ in {broken[:3]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext's xgettext to extract strings")
def test_catalogues_hold_every_string_of_the_code(tmp_path):
    """A string added to the code must reach the catalogues: run makemessages, then translate it."""
    project = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    shutil.copytree(
        project,
        copy,
        ignore=shutil.ignore_patterns(".*", "test-artifacts", "media", "staticfiles", "node_modules", "*.sqlite3"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--no-location", "-l", "de", *MAKEMESSAGES_IGNORE],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "portal.settings.base"},
    )

    in_code = {entry.msgid for entry in polib.pofile(str(copy / "locale" / "de" / "LC_MESSAGES" / "django.po"))}
    missing = sorted(in_code - {entry.msgid for entry in catalogue("de")})
    assert not missing, f"{len(missing)} strings are not in the catalogues yet, e.g. {missing[:3]}"
