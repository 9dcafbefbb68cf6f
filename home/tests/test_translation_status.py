import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from home.models import HomePage, InformationPage
from home.translation_status import Status, mark_minor_change, page_statuses, untranslated_segments
from portal.demo import upsert_page
from portal.translation import publish_translation

pytestmark = pytest.mark.django_db

STRINGS = {
    "Sprechstunde": "ساعات الاستشارة",
    "Jeden Dienstag beraten wir ohne Termin.": "كل يوم ثلاثاء نقدم الاستشارة بدون موعد.",
    "Bitte bringen Sie Ihren Ausweis mit.": "يرجى إحضار بطاقة الهوية.",
}


@pytest.fixture
def arabic():
    return Locale.objects.get(language_code="ar")


@pytest.fixture
def page():
    home = HomePage.objects.get(locale__language_code="de")
    page, _changed = upsert_page(
        home,
        InformationPage,
        "sprechstunde",
        title="Sprechstunde",
        intro="Jeden Dienstag beraten wir ohne Termin.",
        body=[("paragraph", "<p>Bitte bringen Sie Ihren Ausweis mit.</p>")],
    )
    return page


def status(page, locale):
    page = Page.objects.get(pk=page.pk)
    (page_status,) = page_statuses([page], [locale])
    (language,) = page_status.languages
    return language


def publish_german(page, **fields):
    page = InformationPage.objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


def sync(page, locale, capture):
    """What "Sync translated pages" in wagtail-localize does, publishing the translation."""
    source = TranslationSource.objects.get(object_id=page.translation_key, locale=page.locale)
    source.update_from_db()
    with capture(execute=True):
        Translation.objects.get(source=source, target_locale=locale).save_target(publish=True)


def test_missing_then_up_to_date_then_outdated_then_up_to_date_after_sync(
    page, arabic, django_capture_on_commit_callbacks
):
    assert status(page, arabic).status == Status.MISSING

    publish_translation(page, arabic, STRINGS)
    assert status(page, arabic).status == Status.UP_TO_DATE
    assert status(page, arabic).untranslated == 0

    publish_german(page, intro="Jeden Dienstag und Donnerstag beraten wir ohne Termin.")
    assert status(page, arabic).status == Status.OUTDATED

    sync(page, arabic, django_capture_on_commit_callbacks)
    language = status(page, arabic)
    assert language.status == Status.UP_TO_DATE
    assert language.untranslated == 1
    assert [segment.string.data for segment in untranslated_segments(language.translation)] == [
        "Jeden Dienstag und Donnerstag beraten wir ohne Termin."
    ]


def test_a_synced_source_flags_translations_that_were_not_saved_again(page, arabic):
    publish_translation(page, arabic, STRINGS)
    publish_german(page, title="Offene Sprechstunde")

    TranslationSource.objects.get(object_id=page.translation_key, locale=page.locale).update_from_db()

    assert status(page, arabic).status == Status.OUTDATED


def test_a_minor_change_does_not_flag_translations_and_keeps_their_text(page, arabic):
    publish_translation(page, arabic, STRINGS)
    block_id = InformationPage.objects.get(pk=page.pk).body[0].id
    corrected = "<p>Bitte bringen Sie Ihren Ausweis mit!</p>"
    publish_german(page, body=[{"type": "paragraph", "value": corrected, "id": block_id}])
    assert status(page, arabic).status == Status.OUTDATED

    assert mark_minor_change(page)

    language = status(page, arabic)
    assert language.status == Status.UP_TO_DATE
    assert language.untranslated == 0
    assert StringTranslation.objects.get(
        locale=arabic, translation_of__data="Bitte bringen Sie Ihren Ausweis mit!"
    ).data == ("يرجى إحضار بطاقة الهوية.")


def test_a_minor_change_leaves_outdated_translations_outdated(page, arabic):
    publish_translation(page, arabic, STRINGS)
    publish_german(page, intro="Neue Zeiten: Dienstag und Donnerstag.")
    TranslationSource.objects.get(object_id=page.translation_key, locale=page.locale).update_from_db()
    publish_german(page, title="Sprechstunde!")

    mark_minor_change(page)

    assert status(page, arabic).status == Status.OUTDATED


def test_status_of_all_pages_takes_a_fixed_number_of_queries(django_assert_max_num_queries):
    pages = list(Page.objects.filter(locale__language_code="de", depth__gt=1))
    locales = list(Locale.objects.exclude(language_code="de"))

    with django_assert_max_num_queries(5):
        statuses = page_statuses(pages, locales)

    assert len(statuses) == len(pages)
    assert all(len(row.languages) == len(locales) for row in statuses)


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def test_the_report_lists_pages_and_languages_for_translators(admin_client, page, arabic):
    publish_translation(page, arabic, STRINGS)
    order = list(
        Page.objects.filter(locale=page.locale, depth__gt=1).live().order_by("path").values_list("pk", flat=True)
    )

    response = admin_client.get(reverse("translation_status"), {"p": order.index(page.pk) // 25 + 1})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Sprechstunde" in content
    assert "status-up-to-date" in content and "status-missing" in content


def test_the_report_is_in_the_reports_menu_only_for_translators(client, admin_client):
    assert reverse("translation_status") in admin_client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(get_user_model().objects.get(username="editor-vhs"))

    assert client.get(reverse("translation_status")).status_code in (302, 403)


def test_marking_a_change_as_minor_from_the_report(admin_client, page, arabic):
    publish_translation(page, arabic, STRINGS)
    publish_german(page, title="Sprechstunde.")

    response = admin_client.post(reverse("translation_status_minor", args=[page.pk]), follow=True)

    assert response.status_code == 200
    assert "marked as minor" in response.content.decode()
    assert status(page, arabic).status == Status.UP_TO_DATE


def test_untranslated_segments_are_listed(admin_client, page, arabic):
    publish_translation(page, arabic, {"Sprechstunde": "ساعات الاستشارة"})
    translation = Translation.objects.get(source__object_id=page.translation_key, target_locale=arabic)

    response = admin_client.get(reverse("translation_status_untranslated", args=[translation.pk]))

    assert "Bitte bringen Sie Ihren Ausweis mit." in response.content.decode()
    assert '<td dir="auto">Sprechstunde</td>' not in response.content.decode()
