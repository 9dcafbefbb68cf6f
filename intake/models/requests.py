"""Appointment requests, their history, and why each went to its queue."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from intake.choices import ContactChannel, ResidenceStatus, Source
from intake.models.base import AppendOnlyModel
from intake.models.queues import Queue, RoutingRule
from intake.permissions import can_view_requests, is_city_staff
from intake.workflow import OPEN_STATUSES, Status, TransitionNotAllowed, check_transition
from portal.text import strip_bidi_controls

# Reference characters a person can read out on the phone without confusion:
# no 0/O, 1/I/L.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_PREFIX = "DA-"
REFERENCE_LENGTH = 6

# The back office's view of one request (the queue views' inspect page).
REQUEST_ADMIN_URL_NAME = "intake_requests:inspect"


def new_reference():
    return REFERENCE_PREFIX + "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(REFERENCE_LENGTH))


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

    # Set by the retention and erasure rules (``intake.privacy.retention``) when the personal
    # fields were blanked; the request stays so that reports keep their counts.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    objects = IntakeRequestQuerySet.as_manager()

    PERSON_TEXT_FIELDS = ("given_name", "family_name", "message")

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
        # Direction overrides in a name would reorder what staff read, on screen and in exports.
        for name in self.PERSON_TEXT_FIELDS:
            setattr(self, name, strip_bidi_controls(getattr(self, name)))
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
