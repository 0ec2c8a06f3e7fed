"""Benefit calculators (sickness, maternity, work injury, survivors, pension, one-time SI, unemployment)."""

from __future__ import annotations

from ansinh.rules.catalogue import CalculatorSpec

CALCULATORS: dict[str, CalculatorSpec] = {}
