"""The audit log: every look at, export of and change to a request is recorded, and nobody edits the log."""

import pytest
from django.contrib.auth import get_user_model

from intake.factories import IntakeRequestFactory
from intake.models import AuditEntry, IntakeRequest, Queue
from intake.privacy.audit import AUDITED_VIEWS
from intake.triage.viewsets import IntakeRequestViewSet
from intake.workflow import Status

pytestmark = pytest.mark.django_db

BASE = "/admin/intake/requests/"
AUDIT = "/admin/intake/audit/"


def login(client, username):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    return user


@pytest.fixture
def lowtec_request(db):
    return IntakeRequestFactory(
        queue=Queue.objects.get(slug="low-tec"), given_name="Amina", family_name="Yusufi", phone="+4917612345678"
    )


def entries(**filters):
    return list(AuditEntry.objects.filter(**filters).values_list("username", "action", "reference", "detail"))


def test_every_view_of_the_request_viewset_is_audited_or_deliberately_not():
    names = {pattern.name for pattern in IntakeRequestViewSet("intake_requests").get_urlpatterns()}

    assert names == set(AUDITED_VIEWS)


def test_viewing_a_request_and_its_history_is_recorded_by_reference(client, lowtec_request):
    login(client, "tm-lowtec")

    assert client.get(f"{BASE}inspect/{lowtec_request.pk}/").status_code == 200
    assert client.get(f"{BASE}history/{lowtec_request.pk}/").status_code == 200

    assert entries(request=lowtec_request) == [
        ("tm-lowtec", "viewed_history", lowtec_request.reference, ""),
        ("tm-lowtec", "viewed", lowtec_request.reference, ""),
    ]


def test_a_request_in_another_queue_is_not_found_and_nothing_is_recorded(client, lowtec_request):
    login(client, "tm-qualitec")

    assert client.get(f"{BASE}inspect/{lowtec_request.pk}/").status_code == 404

    assert entries(request=lowtec_request) == []


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_list_exports_are_recorded_without_the_search_terms(client, export_format):
    login(client, "city")

    response = client.get(BASE, {"export": export_format, "q": "Amina"})
    b"".join(response.streaming_content)

    assert entries(action="exported_list") == [("city", "exported_list", "", f"format: {export_format}")]


def test_changes_by_staff_are_recorded_and_invalid_posts_are_not(client, lowtec_request):
    login(client, "tm-lowtec")

    client.post(f"{BASE}transition/{lowtec_request.pk}/", {"status": "bogus"})
    client.post(f"{BASE}transition/{lowtec_request.pk}/", {"status": Status.CONTACTED})
    client.post(f"{BASE}note/{lowtec_request.pk}/", {"text": "Rückruf morgen"})

    recorded = entries(request=lowtec_request)
    assert [action for _user, action, _reference, _detail in recorded] == ["added_note", "changed_status"]
    assert "Rückruf" not in str(recorded)


def test_reassigning_and_registering_an_invitation_are_recorded(client, lowtec_request):
    login(client, "city")
    qualitec = Queue.objects.get(slug="qualitec")

    client.post(f"{BASE}reassign/{lowtec_request.pk}/", {"queue": qualitec.pk, "reason": "Sprache"})
    client.post(
        f"{BASE}new/",
        {"given_name": "Brief", "residence_status": "duldung", "queue": qualitec.pk, "invited_on": "2026-11-02"},
    )

    invited = IntakeRequest.objects.get(given_name="Brief")
    assert entries(request=lowtec_request) == [("city", "reassigned", lowtec_request.reference, "")]
    assert entries(request=invited) == [("city", "registered", invited.reference, "")]


def test_the_log_is_append_only(lowtec_request):
    entry = AuditEntry.objects.create(action=AuditEntry.Action.VIEWED, request=lowtec_request)

    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    with pytest.raises(ValueError):
        AuditEntry.objects.filter(pk=entry.pk).update(detail="x")
    with pytest.raises(ValueError):
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_city_staff_read_the_log_and_nobody_can_change_it_in_the_admin(client, lowtec_request):
    login(client, "tm-lowtec")
    client.get(f"{BASE}inspect/{lowtec_request.pk}/")
    entry = AuditEntry.objects.get(request=lowtec_request)

    login(client, "city")
    listing = client.get(AUDIT, {"action": "viewed"})
    assert listing.status_code == 200
    assert lowtec_request.reference in listing.content.decode()
    assert "Amina" not in listing.content.decode()
    assert client.get(f"{AUDIT}inspect/{entry.pk}/").status_code == 200
    for path in (f"{AUDIT}edit/{entry.pk}/", f"{AUDIT}delete/{entry.pk}/", f"{AUDIT}new/"):
        assert client.get(path).status_code == 404, path
        assert client.post(path, {"detail": "x"}).status_code == 404, path
    admin = login(client, "admin")
    assert admin.is_superuser and client.get(AUDIT).status_code == 200
    assert client.get(f"{AUDIT}edit/{entry.pk}/").status_code == 404


@pytest.mark.parametrize("username", ["tm-lowtec", "editor-vhs"])
def test_others_cannot_read_the_log(client, username):
    login(client, username)

    assert client.get(AUDIT).status_code in (302, 403)
