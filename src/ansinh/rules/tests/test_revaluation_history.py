"""Revaluation coefficients by settlement year before 2024 (issue 15): the tables found as text (settlements 2020 and
2022, 3P), their agreement with the later tables, the misprint left out, and the years still refused.

Sources: docs/legal-sources-benefits.md, "Revaluation coefficients by settlement year".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from statistics import median

import pytest

from ansinh.rules.benefits import one_time, pension
from ansinh.rules.params.benefit_pension import REVALUATION, REVALUATION_OMITTED
from ansinh.rules.tables import RuleError

D = Decimal


def table(year: int) -> dict[int, Decimal]:
    return REVALUATION.at(dt.date(year, 7, 1))


def employer(start: str, end: str, salary: int) -> dict[str, object]:
    return {"from": start, "to": end, "salary": salary, "kind": "employer"}


def test_settlement_2020_values_as_printed() -> None:
    t = table(2020)
    assert (t[1994], t[1995], t[1997], t[2008], t[2009]) == (D("4.85"), D("4.12"), D("3.77"), D("1.91"), D("1.79"))
    assert (t[2017], t[2018], t[2019], t[2020]) == (D("1.06"), D("1.03"), D("1.00"), D("1.00"))
    assert 1996 not in t and 1996 in REVALUATION_OMITTED[2020]


def test_settlement_2022_values_as_printed() -> None:
    t = table(2022)
    assert (t[1994], t[1995], t[1996], t[2008], t[2015]) == (D("5.10"), D("4.33"), D("4.09"), D("2.01"), D("1.19"))
    assert (t[2019], t[2020], t[2021], t[2022]) == (D("1.05"), D("1.02"), D("1.00"), D("1.00"))


def common_factor(old: dict[int, Decimal], new: dict[int, Decimal], upto: int) -> tuple[Decimal, list[int]]:
    """Between two settlement years every older contribution year is scaled by the same price change; with
    coefficients printed to 2 decimals the ratio of each pair lies within the rounding of that common factor.
    Returns the median ratio and the years whose ratio falls outside it."""
    years = [y for y in old if y in new and y <= upto]
    ratios = {y: new[y] / old[y] for y in years}
    factor = median(ratios.values())
    off = [y for y in years
           if abs(new[y] - old[y] * factor) > D("0.005") + D("0.005") * factor]  # both sides rounded to 0.01
    return factor, off


@pytest.mark.parametrize(("old", "new"), [(2020, 2022), (2022, 2024), (2024, 2025)])
def test_revaluation_tables_agree_with_each_other(old: int, new: int) -> None:
    factor, off = common_factor(table(old), table(new), upto=old - 1)
    assert off == [], f"{old} → {new}: years {off} do not follow the common factor {factor:.4f}"
    assert D("1.00") < factor < D("1.10")


def test_the_2026_row_departs_from_the_2025_row_in_three_years() -> None:
    """Finding of this check (docs/legal-sources-benefits.md): the 2026 row (CV 340/BHXH-CSXH via third-party repos)
    does not scale the 2025 row evenly for 1995, 2008 and 2017; another third-party copy of the 2026 table prints
    other figures for 2011, 2012, 2014, 2017 and 2022. The row stays 3P until the text of CV 340 is read; this test
    fails when the row is corrected, so the note can be removed."""
    _, off = common_factor(table(2025), table(2026), upto=2024)
    assert off == [1995, 2008, 2017]


def test_the_misprint_left_out_would_fail_the_agreement_check() -> None:
    printed = {**table(2020), 1996: D("4.89")}  # as the only copy prints it
    _, off = common_factor(printed, table(2022), upto=2019)
    assert off == [1996]


@pytest.mark.parametrize("day", ["2019-06-01", "2021-03-01", "2023-09-01"])
def test_settlement_years_without_a_table_are_refused(day: str) -> None:
    with pytest.raises(RuleError) as err:
        one_time.SPEC.compute({"decision_date": day, "ground": "left_12_months",
                               "periods": [employer("2010-01", "2018-12", 6_000_000)]})
    assert err.value.code == "no_rule_for_date"
    assert err.value.field == "decision_date"
    assert "revaluation_coefficients" in err.value.message


def test_one_time_si_settled_in_2022_recomputes() -> None:
    # 7 years 2014–2020 at 5,000,000, all from 2014 → 7 × 2 = 14 months of the average;
    # average = 5,000,000 × (1.20 + 1.19 + 1.16 + 1.12 + 1.08 + 1.05 + 1.02) / 7; 14 × it = 78,200,000.
    r = one_time.run({"decision_date": "2022-05-10", "ground": "left_12_months",
                      "periods": [employer("2014-01", "2020-12", 5_000_000)]})
    assert r.law == "L58" and r.eligible
    assert r.amount == 78_200_000
    assert r.average_salary == 5_585_714  # 39,100,000 / 7 = 5,585,714.28…


def test_pension_decided_in_2020_recomputes() -> None:
    # A woman born 1964-11, retiring at 55 from 2020-01 (2020 table), 25 years 2010-style career at one salary from
    # 1997 (1996 left out): 45% + 10 × 2% = 65%.
    r = pension.run({"sex": "female", "birth_date": "1964-11-20", "pension_start": "2020-01-01",
                     "periods": [employer("1997-01", "2019-12", 4_000_000), employer("1995-01", "1995-12", 1_000_000),
                                 employer("1994-01", "1994-12", 800_000)]})
    assert r.law == "L58" and r.eligible
    assert r.rate == D("0.65")
    # revalued total: 1994 12 × 800,000 × 4.85 + 1995 12 × 1,000,000 × 4.12 + Σ 1997..2019 12 × 4,000,000 × c
    t = table(2020)
    total = 12 * 800_000 * t[1994] + 12 * 1_000_000 * t[1995] + sum(12 * 4_000_000 * t[y] for y in range(1997, 2020))
    avg = total / (25 * 12)
    assert r.average_salary == int(avg.quantize(D(1)))
    assert r.monthly_pension == int((avg * D("0.65")).quantize(D(1), rounding="ROUND_HALF_UP"))


def test_a_1996_salary_in_a_2020_settlement_is_refused_naming_the_misprint() -> None:
    with pytest.raises(RuleError) as err:
        pension.run({"sex": "female", "birth_date": "1964-11-20", "pension_start": "2020-01-01",
                     "periods": [employer("1996-01", "2019-12", 4_000_000)]})
    assert err.value.code == "no_coefficient"
    assert err.value.field == "periods"
    assert "1996" in err.value.message and "misprint" in err.value.message
