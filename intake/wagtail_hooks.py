"""Admin views of the intake: the routing rules that city staff maintain, and the request queues."""

from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from intake.choices import ResidenceStatus, Topic, spoken_language_choices
from intake.dashboard import QueuesPanel, queue_figures
from intake.models import IntakeRequest, QuotaTarget, RoutingRule
from intake.report_views import CityStaffPermissionPolicy, QuotaTargetViewSet, ReportMenuItem, report_view
from intake.triage_views import (
    VIEWSET_NAME,
    IntakeRequestViewSet,
    RecordContactBulkAction,
    RequestPermissionPolicy,
    requests_menu_item,
)


class RoutingRuleForm(WagtailAdminModelForm):
    """Conditions as tick boxes; what is left unticked matches every request."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=spoken_language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Matches when the person speaks any of these. None ticked: any language."),
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Matches when the person wants help with any of these. None ticked: any topic."),
    )
    residence_statuses = forms.MultipleChoiceField(
        label=_("Residence statuses"),
        choices=ResidenceStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any residence status."),
    )

    def clean_postcode_prefixes(self):
        value = " ".join(self.cleaned_data["postcode_prefixes"].replace(",", " ").split())
        if any(not prefix.isdigit() or len(prefix) > 5 for prefix in value.split()):
            raise forms.ValidationError(_("Enter postcodes or their beginnings as digits, separated by spaces."))
        return value

    def clean(self):
        cleaned = super().clean()
        min_age, max_age = cleaned.get("min_age"), cleaned.get("max_age")
        if min_age is not None and max_age is not None and min_age > max_age:
            self.add_error("max_age", _("The maximum age must not be below the minimum age."))
        return cleaned


class RoutingRuleViewSet(ModelViewSet):
    model = RoutingRule
    icon = "resubmit"
    menu_label = _("Routing rules")
    menu_order = 260
    add_to_admin_menu = True
    url_prefix = "intake/routing-rules"
    list_display = ["name", "sort_order", "provider", "is_active", "version", "updated_at"]
    list_filter = ["provider", "is_active"]
    search_fields = ["name"]
    sort_order_field = None
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("sort_order"), FieldPanel("is_active")]),
            MultiFieldPanel(
                [
                    FieldPanel("languages"),
                    FieldPanel("topics"),
                    FieldPanel("residence_statuses"),
                    FieldPanel("postcode_prefixes"),
                    FieldRowPanel([FieldPanel("min_age"), FieldPanel("max_age")]),
                ],
                heading=_("Conditions (all must hold)"),
            ),
            FieldPanel("provider"),
        ],
        base_form_class=RoutingRuleForm,
    )

    def get_queryset(self, request):
        return RoutingRule.objects.select_related("provider")


@hooks.register("register_admin_viewset")
def register_routing_rules():
    return RoutingRuleViewSet("routing_rules")


# --- Triage back office ---------------------------------------------------------------------------

register_permission_policy(IntakeRequest, RequestPermissionPolicy(IntakeRequest))


@hooks.register("register_admin_viewset")
def register_request_queues():
    return IntakeRequestViewSet(VIEWSET_NAME)


@hooks.register("register_admin_menu_item")
def register_requests_menu():
    return requests_menu_item()


hooks.register("register_bulk_action", RecordContactBulkAction)


@hooks.register("construct_homepage_panels")
def add_queues_panel(request, panels):
    figures = queue_figures(request.user)
    if figures:
        panels.append(QueuesPanel(figures))


# --- Privacy: a person's rights and the audit log ----------------------------------------------

from intake import privacy_views  # noqa: E402
from intake.models import AuditEntry  # noqa: E402

register_permission_policy(AuditEntry, privacy_views.AuditPermissionPolicy(AuditEntry))


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return privacy_views.urlpatterns()


@hooks.register("register_admin_viewset")
def register_audit_log():
    return privacy_views.AuditEntryViewSet("intake_audit")


from intake import privacy_notice  # noqa: E402


@hooks.register("register_generated_content")
def register_privacy_notice():
    return privacy_notice.NAME, privacy_notice.LABEL, privacy_notice.render


# --- Reports: the funder's figures and the quota targets (intake/report_views.py) -------------------

register_permission_policy(QuotaTarget, CityStaffPermissionPolicy(QuotaTarget), exact_class=True)


@hooks.register("register_admin_urls")
def register_report_url():
    return [path("intake/report/", report_view, name="intake_report")]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return ReportMenuItem(_("Funder report"), reverse("intake_report"), icon_name="doc-full", order=50)


@hooks.register("register_admin_viewset")
def register_quota_targets():
    return QuotaTargetViewSet("quota_targets")
