"""Household HI (group 5.a) due for the members of a household joining in the same fiscal year.

HI Law Art 13.6 as amended by Law 51/2024, Decree 188/2025 (before 2025-07-01: Law 46/2014, Decree 146/2018):

    first member / month = HI rate (4.5%) × reference level (base salary)
    member of rank k     = share(k) × first member / month × months,  share = 100%, 70%, 60%, 50%, 40% (5th and later)

Household members are self-paying: no State support (members in a State-paid or State-supported group are not
household members for HI; see the hi-group calculator). Payment period 3, 6 or 12 months (Decree 146/2018; the
Decree 188/2025 periods are UNVERIFIED). Rounding: per member, for the whole period, half up to the whole đồng.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ansinh.rules.catalogue import field_int
from ansinh.rules.contributions.inputs import field_month, use
from ansinh.rules.explain import Explanation, ParamUse, Step
from ansinh.rules.money import HALF_UP, vnd
from ansinh.rules.params.contribution_rates import HEALTH_INSURANCE, HOUSEHOLD_HI_SHARES
from ansinh.rules.params.reference import BASE_SALARY
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError

PERIODS = (3, 6, 12)


@dataclass(frozen=True)
class HouseholdInput:
    members: int
    month: Month
    months: int = 12


@dataclass(frozen=True)
class MemberDue:
    rank: int
    share: Decimal
    amount: int


@dataclass(frozen=True)
class HouseholdResult:
    month: str
    months: int
    first_member_per_month: Decimal
    members: tuple[MemberDue, ...]
    total: int
    state_support: int
    rounding: str
    steps: tuple[Step, ...]
    params: tuple[ParamUse, ...]


def calculate(inp: HouseholdInput) -> HouseholdResult:
    ex = Explanation()
    day = inp.month.first_day
    hi_rate = use(ex, HEALTH_INSURANCE, day, "month").total
    reference = use(ex, BASE_SALARY, day, "month")
    shares = use(ex, HOUSEHOLD_HI_SHARES, day, "month")
    first = ex.step("first member per month", hi_rate * reference, f"{hi_rate:%} × {reference:,}")
    members = []
    for rank in range(1, inp.members + 1):
        share = shares[min(rank, len(shares)) - 1]
        amount = ex.step(f"member {rank}", vnd(first * share * inp.months), f"{share:%} × {first} × {inp.months}")
        members.append(MemberDue(rank, share, amount))
    return HouseholdResult(
        month=str(inp.month), months=inp.months, first_member_per_month=first, members=tuple(members),
        total=sum(m.amount for m in members), state_support=0,
        rounding=f"per member for the period: {HALF_UP}", steps=tuple(ex.steps), params=tuple(ex.params),
    )


def parse(data: Mapping[str, Any]) -> HouseholdInput:
    months = field_int(data, "months", default=12)
    if months not in PERIODS:
        raise RuleError("bad_choice", f"months must be one of 3, 6, 12, got {months}", field="months")
    return HouseholdInput(members=field_int(data, "members", minimum=1), month=field_month(data), months=months)


def run(data: Mapping[str, Any]) -> HouseholdResult:
    return calculate(parse(data))
