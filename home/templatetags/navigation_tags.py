from dataclasses import dataclass

from django import template
from django.utils.translation import get_language

from portal.content_cache import remember
from portal.routing import cached_site, localized_root

register = template.Library()


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str
    path: str


def menu_items(request, site, language_code):
    """The menu pages below the site's home page in the language (German where it has none)."""
    home = localized_root(site, language_code)
    pages = home.get_children().live().in_menu().only("id", "title", "url_path", "locale_id", "depth", "path")
    return [MenuItem(page.title, page.get_url(request), page.path) for page in pages]


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    request = context["request"]
    site = cached_site(request)
    if site is None:
        return {"items": []}
    language_code = get_language()
    current = context.get("page")
    return {
        "items": remember(f"menu:{site.pk}:{language_code}", lambda: menu_items(request, site, language_code)),
        "current_path": getattr(current, "path", ""),
    }
