"""The privacy notice is generated from the form, the retention settings and the controller's contact."""

import pytest
from django.utils import translation

from home.models import ContactSettings
from intake.choices import FIELD_PURPOSES
from intake.forms import IntakeForm
from intake.privacy.notice import collected_data, render

pytestmark = pytest.mark.django_db


def test_every_form_field_is_listed_with_its_purpose():
    form = IntakeForm()

    html = render()

    assert len(collected_data()) == len(form.visible_field_names) == html.count("<tr data-field>")
    for name in form.visible_field_names:
        assert str(form.fields[name].label) in html
        assert str(FIELD_PURPOSES[name]).replace("’", "&#x27;") in html or str(FIELD_PURPOSES[name]) in html


def test_retention_periods_and_contact_come_from_the_settings(settings):
    settings.INTAKE_RETENTION_MONTHS = {**settings.INTAKE_RETENTION_MONTHS, "closed": 4}
    settings.INTAKE_PARTICIPANT_RETENTION_MONTHS = 18
    settings.PROGRAMME_END = "2027-12-31"
    contact = ContactSettings.load()
    contact.email = "datenschutz-test@mail.aachen.de"
    contact.save()

    html = render()

    assert 'data-retention="4"' in html and 'data-retention="18"' in html
    assert "2027-12-31" in html
    assert "datenschutz-test@mail.aachen.de" in html


@pytest.mark.parametrize("language", ["de", "ar", "ps"])
def test_the_privacy_page_shows_the_generated_notice_in_every_language(client, language):
    response = client.get(f"/{language}/datenschutz/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<tr data-field>") == len(IntakeForm().visible_field_names)
    assert f'lang="{language}"' in html


def test_the_form_and_the_footer_link_to_the_privacy_page(client):
    with translation.override("de"):
        html = client.get("/de/anfrage/").content.decode()

    assert html.count('href="/de/datenschutz/"') >= 2
