"""Every calculator reachable by name: `ansinh calc KIND` reads JSON, runs it, prints JSON.

A calculator module registers a CalculatorSpec in its package's CALCULATORS dict. `run` takes the decoded JSON
object and returns a result (a dataclass, rendered with explain.to_jsonable). Bad input raises
tables.RuleError(code, message, field) naming the field.

`spec.compute(data)` is the strict entry point every caller outside a calculator's own tests uses (`ansinh calc`,
the benefit claims): a field the calculator does not know is refused by name (a misspelt optional field never falls
back silently to its default), nested objects (`periods[i]`, `relatives[i]`) are checked the same way, an error that
a parameter table raised without a field is attributed to the calculator's date field, and the result says which
law it applied when the date asked is after the last day the tables were reviewed (`HELD_ON`).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ansinh.rules.tables import HELD_ON, RuleError

# Bounds of what the law can mean. No salary, income or benefit the law knows reaches a thousand billion đồng a
# month (the SI ceiling is 20 × the reference level, 46,800,000 in 2026; an amount above the ceiling changes nothing),
# so a larger figure is a typing error and is refused rather than carried through the arithmetic.
MAX_VND = 10**12
# An overdue amount of a whole employer (late interest) may be larger: a million billion đồng.
MAX_DEBT_VND = 10**15
# Counts of months: a working life (contribution months, months of a period) never exceeds 100 years.
MAX_MONTHS = 1200
# Percentages of lost working capacity.
MAX_PCT = 100


@dataclass(frozen=True)
class CalculatorSpec:
    """kind: the name `ansinh calc KIND` answers to; fields: every top-level input field the calculator reads;
    nested: for a field holding a list of objects, the fields each object may have; date_field: the input field
    whose date selects the law (a parameter table that holds no value for it is reported under that field)."""

    kind: str
    summary: str
    run: Callable[[Mapping[str, Any]], Any]
    example: Mapping[str, Any]
    fields: tuple[str, ...] = ()
    nested: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    date_field: str = ""
    # The type of an optional field the calculator reads only in some cases (`int`, `bool`, `date`, `month`, `str`,
    # `list`, `object`): a value given is checked even where the case does not read it, so that a wrong value is
    # refused by name instead of being ignored in silence (`{"has_card": "false"}`, `{"commune": 5, "region": 1}`).
    types: Mapping[str, str] = field(default_factory=dict)
    # How the result is written as JSON when `explain.to_jsonable` (which normalises decimals: 10.0 → "10") is not
    # what the calculator means (report-figures keeps its published decimals: "10.0", "62.50").
    render: Callable[[Any], Any] | None = None
    # False for a calculator that applies no law (report-figures): a later date needs no "law as held" note
    law_dated: bool = True

    def check_fields(self, data: Mapping[str, Any]) -> None:
        check_fields(data, self.fields, kind=self.kind)
        check_types(data, self.types)
        for name, allowed in self.nested.items():
            items = data.get(name)
            if isinstance(items, list):
                for i, item in enumerate(items):
                    if isinstance(item, Mapping):
                        check_fields(item, allowed, kind=self.kind, where=f"{name}[{i}].")

    def compute(self, data: Mapping[str, Any]) -> Any:
        """Run strictly: unknown fields refused, every refusal names a field."""
        if not isinstance(data, Mapping):
            raise RuleError("not_object", "the input must be a JSON object {\"field\": value, …}", field="input")
        self.check_fields(data)
        try:
            return self.run(data)
        except RuleError as exc:
            if exc.field:
                raise
            raise RuleError(exc.code, exc.message, field=self.date_field or "input") from None
        except (ArithmeticError, RecursionError) as exc:  # pragma: no cover - bounds keep figures finite
            raise RuleError("out_of_range", f"the figures given cannot be computed ({exc.__class__.__name__})",
                            field=self.date_field or "input") from None

    def compute_json(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """`compute`, rendered as JSON, with `law_as_held_on` (and a note) when the date asked is after HELD_ON."""
        from ansinh.rules.explain import to_jsonable

        computed = self.compute(data)
        result = self.render(computed) if self.render else to_jsonable(computed)
        if isinstance(result, dict) and self.law_dated:
            result.update(held_note(result, asked=_day_of(data.get(self.date_field))))
        return result


def _day_of(value: Any) -> dt.date | None:
    """The first day of a date field's value ("2027-03", "2027-03-02", "2027-03-02T09:30"), None if it is not one."""
    if not isinstance(value, str):
        return None
    for text in (value[:10], f"{value[:7]}-01"):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            continue
    return None


def held_note(result: Mapping[str, Any], *, asked: dt.date | None = None) -> dict[str, str]:
    """When a parameter was read for a day after HELD_ON — or the calculator's date field asks for one (a calculator
    without a parameter table, due-date) — the law applied is the law as held on HELD_ON: say so."""
    days = [asked] if asked is not None else []
    for p in result.get("params") or ():
        try:
            days.append(dt.date.fromisoformat(str(p.get("on"))))
        except (AttributeError, ValueError):
            continue
    latest = max(days, default=None)
    if latest is None or latest <= HELD_ON:
        return {}
    return {
        "law_as_held_on": HELD_ON.isoformat(),
        "law_note": f"{latest.isoformat()} is after {HELD_ON.isoformat()}, the last day the parameter tables were "
                    f"reviewed: computed with the law as held on {HELD_ON.isoformat()} (a later change is not known)",
    }


def check_fields(data: Mapping[str, Any], allowed: tuple[str, ...], *, kind: str = "", where: str = "") -> None:
    """Refuse a field the calculator does not read, naming it (and the nearest known field, if it looks misspelt)."""
    if not allowed:
        return
    for name in data:
        if name not in allowed:
            close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise RuleError("unknown_field", f"{where}{name} is not a field of {kind or 'this calculator'}{hint} "
                            f"(known: {', '.join(allowed)})", field=f"{where}{name}")


def check_types(data: Mapping[str, Any], types: Mapping[str, str], *, where: str = "") -> None:
    """Refuse a given value of the wrong type (absent and null are left to the calculator's default)."""
    for name, kind in types.items():
        value = data.get(name)
        if value is None:
            continue
        label = f"{where}{name}"
        if kind == "int":
            field_int({label: value}, label)  # every such field is a count, a day or a percentage: ≥ 0
        elif kind == "bool":
            field_bool({label: value}, label)
        elif kind == "date":
            field_date({label: value}, label, default=MIN_DAY)
        elif kind == "month":
            if not isinstance(value, str) or not _is_month(value):
                raise RuleError("bad_month", f"{label} must be a month YYYY-MM, got {value!r}", field=label)
        elif kind == "str":
            if not isinstance(value, str):
                raise RuleError("not_string", f"{label} must be a string, got {value!r}", field=label)
        elif kind == "list":
            if not isinstance(value, list):
                raise RuleError("not_list", f"{label} must be a list, got {value!r}", field=label)
        elif kind == "object":
            if not isinstance(value, Mapping):
                raise RuleError("not_object", f"{label} must be an object {{…}}, got {value!r}", field=label)
        else:  # pragma: no cover - a declaration error
            raise ValueError(f"unknown field type {kind!r} for {label}")


def _is_month(value: str) -> bool:
    try:
        dt.date.fromisoformat(f"{value.strip()}-01")
    except ValueError:
        return False
    return len(value.strip()) == 7


def field_bool(data: Mapping[str, Any], name: str, *, default: bool = False) -> bool:
    """A JSON true/false (absent or null: the default); "false", 0 or 1 are refused, never read as truthy."""
    value = data.get(name, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise RuleError("not_boolean", f"{name} must be true or false, got {value!r}", field=name)
    return value


def all_calculators() -> dict[str, CalculatorSpec]:
    from ansinh.rules.benefits import CALCULATORS as benefits
    from ansinh.rules.contributions import CALCULATORS as contributions
    from ansinh.rules.figures import SPEC as report_figures
    from ansinh.rules.procedures import CALCULATORS as procedures

    out = dict(contributions)
    out[report_figures.kind] = report_figures
    for kind, spec in {**benefits, **procedures}.items():
        if kind in out:
            raise RuntimeError(f"calculator {kind} registered twice")
        out[kind] = spec
    return out


# Helpers to read JSON input with errors that name the field.

def field_int(data: Mapping[str, Any], name: str, *, default: int | None = None, minimum: int | None = 0,
              maximum: int | None = MAX_VND) -> int:
    if name not in data or data[name] is None:
        if default is None:
            raise RuleError("required", f"{name} is required", field=name)
        return default
    value = data[name]
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.strip().lstrip("-").isdigit() and len(value.strip()) <= 20:
            value = int(value.strip())
        else:
            raise RuleError("not_integer", f"{name} must be a whole number, got {value!r}", field=name)
    if minimum is not None and value < minimum:
        raise RuleError("too_small", f"{name} must be at least {minimum}, got {value}", field=name)
    if maximum is not None and value > maximum:
        raise RuleError("too_large", f"{name} must be at most {maximum:,}, got {value:,}"[:200], field=name)
    return value


def field_date(data: Mapping[str, Any], name: str, *, default: dt.date | None = None) -> dt.date:
    if name not in data or data[name] in (None, ""):
        if default is None:
            raise RuleError("required", f"{name} is required (YYYY-MM-DD)", field=name)
        return default
    if not isinstance(data[name], str):
        raise RuleError("bad_date", f"{name} must be a date string YYYY-MM-DD, got {data[name]!r}", field=name)
    try:
        day = dt.date.fromisoformat(data[name])
    except ValueError:
        raise RuleError("bad_date", f"{name} must be a date YYYY-MM-DD, got {data[name]!r}", field=name) from None
    if not MIN_DAY <= day <= MAX_DAY:
        raise RuleError("bad_date", f"{name} must be between {MIN_DAY} and {MAX_DAY}, got {day}", field=name)
    return day


def region_of(value: Any, name: str = "region") -> int:
    """The minimum-wage region, one notation for every calculator: 1, 2, 3 or 4 (the Roman "I".."IV" of the
    decrees is accepted and read as the same number)."""
    if isinstance(value, bool):
        value = None
    if isinstance(value, str) and value.strip().upper() in ROMAN_REGIONS:
        return ROMAN_REGIONS.index(value.strip().upper()) + 1
    if isinstance(value, str) and value.strip() in ("1", "2", "3", "4"):
        return int(value.strip())
    if isinstance(value, int) and value in (1, 2, 3, 4):
        return value
    raise RuleError("bad_region", f"{name} must be 1, 2, 3 or 4 (or I, II, III, IV), got {value!r}", field=name)


ROMAN_REGIONS = ("I", "II", "III", "IV")
MIN_DAY = dt.date(1900, 1, 1)
MAX_DAY = dt.date(2200, 12, 31)


def field_choice(data: Mapping[str, Any], name: str, choices: tuple[str, ...], *, default: str | None = None) -> str:
    value = data.get(name, default)
    if value is None:
        if default is not None:
            value = default
        else:
            raise RuleError("required", f"{name} is required (one of {', '.join(choices)})", field=name)
    if not isinstance(value, str) or value not in choices:
        raise RuleError("bad_choice", f"{name} must be one of {', '.join(choices)}, got {value!r}", field=name)
    return str(value)
