import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from providers.choices import CourseKind
from providers.factories import CoursePageFactory
from providers.forms import CourseFilterForm
from providers.models import CourseIndexPage, CoursePage

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


def days(n):
    return TODAY + datetime.timedelta(days=n)


def titles(queryset):
    return sorted(queryset.values_list("title", flat=True))


def filtered(partner, **params):
    form = CourseFilterForm(params)
    base = CoursePage.objects.listed(Locale.get_default(), TODAY).filter(provider=partner.provider)
    return titles(form.filter(base, today=TODAY))


@pytest.fixture
def courses(partner):
    """Five courses that differ in exactly the facts the finder filters by."""
    CoursePageFactory(
        parent=partner, title="Deutsch für Frauen", funding_module="F4", kind=CourseKind.LANGUAGE,
        women_only=True, childcare=True, ongoing=True, start_date=days(-30), end_date=days(60),
    )  # fmt: skip
    CoursePageFactory(
        parent=partner, title="Gabelstaplerschein", funding_module="F4", kind=CourseKind.QUALIFICATION,
        german_level_required="A2", start_date=days(10), end_date=days(24),
    )  # fmt: skip
    CoursePageFactory(
        parent=partner, title="Fachsprache für Azubis", summary="Berichtsheft und Prüfung", funding_module="F2",
        kind=CourseKind.LANGUAGE, german_level_required="B1", start_date=days(40), end_date=days(200),
    )  # fmt: skip
    CoursePageFactory(
        parent=partner, title="Coaching", funding_module="F1", kind=CourseKind.COACHING, childcare=True,
        ongoing=True, start_date=None, end_date=None,
    )  # fmt: skip
    CoursePageFactory(
        parent=partner, title="Sommerkurs", funding_module="F4", kind=CourseKind.LANGUAGE,
        start_date=days(-60), end_date=days(-1),
    )  # fmt: skip


ALL_CURRENT = ["Coaching", "Deutsch für Frauen", "Fachsprache für Azubis", "Gabelstaplerschein"]


def test_without_filters_every_current_course_is_listed_and_ended_ones_are_not(partner, courses):
    assert filtered(partner) == ALL_CURRENT


def test_a_course_ending_today_is_still_listed_and_vanishes_tomorrow(partner, courses):
    base = CoursePage.objects.filter(provider=partner.provider, title="Sommerkurs")

    assert base.current(days(-1)).exists()
    assert not base.current(TODAY).exists()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"module": "F4"}, ["Deutsch für Frauen", "Gabelstaplerschein"]),
        ({"module": "F1"}, ["Coaching"]),
        ({"kind": "language"}, ["Deutsch für Frauen", "Fachsprache für Azubis"]),
        ({"level": "none"}, ["Coaching", "Deutsch für Frauen"]),
        ({"level": "A2"}, ["Coaching", "Deutsch für Frauen", "Gabelstaplerschein"]),
        ({"level": "C1"}, ALL_CURRENT),
        ({"women_only": "on"}, ["Deutsch für Frauen"]),
        ({"childcare": "on"}, ["Coaching", "Deutsch für Frauen"]),
        # Ongoing courses can be joined at any time, so they always start "within" the weeks.
        ({"weeks": "2"}, ["Coaching", "Deutsch für Frauen", "Gabelstaplerschein"]),
        ({"weeks": "12"}, ALL_CURRENT),
        ({"q": "stapler"}, ["Gabelstaplerschein"]),
        ({"q": "BERICHTSHEFT"}, ["Fachsprache für Azubis"]),
        ({"q": "fachsprache prüfung"}, ["Fachsprache für Azubis"]),
        ({"q": "fachsprache stapler"}, []),
    ],
)
def test_each_filter(partner, courses, params, expected):
    assert filtered(partner, **params) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"module": "F4", "childcare": "on"}, ["Deutsch für Frauen"]),
        ({"kind": "language", "level": "A2"}, ["Deutsch für Frauen"]),
        ({"weeks": "2", "level": "A2", "kind": "qualification"}, ["Gabelstaplerschein"]),
        ({"women_only": "on", "module": "F2"}, []),
        ({"q": "coaching", "childcare": "on", "weeks": "4"}, ["Coaching"]),
    ],
)
def test_filters_combine(partner, courses, params, expected):
    assert filtered(partner, **params) == expected


def test_search_finds_the_partner_by_name(partner, courses):
    assert filtered(partner, q=partner.provider.short_name) == ALL_CURRENT


@pytest.mark.parametrize(
    ("params", "field"),
    [({"level": "Z9"}, "level"), ({"weeks": "3"}, "weeks"), ({"module": "F9"}, "module"), ({"q": "x" * 101}, "q")],
)
def test_invalid_values_are_form_errors_and_the_other_filters_still_apply(partner, courses, params, field):
    form = CourseFilterForm({**params, "childcare": "on"})
    base = CoursePage.objects.listed(Locale.get_default(), TODAY).filter(provider=partner.provider)

    result = titles(form.filter(base, today=TODAY))

    assert field in form.errors
    assert result == ["Coaching", "Deutsch für Frauen"]


def test_unbound_form_leaves_the_list_alone(partner, courses):
    base = CoursePage.objects.listed(Locale.get_default(), TODAY).filter(provider=partner.provider)

    assert titles(CourseFilterForm().filter(base, today=TODAY)) == ALL_CURRENT


def test_finder_page_shows_matches_and_keeps_the_filters(client, partner, courses):
    response = client.get("/de/angebote/", {"q": "Gabelstapler", "level": "A2"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Gabelstaplerschein" in html
    assert "Deutsch für Frauen" not in html
    assert 'value="Gabelstapler"' in html


@pytest.mark.parametrize("query", ["?level=zz&weeks=abc", "?page=abc", "?page=999", "?page=-1", "?foo=bar&module="])
def test_bad_parameters_never_break_the_finder(client, query):
    response = client.get("/de/angebote/" + query)

    assert response.status_code == 200


def test_invalid_filter_is_reported_next_to_the_field(client):
    html = client.get("/de/angebote/", {"level": "zz"}).content.decode()

    assert 'class="finder-field__error" id="id_level_error"' in html
    assert 'aria-describedby="id_level_helptext id_level_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'href="#id_level"' in html


def test_nothing_matches_says_so_and_offers_advice(client):
    html = client.get("/de/angebote/", {"q": "xylophon-kurs-gibt-es-nicht"}).content.decode()

    assert "course-results__empty" in html
    assert "course-advice" in html


def test_out_of_range_page_shows_the_last_page(partner):
    for number in range(12):
        CoursePageFactory(parent=partner, title=f"Seitenkurs {number:02}")
    params = {"q": "Seitenkurs"}

    last = CourseIndexPage.find_courses({**params, "page": "99"}, page_number="99")["courses"]

    assert last.number == 2
    assert [course.title for course in last] == ["Seitenkurs 10", "Seitenkurs 11"]


def test_pagination_links_keep_the_filters(client, partner):
    for number in range(12):
        CoursePageFactory(parent=partner, title=f"Seitenkurs {number:02}")

    html = client.get("/de/angebote/", {"q": "Seitenkurs", "childcare": ""}).content.decode()

    assert 'href="?q=Seitenkurs&amp;childcare=&amp;page=2"' in html


def test_finder_shows_the_translation_and_falls_back_to_german(partner, courses):
    english = Locale.objects.get(language_code="en")
    partner.copy_for_translation(english, copy_parents=True)
    german = CoursePage.objects.get(provider=partner.provider, title="Gabelstaplerschein")
    translation = german.copy_for_translation(english)
    translation.title = "Forklift licence"
    translation.save_revision().publish()

    listed = CoursePage.objects.listed(english, TODAY).filter(provider=partner.provider)

    assert titles(listed) == ["Coaching", "Deutsch für Frauen", "Fachsprache für Azubis", "Forklift licence"]
    assert titles(CoursePage.objects.listed(Locale.get_default(), TODAY).filter(provider=partner.provider)) == (
        ALL_CURRENT
    )


def test_unpublished_translation_does_not_hide_the_german_course(partner, courses):
    english = Locale.objects.get(language_code="en")
    partner.copy_for_translation(english, copy_parents=True)
    german = CoursePage.objects.get(provider=partner.provider, title="Coaching")
    draft = german.copy_for_translation(english)
    draft.title = "Coaching draft"
    draft.live = False
    draft.save()

    listed = CoursePage.objects.listed(english, TODAY).filter(provider=partner.provider)

    assert "Coaching" in titles(listed)
    assert "Coaching draft" not in titles(listed)


def finder_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/de/angebote/", {"module": "F4", "q": "Menge"})
    assert response.status_code == 200
    return len(queries)


def test_finder_query_count_does_not_grow_with_the_number_of_courses(client, partner):
    for _number in range(10):
        CoursePageFactory(parent=partner, title="Mengenkurs")
    client.get("/de/angebote/")  # warm the site and locale caches
    with_ten = finder_queries(client)

    start = timezone.localdate()
    for _number in range(490):
        CoursePageFactory(parent=partner, title="Mengenkurs", start_date=start)
    with_five_hundred = finder_queries(client)

    assert CoursePage.objects.filter(title="Mengenkurs").count() == 500
    assert with_five_hundred == with_ten
