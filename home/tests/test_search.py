"""The site search takes whatever visitors type: punctuation and operators are text, never query syntax.

Runs on the database the suite uses (SQLite's FTS5 by default, PostgreSQL's
full-text search with DATABASE_URL), since each backend has its own syntax.
"""

import re

import pytest

from home.views import search_terms

pytestmark = pytest.mark.django_db

KNOWN_TERM = "Teilhabemanagement"
KNOWN_PAGE = "Was wir anbieten"

PUNCTUATION = ['"', "'", "(", ")", "*", ":", "^", "-", "+", "~", "AND", "OR", "NOT", "NEAR"]
ODD_QUERIES = [
    *PUNCTUATION,
    'a"b',
    '">',
    '"<script>',
    "''",
    '""',
    "a OR",
    "NOT a",
    "NEAR(a b)",
    "a AND OR NOT b",
    "title:Aachen",
    "{title}: x",
    "Aachen*",
    "-Aachen",
    "^Aachen",
    "a & b | !c",
    "a:*",
    "\\",
    "%",
    "100%",
    "😀",
    "👍🏽 Aachen",
    "🇩🇪",
    " ".join(PUNCTUATION),
]


def result_titles(content):
    return re.findall(r"<h3><a href=\"[^\"]+\">([^<]+)</a></h3>", content)


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_punctuation_operators_and_emoji_never_break_the_search(client, query):
    client.raise_request_exception = False

    response = client.get("/de/suche/", {"q": query})

    assert response.status_code == 200, query
    assert 'id="search-results-heading"' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        KNOWN_TERM,
        f'"{KNOWN_TERM}"',
        f'{KNOWN_TERM}"',
        f"'{KNOWN_TERM}'",
        f"({KNOWN_TERM})",
        f"{KNOWN_TERM}:",
        f"{KNOWN_TERM}*",
        f"^{KNOWN_TERM}",
        f"+{KNOWN_TERM}",
        f"~{KNOWN_TERM}",
        f"{KNOWN_TERM}?!",
        f"{KNOWN_TERM} 😀",
    ],
)
def test_real_words_still_find_pages_next_to_punctuation(client, query):
    response = client.get("/de/suche/", {"q": query})

    assert response.status_code == 200
    assert KNOWN_PAGE in result_titles(response.content.decode()), query


def test_the_query_is_shown_as_typed(client):
    content = client.get("/de/suche/", {"q": '"><b>x'}).content.decode()

    assert "<bdi>&quot;&gt;&lt;b&gt;x</bdi>" in content


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ('a"b', ["a", "b"]),
        ("(Ausbildung) AND Arbeit*", ["Ausbildung", "AND", "Arbeit"]),
        ("l'apprentissage", ["l", "apprentissage"]),
        ("😀 ", []),
        ("موعد؟", ["موعد"]),
        ("می‌خواهم", ["می‌خواهم"]),  # Dari and Urdu join word parts with a zero-width non-joiner
        ("কোর্স", ["কোর্স"]),  # Bengali vowel signs are marks, not separators
        ("Straße 12", ["Straße", "12"]),
    ],
)
def test_search_terms_keep_letters_marks_and_digits_only(query, terms):
    assert search_terms(query) == terms
