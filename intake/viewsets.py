"""The routing rules as a Wagtail viewset: city staff maintain which requests go to which provider."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from intake.choices import ResidenceStatus, Topic, spoken_language_choices
from intake.forms import DistinctMultipleChoiceField
from intake.models import RoutingRule


class RoutingRuleForm(WagtailAdminModelForm):
    """Conditions as tick boxes; what is left unticked matches every request."""

    languages = DistinctMultipleChoiceField(
        label=_("Languages"),
        choices=spoken_language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Matches when the person speaks any of these. None ticked: any language."),
    )
    topics = DistinctMultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Matches when the person wants help with any of these. None ticked: any topic."),
    )
    residence_statuses = DistinctMultipleChoiceField(
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
