"""The admin report: who sees which figures, the downloads and their small-number suppression, the charts."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from intake.models import IntakeRequest, Queue, QuotaTarget, StatusChange
from intake.reporting.charts import bar_chart
from intake.workflow import Status

pytestmark = pytest.mark.django_db

URL = "/admin/intake/report/"
TARGETS_URL = "/admin/intake/quota-targets/"
LOWTEC = "low-tec gemeinnützige Arbeitsmarktförderungsgesellschaft Düren mbH"
QUALITEC = "QualiTec GmbH"


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def admitted(slug, number, residence_status="duldung"):
    """``number`` persons admitted in 2023 into the queue of provider ``slug``."""
    queue = Queue.objects.get(provider__slug=slug)
    when = datetime(2023, 6, 1, 12, tzinfo=ZoneInfo("Europe/Berlin"))
    for _index in range(number):
        request = IntakeRequest.objects.create(queue=queue, source="invitation", residence_status=residence_status)
        StatusChange.objects.create(request=request, old_status="", new_status=Status.NEW, effective_at=when)
        request.transition(Status.APPEARED, effective_at=when)
        request.transition(Status.ADMITTED, effective_at=when)


@pytest.fixture
def figures():
    admitted("qualitec", 7)
    admitted("qualitec", 2, residence_status="gestattung")
    admitted("low-tec", 3)


def rows_of(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("username", ["city", "admin"])
def test_city_staff_see_every_provider_exactly_on_screen(client, figures, username):
    response = login(client, username).get(URL, {"year": "2023"})

    html = response.content.decode()
    assert response.status_code == 200
    assert QUALITEC in html and LOWTEC in html
    assert f"<bdi>{LOWTEC}</bdi></th><td>3</td>" in html  # exact on screen


def test_city_staff_pick_one_provider(client, figures):
    qualitec = Queue.objects.get(provider__slug="qualitec").provider

    response = login(client, "city").get(URL, {"year": "2023", "provider": qualitec.pk})

    assert response.context["report"].admitted == 9
    assert LOWTEC not in response.content.decode()


def test_provider_staff_see_only_their_own_queue_whatever_they_ask_for(client, figures):
    qualitec = Queue.objects.get(provider__slug="qualitec").provider

    response = login(client, "tm-lowtec").get(URL, {"year": "2023", "provider": qualitec.pk})

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["report"].admitted == 3
    assert LOWTEC in html and QUALITEC not in html and "QualiTec" not in html
    assert 'name="provider"' not in html
    download = rows_of(client.get(URL, {"year": "2023", "provider": qualitec.pk, "download": "csv"}))
    assert ["provider", "", LOWTEC] in download and not any(QUALITEC in cell for row in download for cell in row)


def test_partner_editors_see_no_report_and_no_menu_entry(client, figures):
    login(client, "editor-vhs")

    for response in (client.get(URL), client.get(URL, {"download": "csv"})):
        assert response.status_code in (302, 403)
        assert b"admitted" not in response.content
    assert URL not in client.get("/admin/").content.decode()


def test_the_menu_shows_the_report_to_city_and_provider_staff(client):
    assert URL in login(client, "city").get("/admin/").content.decode()
    assert URL in login(client, "tm-qualitec").get("/admin/").content.decode()


def test_downloads_hide_small_numbers_unless_exact_figures_are_chosen(client, figures):
    login(client, "city")

    hidden = rows_of(client.get(URL, {"year": "2023", "download": "csv"}))
    exact = rows_of(client.get(URL, {"year": "2023", "download": "csv", "exact": "on"}))

    assert hidden[0] == ["figure", "category", "value"]
    assert ["admitted_by_provider", LOWTEC, "< 5"] in hidden
    assert ["admitted_by_provider", QUALITEC, "9"] in hidden
    assert ["admitted_by_residence_status", "gestattung", "< 5"] in hidden
    assert ["admitted", "", "12"] in hidden
    assert ["admitted_by_provider", LOWTEC, "3"] in exact
    assert ["admitted_by_residence_status", "gestattung", "2"] in exact


def test_the_xlsx_download_holds_the_same_rows(client, figures):
    response = login(client, "city").get(URL, {"year": "2023", "download": "xlsx"})

    assert response["Content-Disposition"] == 'attachment; filename="durchstarten-bericht-20230101-20231231.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["figure", "category", "value"]
    assert ["admitted", "", 12] in rows
    assert ["admitted_by_provider", LOWTEC, "< 5"] in rows


def test_a_period_needs_both_dates_in_order(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    login(client, "city")

    response = client.get(URL, {"date_from": "2023-05-01", "date_to": "2023-04-01"})
    assert response.status_code == 200
    assert "The end must not be before the start." in response.content.decode()

    response = client.get(URL, {"date_from": "2023-05-01", "date_to": "2023-05-31", "download": "csv"})
    assert ["period_start", "", "2023-05-01"] in rows_of(response)


def test_the_report_page_takes_a_bounded_number_of_queries(client, figures, django_assert_max_num_queries):
    login(client, "city")
    client.get(URL, {"year": "2023"})

    with django_assert_max_num_queries(40):
        client.get(URL, {"year": "2023"})


def test_only_city_staff_edit_the_quota_targets(client):
    login(client, "city")
    response = client.post(f"{TARGETS_URL}new/", {"year": "2023", "residence_status": "duldung", "target": "275"})
    assert response.status_code == 302
    assert QuotaTarget.objects.get(year=2023, residence_status="duldung").target == 275

    response = client.post(f"{TARGETS_URL}new/", {"year": "2023", "residence_status": "duldung", "target": "0"})
    assert response.status_code == 200 and QuotaTarget.objects.filter(year=2023).count() == 1

    for username in ("tm-lowtec", "editor-vhs"):
        login(client, username)
        assert client.get(TARGETS_URL).status_code in (302, 403)
        client.post(f"{TARGETS_URL}new/", {"year": "2024", "residence_status": "duldung", "target": "1"})
        assert not QuotaTarget.objects.filter(year=2024).exists()


def test_the_report_page_shows_the_charts(client, figures):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    html = login(client, "city").get(URL, {"year": "2023"}).content.decode()

    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="report-chart"') == 4
    assert "Admitted by provider" in html


def test_charts_say_everything_in_text_with_a_title_and_description():
    chart = bar_chart("demo", "Admitted", [("Duldung", 10, "10 of 275 (3.6 %)", 275), ("Gestattung", 2, "2")])

    svg = chart.render()

    assert 'role="img"' in svg and 'aria-labelledby="chart-demo-title chart-demo-desc"' in svg
    assert '<title id="chart-demo-title">Admitted</title>' in svg
    assert "Duldung: 10 of 275 (3.6 %); Gestattung: 2" in svg
    assert ">10 of 275 (3.6 %)</text>" in svg and ">Gestattung</text>" in svg
    assert 'stroke-dasharray="4 3"' in svg  # the target line
    assert "<script" not in svg
