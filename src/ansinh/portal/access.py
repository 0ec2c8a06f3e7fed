"""Who a portal serves and how its pages are guarded. A portal user (a citizen, an employer's representative) sees
only their own person or unit; staff never use the portal and portal users never reach a staff page
(PortalSeparationMiddleware)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from ansinh.accounts.models import Role

PORTAL_ROLES = frozenset({Role.CITIZEN, Role.EMPLOYER_REP})
HOME_OF = {Role.CITIZEN: "portal:home", Role.EMPLOYER_REP: "portal:unit_home"}


def is_portal_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", None) in PORTAL_ROLES \
        and not getattr(user, "is_superuser", False)


def _guard(role: str, attribute: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect(f"/portal/login/?next={request.path}")
            if not is_portal_user(user):
                raise Http404("the portal serves citizens and employers")
            if user.role != role or getattr(user, attribute + "_id", None) is None:
                return redirect(HOME_OF.get(user.role, "portal:login"))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


citizen_page = _guard(Role.CITIZEN, "person")
employer_page = _guard(Role.EMPLOYER_REP, "employer")
