"""JSON input readers the benefit calculators need beyond `catalogue.field_*` (booleans, decimals, months, dates lists).
Every error names the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from ansinh.rules.catalogue import MAX_VND, field_bool  # noqa: F401  (re-exported)
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError


def field_decimal(data: Mapping[str, Any], name: str, *, default: Decimal | None = None,
                  minimum: Decimal | None = Decimal(0), maximum: Decimal | None = Decimal(MAX_VND)) -> Decimal:
    value = data.get(name)
    if value is None:
        if default is None:
            raise RuleError("required", f"{name} is required", field=name)
        return default
    if isinstance(value, (bool, float)):
        # floats are refused: amounts and day counts travel as integers or decimal strings ("1.5")
        if isinstance(value, float) and not isinstance(value, bool) and value.is_integer():
            value = int(value)
        else:
            raise RuleError("not_decimal", f"{name} must be an integer or a decimal string such as \"1.5\"", field=name)
    try:
        out = Decimal(str(value))
    except InvalidOperation:
        raise RuleError("not_decimal", f"{name} must be a number, got {value!r}", field=name) from None
    if not out.is_finite():
        raise RuleError("not_decimal", f"{name} must be a finite number", field=name)
    if minimum is not None and out < minimum:
        raise RuleError("too_small", f"{name} must be at least {minimum}, got {out}", field=name)
    if maximum is not None and out > maximum:
        raise RuleError("too_large", f"{name} must be at most {maximum}, got {str(out)[:40]}", field=name)
    return out


def field_month(data: Mapping[str, Any], name: str, *, default: Month | None = None) -> Month:
    value = data.get(name)
    if value in (None, ""):
        if default is None:
            raise RuleError("required", f"{name} is required (YYYY-MM)", field=name)
        return default
    try:
        return Month.parse(str(value))
    except ValueError:
        raise RuleError("bad_month", f"{name} must be a month YYYY-MM, got {value!r}", field=name) from None


def field_dates(data: Mapping[str, Any], name: str) -> tuple[dt.date, ...]:
    value = data.get(name) or []
    if not isinstance(value, list):
        raise RuleError("not_list", f"{name} must be a list of dates YYYY-MM-DD", field=name)
    out = []
    for i, item in enumerate(value):
        try:
            out.append(dt.date.fromisoformat(str(item)))
        except ValueError:
            raise RuleError("bad_date", f"{name}[{i}] must be a date YYYY-MM-DD, got {item!r}", field=f"{name}[{i}]") from None
    return tuple(out)


def field_objects(data: Mapping[str, Any], name: str, *, required: bool = True) -> list[Mapping[str, Any]]:
    value = data.get(name)
    if value is None:
        if required:
            raise RuleError("required", f"{name} is required (a list of objects)", field=name)
        return []
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise RuleError("not_list", f"{name} must be a list of objects", field=name)
    return list(value)


def prefixed(error: RuleError, prefix: str) -> RuleError:
    """Re-raise an error from a nested object with the path of the object in front of the field."""
    return RuleError(error.code, f"{prefix}.{error.message}" if error.field else error.message,
                     field=f"{prefix}.{error.field}" if error.field else prefix)
