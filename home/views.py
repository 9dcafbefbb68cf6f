"""The site search, one per language: ``/<lang>/suche/?q=``."""

import unicodedata

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from home.forms import SearchForm

RESULTS_PER_PAGE = 10

# Zero-width (non-)joiners belong inside Dari, Pashto and Urdu words.
WORD_JOINERS = {"\u200c", "\u200d"}


def search_terms(text):
    """The words in what a visitor typed: letters, combining marks and digits, split at everything else.

    Punctuation, symbols and emoji never reach the database, where each
    backend would read some of them as query syntax (SQLite's FTS5 fails on a
    lone ``"``). Both backends' tokenizers drop them from the indexed text
    too, so a word matches the same with or without them around it.
    """
    kept = (char if unicodedata.category(char)[0] in "LMN" or char in WORD_JOINERS else " " for char in text)
    return "".join(kept).split()


def search_pages(query, locale):
    """Live, public pages in ``locale`` that contain every word of ``query``, best first.

    Wagtail's database backend uses PostgreSQL's full-text search on
    PostgreSQL and SQLite's FTS5 otherwise; it gets only the words
    (``search_terms``), which it quotes one by one.
    """
    terms = search_terms(query)
    if not terms:
        return []
    return Page.objects.live().public().filter(locale=locale).specific().search(" ".join(terms), operator="and")


def search(request):
    form = SearchForm(request.GET)
    context = {"form": form, "query": "", "results": None, "page_error": ""}
    if form.is_valid() and form.cleaned_data["q"].strip():
        query = form.cleaned_data["q"].strip()
        paginator = Paginator(search_pages(query, Locale.get_active()), RESULTS_PER_PAGE)
        try:
            results = paginator.page(request.GET.get("page") or 1)
        except (PageNotAnInteger, EmptyPage):
            results = paginator.page(1)
            context["page_error"] = _("This page of results does not exist. Here are the first results.")
        context.update(query=query, results=results)
    return render(request, "home/search.html", context)
