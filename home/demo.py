"""Demo content for the site pages, taken from the council's reports on the initiative."""

import json
from pathlib import Path

from django.conf import settings
from wagtail.models import Locale, Page, Site

from home.models import ContactSettings, HomePage, InformationPage
from portal.demo import upsert_page
from portal.translation import publish_translation, segment_translations

CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"


def load_content(language_code):
    with open(CONTENT_DIR / f"{language_code}.json", encoding="utf-8") as content_file:
        return json.load(content_file)


def ensure_locales():
    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def remove_welcome_page(root):
    """Delete the placeholder page that Wagtail's first migration creates (and its site)."""
    for page in root.get_children().filter(slug="home").exclude(content_type__model="homepage"):
        if page.specific_class is Page and not page.get_children().exists():
            page.delete()


def seed_home_page(content):
    """The German home page as the root of the default site."""
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", locale=Locale.get_default(), live=True)
    )
    remove_welcome_page(root)
    fields = {key: content[key] for key in ("title", "seo_title", "intro", "voluntary_notice", "call_to_action_label")}
    fields["body"] = [tuple(block) for block in content["body"]]
    home, _changed = upsert_page(root, HomePage, "home", **fields)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Durchstarten"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


def seed_information_pages(home, pages):
    seeded = {}
    for content in pages:
        fields = {key: content[key] for key in ("title", "intro", "show_in_menus")}
        fields["body"] = [tuple(block) for block in content["body"]]
        page, _changed = upsert_page(home, InformationPage, content["slug"], **fields)
        seeded[content["slug"]] = page
    return seeded


def seed_contact_settings(pages):
    contact = ContactSettings.load()
    if contact.contact_page_id != pages["kontakt"].pk or contact.privacy_page_id != pages["datenschutz"].pk:
        contact.contact_page = pages["kontakt"]
        contact.privacy_page = pages["datenschutz"]
        contact.save()


def translated_contents(content_dir, languages=None):
    """``(locale, content)`` for each language with a ``<lang>.json`` in ``content_dir``; others are skipped."""
    for code, _name in settings.LANGUAGES:
        path = content_dir / f"{code}.json"
        if code != settings.LANGUAGE_CODE and path.exists() and (languages is None or code in languages):
            with open(path, encoding="utf-8") as content_file:
                yield Locale.objects.get(language_code=code), json.load(content_file)


def seed_translations(home, pages, stdout, content_dir=CONTENT_DIR, languages=None):
    """Translate the site pages through wagtail-localize from the ``<lang>.json`` files.

    Each file has the structure of ``de.json``; texts at the same place
    translate each other. A page whose structure does not match is reported
    and left untranslated.
    """
    source = load_content(settings.LANGUAGE_CODE)
    sources = [(home, source["home"], "home")] + [
        (pages[content["slug"]], content, content["slug"]) for content in source["pages"]
    ]
    seeded = []
    for locale, translated in translated_contents(content_dir, languages):
        translated_pages = {content["slug"]: content for content in translated.get("pages", [])}
        translated_pages["home"] = translated.get("home", {})
        for page, content, slug in sources:
            if slug not in translated_pages:
                continue
            try:
                strings = segment_translations(content, translated_pages[slug], f"{locale.language_code}.json {slug}")
            except ValueError as error:
                stdout.write(f"Skipped a translation that does not match de.json: {error}")
                continue
            publish_translation(page, locale, strings)
        seeded.append(locale.language_code)
    return seeded


def seed(stdout, languages=None):
    """The site pages in German and their translations (into ``languages`` only, if given)."""
    ensure_locales()
    content = load_content(settings.LANGUAGE_CODE)
    home = seed_home_page(content["home"])
    pages = seed_information_pages(home, content["pages"])
    seed_contact_settings(pages)
    languages = seed_translations(home, pages, stdout, languages=languages)
    translated = ", ".join(languages) or "no language yet"
    stdout.write(f"Site pages: home page and {len(pages)} information pages, translated into {translated}.")
