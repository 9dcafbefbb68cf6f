from django import template
from wagtail.models import Locale, Site

register = template.Library()


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    """The menu pages below the home page in the active language."""
    request = context["request"]
    site = Site.find_for_request(request)
    current = context.get("page")
    if site is None:
        return {"items": [], "home": None}
    try:
        locale = Locale.get_active()
        home = site.root_page.get_translation(locale)
    except (Locale.DoesNotExist, site.root_page.DoesNotExist):
        home = site.root_page
    items = home.get_children().live().in_menu().only("id", "title", "url_path", "locale_id", "depth", "path")
    return {
        "home": home,
        "items": items,
        "current_path": current.path if current is not None else "",
        "request": request,
    }
