from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.translation import gettext as _

from ansinh.compliance.labels import DETAIL_LABELS, GROUP_LABELS, HIDDEN, LOCAL_GROUP_LABELS, RULE_LABELS
from ansinh.web.templatetags.web_format import money

register = template.Library()


@register.filter
def rule_label(code: str) -> str:
    return str(RULE_LABELS.get(code, code))


@register.filter
def local_group_label(code: str) -> str:
    return str(LOCAL_GROUP_LABELS.get(code, code))


@register.filter
def details(detail: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) pairs of a finding's facts, formatted for the page."""
    out = []
    for key, value in (detail or {}).items():
        if key in HIDDEN or value in (None, ""):
            continue
        if isinstance(value, bool):
            text = _("yes") if value else _("no")
        elif isinstance(value, int):
            text = money(value)
        elif key == "group":
            text = str(GROUP_LABELS.get(value, value))
        elif isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                text = dt.date.fromisoformat(value).strftime("%d/%m/%Y")
            except ValueError:
                text = value
        else:
            text = str(value)
        out.append((str(DETAIL_LABELS.get(key, key)), text))
    return out
