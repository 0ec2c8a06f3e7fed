"""The rules that find who is missing, with their legal basis (compliance notes §C1, domain-vn §4.1, §6).

Pure: dates and thresholds; the queries that apply them are in ansinh.compliance.services.detect.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

REGISTRATION_DAYS = 30  # employer registers a new participant within 30 days (L41 Art 28.1)
GRACE_DAYS = 60  # not registering within 60 days after that deadline is late payment; after it, evasion (Arts 38-39)
WAGE_TOLERANCE = Decimal("1.10")  # tax wage expense may include pay outside the SI base (derived, not law)
LAPSE_LOOKBACK_MONTHS = 12
REJOIN_GAP_DAYS = 90  # a gap of 90 days or more: the new card is valid 30 days after payment (HI Law Art 16.3.c)


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    basis: str
    status: str  # as in rules.tables: V-LAW, V-SEC, derived rules say "derived"


RULES: dict[str, Rule] = {r.code: r for r in (
    Rule("unit_not_enrolled", "registered or with a tax code, active, no unit code 30 + 60 days after establishment",
         "Law 41/2024 Arts 17.2, 28.1, 38.2, 39.1.a", "derived from V-LAW"),
    Rule("headcount_under", "fewer employees in SI than the tax data shows",
         "Law 41/2024 Arts 17.3, 30.3", "derived from V-LAW"),
    Rule("wage_under", "SI wages declared below the wage expense reported for tax",
         "Law 41/2024 Arts 17.3, 31.1, 39.1.c", "derived from V-LAW"),
    Rule("state_budget_no_card", "on a commune's state-budget or supported list, no HI card for the month",
         "HI Law Arts 12.3, 12.4, 17 as amended by Law 51/2024", "V-LAW"),
    Rule("pupil_no_card", "on a school's list, no HI card for the month",
         "HI Law Arts 12.4.b, 17.1.d as amended by Law 51/2024", "V-LAW"),
    Rule("card_lapsed", "HI card ended in the last 12 months and not renewed",
         "HI Law Arts 12, 16.3.c as amended by Law 51/2024", "V-LAW"),
)}


def enrolment_overdue(established_on: dt.date, as_of: dt.date) -> bool:
    """Past the 30-day registration deadline and the 60 days after it (L41 Arts 28.1, 38.2, 39.1.a)."""
    return as_of > established_on + dt.timedelta(days=REGISTRATION_DAYS + GRACE_DAYS)


def enrolment_cutoff(as_of: dt.date) -> dt.date:
    """Established on or before this date ⇒ overdue on `as_of`."""
    return as_of - dt.timedelta(days=REGISTRATION_DAYS + GRACE_DAYS + 1)


def wage_shortfall(wage_expense_year: int, declared_month: int) -> int:
    """Monthly wages apparently missing from the SI base: tax wage expense ÷ 12 beyond the tolerance, else 0."""
    monthly = Decimal(wage_expense_year) / 12
    if monthly > declared_month * WAGE_TOLERANCE:
        return int(monthly) - declared_month
    return 0


def rejoin_wait(last_valid_to: dt.date, on: dt.date) -> bool:
    """A gap of 90 days or more since the last card: the new card waits 30 days after payment (Art 16.3.c)."""
    return (on - last_valid_to).days >= REJOIN_GAP_DAYS
