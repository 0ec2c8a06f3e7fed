"""Unemployment benefit (trợ cấp thất nghiệp) parameters, keyed by the decision date (Employment Law 74/2025 Art 55.4
for files not yet decided on 2026-01-01). Sources: docs/legal-sources-benefits.md.
"""

from __future__ import annotations

from decimal import Decimal

from ansinh.rules.tables import chain

_COMMON = {
    "rate": Decimal("0.60"),  # of the average UI salary of the 6 most recent contributed months
    "average_months": 6,
    "cap_multiple": 5,
    "min_months": 12,
    "window_months": 24,
    "window_months_short": 36,  # seasonal/task contracts 3–<12 months (2013 law) / contracts 1–<12 months (2025 law)
    "base_duration": 3,  # months of benefit for 12–36 months of contributions
    "base_covers": 36,
    "extra_per": 12,  # +1 month per further 12 months
    "max_duration": 12,
}

# Law 71/2006 with Decree 127/2008 (UI decided 2009-01-01 .. 2014-12-31): a step table of durations instead of
# "3 + 1 per 12"; no ceiling on the benefit in the text read; only contracts of 12 months or more were covered
# (Decree 127/2008 Art 2.1), so there is no short-contract window. What happened to months beyond those a benefit
# consumed (preservation) was not read: refused. Sources: docs/legal-sources-benefits.md, "Law 71/2006 regime".
_L71 = {
    "rate": Decimal("0.60"),
    "average_months": 6,
    "cap_multiple": None,
    "min_months": 12,
    "window_months": 24,
    "window_months_short": None,
    "duration_steps": ((12, 3), (36, 6), (72, 9), (144, 12)),  # (months contributed from, months of benefit)
    "preservation": False,
    "cap_state": None,
    "cap_employer": None,
    "cap_on": None,
}

UNEMPLOYMENT = chain(
    "unemployment",
    "rules",
    [
        (
            "2009-01-01",
            _L71,
            "Decree 127/2008/NĐ-CP Art 16.2 (60% of the average UI salary of the 6 months before the job was lost; 3 "
            "months for 12 – < 36 months of UI, 6 for 36 – < 72, 9 for 72 – < 144, 12 from 144) as quoted by "
            "thuvienphapluat.vn, hỏi đáp 1768F 'Mức hưởng và thời gian hưởng trợ cấp thất nghiệp như thế nào?'; 12 "
            "months of UI in the 24 months before: hrmasia.com 05/11/2021 quoting Vietnam Social Security; coverage of "
            "contracts of 12 months or more: Decree 127/2008 Art 2.1 (English text, hethongphapluat.com). No ceiling "
            "in the quoted Art 16.2 (the 5 × cap came with Employment Law 38/2013 Art 50.1). Preservation not read",
            "3P",
        ),
        (
            "2015-01-01",
            {
                **_COMMON,
                "duration_steps": None,
                "preservation": True,
                "cap_state": "base_salary",
                "cap_employer": "regional_minimum_wage",
                "cap_on": "termination",
            },
            "Employment Law 38/2013 Art 49.2 (12 months in 24; seasonal/task contracts 12 in 36), Art 50.1 (60% of the "
            "6-month average; cap 5 × base salary for state pay, 5 × regional minimum wage for employer-decided pay at "
            "termination), Art 50.2 (3 months for 12–36 months +1 per 12, max 12), Art 53.4 (preservation) — read in the "
            "law text; Decree 28/2015 (preservation details) not read",
            "V-LAW",
        ),
        (
            "2026-01-01",
            {
                **_COMMON,
                "duration_steps": None,
                "preservation": True,
                "cap_state": "regional_minimum_wage",
                "cap_employer": "regional_minimum_wage",
                "cap_on": "last_contribution_month",
            },
            "Employment Law 74/2025 Art 38 (12 months in 24; contracts 1–<12 months: 12 in 36), Art 39.1 (60%, cap "
            "5 × regional minimum wage of the last contribution month), Art 39.2 (3 months + 1 per 12, max 12), "
            "Art 41.5 (preservation)",
            "V-LAW",
        ),
    ],
    description="Unemployment benefit: eligibility window, rate, cap and duration.",
)
