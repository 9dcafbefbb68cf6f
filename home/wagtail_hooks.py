from django.conf import settings
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html, json_script
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from home import admin_views


@hooks.register("register_admin_urls")
def register_translation_status_urls():
    return [
        path("translation-status/", admin_views.TranslationStatusReport.as_view(), name="translation_status"),
        path(
            "translation-status/results/",
            admin_views.TranslationStatusReport.as_view(results_only=True),
            name="translation_status_results",
        ),
        path(
            "translation-status/<int:translation_id>/untranslated/",
            admin_views.UntranslatedSegments.as_view(),
            name="translation_status_untranslated",
        ),
        path("translation-status/<int:page_id>/minor/", admin_views.mark_minor, name="translation_status_minor"),
    ]


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return TranslationStatusMenuItem(
        _("Translation status"), reverse("translation_status"), name="translation-status", icon_name="site", order=650
    )


# The wagtail-localize editor writes translations into plain text boxes; for a
# right-to-left target language they must run right to left. The script reads
# the target language from the editor and marks it; the stylesheet turns the
# translation boxes (not the source text) around.
@hooks.register("insert_global_admin_js")
def translation_editor_direction_script():
    return json_script(settings.LANGUAGES_BIDI, "portal-rtl-languages") + format_html(
        '<script src="{}"></script>', static("home/translation-editor.js")
    )


@hooks.register("insert_global_admin_css")
def translation_editor_direction_style():
    return format_html('<link rel="stylesheet" href="{}">', static("home/translation-editor.css"))
