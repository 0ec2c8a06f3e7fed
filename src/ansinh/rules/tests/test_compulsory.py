"""Compulsory SI/HI/UI: worked examples (domain-vn §13 D1, D2, E14), boundaries, properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules.contributions import compulsory
from ansinh.rules.contributions.compulsory import contribution_due_in_month
from ansinh.rules.money import HALF_UP
from ansinh.rules.tables import RuleError


def run(**data: object) -> compulsory.CompulsoryResult:
    return compulsory.run(data)


def amounts(result: compulsory.CompulsoryResult) -> dict[str, tuple[int, int]]:
    return {f.fund: (f.employer, f.employee) for f in result.funds}


def test_d1_salary_10m_march_2026_region_1() -> None:
    r = run(salary=10_000_000, month="2026-03", region=1)
    assert amounts(r) == {
        "sickness_maternity": (300_000, 0),
        "occupational_accident": (50_000, 0),
        "retirement_survivorship": (1_400_000, 800_000),
        "health_insurance": (300_000, 150_000),
        "unemployment": (100_000, 100_000),
    }
    assert (r.employer, r.employee, r.total) == (2_150_000, 1_050_000, 3_200_000)
    assert HALF_UP in r.rounding


def test_d2_salary_60m_capped_for_si_hi_not_for_ui() -> None:
    r = run(salary=60_000_000, month="2026-03", region=1)
    assert (r.si_hi_base, r.ui_base) == (46_800_000, 60_000_000)
    assert (r.employer, r.employee) == (10_194_000, 5_046_000)


def test_e14_ceilings() -> None:
    assert run(salary=200_000_000, month="2025-03", region=1).si_hi_base == 46_800_000
    assert run(salary=200_000_000, month="2025-03", region=1).ui_base == 99_200_000
    assert run(salary=200_000_000, month="2026-07", region=1).si_hi_base == 50_600_000
    assert run(salary=200_000_000, month="2026-07", region=1).ui_base == 106_200_000


def test_salary_exactly_at_the_cap() -> None:
    at_cap = run(salary=46_800_000, month="2026-03", region=1)
    above = run(salary=46_800_001, month="2026-03", region=1)
    assert at_cap.si_hi_base == above.si_hi_base == 46_800_000
    assert amounts(at_cap)["retirement_survivorship"] == amounts(above)["retirement_survivorship"]


def test_salary_below_the_floor_is_refused_not_clamped() -> None:
    with pytest.raises(RuleError) as err:
        run(salary=3_699_999, month="2026-03", region=4)
    assert (err.value.code, err.value.field) == ("below_floor", "salary")
    assert run(salary=3_700_000, month="2026-03", region=4).si_hi_base == 3_700_000


def test_state_pay_scale_ui_cap_changes_on_2026_01_01() -> None:
    before = run(salary=120_000_000, month="2025-12", region=1, pay_scale="state")
    after = run(salary=120_000_000, month="2026-01", region=1, pay_scale="state")
    assert before.ui_base == 20 * 2_340_000
    assert after.ui_base == 20 * 5_310_000


def test_month_of_the_law_41_change() -> None:
    june, july = run(salary=10_000_000, month="2025-06", region=1), run(salary=10_000_000, month="2025-07", region=1)
    assert june.total == july.total == 3_200_000
    assert any("Law 41/2024" in p.basis for p in july.params)
    assert not any("Law 41/2024" in p.basis for p in june.params)


def test_old_regime_rates() -> None:
    r = run(salary=5_000_000, month="2013-03", region=1)
    assert amounts(r)["retirement_survivorship"] == (650_000, 350_000)  # 13% / 7% (Law 71/2006, 2012-2013)
    assert amounts(r)["unemployment"] == (50_000, 50_000)
    r = run(salary=500_000, month="1996-05", pay_scale="state")
    assert (r.employer, r.employee) == (85_000, 30_000)  # SI 15% + HI 2% / SI 5% + HI 1%


def test_covid_employer_ui_zero() -> None:
    r = run(salary=10_000_000, month="2022-03", region=1)
    assert amounts(r)["unemployment"] == (0, 100_000)
    assert amounts(r)["occupational_accident"] == (0, 0)


def test_reduced_oa_rate_and_its_start() -> None:
    r = run(salary=10_000_000, month="2026-03", region=1, oa_rate="reduced")
    assert amounts(r)["occupational_accident"] == (30_000, 0)
    with pytest.raises(RuleError) as err:
        run(salary=10_000_000, month="2019-03", region=1, oa_rate="reduced")
    assert err.value.field == "oa_rate"


def test_commune_gives_the_region() -> None:
    r = run(salary=5_000_000, month="2026-03", commune="05986")  # Phường Tam Thanh, Lạng Sơn: region III
    assert (r.region, r.region_source) == (3, "annex")


def test_month_before_the_first_table_entry_names_the_field() -> None:
    with pytest.raises(RuleError) as err:
        run(salary=500_000, month="1990-01", pay_scale="state")
    assert err.value.field == "month"


@pytest.mark.parametrize(("data", "field"), [
    ({"month": "2026-03"}, "salary"),
    ({"salary": 10_000_000}, "month"),
    ({"salary": 10_000_000, "month": "2026-13"}, "month"),
    ({"salary": 10_000_000, "month": "2026-03", "region": 5}, "region"),
    ({"salary": 10_000_000, "month": "2026-03", "pay_scale": "x"}, "pay_scale"),
    ({"salary": "ten", "month": "2026-03"}, "salary"),
])
def test_bad_input_names_the_field(data: dict[str, object], field: str) -> None:
    with pytest.raises(RuleError) as err:
        compulsory.run(data)
    assert err.value.field == field


months = st.sampled_from(["2016-03", "2019-07", "2021-12", "2024-08", "2025-07", "2026-03", "2026-08"])
regions = st.integers(1, 4)


@given(st.integers(5_400_000, 300_000_000), st.integers(0, 50_000_000), months, regions)
def test_amounts_are_non_negative_integers_monotone_and_capped(salary: int, raise_by: int, month: str,
                                                               region: int) -> None:
    low, high = run(salary=salary, month=month, region=region), run(salary=salary + raise_by, month=month,
                                                                     region=region)
    for result in (low, high):
        for f in result.funds:
            for amount in (f.employer, f.employee, f.state):
                assert isinstance(amount, int) and amount >= 0
        assert result.si_hi_base <= 20 * 2_530_000
        assert result.si_hi_base <= result.salary and result.ui_base <= result.salary
        assert result.total == result.employer + result.employee
    assert high.employer >= low.employer and high.employee >= low.employee


def test_part_month_rule() -> None:
    assert contribution_due_in_month(unpaid_working_days=13)
    assert not contribution_due_in_month(unpaid_working_days=14)
    assert contribution_due_in_month(unpaid_working_days=20, agreed_to_contribute=True)
    assert contribution_due_in_month(unpaid_working_days=15, first_month=True, sick_days_first_month=15)
    assert not contribution_due_in_month(unpaid_working_days=15, first_month=False, sick_days_first_month=15)
