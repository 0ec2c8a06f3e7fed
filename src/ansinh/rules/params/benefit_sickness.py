"""Sickness (ốm đau) and convalescence (dưỡng sức, phục hồi sức khỏe) parameters.

Each table is keyed by the day the leave starts (the law in force then decides, Law 41/2024 Art 5.7; leave for a
long-term disease granted under Law 58/2014 runs on to its end, Art 141.5). Sources: docs/legal-sources-benefits.md.
"""

from __future__ import annotations

from decimal import Decimal

from ansinh.rules.params.benefit_common import CV529
from ansinh.rules.tables import chain

# Law 71/2006 (leave starting 2007-01-01 .. 2015-12-31). The Law 71 text was not found; the official MOLISA
# presentation CV 529 lists what Law 58/2014 changed in the sickness regime against Law 71 ("so với Luật BHXH hiện
# hành ... có những điểm mới sau"): the reduced rate after 180 days limited to the contribution time (new), the daily
# amount /24 (was /26), the reduced rate below 15 years 50% (was 45%), convalescence 30% of the base salary (was 25% at
# home, 40% in a centre). The figures CV 529 does not list as changed (75%, 30/40/60 and 40/50/70 days, 180 days,
# 55%/65%, 20/15 child-care days) are carried from Law 58 on that reading — an inference from CV 529, marked as such.
_L71_CARRIED = (f"{CV529}: not listed among Law 58's changes to the sickness regime, so carried from Law 58 "
                "(inference from the list of changes; Law 71 text not read)")

# Maximum days per calendar year (working days, excluding public holidays and weekly rest days), by conditions and
# full years of compulsory SI: (< 15 years, 15 – < 30 years, ≥ 30 years).
SICKNESS_DAYS = chain(
    "sickness_days_per_year",
    "working days/year",
    [
        ("2007-01-01", {"normal": (30, 40, 60), "heavy": (40, 50, 70)}, _L71_CARRIED, "V-SEC"),
        (
            "2016-01-01",
            {"normal": (30, 40, 60), "heavy": (40, 50, 70)},
            "Law 58/2014 Art 26.1 (30/40/60; heavy work or area allowance ≥ 0.7: 40/50/70 working days) — read in the "
            "law text; Circular 59/2015 Art 4 examples 2–3 (30 and 40 days at < 15 years)",
            "V-LAW",
        ),
        ("2025-07-01", {"normal": (30, 40, 60), "heavy": (40, 50, 70)}, "Law 41/2024 Art 43.1", "V-LAW"),
    ],
    description="Sickness days per year: normal work / heavy-toxic-dangerous work or extremely difficult area.",
)

# Replacement rates. 'standard': own sickness within the yearly days and child care. 'long_term': after those
# days (Law 41) or after the first 180 days (Law 58), by full years of SI: (< 15, 15 – < 30, ≥ 30).
# 'long_term_block_days': Law 58 only — the first 180 calendar days of a long-term disease at the standard rate.
SICKNESS_RATES = chain(
    "sickness_rates",
    "rate",
    [
        (
            "2007-01-01",
            {
                "standard": Decimal("0.75"),
                "long_term": (Decimal("0.45"), Decimal("0.55"), Decimal("0.65")),
                "long_term_block_days": 180,
                "long_term_limited_to_contribution_time": False,
                "calendar_days_long_term": True,
                "half_day_rule": False,
            },
            f"{CV529}, chapter III.1: long-term disease below 15 years 45% (raised to 50% by Law 58); after 180 days "
            "a lower rate without Law 58's limit of the contribution time. 75%, 55%/65% and the 180 days including "
            "holidays are not listed among Law 58's changes: carried from Law 58 (inference; Law 71 text not read)",
            "V-SEC",
        ),
        (
            "2016-01-01",
            {
                "standard": Decimal("0.75"),
                "long_term": (Decimal("0.50"), Decimal("0.55"), Decimal("0.65")),
                "long_term_block_days": 180,
                "long_term_limited_to_contribution_time": True,
                "calendar_days_long_term": True,
                "half_day_rule": False,
            },
            "Law 58/2014 Art 26.2, 28.1–28.2 (180 days incl. holidays at 75%, then 65/55/50% for at most the "
            "contribution time) — read in the law text; Circular 59/2015 Art 6.2 (same rates, odd days / 24)",
            "V-LAW",
        ),
        (
            "2025-07-01",
            {
                "standard": Decimal("0.75"),
                "long_term": (Decimal("0.50"), Decimal("0.55"), Decimal("0.65")),
                "long_term_block_days": 0,
                "long_term_limited_to_contribution_time": False,
                "calendar_days_long_term": False,
                "half_day_rule": True,
            },
            "Law 41/2024 Art 43.2, 45.2–45.5 (reduced rate after the Art 43.1 days; working days; half-day rule)",
            "V-LAW",
        ),
    ],
    description="Sickness benefit rates of the SI salary of the month before the leave.",
)

SICKNESS_DAILY_DIVISOR = chain(
    "sickness_daily_divisor",
    "days",
    [
        ("2007-01-01", 26, f"{CV529}, chapter III.1: the daily sickness amount is the monthly amount / 26 under Law 71 "
         "('hiện hành chia cho 26 ngày'), / 24 from Law 58", "V-SEC"),
        ("2016-01-01", 24, "Law 58/2014 Art 28.4 (monthly benefit / 24) — read in the law text", "V-LAW"),
        ("2025-07-01", 24, "Law 41/2024 Art 45.5", "V-LAW"),
    ],
    description="Daily sickness benefit = monthly benefit / 24 (Law 71: / 26).",
)

# Child-care days per child per year: (child under 3, child 3 – under 7).
CHILD_CARE_DAYS = chain(
    "child_care_days",
    "working days/year/child",
    [
        ("2007-01-01", (20, 15), _L71_CARRIED, "V-SEC"),
        (
            "2016-01-01",
            (20, 15),
            "Law 58/2014 Art 27.1 (20 working days under 3, 15 from 3 to under 7) — read in the law text",
            "V-LAW",
        ),
        ("2025-07-01", (20, 15), "Law 41/2024 Art 44.1", "V-LAW"),
    ],
    description="Days to care for a sick child under 7, per child per parent per year.",
)

# Convalescence after sickness, maternity and occupational accident/disease: a share of the reference level (base
# salary until it is abolished) per day, and the maximum days by case.
CONVALESCENCE = chain(
    "convalescence",
    "rate of reference level/day; days",
    [
        (
            "2007-01-01",
            {
                "rate": {"home": Decimal("0.25"), "centre": Decimal("0.40")},
                "sickness": {"long_term": 10, "surgery": 10, "other": 10},
                "maternity": {"multiple_birth": 10, "caesarean": 10, "other": 10},
                "work_injury": ((0, 10),),
                "min_sickness_days": None,
                "early_return_rule": False,
            },
            "Law 71/2006 (convalescence starting 2007–2015): 25% of the general minimum wage a day at home, 40% in a "
            "convalescence centre — Circular 59/2015 Art 39.2.c (read in full: convalescence after maternity starting "
            "before 2016 'mức hưởng một ngày bằng 25% mức lương cơ sở nếu nghỉ ... tại gia đình; bằng 40% ... tại cơ sở "
            "tập trung'), CV 529/LĐTBXH-BHXH (the same 25%/40% for sickness and maternity, 30% from 2016); 5 to 10 days a "
            "year after sickness, maternity (Law 71 Art 37 as Yale's summary lists it) and work injury (US SSA SSPTW "
            "Asia 2014, Vietnam: '25% (at home) or 40% (in a nursing home) ... for five to 10 days a year') — no "
            "maximum by case (Law 58's 10/7/5 is new). Law 71's other conditions (days of sickness before, early "
            "return to work) were not read: those inputs are refused",
            "V-SEC",
        ),
        (
            "2016-01-01",
            {
                "rate": Decimal("0.30"),
                "sickness": {"long_term": 10, "surgery": 7, "other": 5},
                "maternity": {"multiple_birth": 10, "caesarean": 7, "other": 5},
                "work_injury": ((51, 10), (31, 7), (15, 5)),
                "min_sickness_days": 30,
                "early_return_rule": True,
            },
            "Law 58/2014 Art 29.2 (sickness 10/7/5 days), Art 41.2–41.3 (maternity 10/7/5 days, 30% of base salary/day) "
            "— read in the law text (Art 29.3 rate cut from the copy; 30% also in Circular 59/2015 Art 39.2.c); OSH Law "
            "84/2015 Art 54 and Decree 88/2020 for the 10/7/5 days by incapacity (OSH part from 2016-07-01, domain-vn "
            "§8.3)",
            "V-SEC",
        ),
        (
            "2025-07-01",
            {
                "rate": Decimal("0.30"),
                "sickness": {"long_term": 10, "surgery": 7, "other": 5},
                "maternity": {"multiple_birth": 10, "caesarean": 7, "other": 5},
                "work_injury": ((51, 10), (31, 7), (15, 5)),
                "min_sickness_days": 30,
                "early_return_rule": True,
            },
            "Law 41/2024 Art 46.2–46.3, 60.2–60.3 (V-LAW); OSH Law 84/2015 Art 54 — days by incapacity "
            "10 (≥51%), 7 (31–50%), 5 (15–30%) from domain-vn §8.3",
            "V-SEC",
        ),
    ],
    description="Convalescence: % of the reference level per day (Law 71: 25% home / 40% centre; 30% from 2016); maximum days by case.",
)


# Convalescence before Law 71/2006 (issue 15, decree12 pass). Decision 37/2001/QĐ-TTg of 21/03/2001 ("về việc nghỉ
# dưỡng sức, phục hồi sức khoẻ cho người lao động tham gia bảo hiểm xã hội"), read in full up to Art 3 in the
# Vietnamese text (luatminhkhue.vn; tailieu.vn's LAWDATA copy of the National Assembly Office) and the official English
# translation (vbpl.vn/longan, vbpqen-print ItemID 9284): Art 1 — compulsory-SI participants with at least 3 full years
# of work at their agency or unit whose health declined, not yet recovered after treatment for sickness, a work
# accident or an occupational disease, and women weak after maternity leave; Art 2.1 — once a year, 5 to 10 days by the
# degree of decline; Art 3.1 — "80.000 đồng/ngày/người đối với người nghỉ dưỡng sức, phục hồi sức khoẻ tại cơ sở tập
# trung; 50.000 đồng/ngày/người đối với người nghỉ dưỡng sức, phục hồi sức khoẻ tại gia đình; lao động nữ nếu yếu sức
# khoẻ sau khi nghỉ thai sản". In force 01/06/2001; repealed and replaced from 01/01/2003 by Decree 01/2003/NĐ-CP
# (caselaw.vn's record of the Decision: "Ngày có hiệu lực: 01-06-2001 ... bị bãi bỏ, thay thế bởi Nghị định số
# 01/2003/NĐ-CP"), whose convalescence levels (guided by Circular 08/2003/TT-BLĐTBXH, in force 20/05/2003) were not
# read: 2003–2006 stay refused. Nothing before 2001-06-01 was read.
CONVALESCENCE_D37 = chain(
    "convalescence_decision_37_2001",
    "VND/day; days",
    [
        (
            "2001-06-01",
            {"centre": 80_000, "home": 50_000, "maternity": 50_000, "max_days": 10, "min_days": 5,
             "years_at_unit": 3},
            "Decision 37/2001/QĐ-TTg Art 1 (≥ 3 full years at the agency/unit), Art 2.1 (once a year, 5–10 days), "
            "Art 3.1 (80,000 đồng/day in a centre; 50,000 at home and for women weak after maternity leave) — read in "
            "the Vietnamese text (luatminhkhue.vn, tailieu.vn LAWDATA copy) and the official English translation "
            "(vbpl.vn); in force 01/06/2001, replaced from 01/01/2003 by Decree 01/2003/NĐ-CP (caselaw.vn record)",
            "V-SEC",
        ),
    ],
    last_to="2002-12-31",
    description="Convalescence 2001-06-01 .. 2002-12-31 (Decision 37/2001/QĐ-TTg): fixed VND per day, 5–10 days a year.",
)
