"""Pension: D3 and D8 of domain-vn §13, the retirement-age roadmap by birth month, minimum years at the law change,
revaluation and averages, early reduction, lump sum above the maximum."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules.benefits import indexation, pension
from ansinh.rules.benefits.average import average_salary
from ansinh.rules.benefits.history import ContributionPeriod
from ansinh.rules.explain import Explanation
from ansinh.rules.money import vnd
from ansinh.rules.params.benefit_pension import PENSION_RATE
from ansinh.rules.periods import Month

L41_RULES = PENSION_RATE.at(dt.date(2025, 7, 1))


def rate(sex: str, months: int, day: dt.date = dt.date(2025, 7, 1)) -> Decimal:
    return pension.rate_for(PENSION_RATE.at(day), sex, months, Explanation(), "")


def test_d3_rates_and_amounts() -> None:
    assert rate("male", 25 * 12) == Decimal("0.55")
    assert vnd(rate("male", 25 * 12) * 10_000_000) == 5_500_000
    assert rate("male", 18 * 12) == Decimal("0.43")
    assert vnd(rate("male", 18 * 12) * 10_000_000) == 4_300_000
    assert rate("female", 30 * 12) == Decimal("0.75")


def test_rate_boundaries() -> None:
    assert rate("female", 15 * 12) == Decimal("0.45")
    assert rate("female", 15 * 12 + 3) == Decimal("0.46")  # ½ year
    assert rate("female", 15 * 12 + 7) == Decimal("0.47")  # 1 year
    assert rate("male", 15 * 12) == Decimal("0.40")
    assert rate("male", 19 * 12 + 11) == Decimal("0.45")  # men 15–<20: 40% + 1% × 5
    assert rate("male", 20 * 12) == Decimal("0.45")
    assert rate("male", 40 * 12) == Decimal("0.75")
    assert rate("male", 20 * 12, dt.date(2020, 6, 1)) == Decimal("0.49")  # Law 58, 2020: 45% at 18 years
    assert rate("female", 20 * 12, dt.date(2017, 6, 1)) == Decimal("0.60")  # Law 58, 2016–2017: +3%/year


@pytest.mark.parametrize(("birth", "sex", "age", "reached"), [
    ("1961-01-15", "male", "60y3m", "2021-04"),
    ("1961-09-30", "male", "60y3m", "2021-12"),
    ("1961-10-01", "male", "60y6m", "2022-04"),  # Decree 135/2020 Appendix I
    ("1966-05-31", "female", "55y4m", "2021-09"),
    ("1966-09-01", "female", "55y8m", "2022-05"),
    ("1964-11-20", "male", "61y6m", "2026-05"),
    ("1969-04-30", "female", "56y8m", "2025-12"),
    ("1969-05-31", "female", "57y0m", "2026-05"),
    ("1990-02-28", "male", "62y0m", "2052-02"),
    ("1990-02-28", "female", "60y0m", "2050-02"),
    ("1960-03-31", "male", "60y0m", "2020-03"),
])
def test_retirement_age_by_birth_month(birth: str, sex: str, age: str, reached: str) -> None:
    r = pension.retirement_age(dt.date.fromisoformat(birth), sex)
    assert (r.text, str(r.reached)) == (age, reached)


def test_reduced_age_2026() -> None:
    men = pension.retirement_age(dt.date(1970, 1, 10), "male", years_lower=5)
    women = pension.retirement_age(dt.date(1974, 5, 31), "female", years_lower=5)
    assert (men.text, str(men.reached)) == ("56y6m", "2026-07")
    assert (women.text, str(women.reached)) == ("52y0m", "2026-05")


@given(st.dates(min_value=dt.date(1955, 1, 1), max_value=dt.date(2000, 12, 31)), st.sampled_from(["male", "female"]))
def test_retirement_age_is_the_age_of_the_year_it_is_reached(birth: dt.date, sex: str) -> None:
    r = pension.retirement_age(birth, sex)
    assert Month.of(birth) + r.age_months == r.reached
    limits = {"male": (720, 744), "female": (660, 720)}[sex]
    assert limits[0] <= r.age_months <= limits[1]
    # birth on the last day of the month gives the same month as on the first
    assert pension.retirement_age(birth.replace(day=1), sex) == r


def employer(start: str, end: str, salary: int) -> dict[str, object]:
    return {"from": start, "to": end, "salary": salary, "kind": "employer"}


def test_pension_starts_the_month_after_the_age_is_reached() -> None:
    data = {"sex": "male", "birth_date": "1964-05-31", "periods": [employer("2000-01", "2025-07", 10_000_000)]}
    early = pension.run({**data, "pension_start": "2025-08-01"})
    ok = pension.run({**data, "pension_start": "2025-09-01"})
    assert not early.eligible and early.monthly_pension == 0 and early.formula_amount > 0
    assert ok.eligible and ok.retirement_age == "61y3m" and ok.age_reached_in == "2025-08"


def test_exactly_the_minimum_years_across_the_law_change() -> None:
    data = {"sex": "female", "birth_date": "1968-01-10", "periods": [employer("2008-01", "2022-12", 8_000_000)]}
    assert pension.run({**data, "pension_start": "2025-07-01"}).eligible  # 15 years, Law 41
    assert not pension.run({**data, "periods": [employer("2008-02", "2022-12", 8_000_000)],
                            "pension_start": "2025-07-01"}).eligible  # 14 years 11 months
    # Law 58 (before 2025-07-01) needs 20 years; the same woman reached her age in 2025-01 (56y8m)
    before = pension.run({**data, "pension_start": "2025-06-01"})
    assert before.law == "L58" and not before.eligible


def test_average_revalued_with_the_settlement_year_table() -> None:
    periods = (ContributionPeriod(Month(2024, 1), Month(2024, 12), 10_000_000),
               ContributionPeriod(Month(2025, 1), Month(2025, 12), 10_000_000))
    a2026 = average_salary(periods, dt.date(2026, 3, 1), Explanation())
    assert a2026.amount == Decimal(10_150_000)  # 2024 × 1.03, 2025 × 1.00
    a2025 = average_salary(periods[:1], dt.date(2025, 3, 1), Explanation())
    assert a2025.amount == Decimal(10_000_000)


def test_state_pay_before_2016_at_the_reference_level_last_ten_years() -> None:
    periods = (ContributionPeriod(Month(2008, 1), Month(2013, 12), 0, "state", coefficient=Decimal("2.34")),
               ContributionPeriod(Month(2014, 1), Month(2026, 6), 0, "state", coefficient=Decimal("3.00")))
    avg = average_salary(periods, dt.date(2026, 7, 1), Explanation())
    assert avg.state_window_years == 10
    assert avg.amount == Decimal(3) * 2_530_000  # last 10 years all at coefficient 3.00
    derived = (ContributionPeriod(Month(2015, 1), Month(2015, 12), 3 * 1_150_000, "state"),)
    assert average_salary(derived, dt.date(2026, 7, 1), Explanation()).amount == Decimal(3) * 2_530_000


def test_mixed_career_average() -> None:
    periods = (ContributionPeriod(Month(2010, 1), Month(2014, 12), 0, "state", coefficient=Decimal(3)),
               ContributionPeriod(Month(2024, 1), Month(2025, 12), 10_000_000))
    avg = average_salary(periods, dt.date(2026, 7, 1), Explanation())
    exact = (60 * Decimal(3 * 2_530_000) + 12 * 10_300_000 + 12 * 10_000_000) / 84  # 8,321,428.57…
    assert avg.amount == int(exact)  # cut to the whole đồng before it is multiplied (average_salary_rounding)


def test_reduced_capacity_two_percent_per_year_early() -> None:
    r = pension.run({"sex": "male", "birth_date": "1968-01-10", "pension_start": "2026-01-01", "basis": "reduced_capacity",
                     "incapacity_pct": 65, "periods": [employer("2000-01", "2024-12", 10_000_000)]})
    # statutory 62y0m (reached 2030-01); retires at 57y11m → 4 years 1 month early → −8%
    assert r.eligible
    assert r.rate == Decimal("0.55") - Decimal("0.08")


def test_early_heavy_work_no_reduction() -> None:
    r = pension.run({"sex": "male", "birth_date": "1970-01-10", "pension_start": "2026-08-01", "basis": "early_heavy",
                     "heavy_work_years": 15, "periods": [employer("2000-01", "2026-07", 10_000_000)]})
    assert r.eligible and r.rate == Decimal("0.59")


def test_lump_sum_above_thirty_years_for_a_woman() -> None:
    r = pension.run({"sex": "female", "birth_date": "1969-01-10", "pension_start": "2026-02-01",
                     "periods": [employer("1994-01", "2026-01", 10_000_000)]})
    assert r.rate == Decimal("0.75") and r.years_for_rate == Decimal("32.5")
    assert abs(r.lump_sum - vnd(Decimal("1.25") * r.average_salary)) <= 1  # 2.5 years × 0.5 month


def test_minimum_pension_is_the_reference_level() -> None:
    r = pension.run({"sex": "female", "birth_date": "1969-01-10", "pension_start": "2026-08-01",
                     "periods": [employer("2025-01", "2026-07", 1_000_000), employer("2000-01", "2018-12", 1_000_000)]})
    assert r.formula_amount < 2_530_000 and r.monthly_pension == 2_530_000


@given(st.integers(min_value=180, max_value=540), st.integers(min_value=1_000_000, max_value=80_000_000))
def test_pension_monotone_in_years_and_salary(months: int, salary: int) -> None:
    def amount(m: int, s: int) -> int:
        start = Month(2026, 7) - m
        return pension.run({"sex": "female", "birth_date": "1966-01-10", "pension_start": "2026-07-01",
                            "periods": [employer(str(start), "2026-06", s)]}).formula_amount
    a = amount(months, salary)
    assert a >= 0
    assert amount(months, salary + 100_000) >= a


# --- indexation -----------------------------------------------------------------------------------------------


def index(**data: object) -> indexation.IndexationResult:
    return indexation.run({"on": "2026-07-01", **data})


def test_d8_indexation_july_2026() -> None:
    assert index(amount_before=5_000_000).amount_after == 5_400_000
    assert index(amount_before=3_200_000, retired_before_1995=True).amount_after == 3_756_000
    assert index(amount_before=3_300_000, retired_before_1995=True).amount_after == 3_800_000
    assert index(amount_before=3_200_000).amount_after == 3_456_000
    assert index(amount_before=3_600_000, retired_before_1995=True).amount_after == 3_888_000


def test_indexation_2024_and_2023_rows() -> None:
    assert indexation.run({"on": "2024-07-01", "amount_before": 4_000_000}).amount_after == 4_600_000
    assert indexation.run({"on": "2023-07-01", "amount_before": 4_000_000}).amount_after == 4_500_000


@given(st.integers(min_value=0, max_value=100_000_000), st.booleans())
def test_indexation_never_lowers_and_floor_holds(amount: int, pre1995: bool) -> None:
    r = index(amount_before=amount, retired_before_1995=pre1995)
    assert r.amount_after >= r.indexed >= amount
    if pre1995:
        assert r.amount_after >= min(3_800_000, r.indexed + 300_000)
