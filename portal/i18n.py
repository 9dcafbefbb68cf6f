"""Language helpers shared by templates and views."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page

from portal.routing import cached_site


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name_local: str
    url: str
    is_current: bool
    has_translation: bool
    bidi: bool


def site_homes(request):
    """The site's home page in every language that has one, keyed by language code."""
    site = cached_site(request)
    if site is None:
        return {}
    homes = Page.objects.filter(translation_key=site.root_page.translation_key).live().select_related("locale")
    return {home.locale.language_code: home for home in homes}


def language_links(request, page=None):
    """A link per language: to this page's translation, or that language's home page.

    Pages that are not translated into a language still offer it, but lead to
    that language's home page so nobody lands on a page they cannot read.
    The links are worked out once per request (the switcher and the
    ``hreflang`` links in the head both need them).
    """
    key = getattr(page, "pk", None)
    cache = request.__dict__.setdefault("_portal_language_links", {})
    if key not in cache:
        cache[key] = build_language_links(request, page)
    return cache[key]


def alternate_links(request, page=None):
    """``(hreflang, absolute URL)`` for every language version of the page, plus ``x-default`` (German)."""
    links = [
        (link.code, request.build_absolute_uri(link.url))
        for link in language_links(request, page)
        if link.has_translation
    ]
    default = next((url for code, url in links if code == settings.LANGUAGE_CODE), None)
    return links + [("x-default", default)] if default else links


def build_language_links(request, page):
    current = get_language()
    translations = {}
    if page is not None and getattr(page, "pk", None):
        translations = {
            translation.locale.language_code: translation
            for translation in page.get_translations(inclusive=True).live().select_related("locale")
        }
    homes = None
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        if page is None:
            url, has_translation = translate_url(request.get_full_path(), code), True
        elif code in translations:
            url, has_translation = translations[code].get_url(request), True
        else:
            if homes is None:
                homes = site_homes(request)
            home = homes.get(code)
            url, has_translation = (home.get_url(request) if home else f"/{code}/"), False
        links.append(
            LanguageLink(
                code=code,
                name_local=info["name_local"],
                url=url,
                is_current=code == current,
                has_translation=has_translation,
                bidi=info["bidi"],
            )
        )
    return links
