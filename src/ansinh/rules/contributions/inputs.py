"""Reading calculator input: JSON fields the catalogue helpers do not cover, and parameter look-ups whose
"no value on this date" error must name the input field that carried the date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from ansinh.rules.catalogue import region_of
from ansinh.rules.explain import Explanation
from ansinh.rules.money import rate
from ansinh.rules.params.regions import DEFAULT_REGION, RegionFinding, lookup_region
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError, Table

T = TypeVar("T")


def use(explanation: Explanation | None, table: Table[T], day: dt.date, field: str) -> T:
    """`explanation.use` (without an explanation, `table.at`), but a date outside the table is an input error naming
    `field`."""
    try:
        value: T = table.at(day) if explanation is None else explanation.use(table, day)
    except RuleError as exc:
        raise RuleError(exc.code, exc.message, field=field) from None
    return value


def field_month(data: Mapping[str, Any], name: str = "month") -> Month:
    value = data.get(name)
    if value in (None, ""):
        raise RuleError("required", f"{name} is required (YYYY-MM)", field=name)
    try:
        return Month.parse(str(value))
    except ValueError:
        raise RuleError("bad_month", f"{name} must be a month YYYY-MM, got {value!r}", field=name) from None


def field_rate(data: Mapping[str, Any], name: str) -> Decimal | None:
    """An optional rate written as in the law: "0.31%" or "0.0031" (a JSON number is refused: no floats)."""
    value = data.get(name)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise RuleError("bad_rate", f"{name} must be a string such as \"0.31%\", got {value!r}", field=name)
    try:
        parsed = rate(value)
    except InvalidOperation:
        raise RuleError("bad_rate", f"{name} must be a rate such as \"0.31%\", got {value!r}", field=name) from None
    if not parsed.is_finite() or parsed < 0:
        raise RuleError("bad_rate", f"{name} must be a non-negative rate, got {value!r}", field=name)
    if parsed > 1:  # no rate the law sets (a contribution, a fund's monthly rate, late interest) exceeds 100 %
        raise RuleError("too_large", f"{name} must be at most 100%, got {value!r}", field=name)
    return parsed


def field_region(data: Mapping[str, Any], day: dt.date, *, date_field: str = "month") -> RegionFinding:
    """The workplace region: `region` (1..4) if given, else looked up from `commune` (default IV when unknown)."""
    region = data.get("region")
    commune = data.get("commune")
    if commune not in (None, "") and (not isinstance(commune, str) or not commune.strip().isdigit()):
        raise RuleError("bad_commune", f"commune must be a GSO code such as \"05986\", got {commune!r}",
                        field="commune")
    if region is not None:
        return RegionFinding("", day, region_of(region), "input", "region given in the input", "V-LAW")
    if commune in (None, ""):
        return RegionFinding("", day, DEFAULT_REGION, "default",
                             "no region or commune given: default region IV (see ansinh.rules.params.regions)",
                             "UNVERIFIED")
    if not isinstance(commune, str) or not commune.strip().isdigit():
        raise RuleError("bad_commune", f"commune must be a GSO code such as \"05986\", got {commune!r}",
                        field="commune")
    try:
        return lookup_region(commune, day)
    except RuleError as exc:
        raise RuleError(exc.code, exc.message, field=date_field) from None
