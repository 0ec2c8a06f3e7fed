"""Occupational accident / disease benefits (OSH Law 84/2015 Arts 48–53)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules.benefits import work_injury
from ansinh.rules.tables import RuleError

BASE_2026 = 2_530_000


def run(**data: object) -> work_injury.WorkInjuryResult:
    return work_injury.run({"benefit_start": "2026-08-01", **data})


def test_lump_sum_5_and_30_percent() -> None:
    five = run(incapacity_pct=5, fund_months=10, salary=9_000_000)
    assert five.kind == "lump_sum"
    assert five.base_part == 5 * BASE_2026 and five.seniority_part == 4_500_000
    thirty = run(incapacity_pct=30, fund_months=60, salary=9_000_000)
    assert thirty.base_part == 44_275_000  # (5 + 0.5 × 25) × 2,530,000
    assert thirty.seniority_part == 15_300_000  # (0.5 + 0.3 × 4) × 9,000,000
    assert thirty.lump_sum == 59_575_000


def test_monthly_31_percent_and_more() -> None:
    r = run(incapacity_pct=31, fund_months=12, salary=9_000_000)
    assert r.kind == "monthly" and r.base_part == 759_000 and r.seniority_part == 45_000 and r.monthly == 804_000
    r = run(incapacity_pct=50, fund_months=120, salary=10_000_000)
    assert r.base_part == 1_720_400  # 68% × 2,530,000
    assert r.seniority_part == 320_000  # (0.5% + 0.3% × 9) × 10,000,000


def test_attendance_allowance_needs_81_percent() -> None:
    r = run(incapacity_pct=81, fund_months=24, salary=8_000_000, attendance=True)
    assert r.attendance_allowance == BASE_2026
    assert r.monthly == r.base_part + r.seniority_part + BASE_2026
    with pytest.raises(RuleError) as err:
        run(incapacity_pct=80, fund_months=24, salary=8_000_000, attendance=True)
    assert err.value.field == "attendance"


def test_death_grant_36_base_salaries() -> None:
    assert run(death=True).lump_sum == 36 * BASE_2026
    assert work_injury.run({"benefit_start": "2026-06-15", "death": True}).lump_sum == 36 * 2_340_000


def test_below_five_percent_nothing() -> None:
    assert run(incapacity_pct=4, fund_months=10, salary=9_000_000).kind == "none"


@given(st.integers(min_value=5, max_value=100), st.integers(min_value=0, max_value=480),
       st.integers(min_value=0, max_value=100_000_000))
def test_amounts_non_negative_and_monotone_in_loss(loss: int, months: int, salary: int) -> None:
    a = run(incapacity_pct=loss, fund_months=months, salary=salary)
    assert a.lump_sum >= 0 and a.monthly >= 0
    if loss not in (30, 100):
        b = run(incapacity_pct=loss + 1, fund_months=months, salary=salary)
        assert (b.lump_sum, b.monthly) >= (a.lump_sum, a.monthly) or b.kind != a.kind
