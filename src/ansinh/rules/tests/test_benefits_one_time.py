"""One-time SI lump sum: 1.5 / 2 months per year, odd months across 2014, the < 1 year rule, grounds by law."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules.benefits import one_time
from ansinh.rules.money import vnd
from ansinh.rules.tables import RuleError


def employer(start: str, end: str, salary: int) -> dict[str, object]:
    return {"from": start, "to": end, "salary": salary, "kind": "employer"}


def run(periods: list[dict[str, object]], ground: str = "left_12_months", day: str = "2026-03-16") -> one_time.OneTimeResult:
    return one_time.run({"decision_date": day, "ground": ground, "periods": periods})


def test_years_before_and_from_2014_with_odd_months_moved() -> None:
    r = run([employer("2010-03", "2024-12", 7_000_000)])
    assert (r.months_before_2014, r.months_from_2014) == (36, 142)
    assert (r.years_before_2014, r.years_from_2014) == (Decimal(3), Decimal(12))
    assert r.eligible


def test_amount_from_2014_only_at_coefficient_one() -> None:
    r = run([employer("2025-01", "2025-12", 10_000_000), employer("2026-01", "2026-06", 10_000_000)],
            ground="emigration", day="2026-12-01")
    # 18 months → 1.5 years × 2 months × 10,000,000 (coefficients 2025 and 2026 = 1.00)
    assert r.average_salary == 10_000_000 and r.amount == 30_000_000


def test_less_than_one_year_pays_the_contributions_capped_at_two_months() -> None:
    eight = run([employer("2025-04", "2025-11", 10_000_000)], ground="emigration", day="2026-02-02")
    assert eight.amount == 17_600_000  # 8 × 22% × 10,000,000
    eleven = run([employer("2025-01", "2025-11", 10_000_000)], ground="emigration", day="2026-02-02")
    assert eleven.amount == 20_000_000  # 24,200,000 capped at 2 × 10,000,000


def test_twelve_month_ground() -> None:
    ok = run([employer("2015-01", "2024-12", 5_000_000)], day="2026-01-05")
    assert ok.eligible
    early = run([employer("2015-01", "2024-12", 5_000_000)], day="2025-12-20")
    assert not early.eligible and early.amount == 0
    twenty = run([employer("2000-01", "2019-12", 5_000_000)], day="2026-01-05")
    assert not twenty.eligible
    new_only = run([employer("2025-08", "2025-11", 5_000_000)], day="2026-12-01")
    assert not new_only.eligible  # contributions only after 2025-07-01 (Art 70.1.đ)
    assert "before 2025-07-01" in new_only.reasons[0]


def test_no_revaluation_table_for_2027_yet() -> None:
    with pytest.raises(RuleError) as err:
        run([employer("2015-01", "2024-12", 5_000_000)], day="2027-03-01")
    assert err.value.code == "no_rule_for_date"


def test_grounds_follow_the_law_of_the_decision_date() -> None:
    with pytest.raises(RuleError) as err:
        run([employer("2015-01", "2024-12", 5_000_000)], ground="incapacity_81", day="2025-06-30")
    assert err.value.field == "ground"
    assert run([employer("2015-01", "2024-12", 5_000_000)], ground="incapacity_81", day="2025-07-01").law == "L41"


def test_retirement_age_ground_only_without_pension_years() -> None:
    assert run([employer("2012-01", "2026-05", 5_000_000)], ground="retirement_age", day="2026-06-10").eligible
    assert not run([employer("2011-01", "2026-05", 5_000_000)], ground="retirement_age", day="2026-06-10").eligible


def test_voluntary_state_support_is_deducted_except_for_disease() -> None:
    periods = [{"from": "2025-01", "to": "2025-12", "salary": 1_500_000, "kind": "voluntary", "state_support": 66_000}]
    plain = run(periods, ground="emigration", day="2026-02-02")
    assert plain.gross_amount == 3_000_000 and plain.state_support_deducted == 792_000 and plain.amount == 2_208_000
    ill = run(periods, ground="disease", day="2026-02-02")
    assert ill.state_support_deducted == 0 and ill.amount == 3_000_000


@given(st.integers(min_value=1, max_value=300), st.integers(min_value=0, max_value=60_000_000))
def test_monotone_in_salary_and_never_negative(months: int, salary: int) -> None:
    from ansinh.rules.periods import Month
    start = str(Month(2025, 12) - (months - 1))
    a = run([employer(start, "2025-12", salary)], ground="emigration", day="2026-06-01")
    b = run([employer(start, "2025-12", salary + 100_000)], ground="emigration", day="2026-06-01")
    assert 0 <= a.amount <= b.amount
    if months < 12:
        assert a.amount <= vnd(2 * Decimal(a.average_salary)) + 1


def test_months_above_the_si_ceiling_count_at_the_ceiling() -> None:
    """SI is paid on at most 20 × base salary (Law 58/2014 Art 89.3): 20 × 1,490,000 = 29,800,000 in 2020–2023.
    A salary declared at 100,000,000 counts as 29,800,000 before revaluation."""
    from ansinh.rules.benefits.average import si_paid_on
    from ansinh.rules.periods import Month

    assert si_paid_on(Month(2021, 3), 100_000_000) == 29_800_000
    assert si_paid_on(Month(2024, 7), 100_000_000) == 46_800_000  # 20 × 2,340,000
    assert si_paid_on(Month(2006, 12), 100_000_000) == 100_000_000  # no ceiling before 2007 (Decree 12/CP)
    high = one_time.run({"decision_date": "2025-03-16", "ground": "left_12_months",
                         "periods": [{"from": "2023-07", "to": "2024-06", "salary": 100_000_000}]})
    at_ceiling = one_time.run({"decision_date": "2025-03-16", "ground": "left_12_months",
                               "periods": [{"from": "2023-07", "to": "2024-06", "salary": 36_000_000}]})
    assert high.amount == at_ceiling.amount  # 20 × 1,800,000 = 36,000,000 from 2023-07
