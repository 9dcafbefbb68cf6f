"""Admin views for the translation workflow: the status report and "mark change as minor"."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation

from home.translation_status import mark_minor_change, page_statuses, untranslated_segments

PERMISSION = "wagtail_localize.submit_translation"


def check_permission(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


class TranslationStatusReport(ReportView):
    """Every page in the source language × every other language: missing, up to date or outdated."""

    page_title = gettext_lazy("Translation status")
    header_icon = "site"
    template_name = "home/admin/translation_status.html"
    results_template_name = "home/admin/translation_status_results.html"
    index_url_name = "translation_status"
    index_results_url_name = "translation_status_results"
    paginate_by = 25
    export_headings = {}
    list_export = []

    def dispatch(self, request, *args, **kwargs):
        check_permission(request)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            Page.objects.filter(locale=Locale.get_default(), depth__gt=1)
            .live()
            .order_by("path")
            .only("pk", "title", "path", "depth", "translation_key", "locale_id", "live_revision_id", "content_type_id")
        )

    def target_locales(self):
        if not hasattr(self, "_target_locales"):
            self._target_locales = list(Locale.objects.exclude(pk=Locale.get_default().pk).order_by("language_code"))
        return self._target_locales

    def decorate_paginated_queryset(self, object_list):
        return page_statuses(list(object_list), self.target_locales())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["locales"] = self.target_locales()
        return context


class UntranslatedSegments(TemplateView):
    """Which segments of one translation still show the source text."""

    template_name = "home/admin/untranslated_segments.html"

    def dispatch(self, request, *args, **kwargs):
        check_permission(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, translation_id, **kwargs):
        translation = get_object_or_404(
            Translation.objects.select_related("source", "target_locale"), pk=translation_id
        )
        target = Page.objects.filter(
            translation_key=translation.source.object_id, locale=translation.target_locale
        ).first()
        return {
            **super().get_context_data(**kwargs),
            "translation": translation,
            "segments": untranslated_segments(translation),
            "target": target,
            "page_title": _("Untranslated segments"),
            "header_icon": "site",
        }


@require_POST
def mark_minor(request, page_id):
    """Take the page's latest published change into the translations without flagging them as outdated."""
    check_permission(request)
    page = get_object_or_404(Page.objects.filter(locale=Locale.get_default()), pk=page_id)
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    if mark_minor_change(page):
        message = _("The change to “%(title)s” is marked as minor; its translations stay up to date.")
        messages.success(request, message % {"title": page.title})
    else:
        messages.error(request, _("“%(title)s” has not been translated yet.") % {"title": page.title})
    return redirect(reverse("translation_status"))
