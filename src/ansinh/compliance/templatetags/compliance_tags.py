from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_rule(rules: dict[str, Any], code: str) -> Any:
    return rules.get(code)
