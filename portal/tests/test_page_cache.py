import pytest
from django.core.cache import cache
from django.test import override_settings
from wagtail.models import Page

from home.models import ContactSettings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache():
    cache.clear()
    with override_settings(PAGE_CACHE_SECONDS=300):
        yield
    cache.clear()


def test_a_second_anonymous_visit_is_served_from_the_cache(client, django_assert_num_queries):
    first = client.get("/de/wer-kann-mitmachen/")

    with django_assert_num_queries(0):
        second = client.get("/de/wer-kann-mitmachen/")

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_publishing_a_page_shows_the_change_at_once(client):
    client.get("/de/wer-kann-mitmachen/")
    page = Page.objects.get(slug="wer-kann-mitmachen", locale__language_code="de").specific
    page.title = "Wer darf mitmachen?"
    page.save_revision().publish()

    response = client.get("/de/wer-kann-mitmachen/")

    assert response["X-Page-Cache"] == "miss"
    assert "Wer darf mitmachen?" in response.content.decode()


def test_a_page_cached_before_the_publication_was_committed_is_dropped_at_the_commit(
    client, django_capture_on_commit_callbacks
):
    page = Page.objects.get(slug="wer-kann-mitmachen", locale__language_code="de").specific
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Wer darf mitmachen?"
        page.save_revision().publish()
        # Another worker serves the page now; outside this transaction it would still read the old rows.
        assert client.get("/de/wer-kann-mitmachen/")["X-Page-Cache"] == "miss"
        assert client.get("/de/wer-kann-mitmachen/")["X-Page-Cache"] == "hit"

    assert client.get("/de/wer-kann-mitmachen/")["X-Page-Cache"] == "miss"


def test_changed_contact_details_show_on_every_cached_page(client):
    client.get("/de/")
    contact = ContactSettings.load()
    contact.phone = "+49 241 555-0100"
    contact.save()

    assert "+49 241 555-0100" in client.get("/de/").content.decode()


def test_signed_in_staff_never_get_cached_pages(client, django_user_model):
    client.get("/de/")
    client.force_login(django_user_model.objects.get(username="admin"))

    response = client.get("/de/")

    assert "X-Page-Cache" not in response


def test_pages_with_a_form_that_posts_are_not_cached(client):
    client.get("/de/anfrage/")

    response = client.get("/de/anfrage/")

    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_the_language_cookie_is_still_set_from_a_cached_page(client):
    client.get("/ps/")
    client.cookies.clear()

    response = client.get("/ps/")

    assert response["X-Page-Cache"] == "hit"
    assert response.cookies["portal_language"].value == "ps"


@override_settings(PAGE_CACHE_SECONDS=0)
def test_the_cache_is_off_without_a_shared_cache(client):
    client.get("/de/")

    assert "X-Page-Cache" not in client.get("/de/")


def test_a_release_s_migrate_starts_a_new_generation():
    from django.core.management import call_command

    from portal.page_cache import current_generation

    before = current_generation()
    call_command("migrate", verbosity=0)

    assert current_generation() != before
