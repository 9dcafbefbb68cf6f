import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

RTL = {"ar", "fa-af", "ps", "ckb", "ur"}


def html_tag(response):
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_home_page_answers_in_every_language_with_lang_and_direction(client, code):
    response = client.get(f"/{code}/")

    assert response.status_code == 200
    direction = "rtl" if code in RTL else "ltr"
    assert html_tag(response) == f'<html lang="{code}" dir="{direction}">'


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("ar,en;q=0.5", "/ar/"),
        ("ps", "/ps/"),
        ("fa-AF,fa;q=0.9", "/fa-af/"),
        ("en-GB,en;q=0.9", "/en/"),
        ("ja", "/de/"),
        ("", "/de/"),
    ],
)
def test_root_redirects_to_the_best_language(client, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 302
    assert response["Location"] == expected


def test_a_remembered_language_beats_accept_language(client):
    client.get("/ps/")

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert response["Location"] == "/ps/"


def test_language_switcher_names_languages_in_their_own_script(client):
    content = client.get("/de/").content.decode()

    for native_name in ["Deutsch", "العربيّة", "پښتو", "دری", "Kurmancî", "کوردیی ناوەندی", "اردو"]:
        assert native_name in content
