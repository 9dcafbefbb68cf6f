"""Partner organisations of the initiative and what they offer."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

# One full-time Teilhabemanager*in looks after about 100 participants.
CASELOAD_PER_FULL_TIME_STAFF = 100


class FundingModule(models.Model):
    """A Förderbaustein of the state initiative (F1–F6)."""

    class Code(models.TextChoices):
        F1 = "F1", _("F1 Coaching")
        F2 = "F2", _("F2 In-work qualification and language support")
        F3 = "F3", _("F3 (not offered in Aachen)")
        F4 = "F4", _("F4 School, training and job preparation courses, youth integration courses")
        F5 = "F5", _("F5 Innovation fund")
        F6 = "F6", _("F6 Participation management")

    code = models.CharField(_("code"), max_length=2, primary_key=True, choices=Code.choices)

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
