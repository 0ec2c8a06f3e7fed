"""Every calculator reachable by name: `ansinh calc KIND` reads JSON, runs it, prints JSON.

A calculator module registers a CalculatorSpec in its package's CALCULATORS dict. `run` takes the decoded JSON
object and returns a result (a dataclass, rendered with explain.to_jsonable). Bad input raises
tables.RuleError(code, message, field) naming the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ansinh.rules.tables import RuleError


@dataclass(frozen=True)
class CalculatorSpec:
    kind: str
    summary: str
    run: Callable[[Mapping[str, Any]], Any]
    example: Mapping[str, Any]


def all_calculators() -> dict[str, CalculatorSpec]:
    from ansinh.rules.benefits import CALCULATORS as benefits
    from ansinh.rules.contributions import CALCULATORS as contributions
    from ansinh.rules.procedures import CALCULATORS as procedures

    out = dict(contributions)
    for kind, spec in {**benefits, **procedures}.items():
        if kind in out:
            raise RuntimeError(f"calculator {kind} registered twice")
        out[kind] = spec
    return out


# Helpers to read JSON input with errors that name the field.

def field_int(data: Mapping[str, Any], name: str, *, default: int | None = None, minimum: int | None = 0) -> int:
    if name not in data or data[name] is None:
        if default is None:
            raise RuleError("required", f"{name} is required", field=name)
        return default
    value = data[name]
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value.strip())
        else:
            raise RuleError("not_integer", f"{name} must be a whole number, got {value!r}", field=name)
    if minimum is not None and value < minimum:
        raise RuleError("too_small", f"{name} must be at least {minimum}, got {value}", field=name)
    return value


def field_date(data: Mapping[str, Any], name: str, *, default: dt.date | None = None) -> dt.date:
    if name not in data or data[name] in (None, ""):
        if default is None:
            raise RuleError("required", f"{name} is required (YYYY-MM-DD)", field=name)
        return default
    try:
        return dt.date.fromisoformat(str(data[name]))
    except ValueError:
        raise RuleError("bad_date", f"{name} must be a date YYYY-MM-DD, got {data[name]!r}", field=name) from None


def field_choice(data: Mapping[str, Any], name: str, choices: tuple[str, ...], *, default: str | None = None) -> str:
    value = data.get(name, default)
    if value is None:
        raise RuleError("required", f"{name} is required (one of {', '.join(choices)})", field=name)
    if value not in choices:
        raise RuleError("bad_choice", f"{name} must be one of {', '.join(choices)}, got {value!r}", field=name)
    return str(value)
