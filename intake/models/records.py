"""Records kept beside the requests: the audit log, retention runs, quota targets and imported cases."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.choices import ResidenceStatus
from intake.models.base import AppendOnlyModel, AppendOnlyQuerySet
from intake.models.requests import IntakeRequest


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
    """One run of the retention rules (``intake.privacy.retention``): when, and how many requests it anonymised."""

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
