"""Who may do what to the partner pages, asked through the admin's own URLs."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale

from portal.demo import DEMO_USERS
from providers.demo import PARTNER_EDITORS
from providers.models import PartnerPage, Provider

pytestmark = pytest.mark.django_db

ACTIONS = {
    "edit": "/admin/pages/{id}/edit/",
    # The unpublish view is the one GET view that requires publish permission.
    "publish": "/admin/pages/{id}/unpublish/",
    "delete": "/admin/pages/{id}/delete/",
    "move": "/admin/pages/{id}/move/",
    "add child": "/admin/pages/add/providers/coursepage/{id}/",
}


def expected(username, page, action):
    if username == "admin":
        return True
    if username == "city":
        # The city may add, change and publish; like everyone without bulk delete,
        # it deletes only pages without children.
        return action != "delete" or page.is_leaf()
    return PARTNER_EDITORS.get(username) == page.provider.slug and action in ("edit", "add child")


@pytest.mark.parametrize("username", list(DEMO_USERS))
def test_permission_matrix(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    pages = PartnerPage.objects.filter(locale=Locale.get_default()).select_related("provider")
    assert pages.count() == 12

    wrong = []
    for page in pages:
        for action, url in ACTIONS.items():
            status = client.get(url.format(id=page.pk)).status_code
            assert status in (200, 302, 403), (page.slug, action, status)
            if (status == 200) != expected(username, page, action):
                wrong.append((page.slug, action, status))

    assert wrong == []


def test_each_partner_editor_has_exactly_one_partner_subtree():
    for username, provider_slug in PARTNER_EDITORS.items():
        user = get_user_model().objects.get(username=username)
        groups = user.groups.filter(name__startswith="Partnerredaktion ")
        assert [group.name for group in groups] == [
            f"Partnerredaktion {Provider.objects.get(slug=provider_slug).short_name}"
        ]
        pages = {permission.page.slug for group in groups for permission in group.page_permissions.all()}
        codenames = {permission.permission.codename for group in groups for permission in group.page_permissions.all()}
        assert pages == {provider_slug}
        assert codenames == {"add_page", "change_page"}


@pytest.fixture
def other_partner():
    return PartnerPage.objects.get(locale=Locale.get_default(), slug="low-tec")


def test_posting_directly_to_another_partners_admin_urls_changes_nothing(client, other_partner):
    client.force_login(get_user_model().objects.get(username="editor-vhs"))
    course = other_partner.get_children().first()
    vhs = PartnerPage.objects.get(locale=Locale.get_default(), slug="vhs-aachen")
    before = (other_partner.title, other_partner.latest_revision_id, other_partner.get_children().count())

    client.post(f"/admin/pages/{other_partner.pk}/edit/", {"title": "Übernommen", "action-publish": "1"})
    client.post(f"/admin/pages/{course.pk}/delete/")
    client.post(f"/admin/pages/{course.pk}/move/{vhs.pk}/confirm/")
    client.post(f"/admin/pages/{other_partner.pk}/unpublish/")
    client.post(f"/admin/pages/add/providers/coursepage/{other_partner.pk}/", {"title": "Fremdkurs", "slug": "fremd"})

    other_partner.refresh_from_db()
    course.refresh_from_db()
    assert (other_partner.title, other_partner.latest_revision_id, other_partner.get_children().count()) == before
    assert other_partner.live
    assert course.get_parent().pk == other_partner.pk
    assert not PartnerPage.objects.filter(slug="fremd").exists()
