"""Survivor benefits (tử tuất): funeral grant, monthly survivor allowance, lump-sum survivor allowance — keyed by
the day of death. Sources: docs/legal-sources-benefits.md.
"""

from __future__ import annotations

from decimal import Decimal

from ansinh.rules.tables import chain

_RULES = {
    "benefits": ("funeral", "monthly", "lump_sum"),  # the benefits held for deaths in the row's period
    "funeral_multiple": Decimal(10),  # × reference level (base salary) of the month of death
    "funeral_min_months": 12,  # months of compulsory SI
    "funeral_deceased": ("contributor", "pensioner", "oaod_monthly"),  # whose death gives the grant
    "monthly_min_years": 15,  # whole years of compulsory SI
    "monthly_rate": Decimal("0.50"),  # of the reference level per relative
    "monthly_rate_unsupported": Decimal("0.70"),  # relative with nobody directly supporting them
    "monthly_max_relatives": 4,
    "monthly_multiple_deaths": 2,  # two or more deaths: twice the allowance
    "child_age_limit": 18,
    "relative_incapacity_pct": 81,
    "lump_pre2014": Decimal("1.5"),  # months of average salary per year before 2014
    "lump_from2014": Decimal("2"),  # per year from 2014
    "lump_min_months": Decimal("3"),
    "pensioner_first_months": 2,
    "pensioner_months": Decimal("48"),
    "pensioner_step": Decimal("0.5"),
    "pensioner_min": Decimal("3"),
    "oaod_allowance_months": Decimal("3"),
}

# Law 71/2006 (deaths 2007–2015): the funeral grant and the lump sum are held. Vietnam Social Security's English page
# "Survivor's Benefit" (vss.gov.vn/english, ItemID 8472; it speaks of the "basic minimum wage" and of 1.5 months for
# every year — the Law 71 rules) and CV 529/LĐTBXH-BHXH (Law 58 raised the years from 2014 to 2 months) agree on the
# amounts; Circular 59/2015 Art 39.5 (read in full) says deaths before 2016 follow the earlier law: the funeral grant
# without the 12 months of contributions (39.5.a), the lump sum 1.5 months a year, at least 3 (39.5.b). The page names
# for the funeral grant the contributors (also while their contributions are preserved) and monthly OA/OD recipients
# who stopped working — not pensioners: a pensioner's funeral grant is refused. The monthly allowance (Law 71's
# relatives: the child age limit, spouses, parents) and the OA/OD recipient's lump sum were not read: refused.
_L71 = dict(_RULES) | {"benefits": ("funeral", "lump_sum"), "funeral_min_months": 0,
                       "funeral_deceased": ("contributor", "oaod_monthly"), "lump_from2014": Decimal("1.5"),
                       "oaod_allowance_months": None}

SURVIVORS = chain(
    "survivors",
    "rules",
    [
        (
            "2007-01-01",
            _L71,
            "Law 71/2006 lump-sum survivor allowance: 1.5 months of the average per year for every year, at least 3 "
            "months; pensioner: 48 months' pension if death in the first 2 months of pension, 0.5 month less per later "
            "month, at least 3 — Vietnam Social Security, 'Survivor's Benefit' (vss.gov.vn/english, ItemID 8472); "
            "1.5 months for every year also in CV 529/LĐTBXH-BHXH (11/02/2015), MOLISA presentation of Law 58/2014 "
            "against Law 71/2006; funeral grant 10 months of the basic (general) minimum wage for a contributor, also "
            "one whose contributions are preserved, or a monthly OA/OD recipient who stopped working (same page; the "
            "month of the death's minimum wage as under Law 58 — the page names no month), with no minimum months — "
            "Circular 59/2015 Art 39.5.a (deaths before 2016: 'không cần điều kiện về thời gian đóng bảo hiểm xã hội đủ "
            "12 tháng trở lên'), 39.5.b (lump sum 1.5 months a year, at least 3). Pensioner's funeral grant (not named "
            "on the page), monthly allowance and the OA/OD recipient's lump sum not held",
            "V-SEC",
        ),
        (
            "2016-01-01",
            dict(_RULES),
            "Law 58/2014 Art 66 (funeral 10 × base salary; ≥ 12 months), 67 (monthly: ≥ 15 years; child < 18; relatives "
            "≥ 81%), 68 (50%/70% of base salary, max 4 relatives, twice for ≥ 2 deaths, from the month after), 70.1 (1.5/2 "
            "months per year, min 3 months) — read in the law text; pensioner 48 months − 0.5 per month: Art 70.2 cut "
            "from the copy, same wording read in Art 81.3 (the minimum of 3 months not read — UNVERIFIED part); Circular "
            "59/2015 Art 26 (70%, examples 46–50), Art 27.2–27.3 (OA/OD recipient 3 months), example 51 ((8 × 1.5 + 3.5 "
            "× 2) × 5,000,000 = 95,000,000)",
            "V-LAW",
        ),
        (
            "2025-07-01",
            dict(_RULES),
            "Law 41/2024 Arts 85–89 (funeral 10 × reference level; monthly 50%/70%, max 4; lump sum 1.5/2 months per "
            "year, min 3 months; pensioner 48 months − 0.5 per month from the 3rd, min 3; OA/OD recipient 3 months)",
            "V-LAW",
        ),
    ],
    description="Funeral grant, monthly and lump-sum survivor allowances.",
)
