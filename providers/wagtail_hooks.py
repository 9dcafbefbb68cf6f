from django.contrib.admin import SimpleListFilter
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from providers.choices import BausteinCode
from providers.models import Provider


class FundingModuleFilter(SimpleListFilter):
    """Filter by Förderbaustein without Django's admin site (which the portal does not install)."""

    title = _("funding module")
    parameter_name = "module"

    def lookups(self, request, model_admin):
        return BausteinCode.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(funding_modules__code=self.value())
        return queryset


class ProviderAdmin(ModelAdmin):
    """The partner organisations: city staff keep their contact data, roles and capacity up to date."""

    model = Provider
    menu_label = _("Partners")
    menu_icon = "group"
    menu_order = 250
    add_to_settings_menu = False
    list_display = ("name", "short_name", "roles", "email", "phone")
    list_filter = (
        "offers_courses",
        "offers_coaching",
        "offers_participation_management",
        FundingModuleFilter,
    )
    search_fields = ("name", "short_name", "description", "email")
    inspect_view_enabled = True
    inspect_view_fields = (
        "name",
        "short_name",
        "description",
        "address",
        "phone",
        "email",
        "website",
        "offers_courses",
        "offers_coaching",
        "offers_participation_management",
        "funding_modules",
        "participation_staff_fte",
        "caseload_capacity_override",
        "queue_email",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("funding_modules")


modeladmin_register(ProviderAdmin)
