from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields

from providers.models import CoursePage, PartnerPage


def kinds(model):
    return {field.field_name: type(field) for field in get_translatable_fields(model)}


def test_course_texts_are_translated_and_facts_shared_between_languages():
    fields = kinds(CoursePage)

    for name in ("title", "summary", "description", "target_group", "schedule", "public_transport", "cost_note"):
        assert fields[name] is TranslatableField, name
    for name in (
        "slug", "funding_module", "kind", "german_level_required", "start_date", "end_date", "ongoing",
        "women_only", "childcare", "wheelchair_accessible", "places_available", "location_name",
        "location_address", "contact_name", "contact_phone", "contact_email",
    ):  # fmt: skip
        assert fields[name] is SynchronizedField, name
    assert not next(field for field in get_translatable_fields(CoursePage) if field.field_name == "slug").overridable


def test_partner_page_shares_its_provider_and_url():
    fields = kinds(PartnerPage)

    assert fields["provider"] is SynchronizedField
    assert fields["slug"] is SynchronizedField
    assert fields["intro"] is TranslatableField
