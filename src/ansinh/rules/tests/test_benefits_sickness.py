"""Sickness and convalescence: domain-vn §13 E8, E10, D5 to the đồng, quotas, half days, the law change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules.benefits import convalescence, sickness
from ansinh.rules.tables import RuleError


def run(**data: object) -> sickness.SicknessResult:
    return sickness.run(data)


def test_d5_three_working_days_in_september_2025() -> None:
    r = run(event="own", leave_from="2025-09-08", days=3, salary=8_000_000, contribution_months=60)
    assert r.law == "L41"
    assert r.amount == 750_000  # 8,000,000 × 75% / 24 × 3
    assert r.lines[0].rate == Decimal("0.75")


def test_e8_shift_worker_rest_days_are_not_counted() -> None:
    r = run(event="own", leave_from="2020-01-07", leave_to="2020-01-17",
            rest_days=["2020-01-06", "2020-01-15"], salary=6_000_000, contribution_months=60)
    assert r.days_counted == 10
    assert r.amount == 1_875_000


def test_weekly_rest_and_holidays_are_not_counted() -> None:
    # Mon 2025-09-01 .. Sun 2025-09-07; 2025-09-01 and -02 are the National Day holidays
    r = run(event="own", leave_from="2025-09-01", leave_to="2025-09-07", holidays=["2025-09-01", "2025-09-02"],
            salary=8_000_000, contribution_months=12)
    assert r.days_counted == 4


def test_e10_long_term_disease_law_58() -> None:
    a = run(event="long_term", leave_from="2020-02-03", days=200, salary=6_000_000, contribution_months=3)
    assert a.law == "L58"
    assert a.max_reduced_rate_months == 3  # 180 days + 3 months
    assert [(ln.days, ln.rate) for ln in a.lines] == [(180, Decimal("0.75")), (20, Decimal("0.50"))]
    b = run(event="long_term", leave_from="2021-05-03", days=30, salary=6_000_000, contribution_months=36)
    assert b.max_reduced_rate_months == 36  # 180 days + 3 years


def test_long_term_law_41_after_the_yearly_days() -> None:
    r = run(event="long_term", leave_from="2025-08-04", days=45, salary=6_000_000, contribution_months=20 * 12)
    assert r.yearly_days == 40
    assert [(ln.days, ln.rate) for ln in r.lines] == [(40, Decimal("0.75")), (5, Decimal("0.55"))]
    assert r.amount == 7_500_000 + 687_500


def test_yearly_quota_by_years_and_conditions() -> None:
    assert run(event="own", leave_from="2025-08-04", days=1, salary=1, contribution_months=179).yearly_days == 30
    assert run(event="own", leave_from="2025-08-04", days=1, salary=1, contribution_months=180).yearly_days == 40
    assert run(event="own", leave_from="2025-08-04", days=1, salary=1, contribution_months=360).yearly_days == 60
    assert run(event="own", leave_from="2025-08-04", days=1, salary=1, contribution_months=360,
               conditions="heavy").yearly_days == 70


def test_days_beyond_the_quota_are_not_paid() -> None:
    r = run(event="own", leave_from="2025-11-03", days=5, salary=2_400_000, contribution_months=24,
            days_used_this_year=28)
    assert (r.days_paid, r.days_not_paid) == (2, 3)
    assert r.amount == 150_000


def test_half_day_rule_from_2025_07() -> None:
    assert sickness.half_day_rule(Decimal("2.3")) == Decimal("2.5")
    assert sickness.half_day_rule(Decimal("2.5")) == 3
    assert sickness.half_day_rule(Decimal("2")) == 2
    r = run(event="own", leave_from="2025-09-08", days="0.2", salary=2_400_000, contribution_months=24)
    assert r.days_counted == Decimal("0.5") and r.amount == 37_500


def test_child_care_days_by_age() -> None:
    r = run(event="child", leave_from="2025-10-06", days=25, salary=4_800_000, child_age_years=2)
    assert (r.yearly_days, r.days_paid, r.days_not_paid) == (20, 20, 5)
    assert r.amount == 3_000_000
    assert run(event="child", leave_from="2025-10-06", days=1, salary=1, child_age_years=6).yearly_days == 15
    with pytest.raises(RuleError) as err:
        run(event="child", leave_from="2025-10-06", days=1, salary=1, child_age_years=7)
    assert err.value.field == "child_age_years"


def test_errors_name_the_field() -> None:
    with pytest.raises(RuleError) as err:
        sickness.run({"event": "own", "leave_from": "2025-09-08", "days": 3, "contribution_months": 1})
    assert err.value.field == "salary"
    with pytest.raises(RuleError) as err:
        sickness.run({"event": "own", "leave_from": "2025-09-08", "days": 1.25, "salary": 1, "contribution_months": 1})
    assert err.value.field == "days"


@given(st.integers(min_value=0, max_value=200_000_000), st.integers(min_value=0, max_value=80),
       st.integers(min_value=0, max_value=500), st.sampled_from(["own", "long_term"]))
def test_amount_is_a_non_negative_int_monotone_in_salary(salary: int, days: int, months: int, event: str) -> None:
    a = run(event=event, leave_from="2025-09-08", days=days, salary=salary, contribution_months=months)
    b = run(event=event, leave_from="2025-09-08", days=days, salary=salary + 1_000, contribution_months=months)
    assert isinstance(a.amount, int) and a.amount >= 0
    assert b.amount >= a.amount
    assert a.amount <= salary * days  # never more than the full salary per day


# --- convalescence --------------------------------------------------------------------------------------------


def test_convalescence_after_caesarean_2026() -> None:
    r = convalescence.run({"after": "maternity", "case": "caesarean", "start": "2026-08-03", "days": 12})
    assert (r.max_days, r.days_paid, r.daily_amount, r.amount) == (7, 7, 759_000, 5_313_000)


def test_convalescence_uses_the_reference_level_of_the_start_day() -> None:
    before = convalescence.run({"after": "sickness", "case": "surgery", "start": "2026-06-30", "days": 7})
    after = convalescence.run({"after": "sickness", "case": "surgery", "start": "2026-07-01", "days": 7})
    assert (before.amount, after.amount) == (7 * 702_000, 7 * 759_000)


def test_convalescence_after_work_injury_by_lost_capacity() -> None:
    days = [convalescence.run({"after": "work_injury", "incapacity_pct": p, "start": "2026-08-03", "days": 10}).max_days
            for p in (15, 30, 31, 50, 51)]
    assert days == [5, 5, 7, 7, 10]
    with pytest.raises(RuleError):
        convalescence.run({"after": "work_injury", "incapacity_pct": 10, "start": "2026-08-03", "days": 5})


def test_convalescence_refused_after_early_return() -> None:
    with pytest.raises(RuleError) as err:
        convalescence.run({"after": "maternity", "start": "2026-08-03", "days": 5, "returned_early": True})
    assert err.value.field == "returned_early"


def test_convalescence_before_2025_uses_base_salary() -> None:
    r = convalescence.run({"after": "sickness", "case": "long_term", "start": dt.date(2024, 8, 1).isoformat(), "days": 10})
    assert r.law == "L58" and r.amount == 10 * 702_000
