import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import Translation

from home.models import InformationPage
from portal.translation import publish_translation

PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


@pytest.fixture
def bengali_translation():
    """The privacy page submitted for translation into Bengali with nothing translated yet."""
    page = InformationPage.objects.get(locale__language_code="de", slug="datenschutz")
    locale = Locale.objects.get(language_code="bn")
    page.get_translations().filter(locale=locale).delete()
    publish_translation(page, locale, {})
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=locale)


@pytest.mark.django_db
def test_po_files_round_trip_through_the_translation_editor(
    admin_client, bengali_translation, django_capture_on_commit_callbacks
):
    download = admin_client.get(reverse("wagtail_localize:download_pofile", args=[bengali_translation.pk]))
    assert download.status_code == 200
    po = polib.pofile(download.content.decode())
    assert "Datenschutz" in [entry.msgid for entry in po]
    for entry in po:
        entry.msgstr = "ডেটা সুরক্ষা" if entry.msgid == "Datenschutz" else f"[bn] {entry.msgid}"

    upload = admin_client.post(
        reverse("wagtail_localize:upload_pofile", args=[bengali_translation.pk]),
        {"file": SimpleUploadedFile("datenschutz-bn.po", str(po).encode(), content_type="text/x-gettext-translation")},
    )
    assert upload.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        bengali_translation.save_target(publish=True)

    assert bengali_translation.get_progress()[0] == bengali_translation.get_progress()[1]
    page = bengali_translation.get_target_instance()
    assert page.title == "ডেটা সুরক্ষা"
    assert admin_client.get("/bn/datenschutz/").status_code == 200


@pytest.mark.django_db
def test_rtl_target_languages_get_right_to_left_translation_boxes(admin_client):
    page = InformationPage.objects.get(locale__language_code="de", slug="kontakt")
    arabic_page = page.get_translation(Locale.objects.get(language_code="ar"))

    content = admin_client.get(reverse("wagtailadmin_pages:edit", args=[arabic_page.pk])).content.decode()

    assert "js-translation-editor" in content
    assert '<script id="portal-rtl-languages" type="application/json">' in content
    assert '"ar"' in content and '"ps"' in content and '"ckb"' in content
    assert "home/translation-editor.js" in content and "home/translation-editor.css" in content


def machine_translator(**environment):
    env = {key: value for key, value in os.environ.items() if key != "DEEPL_API_KEY"}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.test", **environment)
    code = (
        "import django; django.setup()\n"
        "from wagtail_localize.machine_translators import get_machine_translator\n"
        "translator = get_machine_translator()\n"
        "print(translator and translator.get_api_endpoint())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip().splitlines()[-1]


def test_no_machine_translation_without_a_deepl_key():
    assert machine_translator() == "None"


def test_a_deepl_key_enables_deepl():
    assert machine_translator(DEEPL_API_KEY="test-key:fx") == "https://api-free.deepl.com/v2/translate"
