from django import template

from portal.i18n import alternate_links as build_alternate_links
from portal.i18n import language_links as build_language_links

register = template.Library()


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context, page=None):
    request = context["request"]
    links = build_language_links(request, page)
    current = next((link for link in links if link.is_current), None)
    return {"links": links, "current": current}


@register.inclusion_tag("components/alternate_links.html", takes_context=True)
def alternate_links(context, page=None):
    """``<link rel="alternate" hreflang>`` for every language version of the page, and ``x-default``."""
    return {"links": build_alternate_links(context["request"], page)}


@register.filter
def localized(page):
    """The page in the active language, or the page itself when it is not translated.

    Links to other pages are synchronised between languages (they point to the
    German page); this shows the visitor's language version where there is one.
    """
    return page.localized if page is not None else None
