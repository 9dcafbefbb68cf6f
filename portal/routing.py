"""Serve Wagtail pages with the site and the URL → page table from the content cache.

Wagtail finds a page by walking the tree one URL segment at a time, two
queries per segment, then loads the page as its own class. Here the site, a
table of every live page's URL per language and the pages themselves come
from the content cache, all under one generation, so they agree with each
other and are dropped together on the next publish. A URL the table does
not know (a sub-page of a routable page, a 404) is routed by Wagtail.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.models import Locale, Page, Site

from portal import content_cache


def cached_site(request):
    """The Wagtail site for the request's host (with its root page), remembered on the request too."""
    if not hasattr(request, "_wagtail_site"):
        host, port = request._get_raw_host(), request.get_port()
        request._wagtail_site = content_cache.remember(f"site:{host}:{port}", lambda: Site._find_for_request(request))
    return request._wagtail_site


def localized_root(site, language_code):
    """The site's home page in the language, or the default one: what ``root_page.localized`` gives."""
    try:
        locale = Locale.objects.get_for_language(language_code)
    except (Locale.DoesNotExist, LookupError):
        return site.root_page
    translation = site.root_page.get_translation_or_none(locale)
    return translation if translation is not None and translation.live else site.root_page


def build_route_table(site, language_code):
    """``{"angebote/vhs/": (page id, content type id)}`` for the site's live pages in the language."""
    root = localized_root(site, language_code)
    pages = Page.objects.live().descendant_of(root, inclusive=True).values_list("id", "url_path", "content_type_id")
    offset = len(root.url_path)
    return {url_path[offset:]: (page_id, content_type_id) for page_id, url_path, content_type_id in pages}


def find_page(request, path):
    """The live page at ``path`` for this request according to the route table, or None."""
    site = cached_site(request)
    if site is None:
        return None
    language_code = get_language()
    table = content_cache.remember(f"routes:{site.pk}:{language_code}", lambda: build_route_table(site, language_code))
    entry = table.get("".join(f"{component}/" for component in path.split("/") if component))
    if entry is None:
        return None
    page_id, content_type_id = entry
    return content_cache.remember(f"page:{page_id}", lambda: load_page(page_id, content_type_id))


def load_page(page_id, content_type_id):
    """The live page as its own class, with what its templates read from related tables."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return None
    related = ("locale", *getattr(model, "serve_select_related", ()))
    return model.objects.filter(pk=page_id, live=True).select_related(*related).first()


def serve(request, path):
    """Wagtail's page view, with the page found through the route table when it knows the URL."""
    if content_cache.is_enabled() and not hasattr(request, "_wagtail_route_for_request"):
        page = find_page(request, path)
        if page is not None:
            request._wagtail_route_for_request = page.route(request, [])
    return wagtail_views.serve(request, path)
