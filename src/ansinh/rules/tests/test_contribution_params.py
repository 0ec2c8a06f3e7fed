"""Parameter tables of the contribution rules: coverage, legal basis, known values, region assignment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules.params import contribution_rates, reference, regions
from ansinh.rules.tables import STATUSES, RuleError, Table

TABLES: list[Table] = [
    value
    for module in (reference, contribution_rates, regions)
    for value in vars(module).values()
    if isinstance(value, Table)
]
CONTIGUOUS = [t for t in TABLES if t.contiguous]


def test_tables_are_found() -> None:
    names = {t.name for t in TABLES}
    assert {"base_salary", "regional_minimum_wage", "poverty_line", "rate_unemployment", "ui_ceiling",
            "minimum_wage_region_assignment", "late_interest_daily", "si_fund_return_previous_year"} <= names


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_every_entry_has_a_basis_and_a_status(table: Table) -> None:
    for entry in table:
        assert entry.basis.strip(), f"{table.name} {entry.valid_from} has no legal basis"
        assert entry.status in STATUSES


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_no_overlap_and_no_gap_where_contiguous(table: Table) -> None:
    assert table.problems() == []


@given(st.dates(min_value=dt.date(1980, 1, 1), max_value=dt.date(2035, 12, 31)))
def test_contiguous_tables_give_exactly_one_value_from_their_first_day(day: dt.date) -> None:
    for table in CONTIGUOUS:
        covering = [e for e in table if e.covers(day)]
        last = table.entries[-1].valid_to
        if day < table.first_day or (last is not None and day > last):
            assert covering == []
            with pytest.raises(RuleError):
                table.at(day)
        else:
            assert len(covering) == 1
            assert table.at(day) is covering[0].value


def test_base_salary_reaches_back_to_1995_for_pension_salaries() -> None:
    assert reference.BASE_SALARY.first_day <= dt.date(1995, 1, 1)
    assert reference.BASE_SALARY.at(dt.date(1996, 12, 31)) == 120_000
    assert reference.BASE_SALARY.at(dt.date(1997, 1, 1)) == 144_000
    assert reference.BASE_SALARY.at(dt.date(2026, 6, 30)) == 2_340_000
    assert reference.BASE_SALARY.at(dt.date(2026, 7, 1)) == 2_530_000


def test_regional_minimum_wage_by_region() -> None:
    rmw = reference.REGIONAL_MINIMUM_WAGE
    assert [rmw.at(dt.date(2026, 1, 1))[r] for r in (1, 2, 3, 4)] == [5_310_000, 4_730_000, 4_140_000, 3_700_000]
    assert rmw.at(dt.date(2025, 12, 31))[1] == 4_960_000
    assert rmw.at(dt.date(2022, 7, 1))[4] == 3_250_000
    assert rmw.first_day <= dt.date(2009, 1, 1)
    with pytest.raises(RuleError) as err:
        rmw.at(dt.date(2026, 1, 1))[5]
    assert err.value.field == "region"


def test_poverty_line() -> None:
    assert reference.POVERTY_LINE.at(dt.date(2026, 12, 31)).rural == 1_500_000
    assert reference.POVERTY_LINE.at(dt.date(2027, 1, 1)).rural == 2_200_000


def test_rates_sum_to_32_percent_under_law_41() -> None:
    day = dt.date(2025, 7, 1)
    funds = (contribution_rates.SICKNESS_MATERNITY, contribution_rates.OCCUPATIONAL_ACCIDENT,
             contribution_rates.RETIREMENT_SURVIVORSHIP, contribution_rates.HEALTH_INSURANCE)
    employer = sum(t.at(day).employer for t in funds) + contribution_rates.UNEMPLOYMENT.at(day).employer
    employee = sum(t.at(day).employee for t in funds) + contribution_rates.UNEMPLOYMENT.at(day).employee
    assert (employer, employee) == (Decimal("0.215"), Decimal("0.105"))


def test_covid_cuts() -> None:
    assert contribution_rates.OCCUPATIONAL_ACCIDENT.at(dt.date(2022, 6, 30)).employer == 0
    assert contribution_rates.OCCUPATIONAL_ACCIDENT.at(dt.date(2022, 7, 1)).employer == Decimal("0.005")
    assert contribution_rates.UNEMPLOYMENT.at(dt.date(2022, 9, 1)).employer == 0
    assert contribution_rates.UNEMPLOYMENT.at(dt.date(2022, 9, 1)).employee == Decimal("0.01")


def test_only_law_values_read_in_the_text_are_v_law() -> None:
    """Guard: V-LAW only where the value was read in the legal text itself (here: Law 41/2024, Arts 31-41)."""
    read = ("Law 41/2024",)
    for table in TABLES:
        for entry in table:
            if entry.status == "V-LAW":
                assert any(text in entry.basis for text in read), (table.name, entry.basis)


# --- regions -------------------------------------------------------------------------------------------------------

LANG_SON_REGION_III = {"05986": "Phường Tam Thanh", "05983": "Phường Lương Văn Tri", "06187": "Phường Kỳ Lừa",
                       "05977": "Phường Đông Kinh"}


def test_lang_son_communes_from_2025_07() -> None:
    lang_son = {r["code"] for r in regions.read_data("regions-2026-01-01.csv") if r["province_code"] == "20"}
    units = [u for u in regions.COMMUNE_ANNEX.units if u.code_from in lang_son]
    assert len(units) == 65
    assert {u.code_from: u.name for u in units if u.region == 3} == LANG_SON_REGION_III
    assert all(u.region == 4 for u in units if u.code_from not in LANG_SON_REGION_III)
    for day in (dt.date(2025, 7, 1), dt.date(2026, 1, 1), dt.date(2030, 1, 1)):
        assert regions.region_for("05986", day) == 3
        assert regions.region_for("06184", day) == 4  # Xã Đồng Đăng
        assert regions.lookup_region("06184", day).source == "annex"


def test_lang_son_before_2025_07_by_district() -> None:
    day = dt.date(2025, 6, 30)
    assert regions.region_for("178", day) == 3  # Thành phố Lạng Sơn
    assert regions.region_for("05980", day) == 3  # an old commune code of the city
    assert regions.region_for("183", day) == 4  # Huyện Cao Lộc
    # 06187 was an old Cao Lộc code before it became Phường Kỳ Lừa: the same code changes region on 2025-07-01
    assert regions.region_for("06187", day) == 4
    assert regions.region_for("06187", dt.date(2025, 7, 1)) == 3


def test_unknown_code_defaults_to_region_iv() -> None:
    finding = regions.lookup_region("99999", dt.date(2026, 3, 1))  # no such commune: not in any annex held
    assert (finding.region, finding.source) == (regions.DEFAULT_REGION, "default")


def test_region_before_the_first_annex_held_is_the_default_and_before_1995_an_error() -> None:
    # 1995–2012: no annex held (2009–2012 annexes not found; no regional wage before 2009): the default, said so
    for day in (dt.date(1995, 1, 1), dt.date(2010, 6, 1), dt.date(2012, 12, 31)):
        finding = regions.lookup_region("05986", day)
        assert (finding.region, finding.source) == (regions.DEFAULT_REGION, "default"), day
    assert regions.region_for("178", dt.date(2013, 1, 1)) == 3  # from 2013 Lạng Sơn city is held
    with pytest.raises(RuleError):
        regions.region_for("05986", dt.date(1994, 12, 31))
