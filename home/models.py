"""The portal's own content pages: the home page and information pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.blocks import RICH_TEXT_FEATURES, BodyBlock
from portal.content_cache import CachedViewRestrictionsMixin, remember
from portal.translation import SYNCHRONISED_SLUG


class HomePage(CachedViewRestrictionsMixin, Page):
    """The root of each language's site: what the initiative is and where to start."""

    intro = models.TextField(_("introduction"), help_text=_("Two or three short sentences in plain language."))
    voluntary_notice = RichTextField(
        _("voluntary participation notice"),
        features=RICH_TEXT_FEATURES,
        help_text=_("Says that taking part is voluntary and brings no financial or residence disadvantage."),
    )
    call_to_action = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("main call to action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Usually the appointment request page; shown in the visitor's language."),
    )
    call_to_action_label = models.CharField(_("call to action label"), max_length=80, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("voluntary_notice"),
        MultiFieldPanel(
            [FieldPanel("call_to_action"), FieldPanel("call_to_action_label")],
            heading=_("Call to action"),
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    # Texts are translated; the linked page is shared and shown in the visitor's language.
    override_translatable_fields = SYNCHRONISED_SLUG + [SynchronizedField("call_to_action")]

    class Meta:
        verbose_name = _("home page")


class InformationPage(CachedViewRestrictionsMixin, Page):
    """A plain page about the initiative: who it is for, what it offers, contact, privacy."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.InformationPage"]

    override_translatable_fields = SYNCHRONISED_SLUG

    class Meta:
        verbose_name = _("information page")


@register_setting(icon="mail")
class ContactSettings(BaseGenericSetting):
    """Who runs the portal: shown in every page's footer and in the privacy notice."""

    office_name = models.CharField(
        _("office"), max_length=200, default="Stadt Aachen, Fachbereich Wohnen, Soziales und Integration (FB 56)"
    )
    address = models.TextField(_("address"), default="Hackländerstraße 1\n52064 Aachen")
    phone = models.CharField(_("phone"), max_length=40, blank=True, default="+49 241 432-0")
    email = models.EmailField(_("e-mail"), blank=True, default="durchstarten@mail.aachen.de")
    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("contact page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    appointment_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("appointment request page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Course pages link here to request an appointment about a course."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    @classmethod
    def load(cls, request_or_site=None):
        """The settings for a request come from the content cache: every page's footer reads them."""
        if request_or_site is None or isinstance(request_or_site, Site):
            return super().load(request_or_site)
        attribute = cls.get_cache_attr_name()
        if not hasattr(request_or_site, attribute):
            setattr(request_or_site, attribute, remember("contact-settings", cls._get_or_create))
        return getattr(request_or_site, attribute)

    panels = [
        FieldPanel("office_name"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("contact_page"),
        FieldPanel("appointment_page"),
        FieldPanel("privacy_page"),
    ]

    class Meta:
        verbose_name = _("contact details")


class TranslationSync(models.Model):
    """Which revision of the source page a translation was last built from.

    wagtail-localize records the source content of every sync but not which
    revision of the source page it came from; this row, written whenever a
    translation is saved, makes "outdated" a comparison of revisions.
    """

    translation = models.OneToOneField(
        "wagtail_localize.Translation", on_delete=models.CASCADE, related_name="sync", verbose_name=_("translation")
    )
    source_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("source revision"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("translation sync")

    def __str__(self):
        return f"{self.translation} ← revision {self.source_revision_id}"
