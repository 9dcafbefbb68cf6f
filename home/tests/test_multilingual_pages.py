import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.models import Locale, Page
from wagtail_localize.models import TranslationSource

from home import views
from home.demo import seed_translations
from home.models import ContactSettings, HomePage, InformationPage
from portal.demo import upsert_page

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
RTL = {"ar", "fa-af", "ps", "ckb", "ur"}


def alternates(content):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', content))


def switcher_links(content):
    switcher = re.search(r'<ul class="language-switcher__list">.*?</ul>', content, re.S).group(0)
    return {code: url for url, code in re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', switcher)}


@pytest.fixture
def german_only_page():
    home = HomePage.objects.get(locale__language_code="de")
    page, _changed = upsert_page(
        home, InformationPage, "nur-deutsch", title="Nur auf Deutsch", intro="Noch nicht übersetzt."
    )
    return page


def translated_codes(page):
    return {translation.locale.language_code for translation in page.get_translations(inclusive=True).live()}


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_information_pages_have_the_language_and_direction_of_their_url(client, code):
    content = client.get(f"/{code}/kontakt/").content.decode()

    assert f'<html lang="{code}" dir="{"rtl" if code in RTL else "ltr"}">' in content


def test_hreflang_lists_every_translation_and_german_as_default(client):
    kontakt = InformationPage.objects.get(locale__language_code="de", slug="kontakt")

    links = alternates(client.get("/ar/kontakt/").content.decode())

    assert set(links) == translated_codes(kontakt) | {"x-default"}
    assert links["x-default"] == links["de"] == "http://testserver/de/kontakt/"
    assert links["ar"] == "http://testserver/ar/kontakt/"


def test_hreflang_leaves_out_languages_without_the_page(client, german_only_page):
    links = alternates(client.get("/de/nur-deutsch/").content.decode())

    assert links == {"de": "http://testserver/de/nur-deutsch/", "x-default": "http://testserver/de/nur-deutsch/"}


def test_switcher_leads_to_the_translation_or_marks_the_home_page_fallback(client, german_only_page):
    translated = client.get("/de/kontakt/").content.decode()
    untranslated = client.get("/de/nur-deutsch/").content.decode()

    assert switcher_links(translated)["ar"] == "/ar/kontakt/"
    assert switcher_links(untranslated)["ar"] == "/ar/"
    assert 'class="language-switcher__home"' not in translated
    assert untranslated.count('class="language-switcher__home"') == len(settings.LANGUAGES) - 1


def test_synchronised_links_show_the_visitors_language_and_fall_back_to_german(
    client, django_capture_on_commit_callbacks
):
    kontakt = InformationPage.objects.get(locale__language_code="de", slug="kontakt")
    home = HomePage.objects.get(locale__language_code="de")
    home.call_to_action = kontakt
    home.save_revision().publish()
    source = TranslationSource.objects.get(object_id=home.translation_key, locale=home.locale)
    source.update_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        for translation in source.translations.filter(target_locale__language_code__in=["ar", "kmr"]):
            translation.save_target(publish=True)
    kontakt.get_translation(Locale.objects.get(language_code="kmr")).unpublish()
    assert ContactSettings.load().contact_page_id == kontakt.pk

    arabic = client.get("/ar/").content.decode()
    kurmanji = client.get("/kmr/").content.decode()

    assert 'class="button button--primary" href="/ar/kontakt/"' in arabic
    assert 'href="/ar/kontakt/"' in arabic.split('class="site-footer"')[1]
    assert 'class="button button--primary" href="/de/kontakt/"' in kurmanji
    assert 'href="/de/kontakt/"' in kurmanji.split('class="site-footer"')[1]


def test_sitemap_lists_every_language_version_with_absolute_urls_and_alternates(client):
    live_pages = Page.objects.live().filter(depth__gt=1).count()

    content = client.get("/sitemap.xml").content.decode()

    locations = re.findall(r"<loc>([^<]+)</loc>", content)
    assert len(locations) == live_pages
    assert "http://testserver/ar/kontakt/" in locations and "http://testserver/ps/" in locations
    assert '<xhtml:link rel="alternate" hreflang="ur" href="http://testserver/ur/kontakt/"/>' in content
    assert '<xhtml:link rel="alternate" hreflang="x-default" href="http://testserver/de/kontakt/"/>' in content


def result_titles(content):
    return re.findall(r"<h3><a href=\"[^\"]+\">([^<]+)</a></h3>", content)


@pytest.fixture
def arabic_fixture(django_capture_on_commit_callbacks):
    home = HomePage.objects.get(locale__language_code="de")
    pages = {page.slug: page for page in InformationPage.objects.filter(locale__language_code="de")}
    with django_capture_on_commit_callbacks(execute=True):
        seed_translations(home, pages, io.StringIO(), content_dir=FIXTURES)


def test_search_in_arabic_finds_arabic_pages_only(client, arabic_fixture):
    response = client.get("/ar/suche/", {"q": "موعد"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "اتصلوا بنا" in result_titles(content)
    assert all(re.search(r"[\u0600-\u06ff]", title) for title in result_titles(content))
    assert "<bdi>موعد</bdi>" in content


def test_search_in_german_finds_german_pages(client):
    content = client.get("/de/suche/", {"q": "Teilhabemanagement"}).content.decode()

    assert "Was wir anbieten" in result_titles(content)
    assert "Kontakt" in result_titles(content)
    assert 'lang="de"' in content


def test_search_without_results_says_so_in_the_visitors_language(client):
    content = client.get("/de/suche/", {"q": "Zyxwvut"}).content.decode()

    assert result_titles(content) == []
    assert "0 results for <bdi>Zyxwvut</bdi>" in content or "0 Ergebnisse" in content


def test_a_too_long_search_is_refused_next_to_the_field_and_kept(client):
    query = "Ausbildung " * 10

    response = client.get("/de/suche/", {"q": query})

    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_q_error"' in content and 'aria-invalid="true"' in content
    assert f'value="{query}"' in content
    assert result_titles(content) == []


@pytest.mark.parametrize("page", ["x", "0", "999"])
def test_a_bad_results_page_shows_a_message_and_the_first_results(client, page):
    response = client.get("/de/suche/", {"q": "Aachen", "page": page})

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert result_titles(response.content.decode())


def test_search_results_are_paginated(client, monkeypatch):
    monkeypatch.setattr(views, "RESULTS_PER_PAGE", 2)

    first = client.get("/de/suche/", {"q": "Aachen"}).content.decode()
    second = client.get("/de/suche/", {"q": "Aachen", "page": 2}).content.decode()

    assert len(result_titles(first)) == 2
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert not set(result_titles(first)) & set(result_titles(second))


def test_search_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = client.get("/de/suche/", {"q": "Aachen"})

    assert len(result_titles(response.content.decode())) >= 3
