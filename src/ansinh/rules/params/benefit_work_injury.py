"""Occupational accident and disease insurance (bảo hiểm TNLĐ-BNN) benefits — OSH Law 84/2015/QH13 Arts 48–53
(in force 2016-07-01; Arts 49.3, 49.5, 53.3 amended by Law 41/2024 Art 139.1 from 2025-07-01); Law 71/2006 from
2007-01-01 and Law 58/2014 from 2016-01-01 before (the same multiples of the general minimum wage / base salary; the
death grant not held).

Amounts are multiples of the base salary (mức lương cơ sở) of the month the benefit starts (death: the month of death),
plus a seniority part on the salary paid into the fund in the month before the leave for treatment.
Sources: docs/legal-sources-benefits.md.
"""

from __future__ import annotations

from decimal import Decimal

from ansinh.rules.tables import chain

# Law 71/2006 (benefit starting 2007-01-01 .. 2015-12-31) and Law 58/2014 until the OSH law (.. 2016-06-30): the same
# multiples of the general minimum wage (renamed
# base salary in 2013 — the BASE_SALARY table), read in the US Social Security Administration's summary of the law in
# force in 2014 (SSPTW Asia and the Pacific 2014, Vietnam, "Work Injury"); CV 529/LĐTBXH-BHXH says Law 58/2014 kept
# the OA/OD regime of Law 71 unchanged and moved it to the OSH law, which began on 2016-07-01. The death grant (Law 71
# Art 45, Law 58 Art 51) was not read in a source: refused.
_L71 = {
    "lump_min_pct": 5, "lump_max_pct": 30,
    "lump_base_multiple": Decimal("5"), "lump_per_pct": Decimal("0.5"),
    "lump_seniority_first": Decimal("0.5"), "lump_seniority_per_year": Decimal("0.3"),
    "monthly_min_pct": 31,
    "monthly_base_rate": Decimal("0.30"), "monthly_per_pct": Decimal("0.02"),
    "monthly_seniority_first": Decimal("0.005"), "monthly_seniority_per_year": Decimal("0.003"),
    "attendance_min_pct": 81, "attendance_multiple": Decimal("1"),
    "death_multiple": None,
}

WORK_INJURY = chain(
    "work_injury",
    "multiples of base salary / of salary",
    [
        ("2007-01-01", _L71,
         "Law 71/2006/QH11 OA/OD regime: 'Disability grant: Five times the minimum wage for civil servants ... for 5%; "
         "an additional 50% ... for each additional 1%; and 50% of the insured's last monthly earnings for the first "
         "year of contributions plus 30% for each additional year'; 'Permanent disability benefit: 30% of the minimum "
         "wage for civil servants ... for 31%; an additional 2% ... for each additional 1% ..., plus 0.5% of earnings "
         "... for the first year of contributions, plus 0.3% ... for each additional year'; attendance supplement "
         "equal to the minimum wage (at least 81%) — US SSA, Social Security Programs Throughout the World: Asia and "
         "the Pacific 2014, Vietnam (read in a copy at vi4.ilovetranslation.com); CV 529/LĐTBXH-BHXH chapter III.3 "
         "('Giữ nguyên các quy định về chế độ TNLĐ-BNN ... của Luật BHXH hiện hành', moved to the OSH law). Death "
         "grant not read", "3P"),
        ("2016-01-01", _L71,
         "Law 58/2014/QH13 Arts 46–51 (OA/OD benefits until the OSH law took them over on 2016-07-01): Law 58 kept "
         "the Law 71 OA/OD regime unchanged — CV 529/LĐTBXH-BHXH chapter III.3 ('Giữ nguyên các quy định về chế độ "
         "TNLĐ-BNN theo quy định Luật BHXH hiện hành, nội dung chế độ này sẽ được chuyển sang Luật An toàn vệ sinh "
         "lao động'); multiples as in the 2007 row, now of the base salary. Death grant not read", "V-SEC"),
        ("2016-07-01", {
            "lump_min_pct": 5, "lump_max_pct": 30,
            "lump_base_multiple": Decimal("5"), "lump_per_pct": Decimal("0.5"),  # × base salary
            "lump_seniority_first": Decimal("0.5"), "lump_seniority_per_year": Decimal("0.3"),  # months of salary
            "monthly_min_pct": 31,
            "monthly_base_rate": Decimal("0.30"), "monthly_per_pct": Decimal("0.02"),  # × base salary
            "monthly_seniority_first": Decimal("0.005"), "monthly_seniority_per_year": Decimal("0.003"),  # × salary
            "attendance_min_pct": 81, "attendance_multiple": Decimal("1"),  # × base salary, monthly
            "death_multiple": Decimal("36"),  # × base salary of the month of death
        }, "OSH Law 84/2015 Art 48.2 (5× + 0.5×/%; 0.5 month + 0.3 month/year), Art 49.2 (30% + 2%/%; 0.5% + "
           "0.3%/year), Art 52 (attendance = base salary), Art 53 (36× base salary)", "V-SEC"),
    ],
    description="OA/OD lump sum (5–30%), monthly allowance (≥ 31%), attendance allowance, death grant.",
)
