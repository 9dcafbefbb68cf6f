"""A person's rights: the access report (Art. 15) and erasure (Art. 17), for city staff only."""

import json

import pytest
from django.contrib.auth import get_user_model

from intake.factories import IntakeRequestFactory
from intake.models import AuditEntry, IntakeRequest, Note, Queue, StatusChange
from intake.privacy.subject_rights import access_report, erase
from intake.triage.actions import add_note, mark_duplicate
from intake.workflow import Status

pytestmark = pytest.mark.django_db

BASE = "/admin/intake/requests/"


def login(client, username):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    return user


@pytest.fixture
def person(db):
    """A person with a request (and a note) and a second request staff marked as its duplicate."""
    queue = Queue.objects.get(slug="low-tec")
    original = IntakeRequestFactory(
        queue=queue, given_name="Amina", family_name="Yusufi", phone="+4917612345678", email="amina@example.org"
    )
    original.record_initial_status()
    add_note(original, "Möchte Pflegeausbildung", by=get_user_model().objects.get(username="tm-lowtec"))
    duplicate = IntakeRequestFactory(queue=queue, given_name="Amina", phone="+4917612345678")
    duplicate.record_initial_status()
    mark_duplicate(duplicate, original, by=None)
    return original, duplicate


def test_the_report_holds_every_request_of_the_person_with_fields_history_and_notes(person):
    original, duplicate = person

    report = access_report(duplicate)

    assert [item["reference"] for item in report["requests"]] == [original.reference, duplicate.reference]
    fields = {field["field"]: field["value"] for field in report["requests"][0]["fields"]}
    assert fields["given_name"] == "Amina" and fields["family_name"] == "Yusufi"
    assert fields["phone"] == "+49 176 12345678" and fields["email"] == "amina@example.org"
    assert report["requests"][0]["notes"][0]["text"] == "Möchte Pflegeausbildung"
    assert report["requests"][1]["history"][-1]["to"] == str(Status.DUPLICATE.label)


def test_city_staff_get_a_printable_page_and_a_json_download_and_both_are_logged(client, person):
    original, _duplicate = person
    login(client, "city")

    page = client.get(f"/admin/intake/requests/access/{original.pk}/")
    download = client.get(f"/admin/intake/requests/access/{original.pk}/json/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Yusufi" in html and "Möchte Pflegeausbildung" in html and "@media print" in html
    assert 'lang="de"' in html
    assert download["Content-Disposition"].startswith(f'attachment; filename="auskunft-{original.reference}-')
    data = json.loads(download.content)
    assert data["requests"][0]["reference"] == original.reference
    assert "no-store" in page["Cache-Control"] and "no-store" in download["Cache-Control"]
    details = AuditEntry.objects.filter(action="access_export", request=original).values_list("detail", flat=True)
    assert sorted(details) == ["format: html", "format: json"]


def test_the_inspect_page_offers_the_rights_to_city_staff_only(client, person):
    original, _duplicate = person
    login(client, "city")
    html = client.get(f"{BASE}inspect/{original.pk}/").content.decode()
    assert f"{BASE}erase/{original.pk}/" in html and f"{BASE}access/{original.pk}/json/" in html

    login(client, "tm-lowtec")
    html = client.get(f"{BASE}inspect/{original.pk}/").content.decode()
    assert "/access/" not in html and "/erase/" not in html


def outcome(response):
    """As in the triage permission tests: Wagtail redirects a PermissionDenied to the admin home."""
    if response.status_code == 302 and response["Location"] == "/admin/":
        return "forbidden"
    return {403: "forbidden", 404: "not found"}.get(response.status_code, response.status_code)


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("tm-lowtec", {"forbidden"}),  # sees the request, may not exercise the rights
        ("tm-qualitec", {"not found"}),  # another queue's request
        ("editor-vhs", {"forbidden", "not found"}),  # no request access at all
    ],
)
@pytest.mark.parametrize("path", ["access/{pk}/", "access/{pk}/json/", "erase/{pk}/"])
def test_others_are_refused_and_nothing_is_logged_or_erased(client, person, username, expected, path):
    original, _duplicate = person
    login(client, username)
    url = BASE + path.format(pk=original.pk)

    assert outcome(client.get(url)) in expected
    assert outcome(client.post(url, {"reason": "x", "confirm": "on"})) in expected

    original.refresh_from_db()
    assert original.anonymised_at is None and original.given_name == "Amina"
    assert not AuditEntry.objects.filter(request=original, action__in=["access_export", "erased"]).exists()


def test_erasure_needs_a_reason_and_a_confirmation(client, person):
    original, _duplicate = person
    login(client, "city")

    response = client.post(f"{BASE}erase/{original.pk}/", {"reason": "  ", "confirm": ""})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"reason", "confirm"}
    original.refresh_from_db()
    assert original.anonymised_at is None


def test_erasure_anonymises_every_request_of_the_person_now_keeps_the_counts_and_logs_who_and_why(client, person):
    original, duplicate = person
    user = login(client, "city")
    counted = (IntakeRequest.objects.count(), StatusChange.objects.filter(request=original).count())

    reason = "Anruf am 3.11., Identität geprüft"
    response = client.post(f"{BASE}erase/{original.pk}/", {"reason": reason, "confirm": "on"})

    assert response.status_code == 302 and response["Location"] == f"{BASE}inspect/{original.pk}/"
    for item in (original, duplicate):
        item.refresh_from_db()
        assert item.anonymised_at is not None
        assert (item.given_name, item.family_name, item.email) == ("", "", "")
        assert not item.phone
    assert list(Note.objects.filter(request=original).values_list("text", flat=True)) == [""]
    assert (IntakeRequest.objects.count(), StatusChange.objects.filter(request=original).count()) == counted
    erased = AuditEntry.objects.filter(action="erased").values_list("user", "request", "detail")
    assert sorted(erased) == sorted([(user.pk, original.pk, reason), (user.pk, duplicate.pk, reason)])
    html = client.get(f"{BASE}inspect/{original.pk}/").content.decode()
    assert "Amina" not in html and "data-anonymised" in html


def test_erase_refuses_an_empty_reason(person):
    with pytest.raises(ValueError):
        erase(person[0], by=None, reason=" ")
