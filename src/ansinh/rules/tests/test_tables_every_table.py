"""The no-gap/no-overlap property of test_tables_cover.py, made to hold for every table there is:

- every effective-dated table written anywhere in the code (found by reading the source, not by importing it) is one
  the property test checks, so a table defined in a new module cannot escape it;
- the period-bound tables left out there (a province's HI support resolution holds for its own period only) are
  checked too: no overlap, and every day from their first date to today has at most one value;
- the effective-dated catalogues that are not tables (claim-review checks, procedures) never hold two versions of one
  code on the same day.
"""

from __future__ import annotations

import ast
import datetime as dt
from collections import defaultdict
from itertools import pairwise
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import ansinh
from ansinh.rules import healthcare, procedures
from ansinh.rules.tables import HELD_ON, Table
from ansinh.rules.tests.test_tables_cover import ENDED, KNOWN_GAPS, PERIOD_BOUND_PREFIXES, TABLES, all_tables

SOURCE = Path(ansinh.__file__).parent
# the functions that make a Table from a name, with the prefix they put before their first argument
BUILDERS = {"chain": "", "by_year": "", "Table": "", "_t": "local_hi_support_"}


def table_names_in_source() -> dict[str, str]:
    """Name (or f-string prefix) → file of every Table built in the code, read from the source text."""
    found: dict[str, str] = {}
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if func not in BUILDERS:
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found[BUILDERS[func] + first.value] = str(path.relative_to(SOURCE))
            elif isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
                found[str(first.values[0].value) + "*"] = str(path.relative_to(SOURCE))
    return found


def test_every_table_in_the_source_is_one_the_property_test_checks() -> None:
    in_source = table_names_in_source()
    scanned = set(all_tables())
    assert len(in_source) >= 50, in_source  # the reader works: it finds the tables written with chain/by_year/Table
    missing = {
        name: where for name, where in in_source.items()
        if not (name.endswith("*") and any(s.startswith(name[:-1]) for s in scanned)) and name not in scanned
        and where != "rules/tables.py"  # chain() itself calls Table(name, …)
    }
    assert missing == {}, f"tables the property test does not see: {missing}"
    # every table the scan sees is checked: either in TABLES (exactly one value a day), period-bound, or the table of
    # a replaced instrument whose last day is pinned (ENDED)
    assert {n for n in scanned if n not in TABLES} == (
        {n for n in scanned if n.startswith(PERIOD_BOUND_PREFIXES)} | set(ENDED))
    assert set(KNOWN_GAPS) <= set(TABLES)


PERIOD_BOUND = {n: t for n, t in all_tables().items() if n.startswith(PERIOD_BOUND_PREFIXES)}


def test_period_bound_tables_never_overlap() -> None:
    assert PERIOD_BOUND, "the provinces' HI support tables are found"
    for name, table in PERIOD_BOUND.items():
        assert not table.problems(), f"{name}: {table.problems()}"
        for a, b in pairwise(table.entries):
            assert a.valid_to is not None and a.valid_to < b.valid_from, f"{name}: {a.valid_from} overlaps {b.valid_from}"


@settings(max_examples=200)
@given(name=st.sampled_from(sorted(all_tables())), offset=st.integers(min_value=0, max_value=50 * 366))
def test_no_day_of_any_table_has_two_values(name: str, offset: int) -> None:
    table: Table[Any] = all_tables()[name]
    day = table.first_day + dt.timedelta(days=offset)
    if day > HELD_ON:
        return
    hits = [e for e in table.entries if e.covers(day)]
    assert len(hits) <= 1, f"{name} on {day}: {len(hits)} entries"
    if name in TABLES and not (name in KNOWN_GAPS and day.year in KNOWN_GAPS[name]):
        assert len(hits) == 1, f"{name} on {day}: no value"


def versions_overlap(items: Any, code: str = "code") -> list[str]:
    by_code: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        assert item.valid_to is None or item.valid_to >= item.valid_from, getattr(item, code)
        by_code[getattr(item, code)].append(item)
    out = []
    for key, versions in by_code.items():
        versions.sort(key=lambda v: v.valid_from)
        for a, b in pairwise(versions):
            if a.valid_to is None or a.valid_to >= b.valid_from:
                out.append(f"{key}: {a.valid_from}..{a.valid_to} overlaps {b.valid_from}")
    return out


def test_effective_dated_catalogues_hold_one_version_of_a_code_a_day() -> None:
    assert versions_overlap(healthcare.CHECKS) == []
    assert versions_overlap(procedures.CATALOGUE) == []
    # the lookups answer one version per code on any day
    for day in (dt.date(2025, 1, 1), dt.date(2025, 7, 1), HELD_ON):
        codes = [c.code for c in healthcare.checks_in_force(day)]
        assert len(codes) == len(set(codes)), day
