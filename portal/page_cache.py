"""A shared cache of the public pages as anonymous visitors see them.

Most visitors read the same few pages on slow phones; rendering each of them
afresh costs database queries and template work on every request. Finished
responses are kept in Django's cache (Redis in production) and all of them are
dropped at once whenever anything they show changes: a page is published,
unpublished, moved or deleted, or contact details, partners or locales are
saved. That is one counter in the cache ("generation") that every cached
page is stored with and read together with, so invalidation is a single
increment seen by every worker.

Only responses that are the same for every anonymous visitor are kept: no
session, no CSRF token (so no forms that post), no cookies, nothing marked
private. Staff who are signed in never get cached pages.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language_from_path

GENERATION_KEY = "page-cache:generation"
BYPASS_PREFIXES = ("/admin/", "/documents/", "/static/", "/media/")
UNCACHEABLE_CONTROLS = {"private", "no-store", "no-cache"}


def current_generation():
    """The generation; a new one starts from the clock, never from a number an emptied cache used before."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def invalidate(**_signal_arguments):
    """Drop every cached page (connected to the signals that change what pages show).

    The signals fire inside the transaction that makes the change, so the
    pages are dropped again once it is committed: a visitor served in between
    read the old rows, and what was rendered from them must not be kept.
    """
    start_new_generation()
    transaction.on_commit(start_new_generation)


def start_new_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def cache_key(request):
    # The day is part of the key: courses leave the listings when their end date passes.
    raw = f"{timezone.localdate()}|{request.get_host()}|{request.get_full_path()}"
    return "page-cache:" + hashlib.sha256(raw.encode()).hexdigest()


def is_cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith(BYPASS_PREFIXES)
        and get_language_from_path(request.path_info) is not None
    )


def is_cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # The visitor sent no session cookie (see is_cacheable_request), so reading
    # the empty session changes nothing; writing it would have set a cookie.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    controls = {part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    if controls & UNCACHEABLE_CONTROLS:
        return False
    return "cookie" not in response.get("Vary", "").lower()


class PageCacheMiddleware:
    """Serve anonymous visitors' page views from the shared cache when it is switched on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = settings.PAGE_CACHE_SECONDS
        if not timeout or not is_cacheable_request(request):
            return self.get_response(request)
        # The generation and the page in one round trip; a page kept under an older generation is stale.
        key = cache_key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or current_generation()
        cached = found.get(key)
        if cached is not None and cached[0] == generation:
            _generation, content, status, headers = cached
            response = HttpResponse(content, status=status, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if is_cacheable_response(request, response):
            headers = {name: value for name, value in response.items() if name.lower() != "set-cookie"}
            cache.set(key, (generation, response.content, response.status_code, headers), timeout)
            response["X-Page-Cache"] = "miss"
        return response


def connect_invalidation_signals():
    """Drop cached pages when pages change, or when a model listed in PAGE_CACHE_INVALIDATED_BY is saved.

    ``migrate``, which every release runs, starts a new generation too: what
    the previous release kept may have a shape the new code does not read.
    """
    from django.apps import apps
    from django.db.models.signals import post_delete, post_migrate, post_save
    from wagtail.models import get_page_models
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(invalidate, dispatch_uid=f"page_cache_{id(signal)}")
    post_migrate.connect(invalidate, dispatch_uid="page_cache_migrate")
    for model in get_page_models():
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"page_cache_delete_{model._meta.label}")
    for label in settings.PAGE_CACHE_INVALIDATED_BY:
        model = apps.get_model(label)
        post_save.connect(invalidate, sender=model, dispatch_uid=f"page_cache_save_{label}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"page_cache_delete_{label}")
