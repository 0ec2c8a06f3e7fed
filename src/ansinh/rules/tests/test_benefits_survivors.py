"""Survivor benefits: funeral grant (D6), monthly allowance, lump sums."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules.benefits import survivors
from ansinh.rules.tables import RuleError


def test_d6_funeral_grant_august_2026() -> None:
    r = survivors.run({"benefit": "funeral", "death_date": "2026-08-10", "compulsory_months": 40})
    assert r.amount == 25_300_000


def test_funeral_needs_twelve_months_unless_oaod_or_pensioner() -> None:
    assert survivors.run({"benefit": "funeral", "death_date": "2026-08-10", "compulsory_months": 11}).amount == 0
    assert survivors.run({"benefit": "funeral", "death_date": "2026-08-10", "compulsory_months": 12}).amount == 25_300_000
    assert survivors.run({"benefit": "funeral", "death_date": "2026-08-10", "compulsory_months": 2,
                          "died_of_oaod": True}).eligible
    assert survivors.run({"benefit": "funeral", "death_date": "2026-08-10", "deceased": "pensioner"}).eligible


def test_monthly_allowance_50_and_70_percent() -> None:
    r = survivors.run({"benefit": "monthly", "death_date": "2026-08-10", "compulsory_months": 15 * 12, "relatives": [
        {"relation": "child", "age": 10, "name": "An"},
        {"relation": "spouse", "retirement_age_reached": True, "unsupported": True},
        {"relation": "parent", "retirement_age_reached": True, "income": 2_530_000},
        {"relation": "child", "age": 19},
    ]})
    assert [ln.amount for ln in r.relatives] == [1_265_000, 1_771_000, 0, 0]
    assert r.amount == 3_036_000


def test_monthly_needs_fifteen_years_at_most_four_relatives_double_for_two_deaths() -> None:
    five_children = [{"relation": "child", "age": a} for a in (1, 3, 5, 7, 9)]
    short = survivors.run({"benefit": "monthly", "death_date": "2026-08-10", "compulsory_months": 179,
                           "relatives": five_children})
    assert not short.eligible and short.amount == 0
    r = survivors.run({"benefit": "monthly", "death_date": "2026-08-10", "compulsory_months": 180,
                       "relatives": five_children})
    assert sum(ln.eligible for ln in r.relatives) == 4 and r.amount == 4 * 1_265_000
    two = survivors.run({"benefit": "monthly", "death_date": "2026-08-10", "deceased": "pensioner", "deaths": 2,
                         "relatives": five_children[:1]})
    assert two.amount == 2_530_000


def test_monthly_paid_from_the_month_after_death_at_that_months_reference_level() -> None:
    r = survivors.run({"benefit": "monthly", "death_date": "2026-06-20", "deceased": "pensioner",
                       "relatives": [{"relation": "child", "age": 4}]})
    assert r.amount == 1_265_000  # July 2026: 50% × 2,530,000


def test_lump_sum_of_a_pensioner() -> None:
    base = {"benefit": "lump_sum", "death_date": "2026-08-10", "deceased": "pensioner", "pension": 6_000_000}
    assert survivors.run({**base, "pension_month_number": 2}).amount == 48 * 6_000_000
    assert survivors.run({**base, "pension_month_number": 3}).amount == 285_000_000  # 47.5 months
    assert survivors.run({**base, "pension_month_number": 200}).amount == 18_000_000  # minimum 3 months


def test_lump_sum_of_a_contributor() -> None:
    data = {"benefit": "lump_sum", "death_date": "2026-08-10", "average_salary": 8_000_000,
            "periods": [{"from": "2012-01", "to": "2016-06", "salary": 1}]}
    r = survivors.run(data)
    # 2012–2013: 24 months = 2 years × 1.5; 2014-01..2016-06: 30 months = 2.5 years × 2 → 8 months
    assert r.months_of_average == 8 and r.amount == 64_000_000
    one = survivors.run({**data, "periods": [{"from": "2025-01", "to": "2025-12", "salary": 1}]})
    assert one.months_of_average == 3 and one.amount == 24_000_000  # 2 months raised to the minimum 3


def test_oaod_recipient_three_months() -> None:
    r = survivors.run({"benefit": "lump_sum", "death_date": "2026-08-10", "deceased": "oaod_monthly", "pension": 1_500_000})
    assert r.amount == 4_500_000


def test_relative_errors_name_the_field() -> None:
    with pytest.raises(RuleError) as err:
        survivors.run({"benefit": "monthly", "death_date": "2026-08-10", "deceased": "pensioner",
                       "relatives": [{"relation": "cousin"}]})
    assert err.value.field == "relatives[0].relation"


@given(st.integers(min_value=0, max_value=50_000_000), st.integers(min_value=1, max_value=480))
def test_pensioner_lump_sum_bounds(pension: int, month: int) -> None:
    r = survivors.run({"benefit": "lump_sum", "death_date": "2026-08-10", "deceased": "pensioner", "pension": pension,
                       "pension_month_number": month})
    assert 3 * pension <= r.amount <= 48 * pension
