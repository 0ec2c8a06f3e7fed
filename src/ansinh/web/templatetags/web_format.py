"""Display filters of every page: thin wrappers of `ansinh.core.presentation`, the one home of how money, numbers,
months, dates and codes are shown (the exports and PDFs call the same functions).

    {% load web_format %}
    {{ 1234567|money }}            1.234.567 đ        1,234,567 VND
    {{ 1234567|number }}           1.234.567          1,234,567
    {{ rate|percent }}             4,3 %              4.3 %        (a percentage, already × 100)
    {{ part|share:whole }}         12,5 %             12.5 %
    {{ "2026-11"|month }}          11/2026            Nov 2026     (a Month, a date or 'YYYY-MM')
    {{ day|day }}                  05/12/2026         5 Dec 2026
    {{ "oaod"|code_name:"fund" }}  Tai nạn lao động, bệnh nghề nghiệp
    {{ dossier.decision_note|typed }}  what a person typed, as typed; marked lang="vi" when it is Vietnamese
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from ansinh.core import presentation

register = template.Library()


@register.filter
def money(value: Any) -> str:
    return presentation.money(value)


@register.filter
def money_short(value: Any) -> str:
    return presentation.money_short(value)


@register.filter
def number(value: Any, decimals: Any = None) -> str:
    return presentation.number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def percent(value: Any, decimals: Any = 1) -> str:
    return presentation.percent(value, int(decimals))


@register.filter
def share(part: Any, whole: Any) -> str:
    return presentation.share(part, whole)


@register.filter
def month(value: Any) -> str:
    return presentation.month(value)


@register.filter
def day(value: Any) -> str:
    return presentation.date(value)


@register.filter(name="datetime")
def datetime_filter(value: Any) -> str:
    return presentation.datetime(value)


@register.filter
def code_name(value: Any, kind: str) -> str:
    return presentation.name(value, kind)


@register.filter
def code_short(value: Any, kind: str) -> str:
    return presentation.name(value, kind, short=True)


@register.filter
def legal_basis(value: Any) -> str:
    return presentation.legal_basis(str(value or ""))


@register.filter
def explain_steps(steps: Any) -> list[dict[str, str]]:
    return presentation.explain_steps(steps or [])


@register.filter
def absolute(value: Any) -> Any:
    try:
        return abs(value)
    except TypeError:
        return value


@register.filter
def typed(value: Any) -> str:
    """Free text a person typed (a decision note, a refusal reason, a message), shown as typed: the page does not
    translate it, so a text in Vietnamese is marked `lang="vi"` (WCAG 3.1.2, language of parts; screen readers
    switch voice; the crawl leaves it out of its language checks)."""
    text = "" if value is None else str(value)
    if presentation.is_vietnamese(text):
        return format_html('<span lang="vi">{}</span>', text)
    return text
