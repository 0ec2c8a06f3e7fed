"""Contribution rates, ceilings, state support and late-payment interest, effective-dated.

One table per fund, each value a `Split` of the rate between employer, employee and State. Rates are fractions
(Decimal). Statuses and sources (ids in brackets): docs/legal-sources.md. The rates of 1995–2015 were read in copies of
the texts (Law 71/2006 Arts 91, 92, 94, 100, 102, 140; Decree 152/2006; Decree 47/CP amending Decree 299/HĐBT) and in
official summaries (the US SSA's "Social Security Programs Throughout the World", the government's investment portal,
provincial SI offices).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ansinh.rules.money import rate
from ansinh.rules.tables import Entry, Table, chain

ZERO = Decimal(0)


@dataclass(frozen=True)
class Split:
    """A contribution rate split by payer (fractions of the contribution base)."""

    employer: Decimal
    employee: Decimal = ZERO
    state: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.employer + self.employee + self.state


def split(employer: str, employee: str = "0", state: str = "0") -> Split:
    return Split(rate(employer), rate(employee), rate(state))


# --- compulsory SI, HI, UI: one table per fund ------------------------------------------------------------------

SICKNESS_MATERNITY = chain(
    "rate_sickness_maternity",
    "rate",
    [
        (
            "1995-01-01",
            split("5%"),
            "Decree 12/CP (26/01/1995, in force 01/01/1995) Art 36: employer 15% of payroll, of which 5% for "
            "sickness, maternity and occupational accidents [SSPTW 1999, D12CP]",
            "V-SEC",
        ),
        (
            "2007-01-01",
            split("3%"),
            "Law 71/2006/QH11 Art 92.1.a: 3%, of which the employer keeps 2% to pay the benefits [L71-TEXT]; "
            "Decree 152/2006 [D152-2006]",
            "V-SEC",
        ),
        ("2016-01-01", split("3%"), "Law 58/2014/QH13 Art 86.1.a", "V-SEC"),
        ("2025-07-01", split("3%"), "Law 41/2024/QH15 Art 32.1.a, 34.1.a", "V-LAW"),
    ],
    description="Ốm đau, thai sản. Until 2006 one short-term fund also covered OA/OD.",
)

OCCUPATIONAL_ACCIDENT = chain(
    "rate_occupational_accident",
    "rate",
    [
        (
            "1995-01-01",
            split("0%"),
            "Decree 12/CP: OA/OD paid from the employer's 5% for 'sickness, maternity, occupational accidents' "
            "[SSPTW 1999]",
            "V-SEC",
        ),
        ("2007-01-01", split("1%"), "Law 71/2006/QH11 Art 92.1.b [L71-TEXT]; Decree 152/2006 [D152-2006]", "V-SEC"),
        (
            "2016-01-01",
            split("1%"),
            "Law 58/2014/QH13 Art 86.1.b; OSH Law 84/2015 Art 44 (≤1%)",
            "UNVERIFIED",
        ),
        ("2017-06-01", split("0.5%"), "Decree 44/2017/NĐ-CP", "3P"),
        ("2021-07-01", split("0%"), "Resolution 68/NQ-CP (COVID-19): 0% for 12 months", "UNVERIFIED"),
        ("2022-07-01", split("0.5%"), "Decree 58/2020/NĐ-CP Art 4.1.a", "3P"),
    ],
    description="Bảo hiểm tai nạn lao động, bệnh nghề nghiệp — normal rate.",
)

# The reduced 0.3% rate for approved employers in high-risk sectors (Decree 58/2020 Arts 4-5); None = no option.
OCCUPATIONAL_ACCIDENT_REDUCED: Table[Split | None] = chain(
    "rate_occupational_accident_reduced",
    "rate",
    [
        ("1995-01-01", None, "no reduced OA/OD rate before Decree 58/2020", "UNVERIFIED"),
        ("2020-07-15", split("0.3%"), "Decree 58/2020/NĐ-CP Art 4.1.b, Art 5 (in force 15/07/2020)", "3P"),
        ("2021-07-01", split("0%"), "Resolution 68/NQ-CP (COVID-19): 0% for 12 months", "UNVERIFIED"),
        ("2022-07-01", split("0.3%"), "Decree 58/2020/NĐ-CP Art 4.1.b", "3P"),
    ],
    description="Reduced OA/OD rate, only for employers approved under Decree 58/2020 Art 5.",
)

_L71_RS = (
    "Law 71/2006/QH11 Art 91.1 (employee 5%, +1% every two years from 2010 up to 8%) and Art 92.1.c (employer 11%, +1% "
    "every two years from 2010 up to 14%) [L71-TEXT]; Decree 152/2006 Art 42 by period [D152-2006]; [SSPTW 2008, "
    "INVESTVN]; totals 16/18/20/22% also in CV 529/LĐTBXH-BHXH §I.3 [CV529]"
)
RETIREMENT_SURVIVORSHIP = chain(
    "rate_retirement_survivorship",
    "rate",
    [
        (
            "1995-01-01",
            split("10%", "5%"),
            "Decree 12/CP (26/01/1995) Art 36: employer 10% and employee 5% for old age and death [SSPTW 1999, 2002, "
            "2004]",
            "V-SEC",
        ),
        ("2007-01-01", split("11%", "5%"), _L71_RS, "V-SEC"),
        ("2010-01-01", split("12%", "6%"), _L71_RS, "V-SEC"),
        ("2012-01-01", split("13%", "7%"), _L71_RS, "V-SEC"),
        ("2014-01-01", split("14%", "8%"), _L71_RS, "V-SEC"),
        ("2016-01-01", split("14%", "8%"), "Law 58/2014/QH13 Art 85.1, 86.1.c", "V-SEC"),
        ("2025-07-01", split("14%", "8%"), "Law 41/2024/QH15 Art 32.1.b, 33.1.a, 34.1.b", "V-LAW"),
    ],
    description="Hưu trí, tử tuất.",
)

HEALTH_INSURANCE = chain(
    "rate_health_insurance",
    "rate",
    [
        (
            "1995-01-01",
            split("2%", "1%"),
            "Decree 299/HĐBT (15/08/1992) Arts 7–8 as amended by Decree 47/CP (06/06/1994): 3%, employer 2% and "
            "employee 1% [D47CP-1994]; the same 2% + 1% from 01/2007 to 12/2009 [INVESTVN]",
            "V-SEC",
        ),
        (
            "2010-01-01",
            split("3%", "1.5%"),
            "Law 25/2008/QH12 Art 13.1.a; Decree 62/2009/NĐ-CP: 4.5%, employer 3% and employee 1.5% from 01/2010 "
            "[INVESTVN]; '4.5% … from January 1, 2010 (against 3% applicable from July 1, 2009, to December 31, "
            "2009)' [VLLF-2009]",
            "V-SEC",
        ),
        ("2018-12-01", split("3%", "1.5%"), "Decree 146/2018/NĐ-CP Art 7.1.a (4.5%, 2/3 - 1/3)", "V-SEC"),
        (
            "2025-07-01",
            split("3%", "1.5%"),
            "HI Law Art 13.1.a as amended by Law 51/2024; Decree 188/2025/NĐ-CP",
            "V-SEC",
        ),
    ],
    description="Bảo hiểm y tế of employees; the total (4.5% from 2010) is the HI rate of every group.",
)

UNEMPLOYMENT = chain(
    "rate_unemployment",
    "rate",
    [
        (
            "1995-01-01",
            split("0%"),
            "no unemployment insurance before 01/01/2009: Law 71/2006/QH11 Art 140.1 (UI from 01/01/2009) [L71-TEXT]",
            "V-SEC",
        ),
        (
            "2009-01-01",
            split("1%", "1%", "1%"),
            "Law 71/2006/QH11 Art 102.1–3: employee 1%, employer 1%, State 1% from the budget [L71-TEXT, ILO-UI, "
            "INVESTVN]",
            "V-SEC",
        ),
        ("2015-01-01", split("1%", "1%", "1%"), "Employment Law 38/2013/QH13 Art 57 (State ≤1%)", "V-SEC"),
        (
            "2021-10-01",
            split("0%", "1%", "1%"),
            "Resolution 116/NQ-CP (COVID-19): employer 0% for 12 months",
            "UNVERIFIED",
        ),
        ("2022-10-01", split("1%", "1%", "1%"), "Employment Law 38/2013/QH13 Art 57", "V-SEC"),
        (
            "2026-01-01",
            split("1%", "1%", "1%"),
            "Employment Law 74/2025/QH15 Art 33.1 ('tối đa 1%' each; actual 1% per implementing decree)",
            "UNVERIFIED",
        ),
    ],
    description="Bảo hiểm thất nghiệp. The State's share is paid from the budget, not collected from the unit.",
)

# --- ceilings ---------------------------------------------------------------------------------------------------

# Multiple of the base salary / reference level capping the SI and HI salary and the voluntary-SI income;
# None = no ceiling.
CEILING_MULTIPLE: Table[int | None] = chain(
    "ceiling_multiple",
    "× base salary",
    [
        (
            "1995-01-01",
            None,
            "Decree 12/CP: no ceiling ('there are no maximum earnings for contribution purposes') [SSPTW 2004]",
            "V-SEC",
        ),
        (
            "2007-01-01",
            20,
            "Law 71/2006/QH11 Art 94 (20 months of the general minimum wage) [L71-TEXT, SSPTW 2008]",
            "V-SEC",
        ),
        ("2016-01-01", 20, "Law 58/2014/QH13 Art 89.3; HI Law Art 14 as amended by Law 46/2014", "V-SEC"),
        (
            "2025-07-01",
            20,
            "Law 41/2024/QH15 Art 31.1.đ, 31.2 (SI, voluntary SI); HI Law Art 14.5 as amended by "
            "Law 51/2024 (HI, not re-read)",
            "V-LAW",
        ),
    ],
    description="SI/HI salary ceiling and voluntary-SI income ceiling, as a multiple of the reference level.",
)


@dataclass(frozen=True)
class UiCeiling:
    """UI salary ceiling: `multiple` × the reference named for each pay scheme ('base_salary' or 'regional')."""

    multiple: int
    state_pay_scale: str
    employer_decided: str


UI_CEILING = chain(
    "ui_ceiling",
    "× reference",
    [
        (
            "2009-01-01",
            UiCeiling(20, "base_salary", "base_salary"),
            "Law 71/2006/QH11 Art 102 and Decree 127/2008/NĐ-CP: UI on the SI salary, at most 20 months of the general "
            "minimum wage [123DOC-UI]",
            "3P",
        ),
        (
            "2015-01-01",
            UiCeiling(20, "base_salary", "regional"),
            "Employment Law 38/2013/QH13 Art 58",
            "V-SEC",
        ),
        (
            "2026-01-01",
            UiCeiling(20, "regional", "regional"),
            "Employment Law 74/2025/QH15 Art 34.2 (read by the analyst, domain-vn §3.3; not re-read)",
            "V-SEC",
        ),
    ],
    description="UI ceiling: 20× base salary (state pay scale, before 2026) or 20× regional minimum wage.",
)

# --- voluntary SI ------------------------------------------------------------------------------------------------

_L71_VOLUNTARY = (
    "Law 71/2006/QH11 Art 100.1 (16%, +2% every two years from 2010 up to 22%; voluntary SI from 01/01/2008, Art "
    "140.1) [L71-TEXT]; the rates by period of a guiding text's Art 26.3.b (BHXH Lâm Đồng; the instrument is not "
    "named in the stored page) [LD-190]"
)
VOLUNTARY_RATE = chain(
    "rate_voluntary_si",
    "rate",
    [
        ("2008-01-01", rate("16%"), _L71_VOLUNTARY, "V-SEC"),
        ("2010-01-01", rate("18%"), _L71_VOLUNTARY + "; 18% in 2010–2011 [NA-2012]", "V-SEC"),
        ("2012-01-01", rate("20%"), _L71_VOLUNTARY + "; 20% from 01/01/2012 [NA-2012]", "V-SEC"),
        ("2014-01-01", rate("22%"), _L71_VOLUNTARY, "V-SEC"),
        ("2016-01-01", rate("22%"), "Law 58/2014/QH13 Art 87.1", "V-SEC"),
        ("2025-07-01", rate("22%"), "Law 41/2024/QH15 Art 32.2, 36.1", "V-LAW"),
    ],
    description="Voluntary SI rate, of the chosen monthly income, into the retirement and survivorship fund.",
)

VOLUNTARY_GROUPS = ("poor", "near_poor", "ethnic_minority", "island", "other", "none")

# The floor of the chosen income: the general minimum wage under Law 71/2006, the rural poverty line from 2016.
# Values name the reference table ("base_salary" or "rural_poverty_line"); the ceiling is CEILING_MULTIPLE × the base
# salary throughout (Law 71 Art 100.1 "hai mươi tháng lương tối thiểu chung"; Law 58 Art 87.1; Law 41 Art 31.2).
VOLUNTARY_INCOME_FLOOR: Table[str] = chain(
    "voluntary_income_floor",
    "reference",
    [
        (
            "2008-01-01",
            "base_salary",
            "Law 71/2006/QH11 Art 100.1: the chosen income 'thấp nhất bằng mức lương tối thiểu chung' [L71-TEXT]; "
            "income = Lmin + m × 50,000 [LD-190]",
            "V-SEC",
        ),
        (
            "2016-01-01",
            "rural_poverty_line",
            "Law 58/2014/QH13 Art 87.1: 'thấp nhất bằng mức chuẩn hộ nghèo của khu vực nông thôn' [L58-87]",
            "V-SEC",
        ),
        ("2025-07-01", "rural_poverty_line", "Law 41/2024/QH15 Art 31.2", "V-LAW"),
    ],
    description="Floor of the income chosen for voluntary SI: the table named (general minimum wage, then the rural "
    "poverty line).",
)

# How voluntary SI may be paid. Law 71/2006 allowed monthly, quarterly and six-monthly payment only; Law 58/2014 added
# 12 months, several years in advance and the missing years (kept by Law 41/2024).
VOLUNTARY_ALL_MODES = ("monthly", "3_months", "6_months", "12_months", "advance", "makeup")
VOLUNTARY_MODES: Table[tuple[str, ...]] = chain(
    "voluntary_payment_modes",
    "modes",
    [
        (
            "2008-01-01",
            ("monthly", "3_months", "6_months"),
            "Law 71/2006/QH11 Art 100.2: 'a) Hằng tháng; b) Hằng quý; c) Sáu tháng một lần' [L71-TEXT]",
            "V-SEC",
        ),
        (
            "2016-01-01",
            VOLUNTARY_ALL_MODES,
            "Law 58/2014/QH13 Art 87.2: monthly, every 3, 6 or 12 months, one payment for several years ahead (đ) or "
            "for the missing years (e) [L58-87] (e) past the stored excerpt)",
            "V-SEC",
        ),
        ("2025-07-01", VOLUNTARY_ALL_MODES, "Law 41/2024/QH15 Art 36.2", "V-LAW"),
    ],
    description="Payment modes of voluntary SI in force.",
)

# State support, as a share of the contribution computed on the rural poverty line (22% × poverty line).
VOLUNTARY_SUPPORT: Table[dict[str, Decimal]] = chain(
    "voluntary_si_state_support",
    "share of 22% × rural poverty line",
    [
        (
            "2008-01-01",
            {g: ZERO for g in VOLUNTARY_GROUPS},
            "Law 71/2006/QH11 Arts 98–100: the participant pays the rate on the chosen income; State support goes to "
            "the fund (Art 98.3), none to the premium [L71-TEXT]",
            "V-SEC",
        ),
        (
            "2016-01-01",
            {g: ZERO for g in VOLUNTARY_GROUPS},
            "Decree 134/2015/NĐ-CP Art 14: support applies from 01/01/2018",
            "UNVERIFIED",
        ),
        (
            "2018-01-01",
            {
                "poor": rate("30%"),
                "near_poor": rate("25%"),
                "ethnic_minority": rate("10%"),
                "island": rate("10%"),
                "other": rate("10%"),
                "none": ZERO,
            },
            "Decree 134/2015/NĐ-CP Art 14.1 (max 10 years per person)",
            "V-SEC",
        ),
        (
            "2025-07-01",
            {
                "poor": rate("50%"),
                "near_poor": rate("40%"),
                "ethnic_minority": rate("30%"),
                "island": rate("50%"),
                "other": rate("20%"),
                "none": ZERO,
            },
            "Decree 159/2025/NĐ-CP Art 5",
            "V-SEC",
        ),
    ],
    description="Voluntary-SI state support by group; before 2025-07 minorities and islanders count as 'other'.",
    note_by_from={
        "2025-07-01": "support duration cap (3P: 10 years) UNVERIFIED; provinces may add (Art 6.6)."
    },
)

# --- HI by participant group --------------------------------------------------------------------------------------

# Minimum State-budget share of the HI contribution (rate × reference level) for the State-supported groups. A group
# absent from an entry was not held as State-supported then (see HI_GROUPS_HELD). Sources: docs/legal-sources.md
# ("HI groups by period").
HI_STATE_SUPPORT: Table[dict[str, Decimal]] = chain(
    "hi_state_support",
    "share of the group's HI premium",
    [
        (
            "2010-01-01",
            {"near_poor": rate("50%"), "student": rate("30%")},
            "HI Law 25/2008/QH12; Decree 62/2009/NĐ-CP (27/07/2009): the State pays 50% of the premium of people in "
            "near-poor households [VLLF-2009; NA-797: 'from 50% as applied under Decree 62/2009']; at least 30% for "
            "pupils and students from 01/01/2010 (50% for those of near-poor households) [LVT-HSSV]",
            "3P",
        ),
        (
            "2012-01-01",
            {"near_poor": rate("70%"), "student": rate("30%"), "farm_household": rate("30%")},
            "Decision 797/QĐ-TTg (2012): at least 70% for people in near-poor households from 01/01/2012 instead of the "
            "50% of Decree 62/2009 [NA-797]; pupils and students at least 30% (VSS CV 3648/BHXH-BT, 10/2014, for the "
            "2014–2015 academic year [QNA-3648]); average-living farm, forestry, fishery and salt households at least "
            "30% 'áp dụng từ ngày 01 tháng 01 năm 2012' [LVT-NSNN]",
            "3P",
        ),
        (
            "2015-01-01",
            {"near_poor": rate("70%"), "student": rate("30%"), "farm_household": rate("30%")},
            "Law 46/2014/QH13; Decree 105/2014/NĐ-CP (15/11/2014, in force 01/01/2015) Art 3: near-poor at least 70% "
            "(3.1.c; 100% for those newly out of poverty and in the 30a districts, 3.1.a–b), pupils and students at "
            "least 30% (3.2), average-living farm households at least 30% (3.3) [D105-TEXT, NA-L46]",
            "V-SEC",
        ),
        (
            "2018-12-01",
            {"near_poor": rate("70%"), "student": rate("30%"), "farm_household": rate("30%")},
            "Decree 146/2018/NĐ-CP (17/10/2018, in force 01/12/2018) Art 4: at least 70% for Art 4.1–4.2 (near-poor), "
            "at least 30% for Art 4.3–4.4 (pupils and students, farm households) [VSS-1603]",
            "V-SEC",
        ),
        (
            "2025-07-01",
            {"near_poor": rate("70%"), "student": rate("50%"), "farm_household": rate("30%")},
            "Decree 188/2025/NĐ-CP (State support shares)",
            "V-SEC",
        ),
    ],
    description="State support for HI groups 4.a (near-poor), 4.b (pupils, students), 4.d (average-living farm "
    "households); minimum shares, provinces may add.",
    note_by_from={
        "2010-01-01": "the near-poor 50% is V-SEC [VLLF-2009, NA-797]; the students' 30% is read only on a law-firm "
        "page [LVT-HSSV] (VLLF-2009 reads '50% … for pupils, students and households living just above the poverty "
        "line', which the 30% of 2012–2014 [QNA-3648] contradicts): 3P.",
        "2012-01-01": "near-poor 70% and students 30% V-SEC [NA-797, QNA-3648]; the farm households' 30% is read "
        "only on a law-firm page [LVT-NSNN]: 3P.",
    },
)

# Where the groups were defined, by period (the `article` of the hi-group result): the HI Regulations of 1992/1994,
# 1998 and 2005 before the HI Law; the Law's Art 12 (points in Law 51/2024's numbering from 2015, where the groups
# kept their names; "{point}" is the group's point).
HI_GROUP_ARTICLE: Table[str] = chain(
    "hi_group_article",
    "legal point defining the group",
    [
        ("1995-01-01", "Decree 299/HĐBT as amended by Decree 47/CP (Arts 7–8)",
         "Decree 299/HĐBT (15/08/1992) as amended by Decree 47/CP (06/06/1994) [D47CP-1994]", "V-SEC"),
        ("1998-09-27", "HI Regulation of Decree 58/1998/NĐ-CP",
         "Decree 58/1998/NĐ-CP (13/08/1998), replacing Decrees 299 and 47/CP 45 days after signing [D58-1998, opening]",
         "V-SEC"),
        ("2005-07-01", "HI Regulation of Decree 63/2005/NĐ-CP",
         "Decree 63/2005/NĐ-CP: in force 01/07/2005 (its text not read)", "UNVERIFIED"),
        ("2009-07-01", "HI Law 25/2008/QH12 Art 12", "HI Law 25/2008/QH12 (in force 01/07/2009) [VLLF-2009]", "V-SEC"),
        ("2015-01-01", "HI Law Art 12.{point}", "HI Law as amended by Law 46/2014/QH13 (in force 01/01/2015) and "
         "Law 51/2024/QH15 Art 12", "V-SEC"),
    ],
    description="The legal point defining an HI participant group, by the HI rules in force.",
)

_NOT_BEFORE_2009 = (
    "Decree 299/HĐBT (15/08/1992) Arts 7–8 as amended by Decree 47/CP (06/06/1994): compulsory HI of employees and "
    "civil servants, 3% of the salary [D47CP-1994]; the same 3% for 2007–2009 [INVESTVN]. Other groups of the HI "
    "Regulations (pensioners, the poor, pupils, voluntary HI) were not read: refused. Decree 58/1998 (in force "
    "27/09/1998, replacing Decrees 299 and 47/CP [D58-1998]) and Decree 63/2005 (from 01/07/2005) were not read; "
    "the 3% is taken to continue under them"
)
_L25 = (
    "HI Law 25/2008/QH12 (in force 01/07/2009); Decree 62/2009/NĐ-CP (in force 01/10/2009): 3% from 01/07/2009 to "
    "31/12/2009 and 4.5% from 01/01/2010 of salaries, pensions and working-capacity-loss allowances [VLLF-2009]"
)
_L46 = (
    "HI Law as amended by Law 46/2014/QH13 (in force 01/01/2015) Art 12; Decree 105/2014/NĐ-CP (to 30/11/2018), "
    "Decree 146/2018/NĐ-CP (from 01/12/2018): 4.5% for every group [D105-TEXT, VSS-1603]; household HI (5.a) "
    "and its reductions were created by Law 46/2014"
)
_SALARY_GROUPS = {"employee": None, "civil_servant": None}
_L25_GROUPS = {**_SALARY_GROUPS, "pensioner": None}
_L46_GROUPS = {
    g: None for g in ("employee", "civil_servant", "pensioner", "long_sick_leave", "unemployment_benefit",
                      "meritorious", "child_under_6", "poor", "social_assistance", "near_poor", "student",
                      "farm_household", "household_member")
}

# The HI participant groups the calculators answer for in each period, with the HI rate of the group when it is not
# the rate of employees (rate_health_insurance total): None = that rate. A group absent from the period's entry did
# not exist then, or its rules of the time were not read: refused naming `group` with the entry's basis. Group names
# are those of the hi-group calculator (HI Law Art 12 as amended by Law 51/2024).
HI_GROUPS_HELD: Table[dict[str, Decimal | None]] = chain(
    "hi_groups_in_force",
    "group → HI rate (None: the employees' rate)",
    [
        ("1995-01-01", dict(_SALARY_GROUPS), _NOT_BEFORE_2009, "V-SEC"),
        (
            "2009-07-01",
            dict(_L25_GROUPS),
            _L25 + "; pupils, students and the near-poor held from 01/01/2010 (their rate and State share of "
            "07–12/2009 not read); the State-paid groups, the UI beneficiaries and voluntary HI of Law 25/2008 not "
            "read: refused",
            "V-SEC",
        ),
        (
            "2010-01-01",
            {**_L25_GROUPS, "near_poor": None, "student": rate("3%")},
            _L25 + "; pupils and students 3% of the minimum wage [VLLF-2009, LVT-HSSV]; near-poor 4.5% of the minimum "
            "wage [QNA-3648 (2014), PMC-5403811]; farm households only from 01/01/2012; the State-paid groups, the UI "
            "beneficiaries and voluntary HI of Law 25/2008 not read: refused",
            "V-SEC",
        ),
        (
            "2012-01-01",
            {**_L25_GROUPS, "near_poor": None, "student": rate("3%"), "farm_household": None},
            _L25 + "; pupils and students 3% of the minimum wage [VLLF-2009, LVT-HSSV]; near-poor 4.5% of the minimum "
            "wage [QNA-3648 (2014), PMC-5403811]; average-living farm, forestry, fishery and salt households 4.5% of "
            "the minimum wage from 01/01/2012 [VLLF-2009; LVT-NSNN: State support from 01/01/2012]; the State-paid "
            "groups, the UI beneficiaries and voluntary HI of Law 25/2008 not read: refused",
            "V-SEC",
        ),
        (
            "2015-01-01",
            dict(_L46_GROUPS),
            _L46 + "; Decree 105/2014 Art 2.1: 4.5% of the salary (1.a), of the pension (2.a), of the UI benefit "
            "(2.d), of the base salary for every other group, pupils and students included (2.1.e); Art 11.5: pupils "
            "and students who paid for the whole 2014–2015 academic year (at 3%) owe no difference [D105-TEXT]; "
            "business owners (1.đ) only from 01/07/2025",
            "V-SEC",
        ),
        (
            "2025-07-01",
            {**_L46_GROUPS, "business_owner": None},
            "HI Law Art 12 as amended by Law 51/2024/QH15; Decree 188/2025/NĐ-CP: 4.5% for every group; registered "
            "household-business owners in compulsory SI (1.đ) from 01/07/2025",
            "V-SEC",
        ),
    ],
    description="HI participant groups held by period, with a group's own HI rate where it differs from the "
    "employees' rate (pupils and students 3% of the minimum wage 2010–2014).",
)

# Where the law lets a premium paid in full before a change keep the rate of the month before the change: the
# months of the entry keep that rate for the groups listed, when the period charged starts before the entry and
# reaches its last month (a payment for the whole period made before the change). Every other period crossing a
# change is charged month by month at the month's rate, base and State share (hi-group). Only one such provision
# was found; the rule on premiums paid in advance when the base salary changes (Decrees 146/2018, 188/2025) was
# searched for and not found (docs/legal-sources.md, "hi-group month by month").
HI_RATE_KEPT_WHEN_PAID_BEFORE: Table[tuple[str, ...]] = chain(
    "hi_rate_kept_when_paid_before",
    "groups keeping the rate of the month before the entry",
    [
        ("1995-01-01", (), "no provision found", "V-SEC"),
        (
            "2015-01-01",
            ("student",),
            "Decree 105/2014/NĐ-CP Art 11.5: 'Học sinh, sinh viên đã tham gia đóng bảo hiểm y tế cho cả năm học 2014 "
            "- 2015 thì không phải truy đóng phần chênh lệch theo mức đóng bảo hiểm y tế quy định tại điểm g [sic: "
            "the students' rate is point e] khoản 1 Điều 2' [D105-TEXT]",
            "V-SEC",
        ),
        ("2015-10-01", (), "no provision found after the 2014–2015 academic year", "V-SEC"),
    ],
    description="Months in which a premium paid in full before a rate change keeps the former rate (groups listed).",
    note_by_from={
        "2015-01-01": "the academic year's premium period is taken to end on 30/09/2015, the day before the "
        "2015–2016 cards start (01/10/2015 in Ho Chi Minh City [HCM-2404]; card years 1 Oct – 30 Sep): a decision, "
        "the Decree names no month",
    },
)

# Household HI: share of the first member's contribution paid by the 1st, 2nd, 3rd, 4th, 5th-and-later member.
HOUSEHOLD_HI_SHARES: Table[tuple[Decimal, ...]] = chain(
    "household_hi_shares",
    "share of the first member",
    [
        (
            "2015-01-01",
            tuple(rate(s) for s in ("100%", "70%", "60%", "50%", "40%")),
            "HI Law Art 13.1.e as amended by Law 46/2014/QH13 (in force 01/01/2015); Decree 105/2014/NĐ-CP Art 2.1.g: "
            "the first member 4.5% of the base salary, the 2nd, 3rd, 4th 70%, 60%, 50% of it, 40% from the 5th; no "
            "reduction for a household whose premium the State supports [D105-TEXT]",
            "V-SEC",
        ),
        (
            "2025-07-01",
            tuple(rate(s) for s in ("100%", "70%", "60%", "50%", "40%")),
            "HI Law Art 13.6 as amended by Law 51/2024/QH15; Decree 188/2025/NĐ-CP (read by the analyst, "
            "domain-vn §6.2; not re-read)",
            "V-SEC",
        ),
    ],
    description="Household HI reductions by member rank (members joining in the same fiscal year).",
)

# --- late payment --------------------------------------------------------------------------------------------------

LATE_INTEREST_DAILY = chain(
    "late_interest_daily",
    "rate/day",
    [("2025-07-01", rate("0.03%"), "Law 41/2024/QH15 Art 40.1, 41.1; Decree 274/2025/NĐ-CP", "V-LAW")],
    description="Simple interest per day late on the amount late or evaded (SI, UI; HI assumed the same).",
    note_by_from={
        "2025-07-01": "Decree 274/2025 (16/10/2025) is in force from 30/11/2025 [KMC-274, LD-274]; its Art 7 has the "
        "SI office set each month the amount and the days late and charge 0.03%/day on them [LD-274], but the "
        "article that counts the days was not read: the day count here (both ends) is UNVERIFIED; HI under the same "
        "rule is an assumption (UNVERIFIED)."
    },
)


def by_year(
    name: str, unit: str, rows: list[tuple[int, Decimal, str, str]], description: str
) -> Table[Decimal]:
    """A table of values set for single calendar years, with gaps where no value was found."""
    entries = tuple(
        Entry(dt.date(y, 1, 1), dt.date(y, 12, 31), value, basis, status) for y, value, basis, status in rows
    )
    return Table(name, unit, entries, description, contiguous=False)


# Average SI-fund investment return of the PREVIOUS year, as announced by VSS each January, keyed by the year in
# which it applies. Under Law 58/2014 the late-payment rate of a month is 2 × this return / 12 (Law 58/2014 Art
# 122.3; Decision 60/2015/QĐ-TTg Art 6.3.b; Decision 595/QĐ-BHXH as amended by 888/QĐ-BHXH) and voluntary-SI lump
# sums are discounted or compounded at this return / 12 (Decree 134/2015 Art 10). Years without a value raise
# RuleError: pass the rate in the input. Provincial offices publish k = 2 × return ÷ 12 as %/month (often cut to
# 4 decimals, e.g. 0.7316 for 4.39 %); where only k was read, the return is k × 6 rounded to 2 decimals ("derived").
# Sources: docs/legal-sources.md ("si_fund_return_previous_year"). Not found: 2024, 2025.
FUND_RETURN = by_year(
    "si_fund_return_previous_year",
    "rate/year",
    [
        (
            2016,
            rate("6.39%"),
            "Nghệ An SI office CV 420/BHXH-QLT (18/03/2016), as reported by Báo Nghệ An: 2015 "
            "investment return 6.39 %/year, k = 1.065 %/month from 01/01/2016 (same k: HCMC SI office "
            "Notice 619/TB-BHXH, 08/03/2016)",
            "V-SEC",
        ),
        (
            2017,
            rate("7.90%"),
            "derived: k = 1.317 %/month from 01/01/2017, HCMC SI office Notice 362/TB-BHXH based on "
            "VSS Notice 425/TB-BHXH (14/02/2017), as reported by a law firm (nvmgroup.com) = 2 × 7.90 % "
            "÷ 12",
            "3P",
        ),
        (
            2018,
            rate("7.25%"),
            "VSS: 'the annual average investment interest rate of the entire social insurance fund in 2017 was "
            "7.25 per cent' (Deputy General Director Đào Việt Ánh, Viet Nam News / VNA, on bizhub.vn); the "
            "VSS notice of January 2018 itself was not read; k = 2 × 7.25 % ÷ 12 = 1.2083 %/month",
            "V-SEC",
        ),
        (
            2019,
            rate("6.40%"),
            "derived: k = 1.0666 %/month (12.8 %/year) from 01/01/2019, Vĩnh Long SI office notice "
            "of 07/01/2019 citing VSS Notice 44/TB-BHXH (copy on a mirror site) = 2 × 6.40 % ÷ 12",
            "3P",
        ),
        (
            2020,
            rate("5.80%"),
            "Notice 63/TB-BHXH (08/01/2020): 2019 average return 5.80%/year (hddtvn reproduction)",
            "3P",
        ),
        (
            2021,
            rate("5.02%"),
            "derived: k = 0.8366 %/month in 2021 (Gia Đình Mới newspaper on the HCMC SI office "
            "notices) = 2 × 5.02 % ÷ 12 cut to 4 decimals",
            "V-SEC",
        ),
        (
            2022,
            rate("4.39%"),
            "VSS Notice 89/TB-BHXH (13/01/2022): 2021 return 4.39 %/year, as reported by Gia Đình "
            "Mới newspaper (HCMC k = 0.7316 %/month from 01/01/2022)",
            "V-SEC",
        ),
        (
            2023,
            rate("4.19%"),
            "VSS Notice 83/TB-BHXH (12/01/2023): average investment return 4.19 %/year, as "
            "reported by LuatVietnam (VietlawOnline newsletter 598)",
            "V-SEC",
        ),
        (2026, rate("3.72%"), "derived: 0.31%/month used by a public voluntary-SI calculator for 2026", "3P"),
    ],
    "Average SI-fund investment return of the previous year, applying in the year shown.",
)

# HI late payment before 2025-07-01: 2 × the 9-month interbank rate of the previous year ÷ 12 (Decision
# 60/2015/QĐ-TTg Art 6.3.a; Decision 595). Same conventions and sources as FUND_RETURN. Not found: 2024, 2025.
HI_INTERBANK_RATE = by_year(
    "interbank_9m_rate_previous_year",
    "rate/year",
    [
        (
            2016,
            rate("6.50%"),
            "derived: HI k = 1.083 %/month from 01/01/2016, HCMC SI office Notice 619/TB-BHXH "
            "(08/03/2016; copy of an HCMC district SI page) = 2 × 6.50 % ÷ 12",
            "3P",
        ),
        (
            2017,
            rate("5.80%"),
            "derived: HI k = 0.967 %/month from 01/01/2017, HCMC SI office Notice 67/TB-BHXH "
            "(copy of an HCMC district SI page; the same k in Notice 362/TB-BHXH via nvmgroup.com) "
            "= 2 × 5.80 % ÷ 12",
            "3P",
        ),
        (
            2018,
            rate("4.50%"),
            "derived: HI k = 0.75 %/month from 01/01/2018, HCMC SI office Notice 13/TB-BHXH "
            "(04/01/2018), text reproduced by webketoan.vn = 2 × 4.50 % ÷ 12",
            "3P",
        ),
        (
            2019,
            rate("5.20%"),
            "derived: HI k = 0.8666 %/month (10.4 %/year) from 01/01/2019, Vĩnh Long SI office "
            "notice of 07/01/2019 (copy on a mirror site) = 2 × 5.20 % ÷ 12",
            "3P",
        ),
        (
            2020,
            rate("5.86%"),
            "Notice 63/TB-BHXH (08/01/2020): SBV 9-month interbank rate on 31/12/2019 (hddtvn reproduction)",
            "3P",
        ),
        (
            2021,
            rate("3.08%"),
            "VSS Notice 123/TB-BHXH (14/01/2021): SBV 9-month interbank rate on 31/12/2020 "
            "3.08 %/year, as reported by Báo Nghệ An (Nghệ An SI office Notice 198/BHXH-QLT)",
            "V-SEC",
        ),
        (
            2022,
            rate("3.26%"),
            "VSS Notice 89/TB-BHXH: SBV 9-month interbank rate on 31/12/2021 3.26 %/year (Gia Đình "
            "Mới newspaper); HCMC SI office Notice 86/TB-BHXH (06/01/2022): HI k = 0.5433 %/month",
            "V-SEC",
        ),
        (
            2023,
            rate("9.61%"),
            "VSS Notice 83/TB-BHXH (12/01/2023): SBV 9-month interbank rate on 30/12/2022 "
            "9.61 %/year, as reported by LuatVietnam (VietlawOnline newsletter 598)",
            "V-SEC",
        ),
    ],
    "9-month interbank rate published by the State Bank at the end of the previous year.",
)

# --- allocation of an employer's payment -----------------------------------------------------------------------------

# The order in which the SI office books what an employer paid, as steps of fund codes ("hi", "ui", "oaod", "sm",
# "rs"); a step naming several funds shares the money in proportion to what each is owed. Each step takes the fund's
# amount due and then its late-payment interest ("thu đủ số tiền phải đóng vào quỹ … và tiền lãi chậm đóng").
# Before the steps the texts first pay what is owed for employees who are due a benefit or have left — not modelled:
# the ledger holds what an employer owes per month and fund, not per person. Sources: docs/legal-sources.md
# ("Collection: allocating a unit's payment"). Used by contributions.services.payments.
PAYMENT_ALLOCATION_ORDER = chain(
    "payment_allocation_order",
    "steps of funds",
    [
        (
            "2016-01-01",
            (("hi",), ("ui",), ("oaod",), ("sm", "rs")),
            "Decision 60/2015/QĐ-TTg (HI, then UI, then SI, each with its late interest; as reported by Báo Nghệ An); "
            "within SI: Decision 595/QĐ-BHXH as amended by Decision 505/QĐ-BHXH (HI, UI, OA/OD, then the SI fund — "
            "sickness & maternity, retirement & survivorship — shared in proportion to the amounts due; quoted by the "
            "MISA AMIS BHXH help)",
            "3P",
        ),
        (
            "2025-08-26",
            (("hi",), ("ui",), ("sm",), ("oaod",), ("rs",)),
            "Decree 233/2025/NĐ-CP (26/08/2025) Art 7.4.b: HI, UI, then SI into its component funds sickness & "
            "maternity, occupational accident & disease, retirement & survivorship (Hanoi SI office answer in Lao Động, "
            "quoting the article)",
            "V-SEC",
        ),
    ],
    description="Order in which an employer's payment is booked to the funds (each fund's amount due, then its "
    "interest).",
    note_by_from={
        "2016-01-01": "HI > UI > SI is V-SEC (Decision 60/2015); the split within SI is read only in a vendor's quote "
        "of Decision 505/QĐ-BHXH (2020) and is applied here from 2016 (UNVERIFIED before 2020).",
        "2025-08-26": "valid from the decree's date of issue; its date of entry into force was not read (UNVERIFIED).",
    },
)
