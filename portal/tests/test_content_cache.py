"""The content cache: pages, routes, header and footer kept between requests, dropped on every publish.

The test settings switch it on (one process shares the local-memory cache);
the page cache stays off, so each request is rendered.
"""

import pytest
from django.test import override_settings
from wagtail.models import Locale, PageViewRestriction

from home.models import ContactSettings, InformationPage
from providers.models import CoursePage, PartnerPage

pytestmark = pytest.mark.django_db


def german(model, **filters):
    return model.objects.get(locale__language_code="de", **filters)


@pytest.fixture
def course():
    return CoursePage.objects.live().filter(locale__language_code="de").first()


def test_a_warm_course_page_is_rendered_without_queries(client, course, django_assert_num_queries):
    first = client.get(course.url)

    with django_assert_num_queries(0):
        second = client.get(course.url)

    assert second.status_code == 200
    assert second.content == first.content


def test_a_published_change_shows_at_once_in_the_page_and_in_the_navigation(client, course):
    about = german(InformationPage, slug="wer-kann-mitmachen")
    client.get(course.url)
    client.get(about.url)
    course.title = "Deutsch für den Beruf, neu"
    course.save_revision().publish()
    about.title = "Wer darf mitmachen?"
    about.save_revision().publish()

    course_html = client.get(course.url).content.decode()
    home_html = client.get("/de/").content.decode()

    assert "Deutsch für den Beruf, neu" in course_html
    assert "Wer darf mitmachen?" in home_html  # main navigation


def test_an_unpublished_page_is_gone_at_once(client, course):
    client.get(course.url)

    course.unpublish()

    assert client.get(course.url).status_code == 404


def test_a_moved_page_answers_at_its_new_address_and_the_old_one_redirects(client, course):
    old_url = course.url
    client.get(old_url)
    other_partner = german(PartnerPage, provider__slug="low-tec")

    course.move(other_partner, pos="last-child")
    course.refresh_from_db()

    old_response = client.get(old_url)

    assert course.url != old_url
    assert old_response.status_code == 301
    assert old_response["Location"] == course.url
    assert client.get(course.url).status_code == 200


def test_the_preview_of_a_draft_shows_the_draft_not_the_cached_live_page(client, course):
    site = course.get_site()
    client.get(course.url, HTTP_HOST=site.hostname, SERVER_PORT=site.port)  # the host a preview request has
    course.summary = "Entwurf: neuer Kurstext"

    response = course.make_preview_request()

    assert "Entwurf: neuer Kurstext" in response.content.decode()


def test_changed_contact_details_show_in_the_footer_at_once(client):
    client.get("/de/")
    contact = ContactSettings.load()
    contact.phone = "+49 241 555-0100"
    contact.save()

    assert "+49 241 555-0100" in client.get("/de/").content.decode()


def test_a_view_restriction_applies_at_once(client, course):
    client.get(course.url)

    PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.PASSWORD, password="geheim")
    response = client.get(course.url)

    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert course.summary not in response.content.decode()


def test_each_language_gets_its_own_header(client, course):
    arabic = course.get_translation(Locale.objects.get(language_code="ar"))
    client.get(course.url)

    html = client.get(arabic.url).content.decode()

    assert '<html lang="ar" dir="rtl">' in html
    assert f'<a href="{arabic.url}" hreflang="ar" lang="ar" dir="rtl" aria-current="true"' in html


@override_settings(CONTENT_CACHE_SECONDS=0)
def test_without_a_shared_cache_every_request_works_everything_out(client, course):
    client.get(course.url)
    CoursePage.objects.filter(pk=course.pk).update(summary="Geändert ohne Veröffentlichung")

    assert "Geändert ohne Veröffentlichung" in client.get(course.url).content.decode()


def test_with_the_cache_only_publishing_changes_what_visitors_see(client, course):
    client.get(course.url)
    CoursePage.objects.filter(pk=course.pk).update(summary="Geändert ohne Veröffentlichung")

    assert "Geändert ohne Veröffentlichung" not in client.get(course.url).content.decode()
