"""Retirement pension (hưu trí) parameters: retirement ages, minimum years, replacement rates, average-salary
windows, revaluation coefficients per settlement year, indexation of pensions in payment.

Sources and statuses: docs/legal-sources-benefits.md. The revaluation coefficients of settlements 2011 and 2016–2025
and the partial 2012 and 2013 tables are V-SEC (pages quoting the circulars); the partial 2015 table and 2026 are 3P;
2007–2010 and 2014 are not held (REVALUATION_NOT_FOUND says which circular and why).
"""

from __future__ import annotations

from decimal import Decimal

from ansinh.rules.params.benefit_common import CV529
from ansinh.rules.tables import Entry, Table, chain, d

D = Decimal


def _age(years: int, months: int = 0) -> int:
    return years * 12 + months


# Statutory retirement age in normal working conditions, in months, by the calendar year in which it is reached
# (Labour Code 2019 Art 169.2; Decree 135/2020/NĐ-CP Art 4 and Appendix I). Reduced age (heavy/toxic/dangerous work,
# extremely difficult areas, Art 169.3): at most 5 years lower (Decree 135/2020 Art 5, Appendix II).
_ROADMAP = []
for _i, _year in enumerate(range(2021, 2036)):
    _male = min(_age(60, 3) + 3 * _i, _age(62))
    _female = min(_age(55, 4) + 4 * _i, _age(60))
    _ROADMAP.append(
        (
            f"{_year}-01-01",
            {"male": _male, "female": _female},
            "Labour Code 2019 Art 169.2; Decree 135/2020/NĐ-CP Art 4 (men 60y3m in 2021 +3 months/year to 62; "
            "women 55y4m +4 months/year to 60) — Art 169.2 read in the Labour Code text",
            "V-LAW",
        )
    )
RETIREMENT_AGE = chain(
    "retirement_age",
    "months of age",
    [
        (
            "1995-01-01",
            {"male": _age(60), "female": _age(55)},
            "Labour Code 1994 Art 145 / 2012 Art 187.1 (men 60, women 55; the same ages are quoted as the pre-roadmap ages "
            "in Law 41/2024 Art 141.9–141.10; Law 58/2014 Art 54.1.a 'nam đủ 60 tuổi, nữ đủ 55 tuổi' read for 2016–2020)",
            "V-SEC",
        ),
        *_ROADMAP,
    ],
    description="Normal retirement age by the year it is reached; the reduced age is 5 years lower.",
)
EARLY_AGE_YEARS = 5  # Labour Code 2019 Art 169.3; Law 41/2024 Art 64.1.b, 65.1.a (5) / 65.1.b (10)

PENSION_MIN_YEARS = chain(
    "pension_min_years",
    "years of compulsory SI",
    [
        (
            "2007-01-01",
            {"age": 20, "reduced_capacity": 20},
            f"Law 71/2006 (20 years for a pension; fewer → one-time SI) — {CV529} §I.3, §III.4",
            "V-SEC",
        ),
        (
            "2016-01-01",
            {"age": 20, "reduced_capacity": 20},
            "Law 58/2014 Art 54.1, 55.1 (20 years; also after the Labour Code 2019 Art 219.1 amendment) — read in the law text",
            "V-LAW",
        ),
        ("2025-07-01", {"age": 15, "reduced_capacity": 20}, "Law 41/2024 Art 64.1, 65.1", "V-LAW"),
    ],
    description="Minimum whole years of SI for a pension at the statutory age / with reduced working capacity.",
)

# Replacement rate: base rate at `at` years, + `step` per further year (half a year = half a step), capped at `max`.
# 'male_short' (Law 41 only): men with 15 – < 20 years: 40% at 15 years + 1% per year.
_L58 = (
    "Law 58/2014 Art 56.2 (from 2018: 45% at 15 years for women; men 16/17/18/19/20 years in 2018/2019/2020/2021/"
    "2022+; +2%/year, max 75%) — read in the law text; Circular 59/2015 Art 17 examples 25 (woman 2019) and 28 "
    "(man 2018)"
)
_F = {"base": D("0.45"), "at": 15, "step": D("0.02")}
PENSION_RATE = chain(
    "pension_rate",
    "rate of average salary",
    [
        (
            "2007-01-01",
            {"female": {**_F, "step": D("0.03")}, "male": {**_F}, "male_short": None, "max": D("0.75")},
            f"Law 71/2006 (75% reached at 25 years for women and 30 for men — {CV529} §I.3; 45% at 15 years + 3% / 2% "
            "a year is the Law 71 formula Law 58/2014 Art 56.1 kept for 2016–2017, read in the Law 58 text); the "
            "½-year rule for odd months is taken from Law 58 (UNVERIFIED for Law 71); the same 45% + 2% men / 3% women, max "
            "75%, from the decree guiding Law 71 as the Ministry of Justice portal presents it (pbgdpl.gov.vn "
            "PrintTL.aspx?ItemID=192, after the Government website)",
            "V-SEC",
        ),
        (
            "2016-01-01",
            {"female": {**_F, "step": D("0.03")}, "male": {**_F}, "male_short": None, "max": D("0.75")},
            "Law 58/2014 Art 56.1 (2016–2017: 45% at 15 years, +2%/year men, +3%/year women, max 75%) — read in the law "
            "text; Circular 59/2015 Art 17 examples 24, 27 (women), 26, 29 (men)",
            "V-LAW",
        ),
        (
            "2018-01-01",
            {"female": _F, "male": {**_F, "at": 16}, "male_short": None, "max": D("0.75")},
            _L58,
            "V-LAW",
        ),
        (
            "2019-01-01",
            {"female": _F, "male": {**_F, "at": 17}, "male_short": None, "max": D("0.75")},
            _L58,
            "V-LAW",
        ),
        (
            "2020-01-01",
            {"female": _F, "male": {**_F, "at": 18}, "male_short": None, "max": D("0.75")},
            _L58,
            "V-LAW",
        ),
        (
            "2021-01-01",
            {"female": _F, "male": {**_F, "at": 19}, "male_short": None, "max": D("0.75")},
            _L58,
            "V-LAW",
        ),
        (
            "2022-01-01",
            {"female": _F, "male": {**_F, "at": 20}, "male_short": None, "max": D("0.75")},
            _L58,
            "V-LAW",
        ),
        (
            "2025-07-01",
            {
                "female": _F,
                "male": {**_F, "at": 20},
                "male_short": {"base": D("0.40"), "at": 15, "step": D("0.01")},
                "max": D("0.75"),
            },
            "Law 41/2024 Art 66.1",
            "V-LAW",
        ),
    ],
    description="Pension replacement rate by sex and years of SI, by the date the pension starts.",
)

EARLY_REDUCTION = chain(
    "pension_early_reduction",
    "rate per year early",
    [
        (
            "2007-01-01",
            {"per_year": D("0.01"), "half_year": None},
            f"Law 71/2006 (1% per year before the statutory age; Law 58 raised it to 2%) — {CV529} §I.3, §III.4; the "
            "rule for odd months was not read: a reduced-capacity pension with odd months early is refused",
            "V-SEC",
        ),
        (
            "2016-01-01",
            {"per_year": D("0.02"), "half_year": D("0.01")},
            "Law 58/2014 Art 56.3 (2% per year early; odd months of the age up to 6 → 1%, over 6 → 0, i.e. 1% when 6–11 "
            "months early remain) — read in the law text; Circular 59/2015 Art 17.1.a, examples 25 (50y1m: 8% + 1%) and 28 "
            "(56y7m: 6%)",
            "V-LAW",
        ),
        (
            "2025-07-01",
            {"per_year": D("0.02"), "half_year": D("0.01")},
            "Law 41/2024 Art 66.3 (2% per year early; < 6 months → 0, 6 – < 12 months → 1%)",
            "V-LAW",
        ),
    ],
    description="Reduction of the rate for a reduced-capacity pension taken before the statutory age.",
)

# Reduced-capacity pension under Law 58/2014 before the Labour Code 2019: minimum age by the year the pension starts
# (61% – < 81%: men 51 / women 46 in 2016, +1 year per year to 55 / 50 in 2020; ≥ 81%: 50 / 45), and the age from
# which years early are counted (60 / 55). None from 2021: the Labour Code 2019 ages apply (up to 5 years below the
# Art 169.2 age for 61% – < 81%, 10 for ≥ 81%), counted from the person's own Art 169.2 age.
_RC = (
    "Law 58/2014 Art 55.1.a–b (2016: men 51, women 46, then +1 year a year to 55/50 from 2020; ≥ 81%: 50/45) — read "
    "in the law text; Circular 59/2015 Art 16.1 table (2016 51/46, 2017 52/47, 2018 53/48, 2019 54/49, 2020+ 55/50) "
    "and Art 17 examples 24, 25, 27, 28 (years early counted from 55 / 60)"
)
REDUCED_CAPACITY_AGE = chain(
    "reduced_capacity_age",
    "months of age",
    [
        (
            "2007-01-01",
            {
                "61": {"male": _age(50), "female": _age(45)},
                "81": {"male": _age(50), "female": _age(45)},
                "reference": {"male": _age(60), "female": _age(55)},
            },
            f"Law 71/2006 (61% or more: men from 50, women from 45; Law 58 raised the 61–80% ages by a roadmap to "
            f"55 / 50) — {CV529} §III.4",
            "V-SEC",
        ),
        *[
            (
                f"{2016 + i}-01-01",
                {
                    "61": {"male": _age(51 + i), "female": _age(46 + i)},
                    "81": {"male": _age(50), "female": _age(45)},
                    "reference": {"male": _age(60), "female": _age(55)},
                },
                _RC,
                "V-LAW",
            )
            for i in range(5)
        ],
        (
            "2021-01-01",
            None,
            "Labour Code 2019 Art 219.1.b replacing Law 58/2014 Art 55.1 (up to 5 years below the Art 169.2 age at 61% – "
            "< 81%, up to 10 at ≥ 81%) — read in the Labour Code text; Law 41/2024 Art 65.1 from 2025-07-01",
            "V-LAW",
        ),
    ],
    description="Minimum age for a reduced-capacity pension and the age early years are counted from (Law 58 era).",
)

# Lump sum at retirement for years above the threshold (0.5 × average per year); Law 41 adds 2 × average per year
# contributed after reaching the retirement age while already eligible.
RETIREMENT_LUMP_SUM = chain(
    "retirement_lump_sum",
    "months of average salary per year",
    [
        (
            "2007-01-01",
            {"threshold": "rate_max", "per_year": D("0.5"), "after_age_per_year": None},
            "Law 71/2006 Art 54 (0.5 month per year above the years giving 75%: 30 men / 25 women) — the article was "
            f"not read; the 75% years are in {CV529}",
            "UNVERIFIED",
        ),
        (
            "2016-01-01",
            {"threshold": "rate_max", "per_year": D("0.5"), "after_age_per_year": None},
            "Law 58/2014 Art 58 (0.5 month of the average per year above those giving 75%) — read in the law text; "
            "Circular 59/2015 example 24 (1.5 years × 0.5 month)",
            "V-LAW",
        ),
        (
            "2025-07-01",
            {"threshold": {"male": 35, "female": 30}, "per_year": D("0.5"), "after_age_per_year": D("2")},
            "Law 41/2024 Art 68",
            "V-LAW",
        ),
    ],
    description="Lump sum at retirement for years of contributions above the maximum-rate years.",
)

MIN_PENSION = chain(
    "min_pension",
    "multiple of reference level",
    [
        (
            "2007-01-01",
            {"min_years": 20, "multiple": D(1), "joined_before": None},
            f"Law 71/2006: at least the general minimum wage (the base salary table) — {CV529} §III.4 (Law 58 keeps "
            "the floor except for commune staff with 15–20 years); the 20-year condition as under Law 58",
            "V-SEC",
        ),
        (
            "2016-01-01",
            {"min_years": 20, "multiple": D(1), "joined_before": None},
            "Law 58/2014 Art 56.5 (compulsory SI: at least the base salary) and Art 71.1.a (≥ 20 years of compulsory SI "
            "when voluntary years are mixed in) — read in the law text",
            "V-LAW",
        ),
        (
            "2025-07-01",
            {"min_years": 20, "multiple": D(1), "joined_before": "2025-07-01"},
            "Law 41/2024 Art 141.11 (joined before 2025-07-01 with ≥ 20 years of compulsory SI: at least the reference level)",
            "V-LAW",
        ),
    ],
    description="Minimum monthly pension.",
)

# State-pay careers: years averaged before retirement, by the date of first participation (Law 41/2024 Art 72.1;
# same steps in Law 58/2014 Art 62.1, read in that text; Circular 59/2015 Art 20.1). None = the whole career.
STATE_AVERAGE_YEARS = chain(
    "state_pay_average_years",
    "years",
    [
        ("1900-01-01", 5, "Law 41/2024 Art 72.1.a (joined before 1995)", "V-LAW"),
        ("1995-01-01", 6, "Law 41/2024 Art 72.1.b", "V-LAW"),
        ("2001-01-01", 8, "Law 41/2024 Art 72.1.c", "V-LAW"),
        ("2007-01-01", 10, "Law 41/2024 Art 72.1.d", "V-LAW"),
        ("2016-01-01", 15, "Law 41/2024 Art 72.1.đ", "V-LAW"),
        ("2020-01-01", 20, "Law 41/2024 Art 72.1.e", "V-LAW"),
        ("2025-01-01", None, "Law 41/2024 Art 72.1.g (whole career)", "V-LAW"),
    ],
    description="Number of final years averaged for a state-pay career, by first participation date.",
)

# Revaluation coefficients (mức điều chỉnh tiền lương, thu nhập đã đóng BHXH), by settlement date; key = contribution
# year, 1994 = 'before 1995'. Applied to employer-decided pay, to state pay of people who joined from 2016, and to
# voluntary-SI income (voluntary income from 2008: same figures, 3P).
_YEARS = list(range(1994, 2027))
_C2024 = [
    "5.43",
    "4.61",
    "4.36",
    "4.22",
    "3.92",
    "3.75",
    "3.82",
    "3.83",
    "3.68",
    "3.57",
    "3.31",
    "3.06",
    "2.85",
    "2.63",
    "2.14",
    "2.00",
    "1.83",
    "1.54",
    "1.41",
    "1.33",
    "1.27",
    "1.27",
    "1.23",
    "1.19",
    "1.15",
    "1.12",
    "1.08",
    "1.07",
    "1.03",
    "1.00",
    "1.00",
]
_C2025 = [
    "5.63",
    "4.78",
    "4.51",
    "4.37",
    "4.06",
    "3.89",
    "3.95",
    "3.97",
    "3.82",
    "3.70",
    "3.43",
    "3.17",
    "2.95",
    "2.72",
    "2.21",
    "2.07",
    "1.90",
    "1.60",
    "1.47",
    "1.37",
    "1.32",
    "1.31",
    "1.28",
    "1.23",
    "1.19",
    "1.16",
    "1.12",
    "1.10",
    "1.07",
    "1.04",
    "1.00",
    "1.00",
]
_C2026 = [
    "5.81",
    "4.91",
    "4.65",
    "4.50",
    "4.18",
    "4.01",
    "4.07",
    "4.09",
    "3.94",
    "3.81",
    "3.54",
    "3.27",
    "3.05",
    "2.81",
    "2.29",
    "2.14",
    "1.96",
    "1.65",
    "1.51",
    "1.42",
    "1.36",
    "1.36",
    "1.32",
    "1.28",
    "1.23",
    "1.20",
    "1.16",
    "1.14",
    "1.11",
    "1.07",
    "1.03",
    "1.00",
    "1.00",
]
# Settlement years 2016–2023 (issue 15; 2024–2025 confirmed below). Sources, all in the "pages" corpus of the search tool (pages quoting
# the circulars; docs/legal-sources-benefits.md, "Revaluation coefficients by settlement year"):
#   [LAWNET-58]  lawnet.vn (THƯ VIỆN PHÁP LUẬT), "Vietnam: How to adjust the monthly salaries for which the social
#                insurance premiums have been paid?" — Table 1 of Circular 58/2015/TT-BLĐTBXH in full;
#   [L24H-58]    lawyer24h.net on Circular 58/2015: voluntary incomes 2014 1.01, 2015 1.00, 2016 1.00;
#   [LAWNET-20]  lawnet.vn, "Adjustment of Monthly Salary and Income for Social Insurance Contribution in 2020" (Circular
#                35/2019): before 1995 4.85 "(increase by 0.13)", 1995 4.12 (+0.11), 1996 3.89 (+0.1), 2018 1.03
#                (+0.03); 2019 unchanged against Circular 35/2018 — they agree with [VLHB-19];
#   [ONESTEP-20] onestepvietnam.com, "Adjustment of salaries and income for which social insurance have been paid":
#                Circular 35/2019 Tables 1 and 2 in full ("Source: TVPL"); also trademarkvn.com.vn and
#                thuvienphapluat.vn/news 27296 (2015–2020) for the same figures;
#   [TM-21]      trademarkvn.com.vn on Circular 23/2020/TT-BLĐTBXH (30/12/2020): before 1995 5.01; 1995 4.25, 2000 3.52,
#                2005 2.82, 2010 1.69, 2016 1.14, 2020 1.00, 2021 1.00; [TVPL-21] thuvienphapluat.vn/news 34295:
#                2015 1.17 … 2019 1.03, 2020 1.00, 2021 1.00;
#   [TVPL-22]    thuvienphapluat.vn/news 39080 on Circular 36/2021/TT-BLĐTBXH (31/12/2021): before 1995 5.10
#                ("increasing by 0.09 compared to 2021"), 1995 4.33 (+0.08), 1996 4.09 (+0.07), 1997 3.96 (+0.07),
#                1998 3.68 (+0.07), 1999 3.53 (+0.07), 2000 3.58 (+0.06), 2022 1.00 — they agree with [DANLUAT-21];
#   [VSS-23]     vss.gov.vn (Vietnam Social Security, English site), "Adjustment coefficients of monthly salaries,
#                incomes for which paid social insurance premiums are based" (30/01/2023) on Circular 01/2023/TT-BLĐTBXH:
#                Table 1 before 1995 … 2019 with the increase on 2022; [DN-23] diza.dongnai.gov.vn (Đồng Nai
#                enterprise department): 2020 1.05, 2021 1.03, 2022 and 2023 1.00, voluntary incomes the same.
#   [NLD-17]     nld.com.vn (Người Lao Động), "Mức điều chỉnh lương đóng BHXH năm 2017" (20/02/2017, answer of the
#                Ho Chi Minh City labour federation's legal advice centre) on Circular 42/2016/TT-BLĐTBXH (28/12/2016):
#                before 1995 4,4; 1995–2017 3,74 … 1,03 - 1,03 - 1 - 1 — Table 1 in full;
#   [LD-17]      laodong.com.vn (Lao Động), "Mức điều chỉnh tiền lương, thu nhập tháng đã đóng bảo hiểm xã hội" (Circular
#                42/2016 in force 11/02/2017): 2006–2017 2,31 - 2,13 - 1,73 - 1,62 - 1,48 - 1,25 - 1,15 - 1,08 - 1,03 -
#                1,03 - 1,00 - 1,00 — the same figures;
#   [BHXH-EX-17] a worked example of Vietnam Social Security (one-time SI settled in 2017, worker A, 01/2013–07/2016),
#                transcribed from its images by a public repository (find_string "42/2016/TT-BLĐTBXH", ids 45596672856
#                and 61933296382): 2013 1.08, 2014 1.03, 2015 1.03, 2016 1.00 — the same figures again.
#   [VLHB-19]    vieclamhoabinh.com, "Mức điều chỉnh tiền lương, thu nhập tính đóng bảo hiểm xã hội 2020": Circular
#                35/2018 and Circular 35/2019 side by side, in full (its 2004 value of 35/2019 reads 2,94 where every
#                other copy has 2.96 — the 35/2018 column is consistent with the 2016 and 2020 tables);
#   [DANLUAT-21] thuvienphapluat.vn/cong-dong-dan-luat, "Mức điều chỉnh tiền lương, thu nhập tính đóng BHXH năm
#                2021": Circular 35/2019 and Circular 23/2020 side by side, in full.
# A table the sources give only in part refuses the contribution years it lacks (REVALUATION_OMITTED, with the reason),
# never interpolated or derived from a neighbouring table.
# Settlement year 2011 (Law 71/2006 era, Decree 83/2008/NĐ-CP, Decree 134/2008/NĐ-CP): [TLH-11]
# truonglachongtphcm.edu.vn (a Ho Chi Minh City school's legal bulletin, "THÔNG TIN PHÁP LUẬT SỐ 16", 10/03/2011), "Quy
# định về định mức điều chỉnh tiền lương, tiền công về thu nhập tháng đã đóng bảo hiểm xã hội" on Circular
# 02/2011/TT-BLĐTBXH: wages "Năm t | Trước 1995 | 1995 | … | 2011 — Mức điều chỉnh | 2,96 | 2,52 | 2,38 | 2,30 | 2,14 |
# 2,05 | 2,08 | 2,09 | 2,01 | 1,95 | 1,81 | 1,67 | 1,55 | 1,44 | 1,17 | 1,09 | 1,00 | 1,00" — the table in full;
# voluntary incomes 2008 1,17, 2009 1,09, 2010 1,00, 2011 1,00 (the same figures); settlements 01/01/2011–31/12/2011;
# in force 07/03/2011. One copy; every year scales evenly to the 2012, 2016, 2017, 2018 and 2020 tables (factor ≈ 1.187
# to 2012, Vietnam's 2011 inflation), test_revaluation_tables_agree_with_each_other.
_C2011 = {
    1994: "2.96", 1995: "2.52", 1996: "2.38", 1997: "2.30", 1998: "2.14", 1999: "2.05", 2000: "2.08", 2001: "2.09",
    2002: "2.01", 2003: "1.95", 2004: "1.81", 2005: "1.67", 2006: "1.55", 2007: "1.44", 2008: "1.17", 2009: "1.09",
    2010: "1.00", 2011: "1.00",
}
# Settlement year 2012 (Law 71/2006 era, Decree 83/2008/NĐ-CP): [BNA-12] baonghean.vn/en, "Adjusting wages, salaries
# and income" — the Ministry's "Circular 02" for settlements 01/01/2012–31/12/2012 (its full number and date are not
# in the copy), Table "Year t / Adjustment level": before 1995 3.52, 1995 2.98, 1996 2.82, 1997 2.73, 1998 2.54,
# 1999 2.43, 2000 2.47, then the copy is cut. Partial: 2001–2012 are refused (REVALUATION_OMITTED).
_C2012 = {1994: "3.52", 1995: "2.98", 1996: "2.82", 1997: "2.73", 1998: "2.54", 1999: "2.43", 2000: "2.47"}
# Settlement year 2013: [BHD-13] baohaiduong.vn (Báo Hải Dương), "Tăng mức điều chỉnh tiền lương, tiền công đã đóng bảo
# hiểm xã hội" (18/02/2013) on Circular 01/2013/TT-BLĐTBXH (in force 15/03/2013, applied from 01/01/2013): "trước năm
# 1995 là 3,84; năm 1995 là 3,26...; năm 2012 - 2013 là 1 (tăng từ 0 - 0,32 so với các mức điều chỉnh được quy định năm
# 2012)"; voluntary incomes "năm 2008 là 1,51; năm 2009 là 1,41...; năm 2012 - 2013 là 1". Partial: 1996–2011 refused
# (REVALUATION_OMITTED); the income figures of 2008 and 2009 are not entered (the table serves wages too, whose 2008
# and 2009 figures the copy does not print).
_C2013 = {1994: "3.84", 1995: "3.26", 2012: "1.00", 2013: "1.00"}
# Settlement year 2015: [LSBH-15] luatsubaoho.com (a law firm's site), "Quy định điều chỉnh tiền lương, tiền công và thu
# nhập tháng đã đóng BHXH" on Circular 03/2015/TT-BLĐTBXH (23/01/2015): "tăng tiền lương, tiền công và thu nhập tháng đã
# đóng BHXH cho người lao động từ năm 2008 đến 2013; với hệ số điều chỉnh tiền lương, tiền công và thu nhập lần lượt là
# 1,68; 1,57; 1,44; 1,21; 1,11; 1,04 … riêng đối với năm 2014, 2015, tiền lương và thu nhập tháng đã đóng BHXH không thay
# đổi, vẫn bằng tổng tiền lương" (× 1.00); number, date, in force 09/03/2015 and applied from 01/01/2015 also in
# thuvienphapluat.vn (news 9162, 30/01/2015). Partial: before 1995 … 2007 refused (REVALUATION_OMITTED). 3P: one
# law-firm copy (the figures scale evenly against 2016 and 2017, test_revaluation_tables_agree_with_each_other).
_C2015 = {2008: "1.68", 2009: "1.57", 2010: "1.44", 2011: "1.21", 2012: "1.11", 2013: "1.04", 2014: "1.00",
          2015: "1.00"}
_C2016 = {
    1994: "4.29", 1995: "3.64", 1996: "3.44", 1997: "3.33", 1998: "3.09", 1999: "2.96", 2000: "3.01", 2001: "3.02",
    2002: "2.91", 2003: "2.82", 2004: "2.62", 2005: "2.42", 2006: "2.25", 2007: "2.08", 2008: "1.69", 2009: "1.58",
    2010: "1.45", 2011: "1.22", 2012: "1.12", 2013: "1.05", 2014: "1.01", 2015: "1.00", 2016: "1.00",
}
_C2017 = {
    1994: "4.40", 1995: "3.74", 1996: "3.53", 1997: "3.42", 1998: "3.18", 1999: "3.04", 2000: "3.09", 2001: "3.10",
    2002: "2.99", 2003: "2.89", 2004: "2.69", 2005: "2.48", 2006: "2.31", 2007: "2.13", 2008: "1.73", 2009: "1.62",
    2010: "1.48", 2011: "1.25", 2012: "1.15", 2013: "1.08", 2014: "1.03", 2015: "1.03", 2016: "1.00", 2017: "1.00",
}
# Settlement year 2018: [LAWNET-18] lawnet.vn (THƯ VIỆN PHÁP LUẬT), "Adjustment of levels of monthly salary subject to
# social insurance contributions by year in Vietnam" (Circular 32/2017/TT-BLĐTBXH, 29/12/2017) — Table 1 in full;
# lawnet.vn, "What are regulations on adjustment of monthly income subject to social insurance contribution in
# Vietnam?" — Table 2 (voluntary incomes) 2008 1.79 … 2018 1.00, the same figures as Table 1; lawnet.vn, "Salary
# Adjustment for Social Insurance Contributions Applicable in 2018" — 2018 = 1.00, effective 15/02/2018, applied to
# settlements 01/01/2018–31/12/2018.
_C2018 = {
    1994: "4.56", 1995: "3.87", 1996: "3.66", 1997: "3.54", 1998: "3.29", 1999: "3.15", 2000: "3.20", 2001: "3.21",
    2002: "3.09", 2003: "3.00", 2004: "2.78", 2005: "2.57", 2006: "2.39", 2007: "2.21", 2008: "1.79", 2009: "1.68",
    2010: "1.54", 2011: "1.30", 2012: "1.19", 2013: "1.11", 2014: "1.07", 2015: "1.06", 2016: "1.04", 2017: "1.00",
    2018: "1.00",
}
_C2019 = {
    1994: "4.72", 1995: "4.01", 1996: "3.79", 1997: "3.67", 1998: "3.41", 1999: "3.26", 2000: "3.32", 2001: "3.33",
    2002: "3.20", 2003: "3.10", 2004: "2.88", 2005: "2.66", 2006: "2.47", 2007: "2.28", 2008: "1.86", 2009: "1.74",
    2010: "1.59", 2011: "1.34", 2012: "1.23", 2013: "1.15", 2014: "1.11", 2015: "1.10", 2016: "1.07", 2017: "1.04",
    2018: "1.00", 2019: "1.00",
}
_C2020 = {
    1994: "4.85", 1995: "4.12", 1996: "3.89", 1997: "3.77", 1998: "3.50", 1999: "3.35", 2000: "3.41", 2001: "3.42",
    2002: "3.29", 2003: "3.19", 2004: "2.96", 2005: "2.73", 2006: "2.54", 2007: "2.35", 2008: "1.91", 2009: "1.79",
    2010: "1.64", 2011: "1.38", 2012: "1.26", 2013: "1.18", 2014: "1.14", 2015: "1.13", 2016: "1.10", 2017: "1.06",
    2018: "1.03", 2019: "1.00", 2020: "1.00",
}
_C2021 = {
    1994: "5.01", 1995: "4.25", 1996: "4.02", 1997: "3.89", 1998: "3.61", 1999: "3.46", 2000: "3.52", 2001: "3.53",
    2002: "3.40", 2003: "3.29", 2004: "3.06", 2005: "2.82", 2006: "2.62", 2007: "2.42", 2008: "1.97", 2009: "1.84",
    2010: "1.69", 2011: "1.42", 2012: "1.30", 2013: "1.22", 2014: "1.18", 2015: "1.17", 2016: "1.14", 2017: "1.10",
    2018: "1.06", 2019: "1.03", 2020: "1.00", 2021: "1.00",
}
# Settlement year 2022: the full table is a third-party calculator's constants file (find_string "1994: 5.1", id
# 23306049528); [TVPL-22] confirms before 1995 … 2000 and 2022, and [VSS-23] (the 2023 value minus the printed increase)
# confirms every year 1995–2019 except 2013 (VSS prints "1.28 (up 0.05)", which would give 1.23; 1.25 is the value
# that scales with the 2020, 2023 and 2024 tables, so the copy's 1.25 is kept and marked 3P in the basis).
_C2022 = {
    1994: "5.10", 1995: "4.33", 1996: "4.09", 1997: "3.96", 1998: "3.68", 1999: "3.53", 2000: "3.58", 2001: "3.59",
    2002: "3.46", 2003: "3.35", 2004: "3.11", 2005: "2.87", 2006: "2.67", 2007: "2.47", 2008: "2.01", 2009: "1.88",
    2010: "1.72", 2011: "1.45", 2012: "1.33", 2013: "1.25", 2014: "1.20", 2015: "1.19", 2016: "1.16", 2017: "1.12",
    2018: "1.08", 2019: "1.05", 2020: "1.02", 2021: "1.00", 2022: "1.00",
}
_C2023 = {
    1994: "5.26", 1995: "4.46", 1996: "4.22", 1997: "4.09", 1998: "3.80", 1999: "3.64", 2000: "3.70", 2001: "3.71",
    2002: "3.57", 2003: "3.46", 2004: "3.21", 2005: "2.96", 2006: "2.76", 2007: "2.55", 2008: "2.07", 2009: "1.94",
    2010: "1.77", 2011: "1.50", 2012: "1.37", 2013: "1.28", 2014: "1.23", 2015: "1.23", 2016: "1.19", 2017: "1.15",
    2018: "1.11", 2019: "1.08", 2020: "1.05", 2021: "1.03", 2022: "1.00", 2023: "1.00",
}


# Contribution years a table leaves out on purpose, with the reason the refusal gives.
REVALUATION_OMITTED: dict[int, dict[int, str]] = {
    2012: {
        y: "the only copy of the 2012 table found (the Ministry's Circular 02 for settlements in 2012, baonghean.vn/en) "
           "is cut after 2000; the year cannot be revalued until the circular's figure is entered"
        for y in range(2001, 2013)},
    2013: {
        y: "the only copy of the 2013 table found (Circular 01/2013/TT-BLĐTBXH, baohaiduong.vn) prints before 1995, "
           "1995, 2012 and 2013 only; the year cannot be revalued until the circular's figure is entered"
        for y in range(1996, 2012)},
    2015: {
        y: "the only copy of the 2015 table found (Circular 03/2015/TT-BLĐTBXH, luatsubaoho.com) prints 2008–2015 only; "
           "the year cannot be revalued until the circular's figure is entered"
        for y in range(1994, 2008)},
}
# Settlement years with no table at all (Law 71/2006 era), with what is known of the instrument and why its figures
# are not held — the refusal gives the reason (average.py). Sources and searches: docs/legal-sources-benefits.md,
# "Revaluation coefficients by settlement year" (reval pass). Nothing here is a figure: only numbers, dates and copies.
_NOT_FOUND_2007_2008 = (
    "Decree 83/2008/NĐ-CP (31/07/2008; applied from 01/01/2007) revalues employer-decided pay from settlements in "
    "2007; the instrument giving the 2007 and 2008 figures was not identified (Circular 01/2009 sets them from 2009 "
    "'according to clause 2 of Article 5' of the decree) and every copy of the decree found (vbpl.vn, "
    "hethongphapluat.com, English) is cut at the formula, before any figure")
REVALUATION_NOT_FOUND: dict[int, str] = {
    2007: _NOT_FOUND_2007_2008,
    2008: _NOT_FOUND_2007_2008,
    2009: "Circular 01/2009/TT-BLĐTBXH (14/01/2009; settlements from 01/01/2009): the copies found "
          "(ls1.hethongphapluat.com, luatvn.net, English) are cut before the table's figures",
    2010: "Circular 04/2010/TT-BLĐTBXH (29/01/2010): the copies found (english.luatvietnam.vn, dulieuphapluat.vn) "
          "show its opening only",
    2014: "Circular 02/2014/TT-BLĐTBXH (10/01/2014; in force 01/03/2014, applied from 01/01/2014): the copy found "
          "(ls1.hethongphapluat.com) shows its opening only, and taichinhdientu.vn gives only the size of the "
          "increases (before 1995 … 2012: +0.07 to +0.25 on the previous table), not the figures",
}
_VSEC = "V-SEC"
REVALUATION = Table(
    "revaluation_coefficients",
    "coefficient by contribution year",
    (
        Entry(
            d("2011-01-01"), d("2011-12-31"), {y: D(v) for y, v in _C2011.items()},
            "Law 71/2006, Decree 83/2008/NĐ-CP, Decree 134/2008/NĐ-CP: Circular 02/2011/TT-BLĐTBXH (20/01/2011; in force "
            "07/03/2011; settlements 2011-01-01..2011-12-31) — before 1995 2.96 … 2010 1.00, 2011 1.00 as a Ho Chi Minh "
            "City school's legal bulletin prints the table in full (truonglachongtphcm.edu.vn, 'Thông tin pháp luật số "
            "16', 10/03/2011); voluntary incomes 2008–2011 the same figures",
            _VSEC,
        ),
        Entry(
            d("2012-01-01"), d("2012-12-31"), {y: D(v) for y, v in _C2012.items()},
            "Law 71/2006, Decree 83/2008/NĐ-CP: the Ministry's Circular 02 for settlements 2012-01-01..2012-12-31 (full "
            "number and date not in the copy) — before 1995 … 2000 as baonghean.vn/en prints them; 2001–2012 refused "
            "(the copy is cut), voluntary incomes (Decree 134/2008, from 2008) not read",
            _VSEC,
        ),
        Entry(
            d("2013-01-01"), d("2013-12-31"), {y: D(v) for y, v in _C2013.items()},
            "Law 71/2006, Decree 83/2008/NĐ-CP: Circular 01/2013/TT-BLĐTBXH (in force 15/03/2013; settlements "
            "2013-01-01..2013-12-31) — before 1995 3.84, 1995 3.26, 2012–2013 1.00 as baohaiduong.vn prints them "
            "(18/02/2013); 1996–2011 refused (not in the copy); voluntary incomes 2008 1.51, 2009 1.41 printed, not entered",
            _VSEC,
        ),
        Entry(
            d("2015-01-01"), d("2015-12-31"), {y: D(v) for y, v in _C2015.items()},
            "Law 71/2006, Decree 83/2008/NĐ-CP: Circular 03/2015/TT-BLĐTBXH (23/01/2015; in force 09/03/2015; "
            "settlements 2015-01-01..2015-12-31) — 2008–2013 1.68 … 1.04, 2014–2015 1.00, wages and voluntary incomes "
            "alike, as luatsubaoho.com (a law firm) prints them; before 1995 … 2007 refused (not in the copy)",
            "3P",
        ),
        Entry(
            d("2016-01-01"), d("2016-12-31"), {y: D(v) for y, v in _C2016.items()},
            "Circular 58/2015/TT-BLĐTBXH (29/12/2015; settlements 2016-01-01..2016-12-31) Table 1 — as reproduced by "
            "lawnet.vn (THƯ VIỆN PHÁP LUẬT) in English; voluntary incomes 2014 1.01, 2015 1.00, 2016 1.00 (lawyer24h.net); "
            "voluntary incomes 2008–2013 taken as the wages (not read)",
            _VSEC,
        ),
        Entry(
            d("2017-01-01"), d("2017-12-31"), {y: D(v) for y, v in _C2017.items()},
            "Circular 42/2016/TT-BLĐTBXH (28/12/2016; in force 11/02/2017; settlements 2017-01-01..2017-12-31) Table 1 "
            "— as printed by nld.com.vn (Người Lao Động, 20/02/2017: before 1995 4.4, 1995–2017 in full) and, for "
            "2006–2017, laodong.com.vn (Lao Động); 2013–2016 also in a worked example of Vietnam Social Security; "
            "voluntary incomes taken as the wages (Table 2 not read)",
            _VSEC,
        ),
        Entry(
            d("2018-01-01"), d("2018-12-31"), {y: D(v) for y, v in _C2018.items()},
            "Circular 32/2017/TT-BLĐTBXH (29/12/2017; settlements 2018-01-01..2018-12-31) Tables 1 and 2 — as "
            "reproduced by lawnet.vn (THƯ VIỆN PHÁP LUẬT) in English: Table 1 in full, Table 2 (voluntary incomes "
            "2008–2018) the same figures",
            _VSEC,
        ),
        Entry(
            d("2019-01-01"), d("2019-12-31"), {y: D(v) for y, v in _C2019.items()},
            "Circular 35/2018/TT-BLĐTBXH (26/12/2018; settlements 2019) Table 1 — vieclamhoabinh.com prints it beside "
            "Circular 35/2019; before 1995, 1995, 1996 and 2018 also follow from the increases lawnet.vn prints",
            _VSEC,
        ),
        Entry(
            d("2020-01-01"), d("2020-12-31"), {y: D(v) for y, v in _C2020.items()},
            "Circular 35/2019/TT-BLĐTBXH (30/12/2019; settlements 2020) Tables 1 and 2 — onestepvietnam.com (source "
            "TVPL), with trademarkvn.com.vn, thuvienphapluat.vn and lawnet.vn for the same figures (1996 = 3.89; the "
            "third-party calculator copy read before printed 4.89)",
            _VSEC,
        ),
        Entry(
            d("2021-01-01"), d("2021-12-31"), {y: D(v) for y, v in _C2021.items()},
            "Circular 23/2020/TT-BLĐTBXH (30/12/2020; settlements 2021) Table 1 — thuvienphapluat.vn (Dân Luật) prints "
            "it beside Circular 35/2019; the same figures in trademarkvn.com.vn and thuvienphapluat.vn/news, and "
            "1994–2000 agree with the Circular 36/2021 values less the increases printed against 2021",
            _VSEC,
        ),
        Entry(
            d("2022-01-01"), d("2022-12-31"), {y: D(v) for y, v in _C2022.items()},
            "Circular 36/2021/TT-BLĐTBXH (31/12/2021; settlements 2022) — before 1995 … 2000 and 2022 read in "
            "thuvienphapluat.vn; 1995–2019 agree with the 2023 figures less the increases printed by Vietnam Social "
            "Security; the full table and 2013 (1.25), 2020 (1.02), 2021 (1.00) from a third-party calculator (3P)",
            _VSEC,
        ),
        Entry(
            d("2023-01-01"), d("2023-12-31"), {y: D(v) for y, v in _C2023.items()},
            "Circular 01/2023/TT-BLĐTBXH (03/01/2023; settlements 2023) Table 1 — Vietnam Social Security (vss.gov.vn, "
            "English, 30/01/2023) for before 1995 … 2019; Đồng Nai enterprise department (diza.dongnai.gov.vn) for "
            "2020 1.05, 2021 1.03, 2022–2023 1.00 and the voluntary incomes (the same figures)",
            _VSEC,
        ),
        Entry(
            d("2024-01-01"), d("2024-12-31"), dict(zip(_YEARS, map(D, _C2024), strict=False)),
            "Circular 20/2023/TT-BLĐTBXH (settlements 2024) Table 1 — as printed by soha.vn (02/2024, 'Từ mai tiền "
            "lương đóng bảo hiểm xã hội tháng sẽ được điều chỉnh'); the same figures in longnd-vnlab/bhxh-calculator",
            _VSEC,
        ),
        Entry(
            d("2025-01-01"), d("2025-12-31"), dict(zip(_YEARS, map(D, _C2025), strict=False)),
            "Circular 01/2025/TT-BLĐTBXH (10/01/2025; settlements 2025-01-01..2025-12-31) Table 1 — as printed by "
            "baonghean.vn/en ('Adjustment level of salary and monthly income for social insurance contributions in "
            "2025'); the same figures in a third-party repo; method V-SEC (TVPL)",
            _VSEC,
        ),
        Entry(
            d("2026-01-01"), d("2026-12-31"), dict(zip(_YEARS, map(D, _C2026), strict=False)),
            "Settlements 2026: CV 340/BHXH-CSXH (03/02/2026) as cited by two third-party repos; the issuing circular "
            "was not found",
            "3P",
        ),
    ),
    "Revaluation coefficients of past SI salaries/incomes by settlement year. Settlement years without a table "
    "(2007–2010, 2014) are refused: no circular's figures were found, and the refusal names the circular and why "
    "(REVALUATION_NOT_FOUND); the 2012, 2013 and 2015 tables are partial and refuse the contribution years their "
    "copies do not give (docs/legal-sources-benefits.md).",
    contiguous=False,
)

# Indexation of pensions in payment (Art 67): rate on the amount of the month before, and the floor top-up for
# people who retired before 1995.
PENSION_INDEXATION = chain(
    "pension_indexation",
    "rate; VND",
    [
        (
            "2023-07-01",
            {
                "rate": D("0.125"),
                "special_rate": D("0.208"),
                "pre1995_floor": 3_000_000,
                "pre1995_add_upto": 2_700_000,
                "pre1995_add": 300_000,
                "decree": "Decree 42/2023/NĐ-CP",
            },
            "Decree 42/2023/NĐ-CP Art 2.1 (+12.5% on the June 2023 amount; +20.8% for people NOT adjusted under Decree "
            "108/2021), Art 2.2 (below 3,000,000 after it: +300,000 under 2,700,000, raised to 3,000,000 from 2,700,000), "
            "Art 2.3 — read in the decree text; the Art 1.2 group (retired before 1995) was cut from the copy",
            "V-LAW",
        ),
        (
            "2024-07-01",
            {
                "rate": D("0.15"),
                "special_rate": None,
                "pre1995_floor": 3_500_000,
                "pre1995_add_upto": 3_200_000,
                "pre1995_add": 300_000,
                "decree": "Decree 75/2024/NĐ-CP",
            },
            "Decree 75/2024/NĐ-CP (+15% on the June 2024 amount — V-SEC via Decree 162/2026 summary; pre-1995 floor "
            "3,500,000 with +300,000 up to 3,200,000 — UNVERIFIED)",
            "V-SEC",
        ),
        (
            "2026-07-01",
            {
                "rate": D("0.08"),
                "special_rate": None,
                "pre1995_floor": 3_800_000,
                "pre1995_add_upto": 3_500_000,
                "pre1995_add": 300_000,
                "decree": "Decree 162/2026/NĐ-CP",
            },
            "Decree 162/2026/NĐ-CP Art 1.2, Art 2 (+8% on the June 2026 amount; retired before 1995 and below 3,800,000 "
            "after it: +300,000 if ≤ 3,500,000, else raised to 3,800,000); Circular 14/2026/TT-BNV",
            "V-SEC",
        ),
    ],
    description="Pension indexation events: each row applies to the amount of the month before its date.",
)
