"""The queues requests wait in, and the routing rules that send requests to them.

A *queue* is where requests wait for staff: one per Teilhabemanagement provider
plus the city's waitlist (a queue without provider) for when every provider is
full. Staff work a queue because they belong to its ``staff_group``; providers
know nothing of queues (``intake`` depends on ``providers``, never the reverse).
"""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from intake.permissions import can_view_requests, is_city_staff
from providers.models import Provider


class QueueQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The queues whose requests ``user`` may see (see ``IntakeRequestQuerySet.visible_to``)."""
        if not can_view_requests(user):
            return self.none()
        if is_city_staff(user):
            return self
        return self.filter(staff_group__in=user.groups.all())

    def waitlist(self):
        """The city's waitlist queue, created on first use."""
        queue, _created = self.get_or_create(
            slug=Queue.WAITLIST_SLUG, defaults={"name": "Warteliste Stadt Aachen", "provider": None}
        )
        return queue

    def for_providers(self):
        return self.filter(provider__isnull=False)


class Queue(models.Model):
    """Where new requests wait for staff: a Teilhabemanagement provider's, or the city's waitlist."""

    WAITLIST_SLUG = "warteliste"

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    provider = models.OneToOneField(
        Provider,
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="intake_queue",
        limit_choices_to={"offers_participation_management": True},
        help_text=_("Empty for the city's waitlist."),
    )
    staff_group = models.OneToOneField(
        Group,
        verbose_name=_("staff group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="intake_queue",
        help_text=_("Members of this group work the queue."),
    )
    email = models.EmailField(
        _("notification e-mail address"),
        blank=True,
        help_text=_("Where new requests are announced; empty means the provider's queue e-mail address."),
    )
    first_contact_days = models.PositiveSmallIntegerField(
        _("first contact within (working days)"),
        default=3,
    )

    objects = QueueQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("queue")
        verbose_name_plural = _("queues")

    def __str__(self):
        return self.name

    @property
    def is_waitlist(self):
        return self.provider_id is None

    @property
    def notification_email(self):
        return self.email or (self.provider.queue_email if self.provider_id else "")

    @property
    def capacity(self):
        """How many open cases this queue may hold; the waitlist is never full."""
        return None if self.is_waitlist else self.provider.caseload_capacity


class RoutingRule(models.Model):
    """A rule that sends matching requests to a provider. Rules are tried in order; the first match wins.

    An empty condition matches everything; a condition with several values
    matches when the request has any of them.
    """

    name = models.CharField(_("name"), max_length=120)
    sort_order = models.PositiveIntegerField(_("order"), default=100, help_text=_("Lower numbers are tried first."))
    is_active = models.BooleanField(_("active"), default=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    residence_statuses = models.JSONField(_("residence statuses"), default=list, blank=True)
    postcode_prefixes = models.CharField(
        _("postcodes"),
        max_length=300,
        blank=True,
        help_text=_("Postcodes or their beginnings, separated by spaces, e.g. “52062 52064” or “5207”."),
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    provider = models.ForeignKey(
        Provider,
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"offers_participation_management": True},
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """Count every change, so a routing decision can say which version of the rule it followed."""
        if self.pk is not None:
            stored = RoutingRule.objects.filter(pk=self.pk).values_list("version", flat=True).first()
            if stored is not None:
                self.version = stored + 1
        super().save(*args, **kwargs)

    @property
    def postcodes(self):
        return self.postcode_prefixes.split()

    def snapshot(self):
        """The conditions as they were when a decision followed them."""
        return {
            "name": self.name,
            "languages": list(self.languages),
            "topics": list(self.topics),
            "residence_statuses": list(self.residence_statuses),
            "postcodes": self.postcodes,
            "min_age": self.min_age,
            "max_age": self.max_age,
            "provider": self.provider_id,
        }
