"""Every parameter table of ansinh.rules: from its first date to today, every day has exactly one value (no gap,
no overlap). The only exceptions are listed below with the days the sources do not give, so a table that gains a
gap — or a gap that gets filled — makes this test fail until the list is brought up to date."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import ansinh.rules
from ansinh.rules.tables import HELD_ON, Table

# Yearly rates announced each January by Vietnam Social Security; the years whose announcement was not found are
# missing (docs/legal-sources.md, "Not found"). Late interest asks the officer for the announced rate instead.
KNOWN_GAPS: dict[str, set[int]] = {
    "si_fund_return_previous_year": {2024, 2025},
    "interbank_9m_rate_previous_year": {2024, 2025, 2026},
    # Revaluation tables by settlement year: 2012, 2013 and 2015 (partial by contribution year, which this test does
    # not see) and every year 2016–2026; the figures of the 2014 table (Circular 02/2014/TT-BLĐTBXH) were not found
    # (docs/legal-sources-benefits.md, "Revaluation coefficients by settlement year").
    "revaluation_coefficients": {2014},
}

# A province's HI support resolution holds for the period it states; outside it no local support applies (an absent
# value is the law, not a gap in the sources).
PERIOD_BOUND_PREFIXES = ("local_hi_support_",)


def all_tables() -> dict[str, Table[Any]]:
    found: dict[int, Table[Any]] = {}

    def walk(obj: Any, depth: int = 0) -> None:
        if isinstance(obj, Table):
            found.setdefault(id(obj), obj)
        elif depth < 3 and isinstance(obj, dict):
            for v in obj.values():
                walk(v, depth + 1)
        elif depth < 3 and isinstance(obj, (list, tuple)):
            for v in obj:
                walk(v, depth + 1)

    for info in pkgutil.walk_packages(ansinh.rules.__path__, "ansinh.rules."):
        if ".tests" in info.name or info.name.endswith("build_regions"):
            continue
        for value in vars(importlib.import_module(info.name)).values():
            walk(value)
    out: dict[str, Table[Any]] = {}
    for table in found.values():
        assert table.name not in out or out[table.name] is table, f"two tables named {table.name}"
        out[table.name] = table
    return out


# A table of an instrument repealed and replaced ends on the eve of its replacement; the days after are another table's
# (or refused where the successor's figures were not read). Its last day is pinned here.
ENDED: dict[str, dt.date] = {
    # Decision 37/2001/QĐ-TTg (convalescence): replaced from 2003-01-01 by Decree 01/2003/NĐ-CP, whose levels were not
    # read (starts 2003–2006 refused); Law 71 from 2007 in table `convalescence` (docs/legal-sources-benefits.md)
    "convalescence_decision_37_2001": dt.date(2002, 12, 31),
    # the Decree 12/CP Charter's birth rule (3P): Law 71 from 2007-01-01 in table `maternity`
    "maternity_decree_12_cp": dt.date(2006, 12, 31),
}

TABLES = {name: t for name, t in all_tables().items()
          if not name.startswith(PERIOD_BOUND_PREFIXES) and name not in ENDED}
TODAY = HELD_ON


def test_the_scan_finds_the_tables() -> None:
    assert {"base_salary", "regional_minimum_wage", "revaluation_coefficients", "rate_sickness_maternity",
            "sickness_rates", "unemployment", "si_fund_return_previous_year"} <= set(TABLES)
    assert len(TABLES) >= 40


def missing_years(table: Table[Any]) -> set[int]:
    out: set[int] = set()
    day = table.first_day
    while day <= TODAY:
        hits = [e for e in table.entries if e.covers(day)]
        assert len(hits) <= 1, f"{table.name}: {len(hits)} entries on {day}"
        if not hits:
            out.add(day.year)
        day = dt.date(day.year + 1, 1, 1)
    return out


def test_no_gap_and_no_overlap_from_the_first_date_to_today() -> None:
    for name, table in sorted(TABLES.items()):
        assert not table.problems() or not table.contiguous, f"{name}: {table.problems()}"
        for a, b in zip(table.entries, table.entries[1:], strict=False):
            assert a.valid_to is not None and a.valid_to < b.valid_from, f"{name}: {a.valid_from} overlaps {b.valid_from}"
            if name not in KNOWN_GAPS:
                assert a.valid_to + dt.timedelta(days=1) == b.valid_from, f"{name}: gap {a.valid_to}..{b.valid_from}"
        last = table.entries[-1].valid_to
        if name in KNOWN_GAPS:
            assert missing_years(table) == KNOWN_GAPS[name], name
        else:
            assert last is None or last >= TODAY, f"{name} ends on {last}, before {TODAY}"


@settings(max_examples=200)
@given(name=st.sampled_from(sorted(TABLES)), offset=st.integers(min_value=0, max_value=50 * 366))
def test_any_day_from_the_first_to_today_has_exactly_one_value(name: str, offset: int) -> None:
    table = TABLES[name]
    day = table.first_day + dt.timedelta(days=offset)
    if day > TODAY:
        return
    hits = [e for e in table.entries if e.covers(day)]
    if name in KNOWN_GAPS and day.year in KNOWN_GAPS[name]:
        assert hits == []
    else:
        assert len(hits) == 1, f"{name} on {day}: {len(hits)} entries"
        assert table.at(day) is hits[0].value


def test_tables_of_replaced_instruments_end_on_the_eve_of_the_replacement() -> None:
    every = all_tables()
    for name, last in ENDED.items():
        assert not every[name].problems(), name
        assert every[name].entries[-1].valid_to == last, name
