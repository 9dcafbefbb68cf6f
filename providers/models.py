"""Partner organisations of the initiative, their pages and their course offers."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.blocks import RICH_TEXT_FEATURES
from portal.content_cache import CachedViewRestrictionsMixin
from portal.languages import LANGUAGES
from portal.translation import SYNCHRONISED_SLUG
from providers.choices import BausteinCode, CourseKind, GermanLevel
from providers.forms import COURSES_PER_PAGE, CourseFilterForm

# One full-time Teilhabemanager*in looks after about 100 participants.
CASELOAD_PER_FULL_TIME_STAFF = 100


class FundingModule(models.Model):
    """A Förderbaustein of the state initiative (F1–F6)."""

    code = models.CharField(_("code"), max_length=2, primary_key=True, choices=BausteinCode.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("funding module")
        verbose_name_plural = _("funding modules")

    def __str__(self):
        return self.get_code_display()


class Provider(models.Model):
    """An organisation that runs courses, coaching or participation management."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, help_text=_("Used in lists, e.g. “low-tec”."))
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("short description"), blank=True)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)

    offers_courses = models.BooleanField(_("course provider"), default=False)
    offers_coaching = models.BooleanField(_("coaching"), default=False)
    offers_participation_management = models.BooleanField(_("participation management"), default=False)
    funding_modules = models.ManyToManyField(
        FundingModule, verbose_name=_("funding modules"), blank=True, related_name="providers"
    )

    participation_staff_fte = models.DecimalField(
        _("participation management staff (full-time equivalents)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0"),
    )
    caseload_capacity_override = models.PositiveIntegerField(
        _("caseload capacity"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use staff full-time equivalents × 100."),
    )
    queue_email = models.EmailField(
        _("queue e-mail address"),
        blank=True,
        help_text=_("New appointment requests for this provider are announced here (without personal data)."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("short_name"), FieldPanel("slug"), FieldPanel("description")],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email"), FieldPanel("website")],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("offers_courses"),
                FieldPanel("offers_coaching"),
                FieldPanel("offers_participation_management"),
                FieldPanel("funding_modules", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Roles"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("participation_staff_fte"),
                FieldPanel("caseload_capacity_override"),
                FieldPanel("queue_email"),
            ],
            heading=_("Participation management"),
        ),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self):
        return self.short_name or self.name

    @property
    def caseload_capacity(self):
        """How many open cases this provider's participation management can carry."""
        if self.caseload_capacity_override is not None:
            return self.caseload_capacity_override
        return int(self.participation_staff_fte * CASELOAD_PER_FULL_TIME_STAFF)

    def roles(self):
        """The roles this organisation plays, as a comma-separated label for lists."""
        labels = [
            str(field.verbose_name)
            for field in (
                self._meta.get_field("offers_courses"),
                self._meta.get_field("offers_coaching"),
                self._meta.get_field("offers_participation_management"),
            )
            if getattr(self, field.name)
        ]
        return ", ".join(labels)

    roles.short_description = _("roles")


class CourseIndexPage(CachedViewRestrictionsMixin, Page):
    """The overview of all offers, with the course finder."""

    intro = models.TextField(_("introduction"), blank=True)
    advice_text = models.TextField(
        _("advice text"),
        blank=True,
        help_text=_("Shown when no course matches: who helps to find the right offer."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("advice_text")]
    override_translatable_fields = SYNCHRONISED_SLUG

    parent_page_types = ["home.HomePage"]
    subpage_types = ["providers.PartnerPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("course overview")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.find_courses(request.GET, page_number=request.GET.get("page")))
        return context

    @staticmethod
    def find_courses(params, page_number=None, locale=None, today=None):
        """The finder's form and one page of matching courses in the visitor's language."""
        form = CourseFilterForm(params or None)
        courses = form.filter(CoursePage.objects.listed(locale or Locale.get_active(), today), today)
        courses = courses.select_related("provider", "locale").order_by(*CoursePage.LISTING_ORDER)
        # get_page() turns a missing, invalid or too large page number into the nearest real page.
        page = Paginator(courses, COURSES_PER_PAGE).get_page(page_number)
        return {"filter_form": form, "courses": page, "is_filtered": form.is_filtered()}


class PartnerPage(CachedViewRestrictionsMixin, Page):
    """One partner organisation and its current offers; the partner's editors own this subtree."""

    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="partner_pages"
    )
    # Loaded with the page when it is served (portal/routing.py).
    serve_select_related = ("provider",)
    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("about the organisation"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("provider"), FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    override_translatable_fields = SYNCHRONISED_SLUG

    parent_page_types = ["providers.CourseIndexPage"]
    subpage_types = ["providers.CoursePage"]

    class Meta:
        verbose_name = _("partner page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = (
            CoursePage.objects.listed(Locale.get_active())
            .filter(provider_id=self.provider_id)
            .select_related("provider", "locale")
            .order_by(*CoursePage.LISTING_ORDER)
        )
        return context

    def structured_data(self, request=None):
        """schema.org Organization, for search engines."""
        provider = self.provider
        data = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": provider.name,
            "alternateName": provider.short_name,
            "url": self.get_full_url(request),
        }
        if self.intro or provider.description:
            data["description"] = self.intro or provider.description
        if provider.website:
            data["sameAs"] = [provider.website]
        if provider.address:
            data["address"] = " ".join(provider.address.split())
        if provider.phone:
            data["telephone"] = provider.phone
        if provider.email:
            data["email"] = provider.email
        return data


class CoursePageQuerySet(PageQuerySet):
    def current(self, today=None):
        """Courses that have not ended yet: ended courses drop out of every listing."""
        today = today or timezone.localdate()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))

    def in_locale_with_fallback(self, locale):
        """One page per course: its translation into ``locale``, or the German page where there is none."""
        default = Locale.get_default()
        if locale.pk == default.pk:
            return self.filter(locale=default)
        translated = CoursePage.objects.live().filter(locale=locale).values("translation_key")
        return self.filter(Q(locale=locale) | Q(locale=default) & ~Q(translation_key__in=translated))

    def listed(self, locale, today=None):
        """What the public sees: live, current courses in the visitor's language."""
        return self.live().public().current(today).in_locale_with_fallback(locale)


CoursePageManager = PageManager.from_queryset(CoursePageQuerySet)


class CoursePage(CachedViewRestrictionsMixin, Page):
    """One offer of a partner: a course, coaching or counselling, with the facts people filter by."""

    LISTING_ORDER = (models.F("start_date").asc(nulls_first=True), "title", "pk")

    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two plain sentences, shown in the course finder.")
    )
    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES, blank=True)

    funding_module = models.CharField(_("funding module"), max_length=2, choices=BausteinCode.choices)
    kind = models.CharField(_("kind of offer"), max_length=20, choices=CourseKind.choices)
    target_group = models.CharField(_("target group"), max_length=255, blank=True)
    instruction_language = models.CharField(
        _("language of instruction"), max_length=10, choices=LANGUAGES, default="de"
    )
    german_level_required = models.CharField(
        _("German level required"),
        max_length=2,
        choices=GermanLevel.choices,
        blank=True,
        help_text=_("Leave empty when no German is needed to start."),
    )
    german_level_reached = models.CharField(
        _("German level reached"), max_length=2, choices=GermanLevel.choices, blank=True
    )

    ongoing = models.BooleanField(
        _("ongoing"), default=False, help_text=_("People can start at any time (rolling entry).")
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("After this day the course disappears from all lists.")
    )
    schedule = models.CharField(_("days and times"), max_length=255, blank=True)

    location_name = models.CharField(_("place"), max_length=200, blank=True)
    location_address = models.TextField(_("address"), blank=True)
    public_transport = models.TextField(_("how to get there by bus or train"), blank=True)

    is_free = models.BooleanField(_("free of charge"), default=True)
    cost_note = models.CharField(_("costs"), max_length=200, blank=True, help_text=_("Only if not free."))
    places_available = models.PositiveSmallIntegerField(_("places available"), null=True, blank=True)
    women_only = models.BooleanField(_("for women only"), default=False)
    childcare = models.BooleanField(_("childcare available"), default=False)
    wheelchair_accessible = models.BooleanField(_("wheelchair accessible"), default=False)

    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    # Copied from the partner page above on every save, so lists show the
    # organisation without a query per course.
    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="courses", editable=False
    )
    serve_select_related = ("provider",)

    objects = CoursePageManager()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("funding_module"), FieldPanel("kind")]),
                FieldPanel("target_group"),
                FieldPanel("instruction_language"),
                FieldRowPanel([FieldPanel("german_level_required"), FieldPanel("german_level_reached")]),
            ],
            heading=_("What and for whom"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("ongoing"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("schedule"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [FieldPanel("location_name"), FieldPanel("location_address"), FieldPanel("public_transport")],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("is_free"), FieldPanel("cost_note")]),
                FieldPanel("places_available"),
                FieldRowPanel([FieldPanel("women_only"), FieldPanel("childcare"), FieldPanel("wheelchair_accessible")]),
            ],
            heading=_("Conditions"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_phone"), FieldPanel("contact_email")],
            heading=_("Contact person"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("funding_module"),
        index.FilterField("kind"),
        index.FilterField("end_date"),
    ]
    # Texts are translated; names, numbers and the URL stay the same in every language.
    override_translatable_fields = SYNCHRONISED_SLUG + [
        SynchronizedField("location_name"),
        SynchronizedField("location_address"),
        SynchronizedField("contact_name"),
        SynchronizedField("contact_phone"),
    ]

    parent_page_types = ["providers.PartnerPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("course page")
        verbose_name_plural = _("course pages")

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The course cannot end before it starts.")
        if not self.ongoing and not self.start_date:
            errors["start_date"] = _("Enter a start date, or mark the course as ongoing.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        parent = self.get_parent() if self.path else None
        if parent is not None and parent.specific_class is PartnerPage:
            self.provider_id = PartnerPage.objects.values_list("provider_id", flat=True).get(pk=parent.pk)
        return super().save(*args, **kwargs)

    def is_ended(self, today=None):
        return self.end_date is not None and self.end_date < (today or timezone.localdate())

    def get_instruction_language_display(self):
        return get_language_info(self.instruction_language)["name_translated"]

    def source_page_id(self):
        """The id of the German page of this course: the appointment form knows courses by it."""
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self.pk
        return (
            CoursePage.objects.filter(translation_key=self.translation_key, locale=default)
            .values_list("pk", flat=True)
            .first()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["ended"] = self.is_ended()
        context["source_page_id"] = self.source_page_id  # called by the template only when it renders the link
        return context

    def structured_data(self, request=None):
        """schema.org Course with one CourseInstance, for search engines."""
        provider = self.provider
        instance = {
            "@type": "CourseInstance",
            "courseMode": "onsite",
            "inLanguage": self.instruction_language,
        }
        if self.start_date:
            instance["startDate"] = self.start_date.isoformat()
        if self.end_date:
            instance["endDate"] = self.end_date.isoformat()
        if self.schedule:
            instance["courseSchedule"] = {"@type": "Schedule", "description": self.schedule}
        if self.location_name or self.location_address:
            instance["location"] = {
                "@type": "Place",
                "name": self.location_name or provider.name,
                "address": " ".join(self.location_address.split()),
            }
        data = {
            "@context": "https://schema.org",
            "@type": "Course",
            "name": self.title,
            "description": self.summary,
            "url": self.get_full_url(request),
            "inLanguage": self.locale.language_code,
            "isAccessibleForFree": self.is_free,
            "provider": {"@type": "Organization", "name": provider.name, "url": provider.website or None},
            "hasCourseInstance": [instance],
        }
        if self.german_level_required:
            data["coursePrerequisites"] = f"Deutsch {self.german_level_required}"
        if self.german_level_reached:
            data["educationalLevel"] = self.german_level_reached
        if self.is_free:
            data["offers"] = {"@type": "Offer", "price": 0, "priceCurrency": "EUR", "category": "Free"}
        if not provider.website:
            del data["provider"]["url"]
        return data
