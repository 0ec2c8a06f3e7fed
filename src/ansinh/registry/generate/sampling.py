"""Small numpy helpers shared by the generator modules: weighted lists, day arithmetic, code permutations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from ansinh.core.text import fold

DAY = np.timedelta64(1, "D")


class Vocabulary:
    """A weighted list of strings: sample indices with numpy, turn them into strings (and folded strings)."""

    def __init__(self, items: Sequence[tuple[str, float]]) -> None:
        self.words = [w for w, _ in items]
        weights = np.array([float(p) for _, p in items])
        self.p = weights / weights.sum()
        self.folded = [fold(w) for w in self.words]

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.choice(len(self.words), size=size, p=self.p)


def day(value: dt.date | str) -> np.datetime64:
    return np.datetime64(value, "D")


def add_years(days: np.ndarray, years: np.ndarray | float) -> np.ndarray:
    """Approximate: a year is 365.2425 days."""
    return days + np.floor(np.asarray(years) * 365.2425).astype("timedelta64[D]")


def uniform_days(rng: np.random.Generator, start: np.ndarray | np.datetime64, end: np.ndarray | np.datetime64,
                 size: int) -> np.ndarray:
    """A day uniformly in [start, end] (inclusive), elementwise."""
    start = np.broadcast_to(np.asarray(start, dtype="datetime64[D]"), (size,))
    span = (np.asarray(end, dtype="datetime64[D]") - start).astype(np.int64)
    span = np.maximum(span, 0)
    return start + np.floor(rng.random(size) * (span + 1)).astype("timedelta64[D]")


def year_of(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[Y]").astype(np.int64) + 1970


def date_strings(days: np.ndarray) -> list[str | None]:
    """'YYYY-MM-DD' for each day, None for NaT."""
    out = np.datetime_as_string(days, unit="D").tolist()
    if np.isnat(days).any():
        return [None if s == "NaT" else s for s in out]
    return out


def coprime_multiplier(rng: np.random.Generator, modulus: int) -> int:
    """A multiplier coprime with a power of ten, so that (a*x + b) mod 10^k is a permutation of 0..10^k-1."""
    while True:
        a = int(rng.integers(modulus // 10, modulus - 1))
        if a % 2 and a % 5:
            return a


def weighted_prefix_pick(starts_sorted: np.ndarray, cumweights: np.ndarray, on: np.ndarray,
                         u: np.ndarray) -> np.ndarray:
    """Index into a pool sorted by start day: a weighted pick among the items started on or before `on`
    (the first item when none has started)."""
    eligible = np.maximum(np.searchsorted(starts_sorted, on, side="right"), 1)
    target = u * cumweights[eligible - 1]
    idx = np.searchsorted(cumweights, target, side="right")
    return np.minimum(idx, eligible - 1)


class DigitPermutation:
    """A seeded bijection of 0..10^digits-1 (affine map, digit reversal, affine map): distinct inputs give
    distinct codes, and consecutive inputs do not give codes in an arithmetic progression."""

    def __init__(self, rng: np.random.Generator, digits: int) -> None:
        self.digits = digits
        self.modulus = 10**digits
        self.a1, self.b1 = coprime_multiplier(rng, self.modulus), int(rng.integers(self.modulus))
        self.a2, self.b2 = coprime_multiplier(rng, self.modulus), int(rng.integers(self.modulus))

    def __call__(self, x: np.ndarray) -> np.ndarray:
        y = (self.a1 * np.asarray(x, dtype=np.int64) + self.b1) % self.modulus
        reversed_ = np.zeros_like(y)
        for _ in range(self.digits):
            reversed_ = reversed_ * 10 + y % 10
            y //= 10
        return (self.a2 * reversed_ + self.b2) % self.modulus
