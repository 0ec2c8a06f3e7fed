"""Splitting a whole number among parts so that the parts add up to it exactly: the largest-remainder (Hamilton)
method. Pure Python, no Django.

Each part gets the integer part of its exact quota `total × weight ÷ Σ weights`; the units left over (fewer than
the number of parts) go one each to the parts with the largest fractional remainders; ties go to the part that
comes first in the given order (callers pass units ordered by code, so the result is deterministic). Every part
therefore gets its quota rounded down or up, never further from it, and the parts sum to `total`.

All-zero (or no) weights: equal weights. Negative weights and a negative total are refused.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from fractions import Fraction
from numbers import Rational
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def largest_remainder(
    total: int, weights: Mapping[K, int | Rational] | Sequence[tuple[K, int | Rational]]
) -> dict[K, int]:
    """`total` split in proportion to `weights` (a mapping or (key, weight) pairs, in tie-break order)."""
    items = list(weights.items()) if isinstance(weights, Mapping) else list(weights)
    if total < 0:
        raise ValueError("total must not be negative")
    if not items:
        if total:
            raise ValueError("nothing to allocate to")
        return {}
    if any(w < 0 for _, w in items):
        raise ValueError("weights must not be negative")
    fractions = [(k, Fraction(w)) for k, w in items]
    whole = sum(w for _, w in fractions)
    if whole == 0:
        fractions = [(k, Fraction(1)) for k, _ in fractions]
        whole = Fraction(len(fractions))
    quotas = [(k, total * w / whole) for k, w in fractions]
    out = {k: int(q) for k, q in quotas}  # floor: quotas are non-negative
    left = total - sum(out.values())
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i][1] - int(quotas[i][1])), i))
    for i in order[:left]:
        out[quotas[i][0]] += 1
    return out


def path_to_target(start: int, target: int, steps: int) -> list[int]:
    """A level rising (or falling) evenly from `start` to `target` in `steps` steps: the value reached at the end of
    each step, rounded half up; the last is the target itself. For sub-targets of participant numbers."""
    if steps < 1:
        raise ValueError("steps must be at least 1")
    out = []
    for i in range(1, steps + 1):
        exact = Fraction(start) + Fraction(target - start) * i / steps
        out.append(_half_up(exact))
    return out


def _half_up(value: Fraction) -> int:
    """Nearest integer, halves away from zero."""
    sign = -1 if value < 0 else 1
    return sign * int(abs(value) + Fraction(1, 2))
