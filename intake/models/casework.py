"""What staff record while they work a request: placements, notes and the general change log."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.choices import PlacementKind
from intake.models.base import AppendOnlyModel
from intake.models.requests import IntakeRequest, StatusChange


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
