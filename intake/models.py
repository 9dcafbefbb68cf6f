"""Appointment requests, the queues they wait in, and how they got there.

A *queue* is where requests wait for staff: one per Teilhabemanagement provider
plus the city's waitlist (a queue without provider) for when every provider is
full. Staff work a queue because they belong to its ``staff_group``; providers
know nothing of queues (``intake`` depends on ``providers``, never the reverse).
"""

import secrets
import uuid

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

from home.blocks import RICH_TEXT_FEATURES
from intake.permissions import can_view_requests, is_city_staff
from intake.workflow import OPEN_STATUSES, Status, TransitionNotAllowed, check_transition
from portal.content_cache import CachedViewRestrictionsMixin
from portal.languages import LANGUAGE_CODES
from providers.models import Provider

# Reference characters a person can read out on the phone without confusion:
# no 0/O, 1/I/L.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_PREFIX = "DA-"
REFERENCE_LENGTH = 6

# The back office's view of one request (the queue views' inspect page).
REQUEST_ADMIN_URL_NAME = "intake_requests:inspect"

# The programme is for people aged 18–27 "as a rule"; others are accepted and flagged.
TARGET_AGE_MIN = 18
TARGET_AGE_MAX = 27

# The consent a person gives. Change the version whenever the text changes: each
# request keeps the version, language and exact wording it was given under.
CONSENT_VERSION = "2026-11-01"
CONSENT_TEXT = _(
    "I agree that the City of Aachen and the Teilhabemanagement partner responsible for me may store "
    "these details to contact me about a first appointment. I can withdraw this consent at any time."
)


def new_reference():
    return REFERENCE_PREFIX + "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(REFERENCE_LENGTH))


class Source(models.TextChoices):
    INVITATION = "invitation", _("Invitation by letter")
    ONLINE = "online", _("Online request")
    REFERRAL = "referral", _("Referral by a partner")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    SMS = "sms", _("Text message (SMS)")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("In person")


class Topic(models.TextChoices):
    GERMAN_COURSE = "german_course", _("German course")
    SCHOOL_CERTIFICATE = "school_certificate", _("School certificate")
    TRAINING = "training", _("Training or apprenticeship")
    WORK = "work", _("Work")
    COACHING = "coaching", _("Coaching and advice")
    OTHER = "other", _("Something else")


class ResidenceStatus(models.TextChoices):
    DULDUNG = "duldung", _("Duldung (toleration)")
    GESTATTUNG = "gestattung", _("Gestattung (permission to stay during the asylum procedure)")
    OTHER = "other", _("Other")
    UNDISCLOSED = "undisclosed", _("I prefer not to say")


OTHER_LANGUAGE = "other"


def spoken_language_choices():
    """The portal's languages in their own names, then "another language"."""
    return [(code, get_language_info(code)["name_local"]) for code in LANGUAGE_CODES] + [
        (OTHER_LANGUAGE, _("Another language"))
    ]


# Why each personal detail is asked for. The privacy notice lists these; a field
# without a purpose here is not asked.
FIELD_PURPOSES = {
    "given_name": _("To address you personally when we contact you."),
    "family_name": _("To tell you apart from other people with the same first name (optional)."),
    "phone": _("To call you or send you a text message about your appointment."),
    "email": _("To write to you about your appointment (optional)."),
    "contact_channel": _("To contact you the way you prefer."),
    "languages": _("To find staff or an interpreter who speaks your language."),
    "topics": _("To send your request to the team that can help you best."),
    "residence_status": _(
        "The initiative is funded for people with Duldung or Gestattung; it decides which offers fit."
    ),
    "birth_year": _("The initiative is meant for people aged 18 to 27 as a rule; other ages are not turned away."),
    "postcode": _("To find the office responsible for where you live."),
    "course": _("To know which course you are interested in (optional)."),
    "message": _("To let you tell us anything else that helps us prepare (optional)."),
    "consent": _("Your permission to store these details and contact you."),
}


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


class IntakeRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def visible_to(self, user):
        """The requests ``user`` may see: the one rule behind every back-office view, export and count.

        City staff and superusers see every queue; Teilhabemanagement staff see
        the queues whose staff group they belong to; everyone else sees nothing.
        """
        if not can_view_requests(user):
            return self.none()
        if is_city_staff(user):
            return self
        return self.filter(queue__staff_group__in=user.groups.all())


class IntakeRequest(models.Model):
    """A person's request for a first appointment, from the form, an invitation or a referral."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=12, unique=True, editable=False)
    submission_token = models.UUIDField(
        _("submission token"),
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("The one-time token of the form that sent this request; a repeated post finds it here."),
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.ONLINE)
    language = models.CharField(_("language of the request"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)

    given_name = models.CharField(_("first name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    phone = PhoneNumberField(_("phone"), region="DE", blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    contact_channel = models.CharField(
        _("preferred contact"), max_length=20, choices=ContactChannel.choices, blank=True
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    topics = models.JSONField(_("wants help with"), default=list, blank=True)
    residence_status = models.CharField(
        _("residence status"), max_length=20, choices=ResidenceStatus.choices, blank=True
    )
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    course = models.ForeignKey(
        "providers.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)

    consent_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    consent_language = models.CharField(_("consent language"), max_length=10, blank=True)
    consent_text = models.TextField(_("consent text as shown"), blank=True)
    consented_at = models.DateTimeField(_("consent given"), null=True, blank=True)

    is_age_outside_target = models.BooleanField(
        _("age outside 18–27"), default=False, help_text=_("Accepted; staff check whether the programme fits.")
    )
    is_outside_city = models.BooleanField(
        _("lives outside the city"), default=False, help_text=_("Staff check which office is responsible.")
    )

    queue = models.ForeignKey(Queue, verbose_name=_("queue"), on_delete=models.PROTECT, related_name="requests")
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.NEW)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )

    # Delivery of the notification to the queue; the sweep retries until notified_at is set.
    notified_at = models.DateTimeField(_("queue notified"), null=True, blank=True)
    notification_attempts = models.PositiveSmallIntegerField(_("notification attempts"), default=0)
    notification_attempted_at = models.DateTimeField(_("last notification attempt"), null=True, blank=True)
    notification_error = models.CharField(_("last notification error"), max_length=200, blank=True)
    # Set while a worker sends the notification, so that no other worker sends it too.
    notification_sending_since = models.DateTimeField(_("notification being sent since"), null=True, blank=True)

    # Set by the retention and erasure rules (``intake.retention``) when the personal
    # fields were blanked; the request stays so that reports keep their counts.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    objects = IntakeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        indexes = [
            models.Index(fields=["queue", "status"]),
            models.Index(fields=["notified_at", "notification_attempted_at"]),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = self.unused_reference()
        super().save(*args, **kwargs)

    @classmethod
    def unused_reference(cls):
        while True:
            reference = new_reference()
            if not cls.objects.filter(reference=reference).exists():
                return reference

    @property
    def provider(self):
        return self.queue.provider

    def get_admin_path(self):
        """Where staff open this request; the admin home until the queue views are registered."""
        try:
            return reverse(REQUEST_ADMIN_URL_NAME, args=[self.pk])
        except NoReverseMatch:
            return reverse("wagtailadmin_home")

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def age_in(self, year):
        return None if self.birth_year is None else year - self.birth_year

    def record_initial_status(self, by=None, reason=""):
        """Write the first history row; every request's history starts with how it arrived."""
        return StatusChange.objects.create(
            request=self, old_status="", new_status=self.status, changed_by=by, reason=reason
        )

    def transition(self, to, by=None, reason="", effective_at=None):
        """Change the status if the workflow allows it, and append the change to the history.

        The update is conditional on the status not having changed meanwhile, so two
        staff members acting at once cannot both succeed from the same status.
        """
        to = Status(to)
        old = Status(self.status)
        check_transition(old, to)
        now = timezone.now()
        updated = IntakeRequest.objects.filter(pk=self.pk, status=old).update(status=to, status_changed_at=now)
        if not updated:
            raise TransitionNotAllowed(_("The request was changed by someone else meanwhile. Please reload it."))
        self.status, self.status_changed_at = to, now
        return StatusChange.objects.create(
            request=self,
            old_status=old,
            new_status=to,
            changed_at=now,
            changed_by=by,
            reason=reason,
            effective_at=effective_at,
        )

    def start_notification_attempt(self):
        """Claim the sending of the notification: count the attempt and mark it as under way."""
        now = timezone.now()
        IntakeRequest.objects.filter(pk=self.pk).update(
            notification_attempts=F("notification_attempts") + 1,
            notification_attempted_at=now,
            notification_sending_since=now,
        )
        self.refresh_from_db(
            fields=["notification_attempts", "notification_attempted_at", "notification_sending_since"]
        )

    def mark_notified(self):
        now = timezone.now()
        IntakeRequest.objects.filter(pk=self.pk).update(
            notified_at=now, notification_error="", notification_sending_since=None
        )
        self.notified_at, self.notification_error, self.notification_sending_since = now, "", None

    def record_notification_failure(self, error):
        error = error[: self._meta.get_field("notification_error").max_length]
        IntakeRequest.objects.filter(pk=self.pk).update(notification_error=error, notification_sending_since=None)
        self.notification_error, self.notification_sending_since = error, None


class AppendOnlyModel(models.Model):
    """A record that is written once and never changed: the history of a request, notes, the audit log.

    Retention and erasure blank personal text with queryset updates, which
    bypass ``save``; staff and code paths go through ``save`` and are refused.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(f"{str(self._meta.verbose_name_plural).capitalize()} are append-only.")
        super().save(*args, **kwargs)


class StatusChange(AppendOnlyModel):
    """One line of a request's history. Rows are only ever added, never changed."""

    request = models.ForeignKey(IntakeRequest, on_delete=models.CASCADE, related_name="status_changes")
    old_status = models.CharField(_("from"), max_length=30, choices=Status.choices, blank=True)
    new_status = models.CharField(_("to"), max_length=30, choices=Status.choices)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    effective_at = models.DateTimeField(
        _("date"), null=True, blank=True, help_text=_("When it happened or is planned, e.g. the appointment.")
    )

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.request} {self.old_status or '–'} → {self.new_status}"


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


class RoutingDecision(models.Model):
    """Why a request went to its queue: the rule that matched, or the loads that decided."""

    class Outcome(models.TextChoices):
        RULE = "rule", _("Routing rule")
        LEAST_LOAD = "least_load", _("Lowest load")
        WAITLIST = "waitlist", _("Waitlist (all providers full)")

    request = models.ForeignKey(IntakeRequest, on_delete=models.CASCADE, related_name="routing_decisions")
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    queue = models.ForeignKey(Queue, verbose_name=_("queue"), on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    rule = models.ForeignKey(
        RoutingRule, verbose_name=_("rule"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rule_version = models.PositiveIntegerField(_("rule version"), null=True, blank=True)
    rule_snapshot = models.JSONField(_("rule as applied"), default=dict, blank=True)
    candidates = models.JSONField(
        _("queues considered"),
        default=list,
        blank=True,
        help_text=_("Each Teilhabemanagement queue with its open cases, capacity and load at the time."),
    )
    explanation = models.TextField(_("why this queue"))

    class Meta:
        ordering = ["-decided_at", "-pk"]
        get_latest_by = "decided_at"
        verbose_name = _("routing decision")
        verbose_name_plural = _("routing decisions")

    def __str__(self):
        return f"{self.request} → {self.queue}"


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
        from intake.views import intake_form

        return intake_form(request, self)

    @path("done/<uuid:public_id>/", name="confirmation")
    def confirmation(self, request, public_id):
        from intake.views import confirmation

        return confirmation(request, self, public_id)

    def confirmation_url(self, public_id, request=None):
        return self.get_url(request) + self.reverse_subpage("confirmation", args=[public_id])


# --- Triage back office: placements, notes and the general change log -------------------------


class PlacementKind(models.TextChoices):
    COURSE = "course", _("Course")
    INTERNSHIP = "internship", _("Internship")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
    WORK = "work", _("Work")
    SCHOOL = "school", _("School")


class Placement(models.Model):
    """A measure a participant was placed in; recorded with the "placed in a measure" status change.

    A person may be placed several times (a course, then an internship); reports
    count the rows.
    """

    request = models.ForeignKey(IntakeRequest, on_delete=models.CASCADE, related_name="placements")
    kind = models.CharField(_("kind"), max_length=20, choices=PlacementKind.choices)
    course = models.ForeignKey(
        "providers.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    measure = models.CharField(
        _("measure"), max_length=200, blank=True, help_text=_("When the measure has no course page.")
    )
    starts_on = models.DateField(_("starts on"))
    status_change = models.OneToOneField(
        StatusChange, null=True, blank=True, on_delete=models.SET_NULL, related_name="placement"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.course or self.measure}"


class Note(AppendOnlyModel):
    """A staff note on a request: internal, never shown to the person, never changed once written."""

    request = models.ForeignKey(IntakeRequest, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"), max_length=4000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self):
        return f"{self.request} {self.created_at:%Y-%m-%d %H:%M}"


class RequestEvent(AppendOnlyModel):
    """A change to a request other than its status (those are ``StatusChange`` rows). Append-only.

    ``old_value``/``new_value`` may hold personal data (a corrected phone
    number); the retention rules blank them with the request's personal fields.
    """

    class Kind(models.TextChoices):
        REASSIGNED = "reassigned", _("Moved to another queue")
        FIELD_CHANGED = "field_changed", _("Details changed")
        NOTE_ADDED = "note_added", _("Note added")
        DUPLICATE_MARKED = "duplicate_marked", _("Marked as duplicate")
        PLACEMENT_RECORDED = "placement_recorded", _("Placement recorded")

    request = models.ForeignKey(IntakeRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=30, choices=Kind.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    field = models.CharField(_("field"), max_length=60, blank=True)
    old_value = models.TextField(_("before"), blank=True)
    new_value = models.TextField(_("after"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    context = models.TextField(
        _("context"), blank=True, help_text=_("E.g. the routing explanation that had sent the request to its queue.")
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("request event")
        verbose_name_plural = _("request events")

    def __str__(self):
        return f"{self.request} {self.get_kind_display()}"


# --- Privacy: the audit log and the retention runs --------------------------------------------


class AppendOnlyQuerySet(models.QuerySet):
    """Rows that are written once: no bulk update, no delete."""

    def update(self, **kwargs):
        raise ValueError(f"{self.model._meta.verbose_name_plural} are append-only.")

    def delete(self):
        raise ValueError(f"{self.model._meta.verbose_name_plural} are append-only.")


class AuditEntry(AppendOnlyModel):
    """Who looked at, exported or changed which request, and when. Append-only.

    The log lives in ``intake`` because what it records is access to requests,
    which ``intake`` owns; ``portal`` holds shared infrastructure without domain
    models, and a generic log there would need to know intake's actions and
    permissions. An entry names the request by id and reference, never by
    anything the person entered, so the log itself holds no personal data and
    outlives the anonymisation of the request.
    """

    class Action(models.TextChoices):
        VIEWED = "viewed", _("Viewed the request")
        VIEWED_HISTORY = "viewed_history", _("Viewed the history")
        EXPORTED_LIST = "exported_list", _("Exported a list")
        EXPORTED_REPORT = "exported_report", _("Downloaded a report")
        ACCESS_EXPORT = "access_export", _("Exported a person's data (Art. 15)")
        CHANGED_STATUS = "changed_status", _("Changed the status")
        CHANGED_DETAILS = "changed_details", _("Corrected details")
        ADDED_NOTE = "added_note", _("Added a note")
        MARKED_DUPLICATE = "marked_duplicate", _("Marked as duplicate")
        REASSIGNED = "reassigned", _("Moved to another queue")
        REGISTERED = "registered", _("Registered an invitation")
        ERASED = "erased", _("Erased a person's data (Art. 17)")
        ANONYMISED = "anonymised", _("Anonymised after the retention period")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text=_("Empty for the retention task."),
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("what"), max_length=30, choices=Action.choices, db_index=True)
    request = models.ForeignKey(
        IntakeRequest,
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    reference = models.CharField(_("reference"), max_length=12, blank=True, db_index=True)
    detail = models.CharField(
        _("detail"),
        max_length=500,
        blank=True,
        help_text=_("E.g. the new status, the export format or the reason for an erasure; never personal data."),
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or '–'} {self.get_action_display()} {self.reference}"

    def delete(self, *args, **kwargs):
        raise ValueError("The audit log is append-only.")


class RetentionRun(models.Model):
    """One run of the retention rules (``intake.retention``): when, and how many requests it anonymised."""

    started_at = models.DateTimeField(_("started"), default=timezone.now)
    dry_run = models.BooleanField(_("dry run"), default=False)
    anonymised = models.PositiveIntegerField(_("requests anonymised"), default=0)
    by_rule = models.JSONField(_("requests per rule"), default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.anonymised}"


class QuotaTarget(models.Model):
    """How many people of a residence status the funder expects in the programme in a year.

    The council's report for 2020 names 275 people with Duldung and 50 with
    Gestattung for Aachen. Reports divide the year's admissions by these targets.
    """

    class TargetGroup(models.TextChoices):
        DULDUNG = ResidenceStatus.DULDUNG.value, ResidenceStatus.DULDUNG.label
        GESTATTUNG = ResidenceStatus.GESTATTUNG.value, ResidenceStatus.GESTATTUNG.label

    year = models.PositiveSmallIntegerField(_("year"))
    residence_status = models.CharField(_("residence status"), max_length=20, choices=TargetGroup.choices)
    target = models.PositiveIntegerField(_("target (persons)"))

    class Meta:
        ordering = ["-year", "residence_status"]
        verbose_name = _("quota target")
        verbose_name_plural = _("quota targets")
        constraints = [
            models.UniqueConstraint(fields=["year", "residence_status"], name="quota_target_once_per_year"),
            models.CheckConstraint(condition=models.Q(target__gt=0), name="quota_target_positive"),
        ]

    def __str__(self):
        return f"{self.year} {self.get_residence_status_display()}: {self.target}"


class ImportedCase(models.Model):
    """Marks a request that ``import_cases`` loaded from an earlier year's list, with the row it came from.

    The fingerprint lets a repeated import recognise the same row (nothing
    changes) and refuse a changed one instead of silently keeping either.
    """

    request = models.OneToOneField(IntakeRequest, on_delete=models.CASCADE, related_name="imported_case")
    fingerprint = models.CharField(_("fingerprint of the imported row"), max_length=64)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)

    class Meta:
        verbose_name = _("imported case")
        verbose_name_plural = _("imported cases")

    def __str__(self):
        return str(self.request)
