"""The budget of the public pages: at most 8 SQL queries per page once the caches are warm.

The page cache is off in the tests, so this pins what each page costs when
it is rendered, with the content cache warm (portal/content_cache.py),
whatever the number of courses.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page

from home.models import HomePage, InformationPage
from intake.pages import IntakeFormPage
from providers.models import CourseIndexPage, CoursePage, PartnerPage

pytestmark = pytest.mark.django_db

WARM_QUERY_BUDGET = 8
PAGE_TYPES = [HomePage, InformationPage, CourseIndexPage, PartnerPage, CoursePage, IntakeFormPage]


def page_url(model, language):
    page = model.objects.live().filter(locale=Locale.objects.get(language_code=language)).first()
    assert page is not None, f"{model.__name__} in {language}"
    return page.url


def warm_queries(client, url):
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
def test_a_warm_public_page_takes_at_most_eight_queries(client, model, language):
    response, queries = warm_queries(client, page_url(model, language))

    assert response.status_code == 200
    assert len(queries) <= WARM_QUERY_BUDGET, "\n".join(queries)


@pytest.mark.parametrize("path", ["/de/suche/?q=Deutsch", "/ar/suche/?q=Deutsch", "/de/gibt-es-nicht/"])
def test_search_and_not_found_pages_take_at_most_eight_queries(client, path):
    response, queries = warm_queries(client, path)

    assert response.status_code in (200, 404)
    assert len(queries) <= WARM_QUERY_BUDGET, "\n".join(queries)


def test_the_course_finder_costs_the_same_with_more_courses(client):
    index = CourseIndexPage.objects.live().get(locale__language_code="de")
    _response, before = warm_queries(client, index.url)
    course = CoursePage.objects.live().filter(locale__language_code="de").first()
    for number in range(5):
        copy = course.copy(update_attrs={"slug": f"kopie-{number}", "title": f"Kopie {number}"}, keep_live=True)
        assert copy.live
    _response, after = warm_queries(client, index.url)

    assert len(after) == len(before), "\n".join(after)
    assert Page.objects.type(CoursePage).live().count() > 5
