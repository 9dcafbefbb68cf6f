"""The site search, one per language: ``/<lang>/suche/?q=``."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from home.forms import SearchForm

RESULTS_PER_PAGE = 10


def search_pages(query, locale):
    """Live, public pages in ``locale`` that match ``query``, best first.

    Wagtail's database backend uses PostgreSQL's full-text search on
    PostgreSQL and SQLite's FTS5 otherwise.
    """
    return Page.objects.live().public().filter(locale=locale).specific().search(query)


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
