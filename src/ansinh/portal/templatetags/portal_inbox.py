"""The unread badge of the citizen portal's navigation: {% unread_count as n %}."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_count(context: Any) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    person_id = getattr(user, "person_id", None)
    if not person_id or getattr(user, "role", None) != "citizen":
        return 0
    from ansinh.notify import services as notify

    return notify.unread_count(person=user.person)
