"""One-time SI lump sum (bảo hiểm xã hội một lần) — conditions and amounts by the law in force on the day it is
decided (Law 41/2024 Art 70.5). Sources: docs/legal-sources-benefits.md.
"""

from __future__ import annotations

from decimal import Decimal

from ansinh.rules.tables import chain

GROUNDS_L58 = ("retirement_age", "emigration", "disease", "left_12_months", "armed_forces")
GROUNDS_L41 = ("retirement_age", "emigration", "disease", "incapacity_81", "left_12_months", "armed_forces")

ONE_TIME = chain(
    "one_time_si",
    "rules",
    [
        ("2016-01-01", {"grounds": GROUNDS_L58, "pension_min_years": 20, "wait_months": 12, "max_years_12m_rule": 20,
                        "contributed_before": None, "pre2014": Decimal("1.5"), "from2014": Decimal("2"),
                        "short_cap_months": Decimal("2"), "support_kept_for": ("disease",)},
         "Law 58/2014 Art 60 (1.5/2 months per year; < 1 year: contributions paid, max 2 months) and Resolution "
         "93/2015/QH13 (lump sum after 12 months out of SI with < 20 years)", "UNVERIFIED"),
        ("2025-07-01", {"grounds": GROUNDS_L41, "pension_min_years": 15, "wait_months": 12, "max_years_12m_rule": 20,
                        "contributed_before": "2025-07-01", "pre2014": Decimal("1.5"), "from2014": Decimal("2"),
                        "short_cap_months": Decimal("2"), "support_kept_for": ("disease", "incapacity_81")},
         "Law 41/2024 Art 70.1 (grounds; point đ only for people with contributions before 2025-07-01), 70.3 "
         "(1.5/2 months per year, < 1 year: contributions paid, max 2 months, state support of voluntary SI "
         "excluded), 70.4 (support kept for diseases and ≥ 81%)", "V-LAW"),
    ],
    description="Grounds and amounts of the one-time SI lump sum.",
)

# Retirement & survivorship fund contribution rate (employer + employee), compulsory SI — used for the < 1 year rule
# ("the amount paid"). Voluntary SI: 22% from 2014 (16% 2008–2009, 18% 2010–2011, 20% 2012–2013).
RETIREMENT_FUND_RATE = chain(
    "retirement_fund_rate",
    "rate of salary",
    [
        ("1995-01-01", {"compulsory": Decimal("0.15"), "voluntary": None}, "Decree 12/CP 1995 (10% + 5%)", "UNVERIFIED"),
        ("2007-01-01", {"compulsory": Decimal("0.16"), "voluntary": None}, "Law 71/2006 Art 91–92 (11% + 5%)", "UNVERIFIED"),
        ("2008-01-01", {"compulsory": Decimal("0.16"), "voluntary": Decimal("0.16")}, "Law 71/2006 Art 100", "UNVERIFIED"),
        ("2010-01-01", {"compulsory": Decimal("0.18"), "voluntary": Decimal("0.18")}, "Law 71/2006 (12% + 6%)", "UNVERIFIED"),
        ("2012-01-01", {"compulsory": Decimal("0.20"), "voluntary": Decimal("0.20")}, "Law 71/2006 (13% + 7%)", "UNVERIFIED"),
        ("2014-01-01", {"compulsory": Decimal("0.22"), "voluntary": Decimal("0.22")},
         "Law 58/2014 Arts 85–87 (14% + 8%; voluntary 22%) — V-SEC per domain-vn §3.1; from 2025-07-01 Law 41/2024 "
         "Art 32.1.b, 32.2 (22%) — V-LAW", "V-SEC"),
    ],
    description="Retirement and survivorship fund rate (employer + employee; voluntary: the participant).",
)
