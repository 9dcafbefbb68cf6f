import pytest
from django.template.loader import render_to_string
from django.test import Client

pytestmark = pytest.mark.django_db

READ_ERROR = "The request could not be read"


def assert_clear_400(response):
    assert response.status_code == 400
    assert READ_ERROR in response.content.decode()
    assert "script-src 'self';" in response["Content-Security-Policy"]


@pytest.mark.parametrize("query", ["q=%FF%FE", "q=abc%00def", "%C3%28=1"])
def test_broken_query_strings_get_a_clear_400(client, query):
    assert_clear_400(client.get(f"/de/?{query}"))


def test_a_nul_byte_in_the_path_gets_a_clear_400(client):
    assert_clear_400(client.get("/de/kurse%00/"))


@pytest.mark.parametrize(
    "content_type, body",
    [
        ("application/json", b'{"given_name": "Amina"}'),
        ("text/plain", b"given_name=Amina"),
        ("application/x-www-form-urlencoded", b"given_name=%FF%FEAmina"),
    ],
)
def test_posts_that_are_no_html_form_get_a_clear_400(client, content_type, body):
    assert_clear_400(client.post("/de/", data=body, content_type=content_type))


def test_oversized_public_posts_get_a_clear_413(client):
    response = client.post("/de/", {"message": "x" * (300 * 1024)})

    assert response.status_code == 413
    assert "too large" in response.content.decode()


def test_the_admin_keeps_the_larger_limit_for_page_edits(client):
    response = client.post("/admin/login/", {"username": "city", "password": "x", "filler": "x" * (300 * 1024)})

    assert response.status_code == 200


def test_an_ordinary_form_post_passes(client):
    response = client.post("/de/", {"q": "Deutschkurs für Anfänger – دورة"})

    assert response.status_code == 200


def test_broken_multipart_bodies_never_end_in_a_500():
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/de/", data=b"--nonsense\r\nno headers here", content_type="multipart/form-data; boundary=nonsense"
    )

    assert response.status_code in (400, 403)


def test_an_unknown_host_gets_the_400_page_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/de/", HTTP_HOST="evil.example")

    assert_clear_400(response)


def test_the_400_page_speaks_the_visitors_language_and_direction(client):
    html = client.get("/ar/?q=%FF").content.decode()

    assert '<html lang="ar" dir="rtl">' in html


def test_a_failed_csrf_check_explains_what_to_do():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/de/", {"given_name": "Amina"})

    assert response.status_code == 403
    assert "allow cookies" in response.content.decode()


@pytest.mark.parametrize("template_name", ["400.html", "403.html", "403_csrf.html", "413.html"])
def test_error_pages_render_without_a_request_or_the_database(template_name, django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string(template_name)

    assert '<link rel="stylesheet" href="/static/portal/portal.css">' in html
    assert "<script" not in html
