from django import template
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Page

from portal import content_cache
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
def localized(page_or_id):
    """The page (or the page with this id) in the active language, or the page itself when it is not translated.

    Links to other pages are synchronised between languages (they point to the
    German page); this shows the visitor's language version where there is one.
    Given an id (``settings.home.ContactSettings.privacy_page_id``), the page is
    not loaded at all while the answer is in the content cache.
    """
    page_id = getattr(page_or_id, "pk", page_or_id)
    if page_id is None:
        return None

    def find():
        page = page_or_id if isinstance(page_or_id, Page) else Page.objects.filter(pk=page_id).first()
        return page.localized if page is not None else None

    return content_cache.remember(f"localized:{page_id}:{get_language()}", find)


@register.tag
def cached_fragment(parser, token):
    """``{% cached_fragment "name" [page] %}…{% endcached_fragment %}``: the block as rendered, until the next publish.

    The fragment is kept per day, site, scheme and language and, when a page
    is given, per page; without a saved page, and in the editors' preview of
    a draft, it is rendered every time. It
    must show nothing that depends on the visitor (session, CSRF token) or on
    the query string.
    """
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError(f"{bits[0]} takes a name and optionally a page")
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    page = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return CachedFragmentNode(nodelist, parser.compile_filter(bits[1]), page)


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, name, page):
        self.nodelist = nodelist
        self.name = name
        self.page = page

    def render(self, context):
        request = context.get("request")
        page_id = getattr(self.page.resolve(context), "pk", None) if self.page else ""
        previewing = getattr(request, "is_preview", False)
        if request is None or page_id is None or previewing or not content_cache.is_enabled():
            return self.nodelist.render(context)
        key = ":".join(
            str(part)
            for part in (
                "fragment",
                self.name.resolve(context),
                timezone.localdate(),  # courses end: what a page shows can change at midnight
                request.scheme,
                request.get_host(),
                get_language(),
                page_id,
            )
        )
        return content_cache.remember(key, lambda: self.nodelist.render(context))
