import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, Page

from home.models import ContactSettings
from providers.factories import CoursePageFactory
from providers.models import CourseIndexPage, CoursePage, PartnerPage, Provider

pytestmark = pytest.mark.django_db


def json_ld(html):
    """Every JSON-LD block of a page, parsed."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return [json.loads(block) for block in blocks]


@pytest.fixture
def appointment_page():
    page = Page.objects.get(locale=Locale.get_default(), slug="kontakt")
    contact = ContactSettings.load()
    contact.appointment_page = page
    contact.save()
    return page


def test_demo_content_has_an_overview_every_partner_and_at_least_fifteen_courses():
    index = CourseIndexPage.objects.get(locale=Locale.get_default())

    assert index.slug == "angebote" and index.live and index.show_in_menus
    assert set(PartnerPage.objects.filter(locale=index.locale).values_list("provider__slug", flat=True)) == set(
        Provider.objects.values_list("slug", flat=True)
    )
    courses = CoursePage.objects.filter(locale=index.locale).live()
    assert courses.count() >= 15
    assert courses.filter(end_date__lt=timezone.localdate()).exists(), "one ended course shows the rule"
    assert courses.filter(ongoing=True).exists()
    assert courses.filter(start_date__gt=timezone.localdate()).exists()


def test_courses_take_their_provider_from_the_partner_page(partner):
    course = CoursePageFactory(parent=partner)

    assert course.provider == partner.provider


def test_course_page_shows_its_facts_and_links_to_an_appointment_about_it(client, partner, appointment_page):
    course = CoursePageFactory(
        parent=partner, title="Deutsch A2", german_level_required="A1", women_only=True, schedule="Mo 9–12 Uhr"
    )

    html = client.get(course.url).content.decode()

    assert "Deutsch A2" in html
    assert "Mo 9–12 Uhr" in html
    assert f'href="{appointment_page.url}?course={course.pk}"' in html
    assert "course__ended" not in html


def test_translated_course_links_to_the_appointment_with_the_german_course_id(client, partner, appointment_page):
    course = CoursePageFactory(parent=partner)
    english = Locale.objects.get(language_code="en")
    partner.copy_for_translation(english, copy_parents=True)
    translation = course.copy_for_translation(english)
    translation.save_revision().publish()

    response = client.get(translation.url)

    assert response.status_code == 200
    assert f"?course={course.pk}" in response.content.decode()
    assert translation.slug == course.slug
    assert translation.provider == course.provider


def test_ended_course_says_so_on_its_own_page_and_leaves_the_lists(client, partner, appointment_page):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    course = CoursePageFactory(
        parent=partner,
        title="Vergangener Kurs",
        start_date=yesterday - datetime.timedelta(days=30),
        end_date=yesterday,
    )

    page_html = client.get(course.url).content.decode()
    partner_html = client.get(partner.url).content.decode()
    finder_html = client.get("/de/angebote/", {"q": "Vergangener"}).content.decode()

    assert "course__ended" in page_html
    assert "?course=" not in page_html
    assert "Vergangener Kurs" not in partner_html
    assert "Vergangener Kurs" not in finder_html


@pytest.mark.parametrize(
    ("end_date", "ended"),
    [(None, False), (datetime.date(2026, 3, 2), False), (datetime.date(2026, 3, 1), True)],
)
def test_a_course_has_ended_the_day_after_its_end_date(end_date, ended):
    today = datetime.date(2026, 3, 2)
    assert CoursePage(end_date=end_date).is_ended(today) is ended


def test_course_validation_rejects_impossible_dates(partner):
    course = CoursePage(title="x", summary="x", funding_module="F4", kind="language", ongoing=False)

    with pytest.raises(Exception) as error:
        course.clean()
    assert "start_date" in error.value.message_dict

    course.start_date = timezone.localdate()
    course.end_date = course.start_date - datetime.timedelta(days=1)
    with pytest.raises(Exception) as error:
        course.clean()
    assert "end_date" in error.value.message_dict


def test_course_json_ld_is_a_course_with_an_instance(client, partner):
    course = CoursePageFactory(parent=partner, title="Deutsch B1", german_level_required="A2", location_name="VHS")

    (data,) = json_ld(client.get(course.url).content.decode())

    assert data["@type"] == "Course"
    assert data["name"] == "Deutsch B1"
    assert data["provider"]["name"] == partner.provider.name
    assert data["isAccessibleForFree"] is True
    (instance,) = data["hasCourseInstance"]
    assert instance["@type"] == "CourseInstance"
    assert instance["startDate"] == course.start_date.isoformat()
    assert instance["location"]["name"] == "VHS"


def test_json_ld_cannot_be_broken_out_of(client, partner):
    evil = "</script><script>alert(1)</script> & <b>"
    course = CoursePageFactory(parent=partner, title=evil, summary=evil)

    html = client.get(course.url).content.decode()

    assert "<script>alert(1)" not in html
    (data,) = json_ld(html)
    assert data["name"] == evil


def test_partner_json_ld_is_an_organization(client):
    partner = PartnerPage.objects.get(locale=Locale.get_default(), slug="low-tec")

    (data,) = json_ld(client.get(partner.url).content.decode())

    assert data["@type"] == "Organization"
    assert data["name"] == partner.provider.name
    assert data["sameAs"] == [partner.provider.website]


def test_partner_page_lists_its_current_courses(client, partner):
    CoursePageFactory(parent=partner, title="Unser Kurs")

    html = client.get(partner.url).content.decode()

    assert "Unser Kurs" in html


def test_partner_page_query_count_does_not_grow_with_its_courses(client, partner):
    CoursePageFactory(parent=partner)
    client.get(partner.url)  # warm the site and locale caches
    with CaptureQueriesContext(connection) as with_one:
        client.get(partner.url)
    for _number in range(5):
        CoursePageFactory(parent=partner)

    with CaptureQueriesContext(connection) as with_six:
        html = client.get(partner.url).content.decode()

    assert html.count('class="course-card"') == 6
    assert len(with_six) == len(with_one)


def test_course_pages_are_in_the_sitemap(client, partner):
    course = CoursePageFactory(parent=partner)

    xml = client.get("/sitemap.xml").content.decode()

    assert f"{course.url}</loc>" in xml
    for language in ("de", "en", "ar"):
        assert f"/{language}/angebote/low-tec/jugendintegrationskurs/</loc>" in xml


@pytest.mark.parametrize("username", ["admin", "city"])
def test_city_staff_manage_providers_in_the_admin(client, django_user_model, username):
    client.force_login(django_user_model.objects.get(username=username))
    provider = Provider.objects.get(slug="low-tec")

    listing = client.get("/admin/providers/provider/", {"q": "low-tec"})
    filtered = client.get("/admin/providers/provider/", {"offers_participation_management__exact": "1"})
    by_module = client.get("/admin/providers/provider/", {"module": "F1"})
    inspect = client.get(f"/admin/providers/provider/inspect/{provider.pk}/")

    assert listing.status_code == 200 and "low-tec" in listing.content.decode()
    assert filtered.status_code == 200 and "QualiTec" in filtered.content.decode()
    assert "Picco Bella" not in filtered.content.decode()
    # The listed rows, not the whole page: the admin menu names the request queues (e.g. QualiTec's).
    by_module_names = " ".join(provider.name for provider in by_module.context["object_list"])
    assert "Picco Bella" in by_module_names and "QualiTec" not in by_module_names
    assert inspect.status_code == 200 and provider.website in inspect.content.decode()


def test_partner_editors_cannot_manage_providers(client, django_user_model):
    client.force_login(django_user_model.objects.get(username="editor-vhs"))

    assert client.get("/admin/providers/provider/").status_code in (302, 403)
