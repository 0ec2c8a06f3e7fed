"""Who the agent screen serves: users of the role 'collection agent staff' named on an AgentStaff row in force
(contributions.AgentStaff: the user, the agent, valid_from..valid_to). Their reach is the agent's communes
(`selectors.agent_communes`); they never reach a staff page or a portal (AgentSeparationMiddleware), and staff or
portal users asking for an agent page get 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from ansinh.accounts.models import Role
from ansinh.core.errors import NotFound


def is_agent_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", None) == Role.COLLECTION_AGENT \
        and not getattr(user, "is_superuser", False)


def staff_row(user: Any) -> Any:
    """The user's AgentStaff row in force today (the first by agent if several), with its agent; None if none."""
    from django.db.models import Q

    from ansinh.contributions.models import AgentStaff

    cached = getattr(user, "_agent_staff_row", False)
    if cached is not False:
        return cached
    day = timezone.localdate()
    row = (AgentStaff.objects.filter(user_id=user.pk, valid_from__lte=day)
           .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
           .filter(agent__valid_from__lte=day).filter(Q(agent__valid_to__isnull=True) | Q(agent__valid_to__gte=day))
           .select_related("agent", "agent__commune", "agent__commune__province", "agent__office")
           .order_by("agent_id", "id").first())
    user._agent_staff_row = row
    return row


def agent_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in agent staff with an agent in force; the view gets `request.agent` and `request.agent_staff`.
    Anyone else: sign in (anonymous) or 404 (staff and portal users: the page does not exist for them)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect(f"/agent/login/?next={request.path}")
        if not is_agent_user(user):
            raise Http404("the agent screen serves collection agents' staff")
        row = staff_row(user)
        if row is None:
            raise Http404("no collection agent in force for this account")
        request.agent_staff = row  # type: ignore[attr-defined]
        request.agent = row.agent  # type: ignore[attr-defined]
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404("not within the agent's reach") from None

    return wrapper
