"""Hostile input against the request form and the course finder: a clear error, or stored and shown escaped."""

import pytest
from django.contrib.auth import get_user_model

from intake.models import IntakeRequest
from intake.tests.conftest import valid_data
from portal.text import strip_bidi_controls

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SQL = "Robert'); DROP TABLE intake_intakerequest;--"
RTL = "\u202eanimA"  # a right-to-left override that flips how the name is displayed

# (field, value, expected): "stored" = accepted, stored as typed and shown escaped; "stripped" = stored
# without its direction overrides;
# a field name = refused with an error next to that field; a number = that status code.
HOSTILE = [
    ("given_name", XSS, "stored"),
    ("message", XSS, "stored"),
    ("given_name", SQL, "stored"),
    ("message", "1' OR '1'='1; SELECT * FROM auth_user", "stored"),
    ("given_name", RTL, "stripped"),
    ("given_name", "Amina\x00", "given_name"),
    ("message", "Hallo\x00Welt", "message"),
    ("message", "x" * 2001, "message"),
    ("message", "x" * 1024 * 1024, 413),
    ("postcode", "52062' OR 1=1", "postcode"),
    ("email", "a@b.c<script>", "email"),
    ("phone", XSS, "phone"),
    ("birth_year", "2001; DROP TABLE", "birth_year"),
    ("languages", ["<script>"], "languages"),
]


@pytest.mark.parametrize(("field", "value", "expected"), HOSTILE, ids=lambda value: repr(value)[:30])
def test_hostile_input_to_the_form(client, form_page, field, value, expected):
    before = IntakeRequest.objects.count()

    response = client.post(form_page.url, valid_data(**{field: value}))

    assert response.status_code < 500
    if expected == "stripped":
        assert response.status_code == 303
        stored = getattr(IntakeRequest.objects.latest("created_at"), field)
        assert stored == strip_bidi_controls(value) and stored != value
    elif expected == "stored":
        assert response.status_code == 303
        stored = IntakeRequest.objects.latest("created_at")
        assert getattr(stored, field) == value
        confirmation = client.get(response["Location"])
        assert confirmation.status_code == 200
        assert "<script>" not in confirmation.content.decode()
        staff = get_user_model().objects.get(username="city")
        client.force_login(staff)
        inspect = client.get(f"/admin/intake/requests/inspect/{stored.pk}/").content.decode()
        assert "<script>alert" not in inspect and "<img src=x" not in inspect
        if field == "given_name" and value == XSS:
            assert "&lt;script&gt;alert" in inspect
    elif isinstance(expected, int):
        assert response.status_code == expected
        assert IntakeRequest.objects.count() == before
    else:
        assert response.status_code == 200
        assert expected in response.context["form"].errors
        assert IntakeRequest.objects.count() == before


@pytest.mark.parametrize(
    "params",
    [
        {"q": XSS},
        {"q": SQL},
        {"q": RTL},
        {"q": "a\x00b"},
        {"q": "x" * 10000},
        {"level": "' OR 1=1--"},
        {"module": "<script>"},
        {"page": "1; DROP TABLE"},
        {"page": "99999999999999999999999"},
        {"weeks": "-1e309"},
    ],
    ids=lambda params: repr(params)[:30],
)
def test_hostile_input_to_the_course_finder(client, params):
    response = client.get("/de/angebote/", params)

    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "<script>alert" not in html and "<script>" not in html.split("</header>", 1)[-1]
