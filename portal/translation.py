"""Translating pages through wagtail-localize from code (demo content, imports).

Translations made here are ordinary wagtail-localize translations: the
translation status report tracks them and editors keep working on them in
the wagtail-localize editor.

Usage, e.g. in an app's ``demo.py``::

    strings = segment_translations(german_content, arabic_content)
    publish_translation(german_page, Locale.objects.get(language_code="ar"), strings)

``german_content`` and ``arabic_content`` are parallel structures (dicts,
lists, strings) such as two ``demo_content/<lang>.json`` files: texts at the
same place translate each other.

Page models choose what is translated and what is shared between languages
with wagtail-localize's ``override_translatable_fields``. Text, rich text and
StreamFields are translated; links to pages, booleans and dates are
synchronised (templates show a linked page in the visitor's language with
``|localized``). Keep the slug synchronised so that a page has the same URL
in every language (``/de/anfrage/``, ``/ar/anfrage/``)::

    override_translatable_fields = SYNCHRONISED_SLUG + [SynchronizedField("call_to_action")]
"""

from django.db import transaction
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationLog,
    TranslationSource,
)
from wagtail_localize.strings import StringValue, extract_strings

SYNCHRONISED_SLUG = [SynchronizedField("slug", overridable=False)]


def text_segments(value):
    """The translatable strings in a text, as wagtail-localize stores them.

    HTML (rich text) is split into its paragraphs and list items; plain text
    is one segment.
    """
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        _template, strings = extract_strings(value)
        return [string.data for string, _attrs in strings]
    return [StringValue.from_plaintext(value).data]


def segment_translations(source, translated, path="content"):
    """Pair the segments of two parallel structures: ``{source segment: translated segment}``.

    Dicts are matched by key (keys missing from ``translated`` are skipped, so
    a partial translation is fine), lists by position, strings segment by
    segment. A different shape raises ``ValueError`` naming the place.
    """
    pairs = {}
    if isinstance(source, dict):
        if not isinstance(translated, dict):
            raise ValueError(f"{path}: expected an object")
        for key, value in source.items():
            if key in translated:
                pairs.update(segment_translations(value, translated[key], f"{path}.{key}"))
    elif isinstance(source, list):
        if not isinstance(translated, list) or len(source) != len(translated):
            raise ValueError(f"{path}: expected a list of {len(source)} items")
        for index, (value, translated_value) in enumerate(zip(source, translated, strict=True)):
            pairs.update(segment_translations(value, translated_value, f"{path}[{index}]"))
    elif isinstance(source, str):
        pairs.update(text_pairs(source, translated, path))
    return pairs


def text_pairs(source, translated, path):
    """Pair a text's paragraphs and list items with those of its translation."""
    if not isinstance(translated, str):
        raise ValueError(f"{path}: expected a text")
    source_segments, translated_segments = text_segments(source), text_segments(translated)
    if len(source_segments) != len(translated_segments):
        raise ValueError(
            f"{path}: {len(source_segments)} paragraphs or list items, translation has {len(translated_segments)}"
        )
    return zip(source_segments, translated_segments, strict=True)


def publish_translation(page, locale, strings, user=None):
    """Create or update ``page``'s translation into ``locale`` from ``{source segment: translation}``.

    Goes through wagtail-localize (translation source, translation, one
    string translation per segment) and publishes the translated page.
    Segments without an entry in ``strings`` stay untranslated and show the
    source text. Nothing is written when everything already matches, so
    calling it again creates no revision. Returns ``(translated page, changed)``.
    """
    page = Page.objects.get(pk=page.pk).specific  # fresh: publishing elsewhere updates the live revision
    with transaction.atomic():
        source, _created = TranslationSource.update_or_create_from_instance(page)
        translation, created = Translation.objects.get_or_create(source=source, target_locale=locale)
        changed = save_string_translations(source, locale, strings, user)
        target = page.get_translation_or_none(locale)
        if created or changed or target is None or not target.live or not is_synced(translation):
            return save_and_publish(translation, user), True
    return target, False


def sync_translations(page, user=None):
    """Bring every translation of ``page`` up to date with its published content, as "Sync translated pages" does.

    Use it after changing a source page in code (e.g. a synchronised link):
    the translations get the change, their translated texts stay. Translations
    already in sync are left alone, so calling it again creates no revision.
    """
    page = Page.objects.get(pk=page.pk).specific
    with transaction.atomic():
        source, _created = TranslationSource.update_or_create_from_instance(page)
        for translation in source.translations.filter(enabled=True).select_related("source", "target_locale"):
            if not is_synced(translation):
                save_and_publish(translation, user)


def is_synced(translation):
    """Whether the translated page was last saved from the source's current content."""
    return TranslationLog.objects.filter(
        source_id=translation.source_id,
        locale_id=translation.target_locale_id,
        created_at__gte=translation.source.last_updated_at,
    ).exists()


def save_and_publish(translation, user=None):
    """Save the translated page from the translation and publish it at once.

    wagtail-localize publishes when the transaction commits; a deferred
    publish saves a stale copy of the page's tree fields and hides children
    translated later in the same transaction.
    """
    if not translation.enabled:
        translation.enabled = True
        translation.save(update_fields=["enabled"])
    translation.save_target(user=user, publish=False)
    target = translation.get_target_instance()
    target.get_latest_revision().publish(user=user)
    return translation.get_target_instance()


def save_string_translations(source, locale, strings, user=None):
    """Store the translation of each of ``source``'s segments found in ``strings``; return whether any changed."""
    segments = StringSegment.objects.filter(source=source).select_related("string")
    existing = {
        (translation.translation_of_id, translation.context_id): translation
        for translation in StringTranslation.objects.filter(
            locale=locale, context__object_id=source.object_id, translation_of__in=segments.values("string")
        )
    }
    changed = False
    for segment in segments:
        data = strings.get(segment.string.data)
        if data is None:
            continue
        translation = existing.get((segment.string_id, segment.context_id))
        if translation is None:
            StringTranslation.objects.create(
                translation_of_id=segment.string_id,
                context_id=segment.context_id,
                locale=locale,
                data=data,
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
                last_translated_by=user,
            )
            changed = True
        elif translation.data != data or translation.has_error:
            translation.data = data
            translation.has_error = False
            translation.field_error = ""
            translation.last_translated_by = user
            translation.save()
            changed = True
    return changed
