"""Occupational accident and disease insurance (bảo hiểm TNLĐ-BNN) benefits — OSH Law 84/2015/QH13 Arts 48–53
(in force 2016-07-01; Arts 49.3, 49.5, 53.3 amended by Law 41/2024 Art 139.1 from 2025-07-01).

Amounts are multiples of the base salary (mức lương cơ sở) of the month the benefit starts (death: the month of death),
plus a seniority part on the salary paid into the fund in the month before the leave for treatment.
Sources: docs/legal-sources-benefits.md.
"""

from __future__ import annotations

from decimal import Decimal

from ansinh.rules.tables import chain

WORK_INJURY = chain(
    "work_injury",
    "multiples of base salary / of salary",
    [
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
