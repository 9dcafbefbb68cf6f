"""Records that are written once and never changed: histories, notes, the audit log."""

from django.db import models


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


class AppendOnlyQuerySet(models.QuerySet):
    """Rows that are written once: no bulk update, no delete."""

    def update(self, **kwargs):
        raise ValueError(f"{self.model._meta.verbose_name_plural} are append-only.")

    def delete(self):
        raise ValueError(f"{self.model._meta.verbose_name_plural} are append-only.")
