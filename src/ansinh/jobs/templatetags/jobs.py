"""{% start_job "payroll" period=period %}: a button to the job's start form for the roles that own it, a note
naming who may start it for the others. Pages use it instead of telling the user to run a command."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from ansinh.jobs.kinds import KINDS

register = template.Library()


@register.inclusion_tag("jobs/_start_button.html", takes_context=True)
def start_job(context: Any, kind: str, note: bool = True, **params: Any) -> dict[str, Any]:
    """`note=False`: nothing at all for the roles that may not start it."""
    spec = KINDS[kind]
    user = context.get("user")
    query = urlencode({k: str(v) for k, v in params.items() if v not in (None, "")})
    url = reverse("jobs:new", args=[kind]) + (f"?{query}" if query else "")
    return {"spec": spec, "url": url, "allowed": bool(user and spec.may_start(user)), "note": note}
