"""Strict separation of the queues: every demo user × every request view × own and other queue."""

import pytest
from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from intake.factories import IntakeRequestFactory
from intake.models import IntakeRequest, Queue
from intake.workflow import Status

pytestmark = pytest.mark.django_db

BASE = "/admin/intake/requests/"
USERS = ["admin", "city", "tm-stadt", "tm-lowtec", "tm-qualitec", "editor-vhs", "editor-lowtec"]
# username → the queues whose requests the user sees
SEES = {
    "admin": {"qualitec", "low-tec", "stadt-aachen"},
    "city": {"qualitec", "low-tec", "stadt-aachen"},
    "tm-stadt": {"stadt-aachen"},
    "tm-lowtec": {"low-tec"},
    "tm-qualitec": {"qualitec"},
    "editor-vhs": set(),
    "editor-lowtec": set(),
}
CITY = {"admin", "city"}
# views of one request: name → path pattern
OBJECT_VIEWS = {
    "inspect": "inspect/{pk}/",
    "edit": "edit/{pk}/",
    "transition": "transition/{pk}/",
    "history": "history/{pk}/",
    "note": "note/{pk}/",
    "duplicate": "duplicate/{pk}/",
    "reassign": "reassign/{pk}/",
    "usage": "usage/{pk}/",
    "bulk action": "/admin/bulk/intake/intakerequest/record_contact/?id={pk}",
}
LIST_VIEWS = {"list": "", "export csv": "?export=csv", "export xlsx": "?export=xlsx", "search": "?q=DA-"}


def user(username):
    return get_user_model().objects.get(username=username)


def full_path(pattern, pk=None):
    path = pattern.format(pk=pk)
    return path if path.startswith("/") else BASE + path


@pytest.fixture
def requests_by_queue():
    return {
        slug: IntakeRequestFactory(queue=Queue.objects.get(slug=slug), given_name=f"Person-{slug}")
        for slug in ("qualitec", "low-tec")
    }


def outcome(response):
    """200 → "ok"; 404 → "not found"; refused (Wagtail redirects a PermissionDenied to the admin home) → "forbidden"."""
    if response.status_code == 302 and response["Location"] == "/admin/":
        return "forbidden"
    return {200: "ok", 403: "forbidden", 404: "not found"}.get(response.status_code, response.status_code)


def expected_object_outcome(username, view, queue_slug):
    if queue_slug not in SEES[username]:
        # Partner editors may be refused before the lookup; either way nothing about the request shows.
        return {"not found", "forbidden"} if not SEES[username] else {"not found"}
    if view == "reassign" and username not in CITY:
        return {"forbidden"}
    return {"ok"}


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("view", OBJECT_VIEWS)
def test_object_views_answer_only_for_visible_requests(client, requests_by_queue, username, view):
    client.force_login(user(username))
    for queue_slug, intake_request in requests_by_queue.items():
        response = client.get(full_path(OBJECT_VIEWS[view], intake_request.pk))

        assert outcome(response) in expected_object_outcome(username, view, queue_slug), (queue_slug, view)
        if response.status_code != 200:
            assert intake_request.reference not in response.content.decode(errors="replace")


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("view", LIST_VIEWS)
def test_listings_exports_and_search_only_for_request_staff(client, requests_by_queue, username, view):
    client.force_login(user(username))

    response = client.get(BASE + LIST_VIEWS[view])

    assert outcome(response) == ("ok" if SEES[username] else "forbidden")


@pytest.mark.parametrize("username", USERS)
def test_invitations_are_registered_by_city_staff_only(client, username):
    client.force_login(user(username))

    assert outcome(client.get(BASE + "new/")) == ("ok" if username in CITY else "forbidden")


@pytest.mark.parametrize("username", USERS)
def test_forged_posts_to_invisible_requests_change_nothing(client, requests_by_queue, username):
    client.force_login(user(username))
    for queue_slug, intake_request in requests_by_queue.items():
        posts = {
            "transition/{pk}/": {"status": Status.CONTACTED, "reason": "x"},
            "note/{pk}/": {"text": "forged"},
            "reassign/{pk}/": {"queue": Queue.objects.waitlist().pk, "reason": "forged"},
            "edit/{pk}/": {"given_name": "Forged"},
        }
        for pattern, data in posts.items():
            response = client.post(full_path(pattern, intake_request.pk), data)
            if queue_slug not in SEES[username]:
                assert outcome(response) in expected_object_outcome(username, pattern, queue_slug), pattern
        if queue_slug not in SEES[username]:
            intake_request.refresh_from_db()
            assert (intake_request.status, intake_request.queue.slug, intake_request.given_name) == (
                Status.NEW,
                queue_slug,
                f"Person-{queue_slug}",
            )
            assert not intake_request.notes.exists() and not intake_request.events.exists()


@pytest.mark.parametrize("username", USERS)
def test_visible_to_is_the_queue_rule(username):
    visible = IntakeRequest.objects.visible_to(user(username))

    assert set(visible.values_list("queue__slug", flat=True).distinct()) <= SEES[username] | {"warteliste"}
    if username in CITY:
        assert visible.count() == IntakeRequest.objects.count()
    for slug in SEES[username]:
        assert visible.filter(queue__slug=slug).count() == IntakeRequest.objects.filter(queue__slug=slug).count()
    assert Queue.objects.visible_to(user(username)).filter(slug="warteliste").exists() == (username in CITY)


def test_a_request_that_does_not_exist_answers_like_one_in_another_queue(client, requests_by_queue):
    client.force_login(user("tm-qualitec"))

    missing = client.get(f"{BASE}inspect/999999999/")
    foreign = client.get(f"{BASE}inspect/{requests_by_queue['low-tec'].pk}/")

    assert missing.status_code == foreign.status_code == 404
    assert "Location" not in foreign


def test_inactive_and_anonymous_users_see_nothing():
    from django.contrib.auth.models import AnonymousUser

    staff = user("tm-qualitec")
    staff.is_active = False
    assert not IntakeRequest.objects.visible_to(staff).exists()
    assert not IntakeRequest.objects.visible_to(AnonymousUser()).exists()


def test_the_requests_menu_lists_the_users_queues_only(client):
    client.force_login(user("tm-qualitec"))

    html = client.get("/admin/").content.decode()

    assert "Teilhabemanagement QualiTec" in html or "queue-qualitec" in html
    assert "queue-low-tec" not in html and "queue-warteliste" not in html


def test_partner_editors_get_no_requests_menu(client):
    client.force_login(user("editor-vhs"))

    html = client.get("/admin/").content.decode()

    assert BASE not in html


def test_two_factor_is_enforced_for_the_queues_and_a_verified_session_gets_in(client, settings):
    settings.PORTAL_REQUIRE_TWO_FACTOR = True
    staff = user("tm-qualitec")
    device = TOTPDevice.objects.create(user=staff, name="Authenticator app", confirmed=True)
    client.force_login(staff)

    assert client.get(BASE).status_code == 302

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    assert client.get(BASE).status_code == 200


def test_request_pages_are_not_cached(client, requests_by_queue):
    client.force_login(user("tm-qualitec"))

    for path in (BASE, BASE + "?export=csv", f"{BASE}inspect/{requests_by_queue['qualitec'].pk}/"):
        assert "no-store" in client.get(path)["Cache-Control"]


def test_requests_stay_out_of_wagtails_site_history_and_usage_listings(client, requests_by_queue):
    from wagtail.models import ModelLogEntry, ReferenceIndex

    intake_request = requests_by_queue["qualitec"]
    client.force_login(user("tm-qualitec"))
    data = {"given_name": "Neu", "phone": "+4917612345678", "languages": ["de"], "topics": ["work"]}
    data |= {"residence_status": "duldung", "birth_year": str(intake_request.birth_year), "postcode": "52062"}

    assert client.post(f"{BASE}edit/{intake_request.pk}/", data).status_code == 302
    assert not ReferenceIndex.is_indexed(IntakeRequest)
    assert not ModelLogEntry.objects.filter(object_id=str(intake_request.pk), label=intake_request.reference).exists()
    assert intake_request.events.filter(field="given_name", new_value="Neu").exists()
