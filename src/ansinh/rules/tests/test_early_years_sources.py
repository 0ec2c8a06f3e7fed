"""The tables' early years (1995–2018) pinned to the texts and official tables read for them (docs/legal-sources.md,
ids in brackets): the general minimum wage and base salary by decree, the regional minimum wages of 2010–2011, and the
contribution rates by fund and payer from 1995 to 2015. Each expected figure is copied from the source named next to
it, not from the tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ansinh.rules.contributions import compulsory, voluntary
from ansinh.rules.contributions.parameters import month_parameters
from ansinh.rules.params import benefit_common, reference
from ansinh.rules.params import contribution_rates as cr
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError, d

# (first day, last day, amount, source) — each step of the general minimum wage / base salary from 1995
MINIMUM_WAGE_STEPS = [
    ("1995-01-01", "1996-12-31", 120_000, "HT-LTT: 01/1995 120,000; PETRO: Decree 26/CP, kept until 1997"),
    ("1997-01-01", "1999-12-31", 144_000, "Decree 06/CP (21/01/1997) [WIKI, PETRO, HT-LTT]"),
    ("2000-01-01", "2000-12-31", 180_000, "Decree 175/1999 [HT-LTT 01/2000]"),
    ("2001-01-01", "2002-12-31", 210_000, "Decree 77/2000 [HT-LTT 01/2001]"),
    ("2003-01-01", "2005-09-30", 290_000, "HT-LTT 01/2003; Decree 118/2005 Art 1 'from VND 290,000'"),
    ("2005-10-01", "2006-09-30", 350_000, "Decree 118/2005 Art 1: from 01/10/2005; Decree 94/2006 'from 350,000'"),
    ("2006-10-01", "2007-12-31", 450_000, "Decree 94/2006 Art 1: from 01/10/2006"),
    ("2008-01-01", "2009-04-30", 540_000, "Decree 166/2007 Art 1: from 01/01/2008; SSPTW 2008"),
    ("2009-05-01", "2010-04-30", 650_000, "Decree 33/2009 Art 1: from 01/05/2009"),
    ("2010-05-01", "2011-04-30", 730_000, "Decree 28/2010: from 01/05/2010, +80,000 on 650,000"),
    ("2011-05-01", "2012-04-30", 830_000, "Decree 22/2011 Art 1: from 01/05/2011"),
    ("2016-05-01", "2017-06-30", 1_210_000, "Decree 47/2016: from 01/05/2016 [VOV-2016]"),
    ("2017-07-01", "2018-06-30", 1_300_000, "Decree 47/2017: from 01/07/2017 [VIR-2017]"),
    ("2018-07-01", "2019-06-30", 1_390_000, "Decree 72/2018: from 01/07/2018 [NA-2018]"),
]


@pytest.mark.parametrize(("first", "last", "amount", "source"), MINIMUM_WAGE_STEPS, ids=lambda v: str(v)[:10])
def test_general_minimum_wage_step_by_decree(first: str, last: str, amount: int, source: str) -> None:
    table = reference.BASE_SALARY
    assert table.at(d(first)) == amount, source
    assert table.at(d(last)) == amount, source
    if first != "1995-01-01":  # 120,000 was already in force before SI began (1993)
        assert table.at(d(first) - dt.timedelta(days=1)) != amount, f"the step of {first} is a change ({source})"
    assert table.at(d(last) + dt.timedelta(days=1)) != amount, f"{last} is the last day ({source})"
    assert table.entry(d(first)).status == "V-SEC"


def test_no_base_salary_entry_from_1995_is_left_unverified() -> None:
    for entry in reference.BASE_SALARY:
        assert entry.status in ("V-LAW", "V-SEC"), (entry.valid_from, entry.status)


@pytest.mark.parametrize(("day", "levels", "source"), [
    ("2010-01-01", (980_000, 880_000, 810_000, 730_000), "Decree 97/2009 Art 2 (region I); HT-LTT 01/2010"),
    ("2010-12-31", (980_000, 880_000, 810_000, 730_000), "vbpl.vn: Decree 97/2009 expires 01/01/2011"),
    ("2011-01-01", (1_350_000, 1_200_000, 1_050_000, 830_000), "Decree 108/2010 [HT-LTT]"),
    ("2011-09-30", (1_350_000, 1_200_000, 1_050_000, 830_000), "Decree 70/2011 applies from 01/10/2011"),
    ("2011-10-01", (2_000_000, 1_780_000, 1_550_000, 1_400_000), "Decree 70/2011 Art 2 [MW-2011]"),
])
def test_regional_minimum_wage_2010_2011(day: str, levels: tuple[int, int, int, int], source: str) -> None:
    value = reference.REGIONAL_MINIMUM_WAGE.at(d(day))
    assert tuple(value[r] for r in (1, 2, 3, 4)) == levels, source
    assert reference.REGIONAL_MINIMUM_WAGE.entry(d(day)).status == "V-SEC"


def test_decree_70_2011_step_is_the_top_of_the_published_rise() -> None:
    # VietnamPlus: the new levels are "higher than the current levels by 300,000–650,000" (domestic and FDI levels
    # unified); in region I the domestic level rises 1,350,000 → 2,000,000, the top of that range [MW-2011]
    rmw = reference.REGIONAL_MINIMUM_WAGE
    assert rmw.at(d("2011-10-01"))[1] - rmw.at(d("2011-09-30"))[1] == 650_000


def test_the_floor_before_regional_wages_is_the_general_minimum_wage() -> None:
    # Before 2009 no regional minimum wage is held: every contribution salary's floor is the general minimum wage of
    # the month, whatever the region given (HT-LTT; Decree 118/2005; Decree 166/2007).
    for month, amount in ((Month(1995, 1), 120_000), (Month(2005, 10), 350_000), (Month(2008, 12), 540_000)):
        for region in (1, 4):
            p = month_parameters(month, region=region)
            assert (p.floor, p.floor_name) == (amount, "base salary"), (month, region)
    # From 01/01/2009 the regional level of Decree 110/2008 [VCCI-2009]
    assert month_parameters(Month(2009, 1), region=1).floor == 800_000
    assert month_parameters(Month(2009, 1), region=4).floor == 650_000


def pct(text: str) -> Decimal:
    return Decimal(text) / 100


# The government's investment portal, "Chế độ bảo hiểm theo quan hệ lao động" [INVESTVN]: employer SI / HI / UI and
# employee SI / HI / UI, in % of the salary, by period.
INVESTVN = [
    ("2007-01-01", ("15", "2", "0"), ("5", "1", "0")),
    ("2009-01-01", ("15", "2", "1"), ("5", "1", "1")),
    ("2010-01-01", ("16", "3", "1"), ("6", "1.5", "1")),
    ("2011-12-31", ("16", "3", "1"), ("6", "1.5", "1")),
    ("2012-01-01", ("17", "3", "1"), ("7", "1.5", "1")),
    ("2013-12-31", ("17", "3", "1"), ("7", "1.5", "1")),
    ("2014-01-01", ("18", "3", "1"), ("8", "1.5", "1")),
    ("2015-12-31", ("18", "3", "1"), ("8", "1.5", "1")),
]


@pytest.mark.parametrize(("day", "employer", "employee"), INVESTVN, ids=lambda v: str(v)[:10])
def test_rates_by_payer_2007_2015_match_the_government_table(day: str, employer: tuple[str, str, str],
                                                             employee: tuple[str, str, str]) -> None:
    on = d(day)
    sm, oa, rs = (t.at(on) for t in (cr.SICKNESS_MATERNITY, cr.OCCUPATIONAL_ACCIDENT, cr.RETIREMENT_SURVIVORSHIP))
    hi, ui = cr.HEALTH_INSURANCE.at(on), cr.UNEMPLOYMENT.at(on)
    assert (sm.employer + oa.employer + rs.employer, hi.employer, ui.employer) == tuple(pct(x) for x in employer)
    assert (sm.employee + oa.employee + rs.employee, hi.employee, ui.employee) == tuple(pct(x) for x in employee)


def test_law_71_splits_by_fund() -> None:
    # Law 71/2006 Art 92.1: employer 3% sickness & maternity, 1% OA/OD, 11% retirement & survivorship +1% every two
    # years from 2010 up to 14%; Art 91.1: employee 5% +1% every two years from 2010 up to 8% [L71-TEXT]
    # Decree 152/2006 Art 42: employee 5% 2007–2009, 6% 2010–2011, 7% 2012–2013 [D152-2006]
    assert cr.SICKNESS_MATERNITY.at(d("2007-01-01")).employer == pct("3")
    assert cr.OCCUPATIONAL_ACCIDENT.at(d("2015-12-31")).employer == pct("1")
    for year, employer, employee in ((2007, "11", "5"), (2010, "12", "6"), (2012, "13", "7"), (2014, "14", "8")):
        rs = cr.RETIREMENT_SURVIVORSHIP.at(dt.date(year, 1, 1))
        assert (rs.employer, rs.employee) == (pct(employer), pct(employee)), year
    # 01/01/2012 (Báo Nghệ An, from chinhphu.vn) [NA-2012]: 24% = 3% sickness & maternity + 1% OA/OD + 20% retirement
    on = d("2012-01-01")
    assert [cr.SICKNESS_MATERNITY.at(on).total, cr.OCCUPATIONAL_ACCIDENT.at(on).total,
            cr.RETIREMENT_SURVIVORSHIP.at(on).total] == [pct("3"), pct("1"), pct("20")]


def test_decree_12_cp_from_1995() -> None:
    # SSPTW 1999: insured 5% for old age and death; employer 15% (10% old age and death, 5% sickness, maternity,
    # occupational accidents); SSPTW 2004: "there are no maximum earnings for contribution purposes"
    on = d("1995-01-01")
    rs = cr.RETIREMENT_SURVIVORSHIP.at(on)
    assert (rs.employer, rs.employee) == (pct("10"), pct("5"))
    assert cr.SICKNESS_MATERNITY.at(on).employer + cr.OCCUPATIONAL_ACCIDENT.at(on).employer == pct("5")
    assert cr.CEILING_MULTIPLE.at(d("2006-12-31")) is None
    assert cr.CEILING_MULTIPLE.at(d("2007-01-01")) == 20  # Law 71 Art 94; SSPTW 2008 "20 times the minimum wage"
    # Decree 47/CP (1994) amending Decree 299/HĐBT: HI 3%, employer 2% and employee 1% [D47CP-1994]
    hi = cr.HEALTH_INSURANCE.at(on)
    assert (hi.employer, hi.employee) == (pct("2"), pct("1"))
    # Law 71 Art 140.1: unemployment insurance from 01/01/2009 only; Art 102: 1% + 1% + 1% (State) [L71-TEXT]
    assert cr.UNEMPLOYMENT.at(d("2008-12-31")).total == 0
    ui = cr.UNEMPLOYMENT.at(d("2009-01-01"))
    assert (ui.employer, ui.employee, ui.state) == (pct("1"), pct("1"), pct("1"))


def test_voluntary_rate_by_period_and_law_71_in_force() -> None:
    # the rates by period quoted by BHXH Lâm Đồng ("Điều 26 … 3.b") [LD-190]: 16% 01/2008–12/2009, 18% 01/2010–12/2011,
    # 20% 01/2012–12/2013, 22% from 01/2014
    for first, last, value in (("2008-01-01", "2009-12-31", "16"), ("2010-01-01", "2011-12-31", "18"),
                               ("2012-01-01", "2013-12-31", "20"), ("2014-01-01", "2015-12-31", "22")):
        assert cr.VOLUNTARY_RATE.at(d(first)) == cr.VOLUNTARY_RATE.at(d(last)) == pct(value), first
    # Law 71/2006 Art 140.1: in force 01/01/2007 [L71-TEXT]
    assert benefit_common.SI_LAW.first_day == d("2007-01-01")
    assert benefit_common.SI_LAW.at(d("2007-01-01")) == benefit_common.L71
    assert benefit_common.SI_LAW.entry(d("2007-01-01")).status == "V-SEC"


def test_what_stays_below_v_sec_before_2015_is_listed() -> None:
    # Everything before 2015 in these tables is now V-SEC, except what docs/legal-sources.md explains: the absence of
    # a reduced OA/OD rate (nothing to quote) and the UI ceiling of 2009–2014 (only a third-party copy).
    left = {
        (t.name, e.valid_from.isoformat())
        for t in (cr.SICKNESS_MATERNITY, cr.OCCUPATIONAL_ACCIDENT, cr.OCCUPATIONAL_ACCIDENT_REDUCED,
                  cr.RETIREMENT_SURVIVORSHIP, cr.HEALTH_INSURANCE, cr.UNEMPLOYMENT, cr.CEILING_MULTIPLE,
                  cr.UI_CEILING, cr.VOLUNTARY_RATE, cr.VOLUNTARY_INCOME_FLOOR, cr.VOLUNTARY_MODES,
                  cr.VOLUNTARY_SUPPORT, reference.BASE_SALARY, reference.REGIONAL_MINIMUM_WAGE)
        for e in t
        if e.valid_from.year < 2015 and e.status not in ("V-LAW", "V-SEC")
    }
    assert left == {("rate_occupational_accident_reduced", "1995-01-01"), ("ui_ceiling", "2009-01-01")}


# Total contribution on one salary, employer + employee, as the sources print it (% of the salary): [SSPTW] 1999 and
# [D47CP-1994] for 1995–2006 (SI 15 + 5, HI 2 + 1); [INVESTVN] for 2007 onwards (23, 25, 28.5, 30.5, 32.5).
PUBLISHED_TOTALS = [("1995-01", "23"), ("2005-06", "23"), ("2007-03", "23"), ("2009-06", "25"), ("2010-06", "28.5"),
                    ("2012-06", "30.5"), ("2014-06", "32.5")]


@pytest.mark.parametrize(("month", "total"), PUBLISHED_TOTALS)
def test_a_month_with_a_commune_is_answered_at_the_published_total(month: str, total: str) -> None:
    # A commune is given (an old code of Thành phố Lạng Sơn); no annex is held before 2013, so the region is
    # defaulted (and said so) instead of refused. 3,000,000 is above every floor and below every ceiling of these
    # months.
    r = compulsory.run({"salary": 3_000_000, "month": month, "commune": "05986"})
    assert r.region_source == ("default" if month < "2013" else "annex")
    assert r.total == 3_000_000 * pct(total)


# Voluntary SI under Law 71/2006 (2008–2015): rate 16/18/20/22% by period [LD-190] of an income chosen as
# Lmin + m × 50,000 [LD-190], Lmin = the general minimum wage of the month [HT-LTT]; paid monthly, quarterly or every six
# months (Art 100.2); no State support of the premium. Worked by hand:
VOLUNTARY_LAW_71 = [
    ("2008-03", 540_000, "monthly", 86_400),  # 16% × 540,000 (m = 0)
    ("2010-06", 1_030_000, "monthly", 185_400),  # 18% × (730,000 + 6 × 50,000)
    ("2010-06", 1_030_000, "3_months", 556_200),  # 3 × 185,400
    ("2011-12", 1_030_000, "6_months", 1_112_400),  # 6 × 18% × (830,000 + 4 × 50,000)
    ("2012-06", 1_550_000, "monthly", 310_000),  # 20% × (1,050,000 + 10 × 50,000)
    ("2015-12", 1_150_000, "monthly", 253_000),  # 22% × 1,150,000
]


@pytest.mark.parametrize(("month", "income", "mode", "payable"), VOLUNTARY_LAW_71)
def test_voluntary_si_under_law_71(month: str, income: int, mode: str, payable: int) -> None:
    r = voluntary.run({"income": income, "month": month, "mode": mode, "group": "poor"})
    assert (r.payable, r.support_per_month, r.state_support) == (payable, 0, 0)


def test_voluntary_si_under_law_71_refusals_name_the_field() -> None:
    def field(data: dict[str, object]) -> str | None:
        with pytest.raises(RuleError) as err:
            voluntary.run(data)
        return err.value.field

    assert field({"income": 729_999, "month": "2010-06"}) == "income"  # below the general minimum wage 730,000
    assert field({"income": 14_600_001, "month": "2010-06"}) == "income"  # above 20 × 730,000
    assert field({"income": 1_150_000, "month": "2015-12", "mode": "12_months"}) == "mode"  # Law 58 added it
    assert field({"income": 1_150_000, "month": "2014-06", "mode": "advance", "months": 24}) == "mode"
    assert field({"income": 1_000_000, "month": "2007-12"}) == "month"  # voluntary SI from 01/01/2008 (Art 140.1)
    # from 2016 the floor is the rural poverty line (700,000 in 2016) and 12 months is a way to pay
    assert voluntary.run({"income": 700_000, "month": "2016-01", "mode": "12_months"}).payable == 12 * 154_000
