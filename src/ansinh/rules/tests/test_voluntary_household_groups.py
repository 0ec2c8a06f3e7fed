"""Voluntary SI (E13), household HI (E12) and HI by participant group."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules.contributions import hi_groups, household_hi, voluntary
from ansinh.rules.tables import RuleError


@pytest.mark.parametrize(("group", "support"), [("poor", 165_000), ("near_poor", 132_000),
                                                ("ethnic_minority", 99_000), ("other", 66_000), ("none", 0)])
def test_e13_voluntary_at_the_floor(group: str, support: int) -> None:
    r = voluntary.run({"income": 1_500_000, "month": "2025-09", "group": group})
    assert (r.contribution_per_month, r.support_per_month, r.payable_per_month) == (330_000, support,
                                                                                      330_000 - support)


def test_voluntary_support_before_2025_07_decree_134() -> None:
    r = voluntary.run({"income": 1_500_000, "month": "2025-06", "group": "poor"})
    assert r.support_per_month == 99_000  # 30% × 22% × 1,500,000
    assert voluntary.run({"income": 1_500_000, "month": "2025-06", "group": "ethnic_minority"}).support_per_month \
        == 33_000  # not a separate group before 2025-07: 'other' 10%


def test_voluntary_periodic_modes() -> None:
    r = voluntary.run({"income": 2_000_000, "month": "2026-03", "mode": "12_months", "group": "other"})
    assert (r.months, r.contribution, r.state_support, r.payable) == (12, 5_280_000, 792_000, 4_488_000)


def test_voluntary_floor_and_ceiling() -> None:
    for income in (1_499_999, 46_800_001):
        with pytest.raises(RuleError) as err:
            voluntary.run({"income": income, "month": "2026-03"})
        assert err.value.field == "income"
    assert voluntary.run({"income": 46_800_000, "month": "2026-03"}).contribution_per_month == 10_296_000
    with pytest.raises(RuleError):
        voluntary.run({"income": 1_500_000, "month": "2027-01"})  # the floor rises to 2,200,000 in 2027


def test_voluntary_lump_sums_are_lower_in_advance_and_higher_for_missing_years() -> None:
    base = {"income": 3_000_000, "month": "2026-03", "group": "other"}
    advance = voluntary.run({**base, "mode": "advance", "months": 36})
    makeup = voluntary.run({**base, "mode": "makeup", "months": 36})
    assert advance.payable < 36 * advance.payable_per_month and advance.lump_sum_adjustment < 0
    assert makeup.payable > 36 * makeup.contribution_per_month and makeup.state_support == 0
    # with r = 0 the lump sums equal the plain sums
    flat = voluntary.run({**base, "mode": "advance", "months": 36, "monthly_fund_rate": "0%"})
    assert flat.payable == 36 * flat.payable_per_month


def test_voluntary_lump_sum_without_a_recorded_fund_return_asks_for_it() -> None:
    with pytest.raises(RuleError) as err:
        voluntary.run({"income": 3_000_000, "month": "2024-03", "mode": "advance", "months": 24})
    assert err.value.field == "monthly_fund_rate"
    r = voluntary.run({"income": 3_000_000, "month": "2024-03", "mode": "advance", "months": 24,
                       "monthly_fund_rate": "0.4%"})
    assert r.payable > 0
    with pytest.raises(RuleError) as err:
        voluntary.run({"income": 3_000_000, "month": "2026-03", "mode": "advance", "months": 61})
    assert err.value.field == "months"
    with pytest.raises(RuleError) as err:
        voluntary.run({"income": 3_000_000, "month": "2026-03", "monthly_fund_rate": 0.004})
    assert err.value.field == "monthly_fund_rate"


@given(st.integers(1_500_000, 46_000_000), st.integers(0, 800_000),
       st.sampled_from(voluntary.MODES), st.sampled_from(["poor", "near_poor", "other", "none"]))
def test_voluntary_non_negative_and_monotone(income: int, more: int, mode: str, group: str) -> None:
    data = {"month": "2026-03", "mode": mode, "months": 24, "group": group}
    low, high = voluntary.run({**data, "income": income}), voluntary.run({**data, "income": income + more})
    assert 0 <= low.payable <= high.payable
    assert isinstance(low.payable, int) and low.state_support >= 0


def test_e12_household_hi_2025() -> None:
    r = household_hi.run({"members": 6, "month": "2025-03", "months": 12})
    assert [m.amount for m in r.members] == [1_263_600, 884_520, 758_160, 631_800, 505_440, 505_440]
    assert household_hi.run({"members": 2, "month": "2025-03"}).total == 2_148_120


def test_household_hi_period_choice() -> None:
    assert household_hi.run({"members": 1, "month": "2026-08", "months": 3}).total == 341_550  # 4.5%×2,530,000×3
    with pytest.raises(RuleError) as err:
        household_hi.run({"members": 1, "month": "2026-08", "months": 5})
    assert err.value.field == "months"


@given(st.integers(1, 12), st.sampled_from([3, 6, 12]), st.sampled_from(["2016-01", "2024-07", "2026-07"]))
def test_household_total_grows_with_members(members: int, months: int, month: str) -> None:
    smaller = household_hi.run({"members": members, "month": month, "months": months})
    larger = household_hi.run({"members": members + 1, "month": month, "months": months})
    assert 0 < smaller.total < larger.total
    assert larger.members[-1].amount <= larger.members[0].amount


def test_hi_groups_who_pays() -> None:
    # month by month: 03–06/2026 at 4.5% × 2,340,000 = 105,300 (4 × = 421,200), 07/2026–02/2027 at 4.5% × 2,530,000
    # (Decree 161/2026) = 113,850 (8 × = 910,800): 1,332,000, State 50% (Decree 188/2025)
    student = hi_groups.run({"group": "student", "month": "2026-03", "months": 12})
    assert (student.payers["state"], student.payers["person"]) == (666_000, 666_000)
    assert [(s.start, s.end, s.base) for s in student.segments] == [("2026-03", "2026-06", 2_340_000),
                                                                      ("2026-07", "2027-02", 2_530_000)]
    # 10/2024–09/2025: 105,300 a month; State 30% for 10/2024–06/2025 (9 × 105,300 × 30% = 284,310), 50% from
    # 07/2025 (Decree 188/2025: 3 × 105,300 × 50% = 157,950) = 442,260
    student_2024 = hi_groups.run({"group": "student", "month": "2024-10", "months": 12})
    assert student_2024.payers["state"] == 442_260 and student_2024.total == 1_263_600
    child = hi_groups.run({"group": "child_under_6", "month": "2026-03", "months": 12})
    assert child.payers == {"employer": 0, "person": 0, "state": 1_332_000, "si_fund": 0, "ui_fund": 0}
    pensioner = hi_groups.run({"group": "pensioner", "month": "2026-03", "base": 5_000_000})
    assert pensioner.payers["si_fund"] == 225_000
    near_poor = hi_groups.run({"group": "near_poor", "month": "2026-03", "months": 12})
    assert near_poor.payers["state"] + near_poor.payers["person"] == near_poor.total == 1_332_000


def test_hi_group_employee_matches_the_contribution_calculator() -> None:
    r = hi_groups.run({"group": "employee", "month": "2026-03", "base": 10_000_000})
    assert (r.payers["employer"], r.payers["person"]) == (300_000, 150_000)


def test_hi_group_errors_name_the_field() -> None:
    with pytest.raises(RuleError) as err:
        hi_groups.run({"group": "pensioner", "month": "2026-03"})
    assert err.value.field == "base"
    with pytest.raises(RuleError) as err:
        hi_groups.run({"group": "near_poor", "month": "1994-12"})
    assert err.value.field == "month"
    with pytest.raises(RuleError) as err:
        hi_groups.run({"group": "alien", "month": "2026-03"})
    assert err.value.field == "group"
