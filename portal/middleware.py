"""Middleware shared by every app."""

import logging
from urllib.parse import unquote_to_bytes

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.template import loader
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from portal import security, two_factor

logger = logging.getLogger("portal.security")


class RememberLanguageMiddleware:
    """Remember the language of the last page a visitor read.

    A visitor who picked Pashto in the language switcher lands on ``/ps/...``;
    the cookie set here makes ``/`` lead back to Pashto next time, ahead of
    the browser's ``Accept-Language`` (which on a shared or second-hand phone
    is often not the reader's language).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = translation.get_language_from_path(request.path_info)
        if language and response.status_code == 200 and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


class SecurityHeadersMiddleware:
    """Headers Django has no setting for, and no caching of admin pages.

    Admin pages show personal data; ``Cache-Control: no-store`` keeps them out
    of the browser's cache and any proxy, including error and redirect
    responses that Wagtail's own ``never_cache`` does not reach.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PORTAL_PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if security.is_admin_request(request):
            add_never_cache_headers(response)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with the strict policy on the public site and a looser one in the admin.

    Wagtail's admin still needs inline scripts and styles, ``blob:`` images
    and its own pages in frames (the preview); ``PORTAL_ADMIN_CSP`` lists the
    directives it replaces. A view's own ``@csp_replace`` still wins.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.replace is None and security.is_admin_request(request):
            parts.replace = settings.PORTAL_ADMIN_CSP
        return parts


class RequestValidationMiddleware:
    """Answer malformed requests with a clear 400 or 413 page before any view sees them.

    Browsers never send these; scripts and scanners do, and without this
    check some would end in a 500 (a NUL byte reaching PostgreSQL) or in a
    form silently re-rendered empty (a JSON body). On the public site a body
    is limited to ``PORTAL_PUBLIC_MAX_BODY_SIZE`` and must be an HTML form
    submission; the admin keeps Django's larger limit for page edits and uploads.
    """

    FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not readable_text(unquote_to_bytes(query_bytes(request))) or "\x00" in request.path:
            return self.bad_request(request, "query string or path")
        if request.method in ("POST", "PUT", "PATCH") and not security.is_admin_request(request):
            if body_length(request) > settings.PORTAL_PUBLIC_MAX_BODY_SIZE:
                logger.warning("Request body too large: %s bytes to %s", body_length(request), request.path)
                return error_page("413.html", 413)
            if request.content_type not in self.FORM_CONTENT_TYPES:
                return self.bad_request(request, "content type")
            if request.content_type == "application/x-www-form-urlencoded" and not readable_text(
                unquote_to_bytes(request.body.replace(b"+", b" ")), allow_nul=True
            ):
                return self.bad_request(request, "body encoding")
        return self.get_response(request)

    @staticmethod
    def bad_request(request, what):
        logger.warning("Bad request (%s) to %s", what, request.path)
        return error_page("400.html", 400)


def query_bytes(request):
    """The raw query string (WSGI servers pass its bytes as a latin-1 string)."""
    query = request.META.get("QUERY_STRING", "")
    try:
        return query.encode("iso-8859-1")
    except UnicodeEncodeError:
        return query.encode()


def body_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def readable_text(raw, allow_nul=False):
    """Whether bytes are valid UTF-8 (and, unless allowed, free of NUL characters)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return allow_nul or "\x00" not in text


def error_page(template_name, status):
    """An error page from the site's error layout, which needs no database."""
    return HttpResponse(loader.render_to_string(template_name), status=status)


class SessionTimeoutMiddleware:
    """Sign staff out when idle too long or signed in too long (``PORTAL_SESSION_*``).

    An admin left open on a shared office computer must not stay usable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            if security.session_expired(request.session, now):
                logger.info("Session of user %s expired", request.user.pk)
                logout(request)
                messages.info(
                    request, _("You have been signed out because your session expired. Please sign in again.")
                )
            else:
                security.note_activity(request.session, now)
        return self.get_response(request)


class TwoFactorMiddleware:
    """Let signed-in staff open the admin only after their second factor (``PORTAL_REQUIRE_TWO_FACTOR``).

    Until then every admin page leads to the code prompt, or to setting up
    an authenticator app for those who have none yet.
    """

    OPEN_VIEWS = {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
        "portal_two_factor_verify",
        "portal_two_factor_setup",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.PORTAL_REQUIRE_TWO_FACTOR or not security.is_admin_request(request):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified() or request.resolver_match.url_name in self.OPEN_VIEWS:
            return None
        step = "portal_two_factor_verify" if two_factor.has_app(user) else "portal_two_factor_setup"
        return redirect_to_login(request.get_full_path(), reverse(step))


class AdminLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that a "not found" in the admin stays a 404.

    Django answers a 404 by redirecting to the language-prefixed path whenever
    that path resolves, and Wagtail's page-serving pattern resolves every path,
    so ``/admin/…/inspect/<another queue's request>/`` would become a redirect to
    a public page instead of the plain "not found" the back office promises.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and security.is_admin_request(request):
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
