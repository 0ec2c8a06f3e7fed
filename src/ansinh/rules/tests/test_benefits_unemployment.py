"""Unemployment benefit: E1, E2, D4 of domain-vn §13 to the đồng; duration steps; the cap; preserved months."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules.benefits import unemployment
from ansinh.rules.benefits.unemployment import duration_for
from ansinh.rules.params.benefit_unemployment import UNEMPLOYMENT
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError


def run(**data: object) -> unemployment.UnemploymentResult:
    return unemployment.run(data)


def test_e1_maternity_months_without_contributions() -> None:
    r = run(termination_date="2020-07-01", periods=[
        {"from": "2018-09", "to": "2019-08", "salary": 2_000_000, "kind": "state"},
        {"from": "2019-09", "to": "2019-12", "salary": 4_000_000, "kind": "state"}])
    assert r.law == "UI38" and r.eligible
    assert r.monthly_benefit == 2_000_000  # (2,000,000 × 2 + 4,000,000 × 4) / 6 × 60%
    assert r.cap == 5 * 1_490_000  # state pay, 2013 law: 5 × base salary


def test_e2_preserved_months_and_second_benefit() -> None:
    first = run(termination_date="2020-02-29", region="I", benefit_months_received=1,
                periods=[{"from": "2017-01", "to": "2020-02", "salary": 8_000_000}])
    assert (first.duration_months, first.monthly_benefit, first.preserved_months) == (3, 4_800_000, 26)
    second = run(termination_date="2020-07-28", region="I", used_until="2020-02", preserved_months=26, periods=[
        {"from": "2017-01", "to": "2020-02", "salary": 8_000_000},
        {"from": "2020-05", "to": "2020-07", "salary": 7_000_000}])
    assert second.eligible and second.months_paid == 29
    assert second.monthly_benefit == 4_500_000  # (8,000,000 × 3 + 7,000,000 × 3) / 6 × 60%


def test_d4_2026_region_ii() -> None:
    base = {"termination_date": "2026-02-28", "decision_date": "2026-03-20", "region": "II"}
    r = run(**base, periods=[{"from": "2022-11", "to": "2026-02", "salary": 12_000_000}])
    assert (r.law, r.months_paid, r.duration_months) == ("UI74", 40, 3)
    assert (r.monthly_benefit, r.cap) == (7_200_000, 23_650_000)
    r50 = run(**base, periods=[{"from": "2022-01", "to": "2026-02", "salary": 12_000_000}])
    assert (r50.months_paid, r50.duration_months) == (50, 4)


def test_salary_at_and_above_the_cap() -> None:
    base = {"termination_date": "2026-02-28", "region": "II"}
    top = run(**base, periods=[{"from": "2024-01", "to": "2026-02", "salary": 39_416_667}])
    assert top.uncapped == 23_650_000 and top.monthly_benefit == 23_650_000
    above = run(**base, periods=[{"from": "2024-01", "to": "2026-02", "salary": 60_000_000}])
    assert above.uncapped == 36_000_000 and above.monthly_benefit == 23_650_000


def test_2025_law_caps_state_pay_at_the_regional_minimum_too() -> None:
    r = run(termination_date="2026-02-28", region="I",
            periods=[{"from": "2024-01", "to": "2026-02", "salary": 60_000_000, "kind": "state"}])
    assert r.cap == 5 * 5_310_000


def test_duration_steps() -> None:
    rules = UNEMPLOYMENT.at(dt.date(2015, 1, 1))  # Employment Law 38/2013 Art 50.2: 3 months + 1 per further 12
    assert [duration_for(m, rules) for m in (11, 12, 36, 47, 48, 59, 60, 143, 144, 400)] == [0, 3, 3, 3, 4, 4, 5, 11, 12, 12]


def test_duration_steps_law71() -> None:
    # Decree 127/2008 Art 16.2: 3 months for 12 – < 36 months, 6 for 36 – < 72, 9 for 72 – < 144, 12 from 144.
    rules = UNEMPLOYMENT.at(UNEMPLOYMENT.first_day)
    assert UNEMPLOYMENT.first_day == dt.date(2009, 1, 1)
    assert [duration_for(m, rules) for m in (11, 12, 35, 36, 71, 72, 143, 144, 400)] == [0, 3, 3, 6, 6, 9, 9, 12, 12]


def test_eleven_months_in_the_window_is_not_enough() -> None:
    r = run(termination_date="2026-05-31", region="I", periods=[
        {"from": "2020-01", "to": "2023-12", "salary": 9_000_000}, {"from": "2025-07", "to": "2026-05", "salary": 9_000_000}])
    assert not r.eligible and r.monthly_benefit == 0 and r.months_in_window == 11
    short = run(termination_date="2026-05-31", region="I", contract="short", periods=[
        {"from": "2020-01", "to": "2023-12", "salary": 9_000_000}, {"from": "2025-07", "to": "2026-05", "salary": 9_000_000}])
    assert short.eligible and short.months_in_window == 18


def test_region_is_required_for_employer_pay() -> None:
    with pytest.raises(RuleError) as err:
        run(termination_date="2026-02-28", periods=[{"from": "2024-01", "to": "2026-02", "salary": 9_000_000}])
    assert err.value.field == "region"


@given(st.integers(min_value=12, max_value=200), st.integers(min_value=0, max_value=150_000_000),
       st.sampled_from(["I", "II", "III", "IV"]))
def test_benefit_capped_monotone_and_duration_bounded(months: int, salary: int, region: str) -> None:
    start = str(Month(2026, 2) - (months - 1))
    def go(s: int) -> unemployment.UnemploymentResult:
        return run(termination_date="2026-02-28", region=region, periods=[{"from": start, "to": "2026-02", "salary": s}])
    a, b = go(salary), go(salary + 50_000)
    assert 0 <= a.monthly_benefit <= a.cap
    assert a.monthly_benefit <= b.monthly_benefit
    assert 3 <= a.duration_months <= 12
    assert a.total_benefit == a.monthly_benefit * a.duration_months


def test_the_average_is_over_the_salaries_ui_was_paid_on() -> None:
    """A month declared at 1,000,000,000 paid UI on 20 × the regional minimum wage of its region only (Employment
    Law 38/2013 Art 58.2): region I in 2025 = 20 × 4,960,000 = 99,200,000 (Decree 74/2024)."""
    periods = [{"from": "2024-01", "to": "2025-06", "salary": 5_000_000},
               {"from": "2025-07", "to": "2025-07", "salary": 1_000_000_000}]
    r = run(termination_date="2025-07-31", region=1, periods=periods)
    assert r.average_salary == (5 * 5_000_000 + 99_200_000) // 6 == 20_700_000
    assert r.monthly_benefit == 12_420_000  # 60 %, under the cap 5 × 4,960,000 = 24,800,000
    # each month is capped at the ceiling of ITS region: the same month in region IV pays on 20 × 3,450,000
    own = [periods[0], {**periods[1], "region": 4}]
    assert run(termination_date="2025-07-31", region=1, periods=own).average_salary == 15_666_667  # 94.0 M / 6
    # state pay before 2026: 20 × base salary 2,340,000 = 46,800,000
    state = [{**p, "kind": "state"} for p in periods]
    assert run(termination_date="2025-07-31", periods=state).average_salary == 11_966_667  # 71.8 M / 6, half up


def test_the_region_is_asked_only_when_a_salary_is_above_the_lowest_ceiling() -> None:
    low = [{"from": "2024-01", "to": "2025-07", "salary": 60_000_000}]  # below 20 × 3,450,000 = 69,000,000
    assert run(termination_date="2025-07-31", periods=low, region=4).average_salary == 60_000_000
    high = [{"from": "2024-01", "to": "2025-07", "salary": 70_000_000}]
    with pytest.raises(RuleError) as info:
        run(termination_date="2025-07-31", periods=high)
    assert info.value.field == "region"
