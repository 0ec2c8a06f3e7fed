"""Benefit parameter tables: coverage without gap or overlap, a legal basis on every entry, published values."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules.benefits import CALCULATORS
from ansinh.rules.benefits.history import benefit_years, full_years, split_2014
from ansinh.rules.params import (
    benefit_common,
    benefit_maternity,
    benefit_one_time,
    benefit_pension,
    benefit_sickness,
    benefit_survivors,
    benefit_unemployment,
    benefit_work_injury,
)
from ansinh.rules.periods import Month
from ansinh.rules.tables import STATUSES, Table

MODULES = (
    benefit_common,
    benefit_maternity,
    benefit_one_time,
    benefit_pension,
    benefit_sickness,
    benefit_survivors,
    benefit_unemployment,
    benefit_work_injury,
)
TABLES = [(f"{m.__name__}.{name}", t) for m in MODULES for name, t in vars(m).items() if isinstance(t, Table)]


def test_every_benefit_table_is_found() -> None:
    assert len(TABLES) >= 20


@pytest.mark.parametrize(("name", "table"), TABLES, ids=[n for n, _ in TABLES])
def test_table_has_no_gap_or_overlap_and_every_entry_a_basis(name: str, table: Table) -> None:
    assert table.problems() == []
    # The revaluation table has a row per settlement year found as text; the years between are refused, not guessed
    # (test_tables_cover.KNOWN_GAPS lists them).
    assert table.contiguous or table.name == "revaluation_coefficients"
    for e in table:
        assert e.basis.strip(), f"{name}: entry from {e.valid_from} has no basis"
        assert e.status in STATUSES


# Texts actually read in full (docs/legal-sources-benefits.md, "What was read"): a V-LAW entry must cite one of them.
READ_IN_FULL = (
    "Law 41/2024",
    "Law 58/2014",
    "Employment Law 38/2013",
    "Employment Law 74/2025",
    "Labour Code 2019",
    "Decree 42/2023",
    "Circular 59/2015",
)


@pytest.mark.parametrize(("name", "table"), TABLES, ids=[n for n, _ in TABLES])
def test_only_values_read_in_a_legal_text_are_v_law(name: str, table: Table) -> None:
    """Guard: V-LAW only where the value was read in the legal text itself; extend READ_IN_FULL only after reading."""
    for e in table:
        if e.status == "V-LAW":
            assert any(text in e.basis for text in READ_IN_FULL), (name, e.valid_from, e.basis)
            # rows verified after the Law 41 work say where the text was read ("— read in the law text")
            assert "read" in e.basis or e.basis.startswith(("Law 41/2024", "Employment Law 74/2025")), (
                name,
                e.basis,
            )


@given(st.dates(min_value=dt.date(2025, 7, 1), max_value=dt.date(2035, 12, 31)))
def test_open_tables_answer_every_day_after_the_new_law(day: dt.date) -> None:
    for _, table in TABLES:
        if table.entries[-1].valid_to is None:
            assert table.entry(day).covers(day)


def test_laws_switch_on_their_dates() -> None:
    si = benefit_common.SI_LAW
    assert si.at(dt.date(2025, 6, 30)) == "L58"
    assert si.at(dt.date(2025, 7, 1)) == "L41"
    ui = benefit_common.UI_LAW
    assert ui.at(dt.date(2025, 12, 31)) == "UI38"
    assert ui.at(dt.date(2026, 1, 1)) == "UI74"


def test_revaluation_tables_reproduce_domain_spec_8_4_2() -> None:
    t = benefit_pension.REVALUATION
    s2024, s2025, s2026 = (t.at(dt.date(y, 6, 1)) for y in (2024, 2025, 2026))
    assert (s2024[1994], s2025[1994], s2026[1994]) == (Decimal("5.43"), Decimal("5.63"), Decimal("5.81"))
    assert (s2024[2008], s2025[2008], s2026[2008]) == (Decimal("2.14"), Decimal("2.21"), Decimal("2.29"))
    assert (s2024[2015], s2025[2015], s2026[2015]) == (Decimal("1.27"), Decimal("1.31"), Decimal("1.36"))
    assert (s2024[2023], s2025[2024], s2026[2024]) == (Decimal("1.00"), Decimal("1.00"), Decimal("1.03"))
    assert max(s2024) == 2024 and max(s2025) == 2025 and max(s2026) == 2026
    for table in (s2024, s2025, s2026):
        assert all(c >= 1 for c in table.values())
        years = sorted(table)
        assert all(table[a] >= table[b] for a, b in pairwise(years[1:]) if a >= 2008)


def test_retirement_age_roadmap_values() -> None:
    t = benefit_pension.RETIREMENT_AGE
    assert t.at(dt.date(2020, 12, 31)) == {"male": 720, "female": 660}
    assert t.at(dt.date(2021, 1, 1)) == {"male": 723, "female": 664}
    assert t.at(dt.date(2026, 1, 1)) == {"male": 738, "female": 684}  # 61y6m, 57y0m (domain-vn §8.4)
    assert t.at(dt.date(2028, 1, 1))["male"] == 744
    assert t.at(dt.date(2034, 1, 1))["female"] == 716
    assert t.at(dt.date(2035, 1, 1)) == {"male": 744, "female": 720}
    assert t.at(dt.date(2050, 1, 1)) == {"male": 744, "female": 720}


@given(st.integers(min_value=0, max_value=600))
def test_benefit_years_rounding(months: int) -> None:
    y = benefit_years(months)
    assert full_years(months) <= y <= full_years(months) + 1
    assert y * 2 == int(y * 2)
    assert benefit_years(months + 1) >= y
    odd = months % 12
    assert y == full_years(months) + (0 if odd == 0 else Decimal("0.5") if odd <= 6 else 1)


def test_split_2014_moves_odd_months() -> None:
    months = [Month(2010, 3) + i for i in range(178)]  # 2010-03 .. 2024-12
    assert split_2014(months) == (36, 142)
    only_old = [Month(2010, 3) + i for i in range(20)]
    assert split_2014(only_old) == (20, 0)


def test_registered_kinds_and_examples_run() -> None:
    assert set(CALCULATORS) == {
        "sickness",
        "maternity",
        "convalescence",
        "work-injury",
        "survivor",
        "pension",
        "pension-indexation",
        "one-time-si",
        "unemployment",
    }
    for kind, spec in CALCULATORS.items():
        assert spec.kind == kind and spec.summary
        result = spec.run(spec.example)
        assert result.steps, kind
        assert result.params, kind


def test_benefit_rules_do_not_import_django() -> None:
    code = (
        "import sys, ansinh.rules.benefits; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'ninja') or "
        "(m.startswith('ansinh.') and not m.startswith('ansinh.rules'))]; print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
