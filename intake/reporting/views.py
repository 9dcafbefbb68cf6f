"""The report in the Wagtail admin: figures, charts and downloads, and the quota targets city staff maintain.

Who sees what: city staff (group "Stadt Aachen (FB 56)") and superusers see the
report across providers and may pick one; staff of a provider's queue see only
their queue's figures; everyone else (partner editors) sees nothing.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from intake.models import Queue, QuotaTarget
from intake.permissions import is_city_staff
from intake.reporting.charts import report_charts
from intake.reporting.exports import to_csv, to_xlsx
from intake.reporting.figures import Period, build_report, report_rows
from portal.roles import CITY_GROUP
from providers.models import Provider

FIRST_YEAR = 2019  # the initiative began in 2019


def report_scope(user):
    """``None`` when the user may see every provider's figures, else the one provider; PermissionDenied otherwise."""
    if is_city_staff(user):
        return None
    queue = Queue.objects.for_providers().filter(staff_group__user=user).select_related("provider").first()
    if queue is None or not user.is_active:
        raise PermissionDenied
    return queue.provider


def may_see_report(user):
    try:
        report_scope(user)
    except PermissionDenied:
        return False
    return True


class ReportFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=2100, required=False)
    date_from = forms.DateField(
        label=_("First day"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("Last day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Give both dates for a period other than a calendar year; both days are included."),
    )
    provider = forms.ModelChoiceField(
        label=_("Provider"),
        queryset=Provider.objects.filter(intake_queue__isnull=False),
        required=False,
        empty_label=_("All providers"),
    )
    exact = forms.BooleanField(
        label=_("Exact small numbers in downloads"),
        required=False,
        help_text=_(
            "Only for use inside the city administration. Otherwise counts below 5 by provider or residence "
            "status are shown as “< 5”."
        ),
    )

    def __init__(self, *args, all_providers=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not all_providers:
            del self.fields["provider"]

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if bool(date_from) != bool(date_to):
            self.add_error("date_to" if date_from else "date_from", _("Give both dates, or neither."))
        elif date_from and date_to < date_from:
            self.add_error("date_to", _("The end must not be before the start."))
        return cleaned

    def period(self):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("date_from") and data.get("date_to"):
            return Period(data["date_from"], data["date_to"])
        return Period.year(data.get("year") or timezone.localdate().year)


def download(report, kind, suppress):
    rows = report_rows(report, suppress=suppress)
    name = f"durchstarten-bericht-{report.period.first_day:%Y%m%d}-{report.period.last_day:%Y%m%d}"
    if kind == "xlsx":
        response = HttpResponse(
            to_xlsx(rows), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        response = HttpResponse(to_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


RESIDENCE_LABELS = {"duldung": _("Duldung"), "gestattung": _("Gestattung"), "other": _("Other or not said")}


def residence_rows(report):
    """(label, admitted, target, quota, whether it has a quota) per residence status; "other" has none."""
    return [
        (
            RESIDENCE_LABELS[group],
            number,
            report.quota_targets.get(group),
            report.quota_percent.get(group),
            group in report.quota_targets,
        )
        for group, number in report.admitted_by_residence_status.items()
    ]


def report_view(request):
    own_provider = report_scope(request.user)
    form = ReportFilterForm(request.GET or None, all_providers=own_provider is None)
    provider = own_provider
    if form.is_bound and form.is_valid() and own_provider is None:
        provider = form.cleaned_data["provider"]
    report = build_report(form.period(), provider)
    kind = request.GET.get("download")
    if kind in ("csv", "xlsx") and (not form.is_bound or form.is_valid()):
        return download(report, kind, suppress=not (form.is_bound and form.cleaned_data["exact"]))
    context = {
        "page_title": _("Funder report"),
        "header_icon": "doc-full",
        "form": form,
        "report": report,
        "residence_rows": residence_rows(report),
        "charts": report_charts(report),
        "all_providers": own_provider is None,
        "quota_targets_url": reverse("quota_targets:index") if is_city_staff(request.user) else "",
    }
    return TemplateResponse(request, "intake/reports/report.html", context)


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_report(request.user)


class CityStaffPermissionPolicy(BasePermissionPolicy):
    """Only city staff and superusers may do anything with the model (the quota targets are the city's)."""

    def user_has_permission(self, user, action):
        return is_city_staff(user)

    def user_has_any_permission(self, user, actions):
        return is_city_staff(user)

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(Q(is_superuser=True) | Q(groups__name=CITY_GROUP), is_active=True)
            .distinct()
        )

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


class QuotaTargetViewSet(ModelViewSet):
    model = QuotaTarget
    icon = "success"
    menu_label = _("Quota targets")
    menu_order = 270
    add_to_admin_menu = True
    url_prefix = "intake/quota-targets"
    list_display = ["year", "residence_status", "target"]
    list_filter = ["year", "residence_status"]
    form_fields = ["year", "residence_status", "target"]
