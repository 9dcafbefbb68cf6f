"""``/sitemap.xml``: every live page in every language, with its other language versions."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class MultilingualSitemap(Sitemap):
    """Wagtail's sitemap lists the default language only; this one lists each language's tree.

    Each entry names its translations as ``xhtml:link`` alternates (plus
    ``x-default``, the German page), as search engines expect for
    multilingual sites.
    """

    def items(self):
        homes = self.get_wagtail_site().root_page.get_translations(inclusive=True).values_list("path", flat=True)
        in_a_language_tree = Q()
        for path in homes:
            in_a_language_tree |= Q(path__startswith=path)
        return (
            Page.objects.filter(in_a_language_tree)
            .live()
            .public()
            .order_by("path")
            .select_related("locale")
            .defer_streamfields()
        )

    def location(self, obj):
        return self.request.build_absolute_uri(obj.get_url(self.request))

    def _urls(self, page, protocol, domain):
        entries = [(item, self.location(item)) for item in self.paginator.page(page).object_list]
        versions = defaultdict(list)
        for item, location in entries:
            versions[item.translation_key].append({"lang_code": item.locale.language_code, "location": location})
            if item.locale.language_code == settings.LANGUAGE_CODE:
                versions[item.translation_key].append({"lang_code": "x-default", "location": location})
        urls = [
            {
                "item": item,
                "location": location,
                "lastmod": self.lastmod(item),
                "alternates": versions[item.translation_key] if len(versions[item.translation_key]) > 1 else [],
            }
            for item, location in entries
        ]
        if urls and all(url["lastmod"] for url in urls):
            self.latest_lastmod = max(url["lastmod"] for url in urls)
        return urls
