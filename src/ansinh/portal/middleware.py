"""Portal and staff sessions kept apart: a signed-in citizen or employer representative asking for any staff page
is sent to their portal home (never shown a staff menu); the REST API keeps its own scope rules."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from ansinh.portal.access import HOME_OF, is_portal_user

OPEN_PREFIXES = ("/portal/", "/static/", "/i18n/", "/api/", "/favicon")


class PortalSeparationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and is_portal_user(user) and not request.path.startswith(OPEN_PREFIXES):
            return redirect(HOME_OF[user.role])
        return self.get_response(request)
