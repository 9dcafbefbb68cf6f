"""Registers intake's admin: routing rules, the request queues, privacy and the funder report."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from intake.models import AuditEntry, IntakeRequest, QuotaTarget
from intake.privacy import notice as privacy_notice
from intake.privacy import views as privacy_views
from intake.reporting.views import CityStaffPermissionPolicy, QuotaTargetViewSet, ReportMenuItem, report_view
from intake.triage.dashboard import QueuesPanel, queue_figures
from intake.triage.views import VIEWSET_NAME
from intake.triage.viewsets import (
    IntakeRequestViewSet,
    RecordContactBulkAction,
    RequestPermissionPolicy,
    requests_menu_item,
)
from intake.viewsets import RoutingRuleViewSet

register_permission_policy(IntakeRequest, RequestPermissionPolicy(IntakeRequest))
register_permission_policy(AuditEntry, privacy_views.AuditPermissionPolicy(AuditEntry))
register_permission_policy(QuotaTarget, CityStaffPermissionPolicy(QuotaTarget), exact_class=True)
hooks.register("register_bulk_action", RecordContactBulkAction)


@hooks.register("register_admin_viewset")
def register_routing_rules():
    return RoutingRuleViewSet("routing_rules")


@hooks.register("register_admin_viewset")
def register_request_queues():
    return IntakeRequestViewSet(VIEWSET_NAME)


@hooks.register("register_admin_menu_item")
def register_requests_menu():
    return requests_menu_item()


@hooks.register("construct_homepage_panels")
def add_queues_panel(request, panels):
    figures = queue_figures(request.user)
    if figures:
        panels.append(QueuesPanel(figures))


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return privacy_views.urlpatterns()


@hooks.register("register_admin_viewset")
def register_audit_log():
    return privacy_views.AuditEntryViewSet("intake_audit")


@hooks.register("register_generated_content")
def register_privacy_notice():
    return privacy_notice.NAME, privacy_notice.LABEL, privacy_notice.render


@hooks.register("register_admin_urls")
def register_report_url():
    return [path("intake/report/", report_view, name="intake_report")]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return ReportMenuItem(_("Funder report"), reverse("intake_report"), icon_name="doc-full", order=50)


@hooks.register("register_admin_viewset")
def register_quota_targets():
    return QuotaTargetViewSet("quota_targets")
