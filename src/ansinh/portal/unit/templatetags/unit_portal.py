from typing import Any

from django import template

from ansinh.portal.unit import services

register = template.Library()


@register.simple_tag(takes_context=True)
def unit_can(context: Any, capability: str) -> bool:
    """{% unit_can "money" as can_money %}: whether the signed-in unit user's role allows it."""
    request = context.get("request")
    return bool(request is not None and services.can(request.user, capability))
