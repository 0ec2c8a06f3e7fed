"""Display filters of the staff pages."""

from __future__ import annotations

from django import template
from django.utils.formats import get_format

register = template.Library()


@register.filter
def money(value: object) -> str:
    """Whole VND grouped by thousands in the active language: 9.500.000 (vi), 9,500,000 (en)."""
    if value is None or value == "":
        return "—"
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return str(value)
    return f"{number:,}".replace(",", get_format("THOUSAND_SEPARATOR"))
