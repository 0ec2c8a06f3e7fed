"""Portal and staff sessions kept apart: a signed-in citizen or employer representative never reaches a staff page.
The staff home and sign-in send them to their portal home; any other staff URL answers 404 with a portal page that
points home (never a staff menu). The REST API keeps its own scope rules."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ansinh.portal.access import HOME_OF, is_portal_user

OPEN_PREFIXES = ("/portal/", "/static/", "/i18n/", "/api/", "/favicon")


class PortalSeparationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and is_portal_user(user) and not request.path.startswith(OPEN_PREFIXES):
            if request.path in ("/", "/login/"):
                return redirect(HOME_OF[user.role])
            return render(request, "portal/not_here.html", {"home": HOME_OF[user.role]}, status=404)
        return self.get_response(request)
