import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.models import Locale, Revision
from wagtail_localize.models import StringTranslation, Translation

from home.demo import CONTENT_DIR, load_content, seed_translations
from home.models import HomePage, InformationPage
from portal.translation import publish_translation, segment_translations, text_segments

FIXTURES = Path(__file__).parent / "fixtures"


def german(slug):
    return InformationPage.objects.get(locale__language_code="de", slug=slug)


def test_rich_text_splits_into_paragraphs_and_list_items():
    assert text_segments("<ul><li>eins</li><li><b>zwei</b> Wörter</li></ul><p>drei &amp; vier</p>") == [
        "eins",
        "<b>zwei</b> Wörter",
        "drei &amp; vier",
    ]
    assert text_segments("Fragen & Antworten") == ["Fragen &amp; Antworten"]


def test_segments_pair_up_by_place_and_skip_what_is_not_translated():
    source = {"title": "Kontakt", "body": [["heading", "Termin"], ["paragraph", "<p>Eins</p><p>Zwei</p>"]], "x": "y"}
    translated = {"title": "Contact", "body": [["heading", "Appointment"], ["paragraph", "<p>One</p><p>Two</p>"]]}

    pairs = segment_translations(source, translated)

    assert pairs["Kontakt"] == "Contact"
    assert pairs["Termin"] == "Appointment"
    assert pairs["Zwei"] == "Two"
    assert "y" not in pairs


def test_a_translation_with_a_different_structure_is_refused_with_its_place():
    with pytest.raises(ValueError, match=r"kontakt\.body\[1\]\[1\]: 2 paragraphs or list items, translation has 1"):
        segment_translations(
            {"body": [["heading", "A"], ["paragraph", "<p>B</p><p>C</p>"]]},
            {"body": [["heading", "A"], ["paragraph", "<p>B und C</p>"]]},
            "kontakt",
        )


@pytest.mark.django_db
def test_publishing_a_translation_goes_through_wagtail_localize_and_keeps_the_slug(django_capture_on_commit_callbacks):
    page = german("kontakt")
    arabic = Locale.objects.get(language_code="ar")
    strings = {"Kontakt": "اتصلوا بنا", "Termin anfragen": "طلب موعد"}

    with django_capture_on_commit_callbacks(execute=True):
        translated, changed = publish_translation(page, arabic, strings)

    translated.refresh_from_db()
    assert changed
    assert translated.live and translated.title == "اتصلوا بنا" and translated.slug == "kontakt"
    assert translated.url == "/ar/kontakt/"
    translation = Translation.objects.get(source__object_id=page.translation_key, target_locale=arabic)
    assert StringTranslation.objects.filter(locale=arabic, data="طلب موعد", context__object=translation.source.object)


@pytest.mark.django_db
def test_publishing_the_same_translation_again_changes_nothing(django_capture_on_commit_callbacks):
    page = german("freiwillig")
    serbian = Locale.objects.get(language_code="sr")
    with django_capture_on_commit_callbacks(execute=True):
        publish_translation(page, serbian, {"Freiwillig und ohne Nachteile": "Добровољно"})
    revisions = Revision.objects.count()

    _translated, changed = publish_translation(page, serbian, {"Freiwillig und ohne Nachteile": "Добровољно"})

    assert not changed
    assert Revision.objects.count() == revisions


@pytest.mark.django_db
def test_seeding_reads_a_translation_file_and_skips_missing_languages(django_capture_on_commit_callbacks):
    home = HomePage.objects.get(locale__language_code="de")
    pages = {page.slug: page for page in InformationPage.objects.filter(locale__language_code="de")}
    stdout = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        languages = seed_translations(home, pages, stdout, content_dir=FIXTURES)

    assert languages == ["ar"]
    contact = pages["kontakt"].get_translation(Locale.objects.get(language_code="ar"))
    contact.refresh_from_db()
    assert contact.title == "اتصلوا بنا"
    assert contact.specific.body[5].value.source.count("<li>") == 3
    assert stdout.getvalue() == ""


def delivered_languages():
    return [code for code, _name in settings.LANGUAGES if (CONTENT_DIR / f"{code}.json").exists() and code != "de"]


@pytest.mark.parametrize("code", delivered_languages())
def test_every_delivered_demo_translation_matches_the_german_structure(code):
    source = load_content("de")
    with open(CONTENT_DIR / f"{code}.json", encoding="utf-8") as content_file:
        translated = json.load(content_file)

    assert [page["slug"] for page in translated["pages"]] == [page["slug"] for page in source["pages"]]
    segment_translations(source["home"], translated["home"], f"{code}.json home")
    for page, translated_page in zip(source["pages"], translated["pages"], strict=True):
        segment_translations(page, translated_page, f"{code}.json {page['slug']}")


@pytest.mark.django_db
@pytest.mark.parametrize("code", delivered_languages())
def test_demo_pages_are_really_translated(client, code):
    source = german("kontakt")
    translated = source.get_translation(Locale.objects.get(language_code=code)).specific

    content = client.get(f"/{code}/kontakt/").content.decode()

    assert translated.intro != source.intro
    assert translated.intro in content
