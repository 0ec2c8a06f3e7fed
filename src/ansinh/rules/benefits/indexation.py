"""Indexation of pensions and monthly SI allowances in payment (Law 41/2024 Art 67; Government decrees).

new = round_half_up(amount of the month before × (1 + rate))
retired before 1995 and new < floor: + 300,000 when new ≤ the add-up-to limit, else raised to the floor.
2026-07-01 (Decree 162/2026): +8%; floor 3,800,000, +300,000 up to 3,500,000 (D8 of domain-vn §13).
Monthly survivor allowances are a share of the reference level and follow it (Circular 14/2026 Art 3.3): use the
`survivor` calculator for the new month instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ansinh.rules.benefits.formatting import pct
from ansinh.rules.benefits.inputs import field_bool
from ansinh.rules.catalogue import CalculatorSpec, field_date, field_int
from ansinh.rules.explain import Explanation, ParamUse, Step
from ansinh.rules.money import HALF_UP, vnd
from ansinh.rules.params.benefit_pension import PENSION_INDEXATION
from ansinh.rules.tables import RuleError


@dataclass(frozen=True)
class IndexationInput:
    on: dt.date  # a day on or after the adjustment; the adjustment in force that day is applied
    amount_before: int  # the amount of the month before the adjustment (e.g. June 2026)
    retired_before_1995: bool = False
    special_group: bool = (
        False  # 2023 only: people NOT adjusted under Decree 108/2021 (+20.8%, Decree 42/2023 Art 2.1.b)
    )


@dataclass(frozen=True)
class IndexationResult:
    decree: str
    effective: dt.date
    amount_before: int
    indexed: int
    floor_top_up: int
    amount_after: int
    rounding: str
    steps: list[Step] = field(default_factory=list)
    params: list[ParamUse] = field(default_factory=list)


def calculate(inp: IndexationInput) -> IndexationResult:
    ex = Explanation()
    r = ex.use(PENSION_INDEXATION, inp.on)
    entry = PENSION_INDEXATION.entry(inp.on)
    rate = r["rate"]
    if inp.special_group:
        if r["special_rate"] is None:
            raise RuleError(
                "not_applicable", f"{r['decree']} has no special-group rate", field="special_group"
            )
        rate = r["special_rate"]
    indexed = vnd(inp.amount_before * (1 + rate))
    ex.step("indexed amount", indexed, f"{inp.amount_before:,} × (1 + {pct(rate)})", entry.basis)
    after = indexed
    if inp.retired_before_1995 and indexed < r["pre1995_floor"]:
        if indexed <= r["pre1995_add_upto"]:
            after = indexed + r["pre1995_add"]
            ex.step(
                "top-up for people who retired before 1995",
                after,
                f"{indexed:,} ≤ {r['pre1995_add_upto']:,}: + {r['pre1995_add']:,}",
                entry.basis,
            )
        else:
            after = r["pre1995_floor"]
            ex.step(
                "raised to the floor for people who retired before 1995",
                after,
                f"{r['pre1995_add_upto']:,} < {indexed:,} < {r['pre1995_floor']:,}",
                entry.basis,
            )
    return IndexationResult(
        r["decree"],
        entry.valid_from,
        inp.amount_before,
        indexed,
        after - indexed,
        after,
        HALF_UP,
        ex.steps,
        ex.params,
    )


def parse(data: Mapping[str, Any]) -> IndexationInput:
    return IndexationInput(
        on=field_date(data, "on"),
        amount_before=field_int(data, "amount_before"),
        retired_before_1995=field_bool(data, "retired_before_1995"),
        special_group=field_bool(data, "special_group"),
    )


def run(data: Mapping[str, Any]) -> IndexationResult:
    return calculate(parse(data))


SPEC = CalculatorSpec(
    "pension-indexation",
    "Indexation of a pension in payment (Decree 162/2026: +8% from 2026-07-01, pre-1995 floor 3,800,000)",
    run,
    {"on": "2026-07-01", "amount_before": 3_200_000, "retired_before_1995": True},
    fields=("on", "amount_before", "retired_before_1995", "special_group"),
    date_field="on",
)
