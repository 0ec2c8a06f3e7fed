"""Household HI (group 5.a) due for the members of a household joining in the same fiscal year.

HI Law Art 13.6 as amended by Law 51/2024, Decree 188/2025 (before 2025-07-01: Law 46/2014, Decree 146/2018):

    first member / month = HI rate (4.5%) × reference level (base salary)
    member of rank k     = share(k) × first member / month × months,  share = 100%, 70%, 60%, 50%, 40% (5th and later)

Household members are self-paying: no State support (members in a State-paid or State-supported group are not
household members for HI; see the hi-group calculator). Payment period 3, 6 or 12 months (Decree 146/2018; the
Decree 188/2025 periods are UNVERIFIED). Rounding: per member, for the whole period, half up to the whole đồng.

With `province` and `local` (one object per member in rank order: {"lists": [...], "age": n, "has_card": false}),
a provincial scheme for groups without central support (e.g. Hải Dương: 65 to under 70 without a card, 70 %)
pays its share of that member's amount (rank-reduced; whether the share applies before or after the household
reduction is UNVERIFIED: here after); the member stays a household member (compliance notes §D).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ansinh.rules.catalogue import MAX_MONTHS, check_types, field_int
from ansinh.rules.contributions import local_support
from ansinh.rules.contributions.inputs import field_month, use
from ansinh.rules.explain import Explanation, ParamUse, Step
from ansinh.rules.money import HALF_UP, vnd
from ansinh.rules.params.contribution_rates import HEALTH_INSURANCE, HOUSEHOLD_HI_SHARES
from ansinh.rules.params.reference import BASE_SALARY
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError

MAX_MEMBERS = 100  # household members: the bound the calculator has always applied

PERIODS = (3, 6, 12)


@dataclass(frozen=True)
class HouseholdInput:
    members: int
    month: Month
    months: int = 12
    province: str | None = None
    local: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class MemberDue:
    rank: int
    share: Decimal
    amount: int
    province: int = 0
    local_group: str = ""


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
    province_support: int = 0

    @property
    def household_pays(self) -> int:
        return self.total - self.state_support - self.province_support


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
        province, group = 0, ""
        if inp.province and rank <= len(inp.local):
            info = inp.local[rank - 1]
            sup = local_support.support(province=inp.province, central_group=None, day=day,
                                        lists=info.get("lists", ()), age=info.get("age"),
                                        has_card=bool(info.get("has_card")), ex=ex)
            if sup.group:
                province, group = ex.step(f"member {rank}: province", vnd(amount * sup.total),
                                          f"{sup.total:%} × {amount:,}", sup.resolution), sup.group
        members.append(MemberDue(rank, share, amount, province, group))
    return HouseholdResult(
        month=str(inp.month), months=inp.months, first_member_per_month=first, members=tuple(members),
        total=sum(m.amount for m in members), state_support=0, province_support=sum(m.province for m in members),
        rounding=f"per member for the period: {HALF_UP}", steps=tuple(ex.steps), params=tuple(ex.params),
    )


def parse(data: Mapping[str, Any]) -> HouseholdInput:
    months = field_int(data, "months", default=12, maximum=MAX_MONTHS)
    if months not in PERIODS:
        raise RuleError("bad_choice", f"months must be one of 3, 6, 12, got {months}", field="months")
    from ansinh.rules.contributions.hi_groups import field_province

    local = data.get("local")
    if local is None:
        local = []
    if not isinstance(local, list) or not all(isinstance(m, dict) for m in local):
        raise RuleError("bad_local", "local must be a list of objects, one per member", field="local")
    if len(local) > MAX_MEMBERS:
        raise RuleError("too_large", f"local holds one object per member, at most {MAX_MEMBERS}", field="local")
    for i, member in enumerate(local):
        check_types(member, {"lists": "list", "age": "int", "has_card": "bool"}, where=f"local[{i}].")
    return HouseholdInput(members=field_int(data, "members", minimum=1, maximum=MAX_MEMBERS), month=field_month(data), months=months,
                          province=field_province(data), local=tuple(local))


def run(data: Mapping[str, Any]) -> HouseholdResult:
    return calculate(parse(data))
