from django import template

from portal.i18n import language_links as build_language_links

register = template.Library()


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context, page=None):
    request = context["request"]
    links = build_language_links(request, page)
    current = next((link for link in links if link.is_current), None)
    return {"links": links, "current": current}


@register.filter
def localized(page):
    """The page in the active language, or the page itself when it is not translated."""
    return page.localized if page is not None else None
