"""Translation status per page and language, based on wagtail-localize's source revisions.

A translation is *outdated* when the source page has a published revision
that its translation was not built from: either nobody has synced the
translation source since (the page's live revision differs from the one
extracted into the source), or the source was synced but the translation
was not saved again. Editors can mark a source change as minor: the source
is updated, existing translations carry over and nothing is flagged.
"""

import json
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import Count, F
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationLog, TranslationSource

from home.models import TranslationSync


class Status(models.TextChoices):
    MISSING = "missing", _("Missing")
    UP_TO_DATE = "up-to-date", _("Up to date")
    OUTDATED = "outdated", _("Outdated")


@dataclass
class LanguageStatus:
    locale: object
    status: Status
    target_id: int | None = None
    translation: Translation | None = None
    untranslated: int = 0


@dataclass
class PageStatus:
    page: Page
    source: TranslationSource | None
    # The page was published since its translation source was last extracted.
    source_changed: bool = False
    languages: list[LanguageStatus] = field(default_factory=list)


def extracted_revision_id(source):
    """The live revision of the source page whose content the translation source holds."""
    return json.loads(source.content_json).get("live_revision")


def record_sync(sender, instance, created, **kwargs):
    """Remember the source revision each time wagtail-localize saves a translated page (TranslationLog)."""
    if not created:
        return
    translation = Translation.objects.filter(source=instance.source, target_locale=instance.locale).first()
    if translation is not None:
        TranslationSync.objects.update_or_create(
            translation=translation, defaults={"source_revision_id": extracted_revision_id(instance.source)}
        )


def connect_signals():
    models.signals.post_save.connect(record_sync, sender=TranslationLog, dispatch_uid="home.record_translation_sync")


def page_statuses(pages, locales):
    """The status of each page's translation into each of ``locales``, in a fixed number of queries."""
    keys = [page.translation_key for page in pages]
    sources = {
        source.object_id: source
        for source in TranslationSource.objects.filter(
            object_id__in=keys, locale_id__in={page.locale_id for page in pages}
        )
    }
    translations = {
        (translation.source_id, translation.target_locale_id): translation
        for translation in Translation.objects.filter(source__in=sources.values(), enabled=True).select_related("sync")
    }
    live_targets = {
        (key, locale_id): pk
        for pk, key, locale_id in Page.objects.filter(translation_key__in=keys, locale__in=locales)
        .live()
        .values_list("pk", "translation_key", "locale_id")
    }
    totals = dict(
        StringSegment.objects.filter(source__in=sources.values())
        .values("source_id")
        .annotate(count=Count("pk"))
        .values_list("source_id", "count")
    )
    translated = {
        (source_id, locale_id): count
        for source_id, locale_id, count in StringSegment.objects.filter(
            source__in=sources.values(),
            string__translations__context_id=F("context_id"),
            string__translations__locale__in=locales,
            string__translations__has_error=False,
        )
        .values("source_id", "string__translations__locale_id")
        .annotate(count=Count("pk"))
        .values_list("source_id", "string__translations__locale_id", "count")
    }

    statuses = []
    for page in pages:
        source = sources.get(page.translation_key)
        source_revision = extracted_revision_id(source) if source else None
        source_changed = source is not None and page.live_revision_id != source_revision
        page_status = PageStatus(page=page, source=source, source_changed=source_changed)
        for locale in locales:
            target_id = live_targets.get((page.translation_key, locale.pk))
            translation = translations.get((source.pk, locale.pk)) if source else None
            if target_id is None:
                page_status.languages.append(LanguageStatus(locale, Status.MISSING, translation=translation))
                continue
            sync = getattr(translation, "sync", None) if translation else None
            up_to_date = not source_changed and sync is not None and sync.source_revision_id == source_revision
            page_status.languages.append(
                LanguageStatus(
                    locale,
                    Status.UP_TO_DATE if up_to_date else Status.OUTDATED,
                    target_id=target_id,
                    translation=translation,
                    untranslated=totals.get(source.pk, 0) - translated.get((source.pk, locale.pk), 0) if source else 0,
                )
            )
        statuses.append(page_status)
    return statuses


def untranslated_segments(translation):
    """The source segments that have no (valid) translation yet, in page order."""
    return (
        StringSegment.objects.filter(source_id=translation.source_id)
        .annotate_translation(translation.target_locale_id)
        .filter(translation__isnull=True)
        .select_related("string", "context")
        .order_by("order")
    )


@transaction.atomic
def mark_minor_change(page):
    """Take the page's latest published change into the translation source without flagging translations.

    Translations of segments that changed (a corrected typo, say) carry over
    to the new text at the same place; translations that were up to date stay
    up to date. Returns False when the page has never been translated.
    """
    source = TranslationSource.objects.filter(object_id=page.translation_key, locale_id=page.locale_id).first()
    if source is None:
        return False
    previous_revision = extracted_revision_id(source)
    before = segments_by_context(source)
    source.update_from_db()
    carry_over_translations(source, before, segments_by_context(source))
    TranslationSync.objects.filter(translation__source=source, source_revision_id=previous_revision).update(
        source_revision_id=extracted_revision_id(source)
    )
    return True


def segments_by_context(source):
    segments = {}
    for context_id, string_id in source.stringsegment_set.order_by("order").values_list("context_id", "string_id"):
        segments.setdefault(context_id, []).append(string_id)
    return segments


def carry_over_translations(source, before, after):
    """Copy translations from old to new strings where a place kept its number of segments."""
    replaced = {}  # (old string, context) → new string
    for context_id, new_strings in after.items():
        old_strings = before.get(context_id, [])
        if len(old_strings) == len(new_strings):
            for old, new in zip(old_strings, new_strings, strict=True):
                if old != new:
                    replaced[(old, context_id)] = new
    if not replaced:
        return
    old_translations = StringTranslation.objects.filter(
        context__object_id=source.object_id,
        translation_of_id__in={old for old, _context in replaced},
        context_id__in={context for _old, context in replaced},
    )
    StringTranslation.objects.bulk_create(
        [
            StringTranslation(
                translation_of_id=replaced[(old.translation_of_id, old.context_id)],
                context_id=old.context_id,
                locale_id=old.locale_id,
                data=old.data,
                translation_type=old.translation_type,
                tool_name=old.tool_name,
                last_translated_by_id=old.last_translated_by_id,
            )
            for old in old_translations
            if (old.translation_of_id, old.context_id) in replaced
        ],
        ignore_conflicts=True,
    )
