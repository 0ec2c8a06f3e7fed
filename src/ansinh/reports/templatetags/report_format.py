"""Numbers as published in the language of the page: 5.681 / 4,3 % in Vietnamese, 5,681 / 4.3 % in English."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import get_language

from ansinh.core import presentation
from ansinh.reports import figures

register = template.Library()


def _lang() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def _number(value: Any) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


@register.filter
def num(value: Any) -> str:
    return figures.fmt_int(value, _lang()) if _number(value) else presentation.DASH


@register.filter
def signed(value: Any) -> str:
    if not _number(value):
        return presentation.DASH
    return ("+" if value > 0 else "") + figures.fmt_int(value, _lang())


@register.filter
def pct(value: Any) -> str:
    return figures.fmt_pct(value, _lang()) if _number(value) else presentation.DASH


@register.filter
def money(value: Any) -> str:
    return figures.fmt_money(int(value), _lang()) if _number(value) else presentation.DASH
