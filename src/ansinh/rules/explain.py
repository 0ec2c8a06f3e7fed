"""Results that explain themselves: the amount, every step, every parameter used and its legal basis."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from ansinh.rules.tables import Entry, Table


@dataclass(frozen=True)
class ParamUse:
    table: str
    on: dt.date
    value: Any
    basis: str
    status: str

    @classmethod
    def of(cls, table: Table[Any], day: dt.date) -> ParamUse:
        e: Entry[Any] = table.entry(day)
        return cls(table.name, day, e.value, e.basis, e.status)


@dataclass(frozen=True)
class Step:
    label: str
    value: Any
    formula: str = ""
    basis: str = ""


@dataclass
class Explanation:
    """Collects steps and parameters while a calculator runs."""

    steps: list[Step] = field(default_factory=list)
    params: list[ParamUse] = field(default_factory=list)

    def use(self, table: Table[Any], day: dt.date) -> Any:
        p = ParamUse.of(table, day)
        if p not in self.params:
            self.params.append(p)
        return p.value

    def step(self, label: str, value: Any, formula: str = "", basis: str = "") -> Any:
        self.steps.append(Step(label, value, formula, basis))
        return value


def to_jsonable(obj: Any) -> Any:
    if hasattr(obj, "__dataclass_fields__"):
        return {k: to_jsonable(v) for k, v in asdict(obj).items()}
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, Decimal):
        return format(obj.normalize(), "f")
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj
