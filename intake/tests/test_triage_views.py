"""Working the queues in the admin: listing, filters, exports, status changes, notes, duplicates, reassignment."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from intake.factories import IntakeRequestFactory
from intake.models import IntakeRequest, Queue, RequestEvent, RoutingDecision
from intake.workflow import Status

pytestmark = pytest.mark.django_db

BASE = "/admin/intake/requests/"


def login(client, username):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    return user


def csv_references(response):
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return [row[0] for row in csv.reader(io.StringIO(content))][1:]


def test_exports_and_listing_hold_exactly_the_users_queue(client):
    login(client, "tm-lowtec")
    own = set(IntakeRequest.objects.filter(queue__slug="low-tec").values_list("reference", flat=True))
    others = set(IntakeRequest.objects.exclude(queue__slug="low-tec").values_list("reference", flat=True))
    assert own and others

    exported = csv_references(client.get(BASE + "?export=csv"))
    workbook = load_workbook(io.BytesIO(b"".join(client.get(BASE + "?export=xlsx").streaming_content)))
    xlsx_refs = [row[0] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    html = client.get(BASE).content.decode()

    assert set(exported) == own == set(xlsx_refs)
    assert not any(reference in html for reference in others)
    for other in list(others)[:3]:
        assert not list(client.get(BASE, {"q": other}).context["object_list"])
        assert csv_references(client.get(BASE, {"q": other, "export": "csv"})) == []


def test_exports_carry_no_names_or_contact_details(client):
    login(client, "city")
    IntakeRequestFactory(queue=Queue.objects.get(slug="qualitec"), given_name="Exportname", phone="+4917655500001")

    content = b"".join(client.get(BASE + "?export=csv").streaming_content).decode("utf-8-sig")

    assert "Exportname" not in content and "4917655500001" not in content


def test_a_queue_filter_for_someone_elses_queue_is_refused(client):
    login(client, "tm-qualitec")

    response = client.get(BASE, {"queue": Queue.objects.get(slug="low-tec").pk})

    references = IntakeRequest.objects.filter(queue__slug="low-tec").values_list("reference", flat=True)
    assert not any(reference in response.content.decode() for reference in references)


@pytest.mark.parametrize(
    ("params", "matches", "misses"),
    [
        ({"status": "new"}, {"status": Status.NEW}, {"status": Status.CONTACTED}),
        ({"language": "ps"}, {"languages": ["ps", "de"]}, {"languages": ["de"]}),
        ({"topic": "training"}, {"topics": ["training"]}, {"topics": ["work"]}),
        ({"residence_status": "gestattung"}, {"residence_status": "gestattung"}, {"residence_status": "duldung"}),
        ({"source": "invitation"}, {"source": "invitation"}, {"source": "online"}),
        ({"age_band": "22_27"}, {"birth_year": timezone.localdate().year - 25}, {"birth_year": 2000 - 100}),
        ({"overdue": "true"}, {"created_at": timezone.now() - timedelta(days=30)}, {"created_at": timezone.now()}),
        (
            {"received_from": "2020-01-01", "received_to": "2020-12-31"},
            {"created_at": timezone.now().replace(year=2020, month=6)},
            {"created_at": timezone.now()},
        ),
    ],
)
def test_listing_filters(client, params, matches, misses):
    login(client, "tm-qualitec")
    queue = Queue.objects.get(slug="qualitec")
    hit = IntakeRequestFactory(queue=queue, **matches)
    miss = IntakeRequestFactory(queue=queue, **misses)

    html = client.get(BASE, params).content.decode()

    assert hit.reference in html
    assert miss.reference not in html


def test_search_by_reference_and_name(client):
    login(client, "tm-qualitec")
    queue = Queue.objects.get(slug="qualitec")
    wanted = IntakeRequestFactory(queue=queue, given_name="Soraya")
    other = IntakeRequestFactory(queue=queue, given_name="Malalai")

    by_name = client.get(BASE, {"q": "soraya"}).content.decode()
    by_reference = client.get(BASE, {"q": wanted.reference}).content.decode()

    assert wanted.reference in by_name and other.reference not in by_name
    assert wanted.reference in by_reference and other.reference not in by_reference


def test_overdue_requests_are_marked_in_the_listing(client):
    login(client, "tm-qualitec")
    late = IntakeRequestFactory(
        queue=Queue.objects.get(slug="qualitec"), created_at=timezone.now() - timedelta(days=30)
    )

    response = client.get(BASE, {"overdue": "true"})

    assert late.reference in response.content.decode()
    assert all(row.is_overdue for row in response.context["object_list"])


def test_listing_queries_do_not_grow_with_the_rows(client):
    login(client, "city")
    queue = Queue.objects.get(slug="qualitec")
    with CaptureQueriesContext(connection) as before:
        client.get(BASE)
    IntakeRequestFactory.create_batch(10, queue=queue)
    with CaptureQueriesContext(connection) as after:
        client.get(BASE)

    assert len(after) == len(before)


def test_tm_qualitec_records_contact_and_an_appointment_and_the_history_shows_both(client):
    login(client, "tm-qualitec")
    newest = IntakeRequestFactory(queue=Queue.objects.get(slug="qualitec"))
    newest.record_initial_status()
    listing = client.get(BASE).content.decode()
    assert listing.index(newest.reference) < min(
        listing.index(reference)
        for reference in IntakeRequest.objects.filter(queue__slug="qualitec")
        .exclude(pk=newest.pk)
        .values_list("reference", flat=True)
    )
    url = f"{BASE}transition/{newest.pk}/"

    form = client.get(url).content.decode()
    assert 'value="contacted"' in form and 'value="admitted"' not in form
    response = client.post(url, {"status": "contacted", "reason": "Telefonisch erreicht"})
    assert response.status_code == 302
    response = client.post(
        url, {"status": "appointment_scheduled", "effective_at": "2026-12-03 10:30", "reason": "Erstgespräch"}
    )
    assert response.status_code == 302

    page = client.get(f"{BASE}inspect/{newest.pk}/").content.decode()
    history = client.get(f"{BASE}history/{newest.pk}/").content.decode()
    for html in (page, history):
        assert "Telefonisch erreicht" in html and "Erstgespräch" in html
    newest.refresh_from_db()
    assert newest.status == Status.APPOINTMENT_SCHEDULED
    assert timezone.localtime(newest.status_changes.last().effective_at).strftime("%d.%m. %H:%M") == "03.12. 10:30"


def test_a_forbidden_status_posted_anyway_is_refused_with_a_message(client):
    login(client, "tm-qualitec")
    intake_request = IntakeRequestFactory(queue=Queue.objects.get(slug="qualitec"))

    response = client.post(f"{BASE}transition/{intake_request.pk}/", {"status": "admitted"})

    assert response.status_code == 200
    assert response.context["form"].errors["status"]
    intake_request.refresh_from_db()
    assert intake_request.status == Status.NEW


def test_placement_needs_its_measure_and_is_shown(client):
    login(client, "tm-qualitec")
    intake_request = IntakeRequestFactory(queue=Queue.objects.get(slug="qualitec"), status=Status.ADMITTED)
    url = f"{BASE}transition/{intake_request.pk}/"

    response = client.post(url, {"status": "placed_in_measure"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"placement_kind", "placement_measure", "placement_starts_on"}

    response = client.post(
        url,
        {
            "status": "placed_in_measure",
            "placement_kind": "internship",
            "placement_measure": "Praktikum Kfz-Werkstatt",
            "placement_starts_on": "2027-01-11",
        },
    )
    assert response.status_code == 302
    assert "Praktikum Kfz-Werkstatt" in client.get(f"{BASE}inspect/{intake_request.pk}/").content.decode()


def test_staff_correct_details_and_each_change_is_logged(client):
    login(client, "tm-qualitec")
    intake_request = IntakeRequestFactory(queue=Queue.objects.get(slug="qualitec"), given_name="Fatma")

    response = client.post(
        f"{BASE}edit/{intake_request.pk}/",
        {
            "given_name": "Fatima",
            "family_name": "",
            "phone": "+4917612345678",
            "email": "",
            "contact_channel": "phone",
            "languages": ["de"],
            "topics": ["work"],
            "residence_status": "duldung",
            "birth_year": str(intake_request.birth_year),
            "postcode": "52062",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    event = intake_request.events.get()
    assert (event.kind, event.field, event.old_value, event.new_value) == (
        RequestEvent.Kind.FIELD_CHANGED,
        "given_name",
        "Fatma",
        "Fatima",
    )


def test_notes_are_added_from_the_detail_page(client):
    user = login(client, "tm-qualitec")
    intake_request = IntakeRequestFactory(queue=Queue.objects.get(slug="qualitec"))

    client.post(f"{BASE}note/{intake_request.pk}/", {"text": "Spricht auch etwas Englisch"})

    note = intake_request.notes.get()
    assert (note.text, note.created_by) == ("Spricht auch etwas Englisch", user)
    assert "Spricht auch etwas Englisch" in client.get(f"{BASE}inspect/{intake_request.pk}/").content.decode()


def test_marking_a_duplicate_by_reference_only_within_visible_queues(client):
    login(client, "tm-qualitec")
    queue = Queue.objects.get(slug="qualitec")
    original = IntakeRequestFactory(queue=queue)
    copy = IntakeRequestFactory(queue=queue)
    foreign = IntakeRequestFactory(queue=Queue.objects.get(slug="low-tec"))
    url = f"{BASE}duplicate/{copy.pk}/"

    response = client.post(url, {"original": foreign.reference})
    assert response.status_code == 200 and response.context["form"].errors["original"]

    assert client.post(url, {"original": original.reference.lower(), "reason": "Doppelt"}).status_code == 302
    copy.refresh_from_db()
    assert (copy.status, copy.duplicate_of) == (Status.DUPLICATE, original)


def test_city_staff_reassign_with_a_reason_and_the_old_queue_loses_sight(client):
    login(client, "city")
    qualitec = Queue.objects.get(slug="qualitec")
    intake_request = IntakeRequestFactory(queue=qualitec)
    RoutingDecision.objects.create(
        request=intake_request, queue=qualitec, outcome="least_load", explanation="Geringste Last"
    )
    low_tec = Queue.objects.get(slug="low-tec")
    url = f"{BASE}reassign/{intake_request.pk}/"

    response = client.post(url, {"queue": low_tec.pk, "reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"]

    assert client.post(url, {"queue": low_tec.pk, "reason": "Sprachkenntnisse im Team"}).status_code == 302
    event = intake_request.events.get(kind=RequestEvent.Kind.REASSIGNED)
    assert (event.reason, event.context) == ("Sprachkenntnisse im Team", "Geringste Last")

    login(client, "tm-qualitec")
    assert client.get(f"{BASE}inspect/{intake_request.pk}/").status_code == 404
    login(client, "tm-lowtec")
    assert client.get(f"{BASE}inspect/{intake_request.pk}/").status_code == 200


def test_city_staff_register_an_invitation(client):
    login(client, "city")
    queue = Queue.objects.get(slug="stadt-aachen")

    response = client.post(
        f"{BASE}new/",
        {
            "given_name": "Yonas",
            "residence_status": "gestattung",
            "birth_year": "2003",
            "queue": queue.pk,
            "invited_on": "2026-11-16",
            "appointment_at": "2026-11-30 09:00",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    intake_request = IntakeRequest.objects.get(given_name="Yonas")
    assert (intake_request.source, intake_request.queue, intake_request.status) == (
        "invitation",
        queue,
        Status.APPOINTMENT_SCHEDULED,
    )


def test_bulk_record_contact(client):
    login(client, "tm-qualitec")
    queue = Queue.objects.get(slug="qualitec")
    fresh = IntakeRequestFactory(queue=queue)
    admitted = IntakeRequestFactory(queue=queue, status=Status.ADMITTED)
    url = f"/admin/bulk/intake/intakerequest/record_contact/?id={fresh.pk}&id={admitted.pk}&next={BASE}"

    assert client.post(url).status_code == 302

    fresh.refresh_from_db()
    admitted.refresh_from_db()
    assert (fresh.status, admitted.status) == (Status.CONTACTED, Status.ADMITTED)
    foreign = IntakeRequestFactory(queue=Queue.objects.get(slug="low-tec"))
    assert client.post(f"/admin/bulk/intake/intakerequest/record_contact/?id={foreign.pk}").status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == Status.NEW
