from typing import Any

from django import template

from ansinh.portal.unit import services

register = template.Library()


@register.simple_tag(takes_context=True)
def unit_can(context: Any, capability: str) -> bool:
    """{% unit_can "money" as can_money %}: whether the signed-in unit user's role allows it."""
    request = context.get("request")
    return bool(request is not None and services.can(request.user, capability))


@register.filter
def amount_text(value: Any) -> Any:
    """A salary as typed in a list: grouped like every number on the page when it is whole digits, as typed
    otherwise (the check names what is wrong with it)."""
    from ansinh.core.presentation import number

    text = str(value or "").strip()
    return number(int(text)) if text.isdigit() and len(text) <= 15 else (text or "—")
