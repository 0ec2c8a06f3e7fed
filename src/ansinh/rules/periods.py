"""Periods are calendar months. `Month` is a value: ordered, hashable, parsed from 'YYYY-MM'."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


class MonthOutOfRange(ValueError):
    """A month outside 1900..2200 (or not 1..12): bad input wherever it comes from (the API answers 422)."""


@dataclass(frozen=True, order=True, slots=True)
class Month:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise MonthOutOfRange(f"month must be 1..12, got {self.month}")
        if not 1900 <= self.year <= 2200:
            raise MonthOutOfRange(f"year out of range: {self.year}")

    @classmethod
    def parse(cls, text: str) -> Month:
        m = _PATTERN.match(text.strip())
        if not m:
            raise ValueError(f"expected a period as YYYY-MM, got {text!r}")
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return (self + 1).first_day - dt.timedelta(days=1)

    @property
    def index(self) -> int:
        """Months since year 0, for arithmetic and compact storage."""
        return self.year * 12 + self.month - 1

    @classmethod
    def from_index(cls, index: int) -> Month:
        return cls(index // 12, index % 12 + 1)

    def __add__(self, months: int) -> Month:
        return Month.from_index(self.index + months)

    def __sub__(self, other: int) -> Month:
        return Month.from_index(self.index - other)

    def months_until(self, other: Month) -> int:
        return other.index - self.index

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"
