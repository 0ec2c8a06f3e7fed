"""One-time SI lump sum (bảo hiểm xã hội một lần) — conditions and amounts by the law in force on the day it is
decided (Law 41/2024 Art 70.5). Sources: docs/legal-sources-benefits.md.
"""

from __future__ import annotations

from decimal import Decimal

from ansinh.rules.params.benefit_common import CV529
from ansinh.rules.tables import chain

GROUNDS_L71 = ("retirement_age", "emigration", "left_12_months", "armed_forces")
GROUNDS_L58 = ("retirement_age", "emigration", "disease", "left_12_months", "armed_forces")
GROUNDS_L41 = ("retirement_age", "emigration", "disease", "incapacity_81", "left_12_months", "armed_forces")

ONE_TIME = chain(
    "one_time_si",
    "rules",
    [
        (
            "2007-01-01",
            {
                "grounds": GROUNDS_L71,
                "pension_min_years": 20,
                "wait_months": 12,
                "max_years_12m_rule": 20,
                "contributed_before": None,
                "pre2014": Decimal("1.5"),
                "from2014": Decimal("1.5"),
                "short_cap_months": None,
                "short_rate": None,
                "support_kept_for": (),
            },
            f"Law 71/2006: 1.5 months of the average per year for every year (Law 58 raised the years from 2014 to 2 "
            f"months); fewer than 20 years, at the age without 20 years, emigration, armed forces; no disease ground "
            f"(added by Law 58) — {CV529} §I.3, §III.4; the 12-month wait out of work (Law 71 Art 55.1.b, as "
            "Resolution 93/2015 kept it) UNVERIFIED part. The amount for less than one year (Decree 152/2006) was not "
            "read: refused",
            "V-SEC",
        ),
        (
            "2016-01-01",
            {
                "grounds": GROUNDS_L58,
                "pension_min_years": 20,
                "wait_months": 12,
                "max_years_12m_rule": 20,
                "contributed_before": None,
                "pre2014": Decimal("1.5"),
                "from2014": Decimal("2"),
                "short_cap_months": Decimal("2"),
                "short_rate": Decimal("0.22"),
                "support_kept_for": ("disease",),
            },
            "Law 58/2014 Art 60.1 (grounds), 60.2 (1.5/2 months per year; < 1 year: the amount paid, max 2 months), 60.3 "
            "(State support kept only for the diseases), 60.4 (decision date) — read in the law text; Circular 59/2015 "
            "Art 19.2 (< 1 year: 22% of the monthly salaries paid, max 2 months), 19.4 and example 34 (odd pre-2014 months "
            "moved, 1.5 × 10 + 2 × 6.5 = 28 months); Resolution 93/2015/QH13 (lump sum after 12 months out of SI with "
            "< 20 years) — cited by Circular 59/2015 Art 19.1, its text not read (UNVERIFIED part)",
            "V-LAW",
        ),
        (
            "2025-07-01",
            {
                "grounds": GROUNDS_L41,
                "pension_min_years": 15,
                "wait_months": 12,
                "max_years_12m_rule": 20,
                "contributed_before": "2025-07-01",
                "pre2014": Decimal("1.5"),
                "from2014": Decimal("2"),
                "short_cap_months": Decimal("2"),
                "short_rate": None,
                "support_kept_for": ("disease", "incapacity_81"),
            },
            "Law 41/2024 Art 70.1 (grounds; point đ only for people with contributions before 2025-07-01), 70.3 "
            "(1.5/2 months per year, < 1 year: contributions paid, max 2 months, state support of voluntary SI "
            "excluded), 70.4 (support kept for diseases and ≥ 81%)",
            "V-LAW",
        ),
    ],
    description="Grounds and amounts of the one-time SI lump sum.",
)

# 'short_rate': the rate applied to the nominal salaries of a record shorter than one year. Law 58 era: 22% of every
# month (Circular 59/2015 Art 19.2); Law 41 era (None): the retirement & survivorship rate of each month below
# (engine interpretation of "the amount paid", Art 70.3.c — UNVERIFIED).
#
# Retirement & survivorship fund contribution rate (employer + employee), compulsory SI — used for the < 1 year rule
# ("the amount paid") of Law 41 decisions. Voluntary SI: 22% from 2014 (16% 2008–2009, 18% 2010–2011, 20% 2012–2013).
RETIREMENT_FUND_RATE = chain(
    "retirement_fund_rate",
    "rate of salary",
    [
        (
            "1995-01-01",
            {"compulsory": Decimal("0.15"), "voluntary": None},
            "Decree 12/CP 1995 (10% + 5%)",
            "UNVERIFIED",
        ),
        (
            "2007-01-01",
            {"compulsory": Decimal("0.16"), "voluntary": None},
            f"Law 71/2006 Art 91–92 (11% + 5%); total 16% until 2009 follows from {CV529} §I.3 (20% from 2012 "
            "after +2% in 2010 and +2% in 2012) — the 11/5 split UNVERIFIED",
            "V-SEC",
        ),
        (
            "2008-01-01",
            {"compulsory": Decimal("0.16"), "voluntary": Decimal("0.16")},
            f"Law 71/2006 Art 91–92, 100; compulsory total 16% until 2009: {CV529} §I.3 (20% from 2012 after +2% in "
            "2010 and 2012); the voluntary 16% (Art 100) UNVERIFIED part",
            "V-SEC",
        ),
        (
            "2010-01-01",
            {"compulsory": Decimal("0.18"), "voluntary": Decimal("0.18")},
            f"Law 71/2006 (12% + 6%); compulsory total 18% (+2% in 2010): {CV529} §I.3; the split and the voluntary "
            "18% UNVERIFIED part",
            "V-SEC",
        ),
        (
            "2012-01-01",
            {"compulsory": Decimal("0.20"), "voluntary": Decimal("0.20")},
            f"Law 71/2006 (13% + 7%); compulsory total 20% from 2012: {CV529} §I.3; the split and the voluntary 20% "
            "UNVERIFIED part",
            "V-SEC",
        ),
        (
            "2014-01-01",
            {"compulsory": Decimal("0.22"), "voluntary": Decimal("0.22")},
            f"Law 71/2006 for 2014–2015 (total 22% from 2014: {CV529} §I.3); Law 58/2014 Art 85.1 (8%), 86.1 (14%), 87.1 (voluntary 22%) read in "
            "the law text for 2016 – 2025-06; from 2025-07-01 Law 41/2024 Art 32.1.b, 32.2 (22%) — V-LAW",
            "V-SEC",
        ),
    ],
    description="Retirement and survivorship fund rate (employer + employee; voluntary: the participant).",
)
