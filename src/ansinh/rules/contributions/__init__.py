"""Contribution calculators (compulsory SI/HI/UI, voluntary SI, household HI, HI by group, late interest)."""

from __future__ import annotations

from ansinh.rules.catalogue import CalculatorSpec

CALCULATORS: dict[str, CalculatorSpec] = {}
