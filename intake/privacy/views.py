"""Admin views of a person's rights (Art. 15 access report, Art. 17 erasure) and the audit log listing.

Only city staff (FB 56) and superusers act on a person's rights: a request the
user cannot see is "not found" (404), as everywhere in the back office; a
request they can see but whose rights they may not exercise is "forbidden" (403).

The erasure is a step on a request's page in the back office, so it uses
``intake.triage``'s action view and its one way of finding a visible request.
"""

import json

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from intake.models import AuditEntry
from intake.permissions import can_change_requests, can_view_requests, is_city_staff
from intake.privacy.audit import Action, record
from intake.privacy.subject_rights import access_report, erase
from intake.triage.views import RequestActionView, visible_request


def may_exercise_rights(user):
    return can_view_requests(user) and is_city_staff(user)


def rights_request(request, pk):
    """The request with ``pk`` for a rights action: 404 unless visible, 403 unless city staff."""
    if not can_view_requests(request.user):
        raise PermissionDenied
    intake_request = visible_request(request.user, pk)
    if not may_exercise_rights(request.user):
        raise PermissionDenied
    return intake_request


def access_report_view(request, pk):
    """The Art. 15 report as a page that prints well, in the site's main language (German)."""
    intake_request = rights_request(request, pk)
    with translation.override(settings.LANGUAGE_CODE):
        report = access_report(intake_request)
        record(request.user, Action.ACCESS_EXPORT, intake_request, detail="format: html")
        response = TemplateResponse(
            request, "intake/privacy/access_report.html", {"report": report, "intake_request": intake_request}
        )
        response.render()
    return response


def access_report_json_view(request, pk):
    """The Art. 15 report as a JSON download (machine-readable, Art. 20)."""
    intake_request = rights_request(request, pk)
    with translation.override(settings.LANGUAGE_CODE):
        report = access_report(intake_request)
    record(request.user, Action.ACCESS_EXPORT, intake_request, detail="format: json")
    response = HttpResponse(
        json.dumps(report, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    filename = f"auskunft-{intake_request.reference}-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. “Request by phone on 3 May, identity checked”. Kept in the audit log: no names, please."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that the personal details cannot be restored."),
        error_messages={"required": _("Please confirm that the details are to be erased.")},
    )


class ErasureView(RequestActionView):
    """City staff erase a person's details on request (Art. 17): anonymised at once, counts kept."""

    form_class = ErasureForm
    page_title = _("Erase personal details")
    submit_button_label = _("Erase now")
    success_message = _("The personal details were erased. The request remains for the statistics.")
    header_icon = "bin"

    def is_allowed(self, user):
        return may_exercise_rights(user) and can_change_requests(user)

    def perform(self, form):
        erase(self.object, self.request.user, form.cleaned_data["reason"])


def urlpatterns():
    return [
        path("intake/requests/access/<int:pk>/", access_report_view, name="intake_access_report"),
        path("intake/requests/access/<int:pk>/json/", access_report_json_view, name="intake_access_report_json"),
        path("intake/requests/erase/<int:pk>/", ErasureView.as_view(), name="intake_erase"),
    ]


class AuditPermissionPolicy(ModelPermissionPolicy):
    """Only city staff read the audit log; nobody adds, changes or deletes entries in the admin."""

    def user_has_permission(self, user, action):
        return action == "view" and can_view_requests(user) and is_city_staff(user)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(actions).none()


class AuditEntryViewSet(ModelViewSet):
    model = AuditEntry
    icon = "list-ul"
    menu_label = _("Audit log")
    menu_order = 270
    add_to_admin_menu = True
    url_prefix = "intake/audit"
    list_display = ["at", "username", "action", "reference", "detail"]
    list_filter = {"action": ["exact"], "at": ["date"], "username": ["exact"]}
    search_fields = ["reference", "username"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    list_per_page = 100
    ordering = ["-at", "-pk"]
    form_fields = []

    def get_urlpatterns(self):
        # Read only: the listing and one entry.
        kept = {"index", "index_results", "inspect"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in kept]
