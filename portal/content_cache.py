"""What every public page needs and only publishing changes, kept between requests.

Finding the site, routing a URL to its page, checking view restrictions and
rendering the header and footer (language links, main navigation, contact
details) cost Wagtail a dozen queries and most of the template time of
every page view, yet they change only when an editor publishes. They are
kept in the shared cache under the page cache's generation, so the one
increment that empties the page cache on publish drops them as well.

Only a cache that all server processes share can be emptied everywhere, so
this is on by default only with Redis (``CONTENT_CACHE_SECONDS``); without
it every request works everything out afresh, as Wagtail does.

Form submissions use it too: routing reads the active routing rules and the
provider queues from here, and saving a rule, a queue or a provider starts a
new generation (``PAGE_CACHE_INVALIDATED_BY``).

A value stored under a generation never changes, so each process also keeps
the values of the current generation in its own memory: a warm page view
asks Redis for the generation only.
"""

import threading

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from wagtail.models import PageViewRestriction

from portal.page_cache import current_generation

_request_state = threading.local()
# Values of one generation in this process's memory: {key: value}, emptied when the generation moves on.
_process_values = {"generation": None, "values": {}}
PROCESS_VALUES_LIMIT = 2000


def _start_request(**_kwargs):
    _request_state.generation = None
    _request_state.active = True


def _finish_request(**_kwargs):
    _request_state.generation = None
    _request_state.active = False


request_started.connect(_start_request, dispatch_uid="content_cache_start")
request_finished.connect(_finish_request, dispatch_uid="content_cache_finish")


def is_enabled():
    return bool(settings.CONTENT_CACHE_SECONDS)


def generation():
    """The cache generation, read once per request (it only changes between requests that publish)."""
    if not getattr(_request_state, "active", False):
        return current_generation()
    if _request_state.generation is None:
        _request_state.generation = current_generation()
    return _request_state.generation


def cache_key(*parts):
    return "content:" + ":".join(str(part) for part in (generation(), *parts))


def remember(key, build):
    """``build()``, kept in the shared cache and in this process until the next publish."""
    if not is_enabled():
        return build()
    current = generation()
    if _process_values["generation"] != current:
        _process_values.update(generation=current, values={})
    values = _process_values["values"]
    full_key = cache_key(key)
    if full_key in values:
        return values[full_key]
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, settings.CONTENT_CACHE_SECONDS)
    if value is not None and len(values) < PROCESS_VALUES_LIMIT:
        values[full_key] = value
    return value


class CachedViewRestrictionsMixin:
    """Skip Wagtail's two view-restriction queries per page view while no page is restricted at all."""

    def get_view_restrictions(self):
        if not remember("any-view-restriction", PageViewRestriction.objects.exists):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
