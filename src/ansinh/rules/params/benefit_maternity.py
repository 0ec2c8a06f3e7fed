"""Maternity (thai sản) parameters, keyed by the day of the event (birth, adoption, start of leave).

Sources: docs/legal-sources-benefits.md.
"""

from __future__ import annotations

from ansinh.rules.tables import chain

_COMMON = {
    "checkup_visits": 5,
    "checkup_days_per_visit": 2,
    "miscarriage_days": ((5, 10), (13, 20), (22, 40), (None, 50)),  # (gestation weeks below, days)
    "contraception_days": {"iud": 7, "sterilisation": 15},
    "birth_months": 6,  # Labour Code 2019 Art 139.1
    "extra_month_per_child": 1,  # multiple births: +1 month per child from the 2nd
    "second_child_months": None,  # Population Law 113/2025 from 2026-07-01
    "paternity": {
        "normal": 5,
        "surgery_or_premature": 7,
        "twins": 10,
        "twins_surgery": 14,
        "per_extra_child": 3,
    },
    "paternity_second_child": None,
    "paternity_start_within_days": 60,
    "min_months_in_12": 6,
    "min_months_rest_prescribed": 3,  # after ≥ 12 months of SI, when pregnancy rest was prescribed
    "min_months_infertility_in_24": 6,
    "lump_sum_multiple": 2,  # × reference level (base salary) of the month of birth/adoption, per child
    "daily_divisor_short": 24,  # checkups and paternity leave
    "daily_divisor_odd": 30,  # odd days of birth/adoption leave; miscarriage; contraception
}

MATERNITY = chain(
    "maternity",
    "rules",
    [
        (
            "2016-01-01",
            {
                **_COMMON,
                "checkup_days_per_visit": 2,
                "paternity_start_within_days": 30,
                "miscarriage_days": ((5, 10), (13, 20), (25, 40), (None, 50)),
                "min_months_infertility_in_24": None,
            },
            "Law 58/2014 Art 31.2–31.3 (6 months in 12; 3 months after ≥ 12 with prescribed rest), Art 32 (check-ups "
            "5 × 1 day, 2 days when far from a facility or pathological), Art 33 (miscarriage 10/20/40/50 days at < 5, "
            "5–<13, 13–<25, ≥ 25 weeks), Art 34.1 (6 months, +1 per extra child), Art 34.2 (father 5/7/10/14 working days, "
            "+3 from the 3rd child, within 30 days), Art 37 (7/15 days), Art 38 (2 × base salary), Art 39.1 (100% of the "
            "6-month average, /24 for Arts 32 and 34.2, /30 otherwise); no infertility-treatment condition — read in the law text; Circular 59/2015 Art 9.1 "
            "(12-month window), Art 12.1 (average incl. the birth month)",
            "V-LAW",
        ),
        (
            "2025-07-01",
            dict(_COMMON),
            "Law 41/2024 Arts 50–59 (check-ups 5 × ≤ 2 days, miscarriage 10/20/40/50 days, paternity 5/7/10/14 "
            "working days within 60 days, contraception 7/15 days, lump sum 2 × reference level, 100% of the 6-month "
            "average, /24 and /30); Labour Code 2019 Art 139.1",
            "V-LAW",
        ),
        (
            "2026-07-01",
            {**_COMMON, "second_child_months": 7, "paternity_second_child": 10},
            "Population Law 113/2025/QH15 Art 28.1 amending Labour Code Art 139.1 (second child: 7 months) and the "
            "father's 10 working days for a second child (in force 2026-07-01; VSS answer in Dân trí 26/01/2026); "
            "Decree 168/2026 conditions",
            "V-SEC",
        ),
    ],
    description="Maternity leave lengths, conditions and the lump sum per child.",
)
