"""Benefit calculators (sickness, maternity, convalescence, work injury, survivors, pension, pension indexation,
one-time SI, unemployment). Each module holds one calculator and registers its CalculatorSpec here; `ansinh calc KIND`
runs it. Parameters live in ansinh.rules.params.benefit_*; the documentation is docs/calculators-benefits.md."""

from __future__ import annotations

from ansinh.rules.benefits import (
    convalescence,
    indexation,
    maternity,
    one_time,
    pension,
    sickness,
    survivors,
    unemployment,
    work_injury,
)
from ansinh.rules.catalogue import CalculatorSpec

CALCULATORS: dict[str, CalculatorSpec] = {
    spec.kind: spec
    for spec in (
        sickness.SPEC,
        maternity.SPEC,
        convalescence.SPEC,
        work_injury.SPEC,
        survivors.SPEC,
        pension.SPEC,
        indexation.SPEC,
        one_time.SPEC,
        unemployment.SPEC,
    )
}
