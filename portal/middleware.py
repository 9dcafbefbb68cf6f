"""Middleware shared by every app."""

from django.conf import settings
from django.utils import translation


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
