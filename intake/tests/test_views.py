"""The form page and its confirmation, through the browser's eyes (without a browser)."""

import re

import pytest
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.html import escape

from intake import ratelimit
from intake.choices import CONSENT_TEXT, CONSENT_VERSION
from intake.forms import SEND_AGAIN, course_choices, sign_timestamp
from intake.models import IntakeRequest, Queue
from intake.privacy.subject_rights import access_report
from intake.tests.conftest import valid_data
from providers.models import CoursePage

pytestmark = pytest.mark.django_db

TOKEN = "6f1c1b0e-6a5e-4f0b-9d2b-6a1f9b3c0d11"
WITHIN_DAYS = (
    "We will contact you within %(days)s working day to arrange a first conversation.",
    "We will contact you within %(days)s working days to arrange a first conversation.",
)
VOLUNTARY = (
    "Taking part is voluntary. It brings you no financial disadvantage and no disadvantage for your residence status."
)
OUTSIDE_CITY = (
    "You live outside the City of Aachen. Our staff will check which office is responsible for you and tell you."
)


def german(message):
    """A UI string as a German visitor reads it (the English msgid until the catalogue translates it)."""
    with translation.override("de"):
        return translation.gettext(str(message))


def german_plural(messages, count):
    with translation.override("de"):
        return translation.ngettext(*messages, count) % {"days": count}


def post(client, url="/de/anfrage/", **overrides):
    return client.post(url, valid_data(**overrides))


def test_form_page_asks_nothing_before_saying_participation_is_voluntary(client, form_page):
    response = client.get("/de/anfrage/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert html.index("Die Teilnahme ist freiwillig") < html.index("<input")
    assert "novalidate" in html
    for name in ("given_name", "family_name", "phone", "email", "contact_channel", "languages", "topics"):
        assert f'name="{name}"' in html
    for name in ("residence_status", "birth_year", "postcode", "message", "consent", "submission_token"):
        assert f'name="{name}"' in html
    assert 'type="tel"' in html and 'autocomplete="tel"' in html
    assert 'inputmode="numeric"' in html
    assert html.count("<fieldset") >= 7  # four sections and the choice groups
    assert f"<title>{german('Error:')}" not in html


def test_every_rendering_carries_a_new_one_time_token(client, form_page):
    tokens = [
        re.search(r'name="submission_token" value="([^"]+)"', client.get("/de/anfrage/").content.decode()).group(1)
        for _i in range(2)
    ]

    assert tokens[0] != tokens[1]


def test_valid_request_is_stored_and_redirects_to_its_confirmation(client, form_page):
    response = post(client)

    intake_request = IntakeRequest.objects.get(submission_token=TOKEN)
    assert response.status_code == 303
    assert response["Location"] == f"/de/anfrage/done/{intake_request.public_id}/"
    assert "Amina" not in response["Location"] and "0176" not in response["Location"]
    assert intake_request.phone.as_e164 == "+491761234567"
    assert intake_request.languages == ["ar", "de"]
    assert intake_request.status == "new"
    assert list(intake_request.status_changes.values_list("old_status", "new_status")) == [("", "new")]
    assert intake_request.routing_decisions.get().queue == intake_request.queue
    assert re.fullmatch(r"DA-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}", intake_request.reference)


def test_consent_is_recorded_with_version_language_text_and_time(client, form_page):
    before = timezone.now()
    post(client)

    intake_request = IntakeRequest.objects.get(submission_token=TOKEN)
    assert intake_request.consent_version == CONSENT_VERSION
    assert intake_request.consent_language == "de"
    assert intake_request.consent_text == german(CONSENT_TEXT)
    assert before <= intake_request.consented_at <= timezone.now()


def test_confirmation_shows_reference_next_steps_provider_and_voluntariness(client, form_page):
    response = client.get(post(client)["Location"])
    html = response.content.decode()
    intake_request = IntakeRequest.objects.select_related("queue__provider").get(submission_token=TOKEN)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert intake_request.reference in html
    assert "Vielen Dank" in html
    assert escape(german_plural(WITHIN_DAYS, 3)) in html
    assert intake_request.queue.provider.name in html
    assert escape(german(VOLUNTARY)) in html
    assert "Amina" not in html and "1234567" not in html


def test_a_repeated_post_with_the_same_token_shows_the_same_confirmation(client, form_page):
    first = post(client)
    second = post(client, given_name="Amina (again)")

    assert second.status_code == 303
    assert second["Location"] == first["Location"]
    assert IntakeRequest.objects.filter(submission_token=TOKEN).count() == 1
    assert IntakeRequest.objects.get(submission_token=TOKEN).given_name == "Amina"


def test_a_repeated_post_finds_its_request_even_when_the_cache_has_forgotten_the_token(client, form_page):
    first = post(client)
    cache.clear()
    second = post(client, given_name="Amina (again)")

    assert second["Location"] == first["Location"]
    assert IntakeRequest.objects.filter(submission_token=TOKEN).count() == 1


def test_a_repeated_post_asks_the_database_nothing(client, form_page, django_assert_num_queries):
    first = post(client)

    with django_assert_num_queries(0):
        second = post(client)

    assert second["Location"] == first["Location"]


def test_errors_are_summarised_on_top_shown_beside_fields_and_nothing_entered_is_lost(client, form_page):
    response = post(client, given_name="", birth_year="neunzehn", message="Bitte rufen Sie abends an.")
    html = response.content.decode()

    assert response.status_code == 200
    assert html.count(f"<title>{escape(german('Error:'))} ") == 1
    summary = html[html.index('class="error-summary"') : html.index("</ul>", html.index('class="error-summary"'))]
    assert 'href="#id_given_name"' in summary and 'href="#id_birth_year"' in summary
    assert 'id="id_given_name-error"' in html
    assert 'value="neunzehn"' in html
    assert "Bitte rufen Sie abends an." in html
    assert 'value="ar" checked' in html or re.search(r'value="ar"[^>]*checked', html)
    assert not IntakeRequest.objects.filter(submission_token=TOKEN).exists()


def test_group_errors_link_to_their_first_option(client, form_page):
    html = post(client, topics=[]).content.decode()

    assert 'href="#id_topics_0"' in html
    assert 'id="id_topics_0"' in html


def test_html_in_text_fields_is_shown_escaped(client, form_page):
    html = post(client, given_name="<script>alert(1)</script>", family_name="x" * 101).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_honeypot_stores_nothing(client, form_page):
    response = post(client, website="http://spam.example")

    assert response.status_code == 200
    assert not IntakeRequest.objects.filter(submission_token=TOKEN).exists()


def test_a_form_sent_too_fast_keeps_the_data_and_asks_to_send_again(client, form_page):
    response = post(client, form_started=sign_timestamp())
    html = response.content.decode()

    assert response.status_code == 200
    assert escape(german(SEND_AGAIN)) in html
    assert 'value="Amina"' in html
    assert not IntakeRequest.objects.filter(submission_token=TOKEN).exists()


def test_more_than_three_requests_for_one_phone_number_a_day_get_a_429(client, form_page):
    tokens = [f"6f1c1b0e-6a5e-4f0b-9d2b-6a1f9b3c0d2{index}" for index in range(4)]
    statuses = [post(client, submission_token=token).status_code for token in tokens]

    response = post(client, submission_token="6f1c1b0e-6a5e-4f0b-9d2b-6a1f9b3c0d30")
    assert statuses == [303, 303, 303, 429]
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    assert escape(german("Too many requests")) in response.content.decode()
    assert IntakeRequest.objects.filter(phone="+491761234567").count() == 3


def test_a_busy_shared_address_is_limited_per_hour(client, form_page, monkeypatch):
    monkeypatch.setattr(ratelimit, "PER_ADDRESS", ratelimit.Limit("address", 2, 60 * 60))
    statuses = [
        post(
            client, submission_token=f"6f1c1b0e-6a5e-4f0b-9d2b-6a1f9b3c0d4{index}", phone=f"0176 123456{index}"
        ).status_code
        for index in range(3)
    ]

    assert statuses == [303, 303, 429]


def test_a_repeated_token_is_not_counted_against_the_limit(client, form_page):
    statuses = [post(client).status_code for _i in range(5)]

    assert statuses == [303] * 5


def test_outside_the_city_is_accepted_flagged_and_explained(client, form_page):
    response = client.get(post(client, postcode="52146")["Location"])

    intake_request = IntakeRequest.objects.get(submission_token=TOKEN)
    assert intake_request.is_outside_city
    assert escape(german(OUTSIDE_CITY)) in response.content.decode()


@pytest.mark.parametrize(("age", "flagged"), [(16, True), (17, True), (18, False), (27, False), (28, True), (45, True)])
def test_other_ages_are_accepted_and_flagged(client, form_page, age, flagged):
    post(client, birth_year=str(timezone.localdate().year - age))

    assert IntakeRequest.objects.get(submission_token=TOKEN).is_age_outside_target is flagged


def test_confirmation_on_the_waitlist_names_the_city_as_contact(client, form_page):
    from providers.models import Provider

    Provider.objects.update(caseload_capacity_override=0)

    response = client.get(post(client)["Location"])

    assert IntakeRequest.objects.get(submission_token=TOKEN).queue == Queue.objects.waitlist()
    assert "Hackländerstraße" in response.content.decode()


def test_request_and_confirmation_in_arabic(client, arabic_form_page):
    response = post(client, url="/ar/anfrage/")

    intake_request = IntakeRequest.objects.get(submission_token=TOKEN)
    assert response["Location"] == f"/ar/anfrage/done/{intake_request.public_id}/"
    assert intake_request.language == intake_request.consent_language == "ar"
    html = client.get(response["Location"]).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert f'<strong dir="ltr" class="intake-reference__code">{intake_request.reference}</strong>' in html


def test_arabic_form_with_a_mistake_is_shown_right_to_left_with_the_error(client, arabic_form_page):
    html = post(client, url="/ar/anfrage/", phone="12").content.decode()

    assert '<html lang="ar" dir="rtl">' in html
    assert 'href="#id_phone"' in html


def test_unknown_confirmation_is_not_found(client, form_page):
    assert client.get("/de/anfrage/done/00000000-0000-4000-8000-000000000000/").status_code == 404


def test_course_is_preselected_from_the_course_page_link(client, form_page):
    course_id, _title = course_choices()[0]

    html = client.get(f"/de/anfrage/?course={course_id}").content.decode()

    assert re.search(rf'<option value="{course_id}" selected>', html)


def test_a_german_course_link_preselects_the_course_in_the_visitor_s_language(client, form_page, arabic_form_page):
    with translation.override("ar"):
        arabic_ids = [pk for pk, _title in course_choices()]
    arabic_course = CoursePage.objects.filter(pk__in=arabic_ids, locale__language_code="ar").first()
    if arabic_course is None:
        pytest.skip("The demo content has no Arabic course translation.")
    german_course = arabic_course.get_translation(form_page.locale)

    html = client.get(f"/ar/anfrage/?course={german_course.pk}").content.decode()

    assert re.search(rf'<option value="{arabic_course.pk}" selected>', html)
    assert f'<option value="{german_course.pk}"' not in html


def test_a_link_to_a_page_that_is_no_listed_course_preselects_nothing(client, form_page):
    html = client.get(f"/de/anfrage/?course={form_page.pk}").content.decode()

    course_list = html.split('name="course"', 1)[1].split("</select>", 1)[0]
    assert course_list.count(" selected>") == 1
    assert '<option value="" selected>' in course_list


def test_a_chosen_course_is_stored_with_the_request(client, form_page):
    course_id, _title = course_choices()[0]

    post(client, course=str(course_id))

    intake_request = IntakeRequest.objects.get(submission_token=TOKEN)
    assert intake_request.course_id == course_id
    fields = {field["field"]: field["value"] for field in access_report(intake_request)["requests"][0]["fields"]}
    assert fields["course"] == str(CoursePage.objects.get(pk=course_id))


def test_a_course_taken_offline_leaves_the_form_s_course_list_at_once(client, form_page):
    course = CoursePage.objects.get(pk=course_choices()[0][0])
    assert f'<option value="{course.pk}"' in client.get("/de/anfrage/").content.decode()

    course.unpublish()

    assert f'<option value="{course.pk}"' not in client.get("/de/anfrage/").content.decode()
    html = post(client, course=str(course.pk)).content.decode()
    assert escape(german("Please choose a course from the list.")) in html
    assert not IntakeRequest.objects.filter(submission_token=TOKEN).exists()
