from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from portal import bulk_actions, routing
from portal.sitemap import MultilingualSitemap

urlpatterns = [
    # Before Wagtail's own bulk action URL, which it replaces with a check of the ids.
    path("admin/bulk/<str:app_label>/<str:model_name>/<str:action>/", bulk_actions.bulk_action),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": MultilingualSitemap}}, name="sitemap"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("", include("home.urls")),
    # Wagtail's page view, finding pages through the content cache (portal/routing.py);
    # Wagtail's own patterns stay for its password and login views.
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
