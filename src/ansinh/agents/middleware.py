"""Agent staff stay on the agent screen: a signed-in collection agent's account asking for a staff page or a
portal page gets the agent's home (for / and the sign-in pages) or 404 (anything else). The REST API keeps its own
rules (agent staff use /api/v1/agents/… for their own agent; every registry read is empty for them)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ansinh.agents.access import is_agent_user

OPEN_PREFIXES = ("/agent/", "/static/", "/i18n/", "/api/", "/favicon")


class AgentSeparationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and is_agent_user(user) and not request.path.startswith(OPEN_PREFIXES):
            if request.path in ("/", "/login/", "/portal/", "/portal/login/"):
                return redirect("agents:home")
            return render(request, "agents/not_here.html", status=404)
        return self.get_response(request)
