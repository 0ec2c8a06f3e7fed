"""Effective-dated parameter tables.

A table is a sequence of entries, each valid from a date to a date (inclusive; open-ended when `valid_to` is None),
with the value, its legal basis and how well the value is verified (see docs/legal-sources.md):
  V-LAW  read in the full legal text;  V-SEC  read in a reputable secondary source quoting it;
  3P     only in third-party code or blogs;  UNVERIFIED  background knowledge, to be checked.
Entries must not overlap; `check()` also reports gaps (a table may declare it allows none).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Generic, TypeVar

T = TypeVar("T")

STATUSES = ("V-LAW", "V-SEC", "3P", "UNVERIFIED")

# The last day the parameter tables were reviewed against the published law. A calculation for a later day uses the
# entries in force on that day (open-ended entries) and says "law as held on HELD_ON"; a table whose last entry is
# closed (the law itself sets the date of a change whose value is not yet held) refuses such a day.
HELD_ON = dt.date(2026, 12, 6)


class RuleError(ValueError):
    """Input the law has no answer for (a date before the first entry, an impossible value ...)."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


@dataclass(frozen=True, slots=True)
class Entry(Generic[T]):
    valid_from: dt.date
    valid_to: dt.date | None
    value: T
    basis: str
    status: str = "V-SEC"
    note: str = ""

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {self.status!r}")
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError(f"entry ends before it starts: {self.valid_from}..{self.valid_to}")

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Table(Generic[T]):
    """name: a stable identifier ('base_salary'); unit: 'VND/month', 'rate', ...; entries in date order."""

    name: str
    unit: str
    entries: tuple[Entry[T], ...]
    description: str = ""
    contiguous: bool = True  # no gap allowed between the first and the last entry
    meta: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        problems = self.problems()
        if problems:
            raise ValueError(f"table {self.name}: " + "; ".join(problems))

    def problems(self) -> list[str]:
        out = []
        ordered = sorted(self.entries, key=lambda e: e.valid_from)
        if list(ordered) != list(self.entries):
            out.append("entries are not in date order")
        for a, b in pairwise(ordered):
            if a.valid_to is None or a.valid_to >= b.valid_from:
                out.append(f"{a.valid_from}..{a.valid_to} overlaps {b.valid_from}")
            elif self.contiguous and a.valid_to + dt.timedelta(days=1) != b.valid_from:
                out.append(f"gap between {a.valid_to} and {b.valid_from}")
        return out

    @property
    def first_day(self) -> dt.date:
        return self.entries[0].valid_from

    def entry(self, day: dt.date) -> Entry[T]:
        for e in self.entries:
            if e.covers(day):
                return e
        if self.contiguous:
            held = f"table covers {self.first_day.isoformat()}..{self.entries[-1].valid_to or 'open'}"
        else:  # a table with gaps says which periods it holds
            held = "table holds " + ", ".join(
                f"{e.valid_from.isoformat()}..{e.valid_to or 'open'}" for e in self.entries)
        raise RuleError("no_rule_for_date", f"{self.name}: no value in force on {day.isoformat()} ({held})")

    def at(self, day: dt.date) -> T:
        return self.entry(day).value

    def __iter__(self) -> Iterator[Entry[T]]:
        return iter(self.entries)


def d(text: str) -> dt.date:
    """Dates in tables are written 'YYYY-MM-DD'."""
    return dt.date.fromisoformat(text)


def chain(name: str, unit: str, rows: list[tuple[str, T, str, str]], *, last_to: str | None = None,
          description: str = "", note_by_from: Mapping[str, str] | None = None) -> Table[T]:
    """Build a contiguous table from (valid_from, value, basis, status) rows: each row ends the day before
    the next starts; the last is open unless `last_to` is given."""
    entries = []
    for i, (start, value, basis, status) in enumerate(rows):
        end = d(rows[i + 1][0]) - dt.timedelta(days=1) if i + 1 < len(rows) else (d(last_to) if last_to else None)
        entries.append(Entry(d(start), end, value, basis, status, (note_by_from or {}).get(start, "")))
    return Table(name, unit, tuple(entries), description)
