"""The HI calculators back to the law that created each group (docs/legal-sources.md, "HI groups by period").

Every figure is worked by hand from the rule quoted beside it or is a figure printed by an SI office or a school; the
minimum wage / base salary of the month is the one the decrees set (750,000 … 1,210,000, docs/legal-sources.md).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from ansinh.rules.contributions import hi_groups, household_hi, student_hi
from ansinh.rules.params.contribution_rates import HI_GROUPS_HELD, HI_STATE_SUPPORT
from ansinh.rules.tables import RuleError


def payers(data: dict) -> dict[str, int]:
    return {k: v for k, v in hi_groups.run(data).payers.items() if v}


# --- employees: the rate of each law ---------------------------------------------------------------------------

def test_employee_1996_decree_299_as_amended_by_decree_47cp() -> None:
    # Decree 47/CP Arts 7–8: 3% of the salary, "the employers shall contribute two percent (2%) and the laborers …
    # one percent (1%)"; no ceiling before Law 71/2006.
    r = hi_groups.run({"group": "employee", "month": "1996-03", "base": 1_000_000})
    assert (r.payers["employer"], r.payers["person"]) == (20_000, 10_000)
    assert r.article == "Decree 299/HĐBT as amended by Decree 47/CP (Arts 7–8)"
    # Decree 58/1998 replaced Decrees 299 and 47/CP 45 days after 13/08/1998 [D58-1998]
    assert hi_groups.run({"group": "employee", "month": "1998-10", "base": 1_000_000}).article.startswith(
        "HI Regulation of Decree 58/1998")


def test_employee_2009_second_half_three_percent() -> None:
    # Decree 62/2009 [VLLF-2009]: 3% of the salary from 01/07/2009 to 31/12/2009, 2/3 employer, 1/3 employee.
    assert payers({"group": "employee", "month": "2009-08", "base": 3_000_000}) == {"employer": 60_000,
                                                                                    "person": 30_000}


def test_employee_2012_four_and_a_half_percent() -> None:
    # Decree 62/2009: 4.5% of the salary from 01/01/2010 — employer 3%, employee 1.5% [INVESTVN].
    r = hi_groups.run({"group": "employee", "month": "2012-03", "base": 5_000_000, "months": 3})
    assert (r.payers["employer"], r.payers["person"], r.total) == (450_000, 225_000, 675_000)
    assert r.article == "HI Law 25/2008/QH12 Art 12"


def test_employee_2012_capped_at_20_minimum_wages() -> None:
    # Law 25/2008 (and Law 71/2006 Art 94): at most 20 × the minimum wage, 20 × 830,000 = 16,600,000 in 03/2012.
    r = hi_groups.run({"group": "employee", "month": "2012-03", "base": 30_000_000})
    assert r.base == 16_600_000 and r.payers["employer"] == 498_000 and r.payers["person"] == 249_000


def test_pensioner_2009_and_2013_paid_by_the_si_fund() -> None:
    # 3% of the pension in 07–12/2009, 4.5% from 2010 [VLLF-2009]
    assert payers({"group": "pensioner", "month": "2009-10", "base": 2_000_000}) == {"si_fund": 60_000}
    assert payers({"group": "pensioner", "month": "2013-10", "base": 2_000_000}) == {"si_fund": 90_000}


# --- State-supported groups ---------------------------------------------------------------------------------------

def test_near_poor_2011_state_pays_half() -> None:
    # Decree 62/2009: 4.5% of the minimum wage (830,000 from 05/2011), State 50% [VLLF-2009, NA-797]:
    # 37,350 × 6 = 224,100; State 112,050; person 112,050.
    assert payers({"group": "near_poor", "month": "2011-06", "months": 6}) == {"state": 112_050, "person": 112_050}


def test_near_poor_2012_seventy_percent_from_decision_797() -> None:
    # Decision 797/QĐ-TTg: at least 70% from 01/01/2012 [NA-797]; 4.5% × 830,000 = 37,350; 70% = 26,145.
    assert payers({"group": "near_poor", "month": "2012-03"}) == {"state": 26_145, "person": 11_205}


def test_near_poor_2016_seventy_percent_decree_105() -> None:
    # Decree 105/2014 Art 3: at least 70% [NA-L46]; 4.5% × 1,150,000 = 51,750 × 12 = 621,000; State 434,700.
    r = hi_groups.run({"group": "near_poor", "month": "2016-01", "months": 4})
    assert (r.payers["state"], r.payers["person"]) == (144_900, 62_100)  # 207,000 × 70% / 30%
    assert r.article == "HI Law Art 12.4.a"


def test_farm_household_2012_and_2013_state_pays_thirty_percent() -> None:
    # from 01/01/2012: 4.5% of the minimum wage [VLLF-2009], State at least 30% [LVT-NSNN]:
    # 03/2012: 4.5% × 830,000 = 37,350; State 11,205; person 26,145
    assert payers({"group": "farm_household", "month": "2012-03"}) == {"state": 11_205, "person": 26_145}
    # 04–07/2012 crosses the 1,050,000 of 05/2012: 37,350 + 3 × 47,250 = 179,100; State 30% = 53,730
    assert payers({"group": "farm_household", "month": "2012-04", "months": 4}) == {"state": 53_730,
                                                                                     "person": 125_370}
    assert hi_groups.run({"group": "farm_household", "month": "2013-09"}).article == "HI Law 25/2008/QH12 Art 12"


def test_student_2014_2015_three_percent_cv_3648() -> None:
    # VSS CV 3648/BHXH-BT (10/2014): pupils and students 3% of the base salary, State at least 30% [QNA-3648]:
    # 3% × 1,150,000 × 12 = 414,000; State 124,200; student 289,800 — the year paid in full in 10/2014 owes no
    # difference after 01/01/2015 (Decree 105/2014 Art 11.5).
    assert payers({"group": "student", "month": "2014-10", "months": 12}) == {"state": 124_200, "person": 289_800}


def test_student_2012_three_percent_of_the_minimum_wage() -> None:
    # Decree 62/2009: 3% of the minimum wage (830,000 in 03/2012) = 24,900; State 30% = 7,470.
    assert payers({"group": "student", "month": "2012-03"}) == {"state": 7_470, "person": 17_430}


def test_student_2015_decree_105_four_and_a_half_percent() -> None:
    # Decree 105/2014 Art 2.1.e: from 01/01/2015, 4.5% of the base salary for pupils and students (Art 12.4);
    # Art 3.2: State at least 30%. 4.5% × 1,150,000 = 51,750; State 15,525; student 36,225.
    assert payers({"group": "student", "month": "2015-03"}) == {"state": 15_525, "person": 36_225}


def test_student_2015_2016_hcmc_fifteen_months() -> None:
    # HCMC SI office CV 2404/2522/BHXH-THU as printed by a university [HCM-2404]: 1,150,000 × 4.5% × 15 months
    # (01/10/2015–31/12/2016) = 776,250; State 30% = 232,875; student 70% = 543,375 (the month from 05/2016 is
    # charged on 1,150,000 there, as collected in advance in 2015).
    r = hi_groups.run({"group": "student", "month": "2015-10", "months": 7})  # 10/2015–04/2016 at 1,150,000
    assert r.total == 362_250 and r.payers["state"] == 108_675
    assert payers({"group": "student", "month": "2015-10", "months": 1}) == {"state": 15_525, "person": 36_225}


def test_student_2016_dai_nam_and_hdu_notices() -> None:
    # Dai Nam University notice 146/TB-DN (2015): 1,150,000 × 4.5% × 70% = 36,225 a month paid by the student.
    assert payers({"group": "student", "month": "2016-01"})["person"] == 36_225
    # Hải Dương university notice from 01/05/2016: 4.5% × 1,210,000 × 12 × 70% = 457,380.
    assert payers({"group": "student", "month": "2016-05", "months": 12})["person"] == 457_380
    # Thanh Niên [TN-2015]: from the 2015–2016 year 4.5% of the base salary, 434,700 a year for the student
    # (collected in 2015 on 1,150,000: the six months 10/2015–03/2016 are half of it).
    assert payers({"group": "student", "month": "2015-10", "months": 6})["person"] == 434_700 // 2


def test_state_paid_groups_from_2015() -> None:
    # Law 46/2014, Decree 105/2014: 4.5% of the base salary paid by the State (1,150,000 in 2015).
    assert payers({"group": "poor", "month": "2015-03"}) == {"state": 51_750}
    assert payers({"group": "household_member", "month": "2015-03"}) == {"person": 51_750}


# --- periods crossing a change: month by month -------------------------------------------------------------------

def test_employee_period_crossing_the_2010_rate_change() -> None:
    # 11–12/2009 at 3% (2% + 1%) of 3,000,000: employer 2 × 60,000, employee 2 × 30,000; 01–02/2010 at 4.5%
    # (3% + 1.5%): employer 2 × 90,000, employee 2 × 45,000 [VLLF-2009, INVESTVN]
    r = hi_groups.run({"group": "employee", "month": "2009-11", "months": 4, "base": 3_000_000})
    assert (r.payers["employer"], r.payers["person"], r.total) == (300_000, 150_000, 450_000)
    assert [(s.start, s.end, s.rate, s.due) for s in r.segments] == [
        ("2009-11", "2009-12", Decimal("0.03"), Decimal("180000")),
        ("2010-01", "2010-02", Decimal("0.045"), Decimal("270000")),
    ]
    assert [s.label for s in r.steps if s.label.startswith("HI due")] == ["HI due 2009-11..2009-12",
                                                                          "HI due 2010-01..2010-02"]


def test_household_member_period_crossing_the_2023_base_salary() -> None:
    # 05–06/2023: 4.5% × 1,490,000 = 67,050 × 2 = 134,100; 07–08/2023: 4.5% × 1,800,000 (Decree 24/2023) = 81,000
    # × 2 = 162,000 → 296,100, all paid by the person
    r = hi_groups.run({"group": "household_member", "month": "2023-05", "months": 4})
    assert payers({"group": "household_member", "month": "2023-05", "months": 4}) == {"person": 296_100}
    assert [(s.base, s.months) for s in r.segments] == [(1_490_000, 2), (1_800_000, 2)]
    assert r.base == 1_490_000  # the first month's; each segment has its own


def test_near_poor_period_crossing_decision_797() -> None:
    # 4.5% × 830,000 = 37,350 a month; State 50% in 11–12/2011 (37,350), 70% in 01–02/2012 (52,290) = 89,640;
    # the person the rest of 149,400 = 59,760 [NA-797]
    r = hi_groups.run({"group": "near_poor", "month": "2011-11", "months": 4})
    assert (r.payers["state"], r.payers["person"], r.total) == (89_640, 59_760, 149_400)
    assert [s.state_share for s in r.segments] == [Decimal("0.5"), Decimal("0.7")]


def test_student_2014_2015_year_paid_before_2015_keeps_three_percent() -> None:
    # Decree 105/2014 Art 11.5: the whole 2014–2015 academic year paid (10/2014–09/2015) keeps 3% after 01/01/2015
    r = hi_groups.run({"group": "student", "month": "2014-10", "months": 12})
    assert r.total == 414_000 and all(s.rate == Decimal("0.03") for s in r.segments)
    assert "Art 11.5" in r.segments[-1].rate_kept and r.segments[0].rate_kept == ""
    # 15 months to 12/2015: the year keeps 3% (12 × 34,500 = 414,000), 10–12/2015 belong to the next academic year
    # and pay 4.5% (3 × 51,750 = 155,250): 569,250, State 30% = 170,775
    assert payers({"group": "student", "month": "2014-10", "months": 15}) == {"state": 170_775, "person": 398_475}


def test_student_half_year_paid_in_2014_pays_the_new_rate_from_2015() -> None:
    # 10/2014–03/2015 is not the whole academic year: 3 × 3% × 1,150,000 = 103,500 and 3 × 4.5% × 1,150,000 =
    # 155,250 → 258,750; State 30% = 77,625; the student 181,125
    assert payers({"group": "student", "month": "2014-10", "months": 6}) == {"state": 77_625, "person": 181_125}


# --- refusals ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("group", "month", "law"), [
    ("household_member", "2012-03", "Law 25/2008"),  # household HI (5.a) was created by Law 46/2014
    ("poor", "2005-03", "Decree 299/HĐBT"),
    ("student", "2009-08", "Law 25/2008"),  # held from 01/01/2010
    ("near_poor", "2009-12", "Law 25/2008"),
    ("farm_household", "2011-12", "Law 25/2008"),  # held from 01/01/2012
    ("business_owner", "2020-03", "Law 46/2014"),  # 1.đ only from 01/07/2025
    ("pensioner", "2008-06", "Decree 299/HĐBT"),
])
def test_a_group_not_held_in_the_period_is_refused_naming_group(group: str, month: str, law: str) -> None:
    with pytest.raises(RuleError) as err:
        hi_groups.run({"group": group, "month": month, "base": 2_000_000})
    assert err.value.field == "group" and err.value.code == "group_not_in_force"
    assert law in err.value.message and month in err.value.message


def test_a_month_before_1995_is_refused_naming_month() -> None:
    with pytest.raises(RuleError) as err:
        hi_groups.run({"group": "employee", "month": "1994-12", "base": 1_000_000})
    assert err.value.field == "month"


def test_household_hi_starts_with_law_46_2014() -> None:
    # the 100/70/60/50/40 reductions of HI Law Art 13.1.e as amended by Law 46/2014, in force 01/01/2015:
    # 4.5% × 1,150,000 = 51,750 × 12 = 621,000; 2nd member 70% = 434,700.
    r = household_hi.run({"members": 2, "month": "2015-01", "months": 12})
    assert [m.amount for m in r.members] == [621_000, 434_700]
    with pytest.raises(RuleError) as err:
        household_hi.run({"members": 2, "month": "2014-12", "months": 12})
    assert err.value.field == "month" and "2015-01-01" in err.value.message


def test_student_hi_refuses_years_before_decree_146_naming_year() -> None:
    with pytest.raises(RuleError) as err:
        student_hi.run({"grade": 5, "year": 2017})
    assert err.value.field == "year" and "146/2018" in err.value.message
    # the first year held: 10/2019–09/2020, 4.5% × 1,490,000 (to 06/2023) × 12 = 804,600; State 30% = 241,380
    r = student_hi.run({"grade": 5, "year": 2019})
    assert (r.premium, r.state, r.student) == (804_600, 241_380, 563_220)


# --- tables ---------------------------------------------------------------------------------------------------------

def test_every_state_supported_group_held_has_a_state_share() -> None:
    supported = {n for n, g in hi_groups.GROUPS.items() if g.payer == "state_supported"}
    for entry in HI_GROUPS_HELD:
        day = entry.valid_from
        held = supported & set(entry.value)
        if held:
            assert held <= set(HI_STATE_SUPPORT.at(day)), (day, held)
        assert set(entry.value) <= set(hi_groups.GROUPS), entry.valid_from


@pytest.mark.parametrize("group", sorted(hi_groups.GROUPS))
def test_every_group_answers_or_refuses_naming_group_in_every_period(group: str) -> None:
    # from 1995 to the last entry of the tables: each first month of a period, and every January, either answers
    # with a positive total paid in full by the payers, or refuses naming `group` (never another error)
    starts = {e.valid_from for e in HI_GROUPS_HELD} | {e.valid_from for e in HI_STATE_SUPPORT}
    months = sorted({f"{d.year}-{d.month:02d}" for d in starts} | {f"{y}-01" for y in range(1995, 2027)})
    answered = 0
    for month in months:
        try:
            r = hi_groups.run({"group": group, "month": month, "base": 5_000_000})
        except RuleError as exc:
            assert exc.field == "group", (month, exc.field, exc.message)
            continue
        answered += 1
        assert r.total > 0 and r.total == sum(r.payers.values()), month
    assert answered > 0
