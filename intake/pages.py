"""The appointment request form page: the one page model of ``intake``.

A page is a model that serves requests, so it lives apart from ``intake.models``
and may import the views; ``IntakeConfig.import_models`` registers it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

from home.blocks import RICH_TEXT_FEATURES
from intake import views
from portal.content_cache import CachedViewRestrictionsMixin


class IntakeFormPage(CachedViewRestrictionsMixin, RoutablePageMixin, Page):
    """The appointment request form (``/<lang>/anfrage/``) and its confirmation page.

    Editors write the texts around the form in every language; the form's fields
    are code (``intake.forms.IntakeForm``) because integrations rely on their names.
    """

    intro = models.TextField(_("introduction"), help_text=_("Two or three short sentences in plain language."))
    voluntary_notice = RichTextField(
        _("voluntary participation notice"),
        features=RICH_TEXT_FEATURES,
        help_text=_("Shown before the first question."),
    )
    privacy_notice = RichTextField(
        _("privacy notice"),
        features=RICH_TEXT_FEATURES,
        help_text=_("Shown next to the consent: who stores what, for how long, and how to withdraw."),
    )
    thank_you_text = RichTextField(
        _("thank-you text"), features=RICH_TEXT_FEATURES, help_text=_("Shown on the confirmation page.")
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("voluntary_notice"),
        FieldPanel("privacy_notice"),
        FieldPanel("thank_you_text"),
    ]
    # Every language's form lives at /<lang>/anfrage/.
    override_translatable_fields = [SynchronizedField("slug", overridable=False)]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("appointment request form")

    @path("")
    def form(self, request):
        return views.intake_form(request, self)

    @path("done/<uuid:public_id>/", name="confirmation")
    def confirmation(self, request, public_id):
        return views.confirmation(request, self, public_id)

    def confirmation_url(self, public_id, request=None):
        return self.get_url(request) + self.reverse_subpage("confirmation", args=[public_id])
