"""The language of the staff pages: Vietnamese, unless the user chose English with the switch in the header
(Django's set_language, remembered in its cookie). The browser's Accept-Language is not followed: agency
computers often run an English-language browser, and the app should still open in Vietnamese."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control


class LanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        code = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()


class IdleTimeoutMiddleware:
    """Sign out a session left idle longer than ANSINH_IDLE_SECONDS (an unattended office computer). The last
    request's time is kept in the session, written at most once a minute."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last = request.session.get("_last_seen")
            if last is not None and now - int(last) > settings.ANSINH_IDLE_SECONDS:
                logout(request)
            elif last is None or now - int(last) >= 60:
                request.session["_last_seen"] = now
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages and API answers carry personal data: no browser or proxy may keep them (`Cache-Control: no-store`).
    Static files are served before this (WhiteNoise) and keep their long cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control") or "no-store" not in response["Cache-Control"]:
            patch_cache_control(response, no_store=True, private=True)
            response.headers.pop("Expires", None)
        return response


class OutOfRangeMiddleware:
    """Backstop for the pages: a number past what the database holds (an id past 64 bits in a URL or a form) is a
    bad request (422), never a server error. The API has the same backstop (config/api.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.db import DataError
        from django.http import HttpResponse as Plain

        if isinstance(exception, (OverflowError, DataError)):
            return Plain("A number or date is out of range.", status=422, content_type="text/plain; charset=utf-8")
        return None
