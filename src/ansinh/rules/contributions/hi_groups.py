"""HI due for one participant of a given group, and who pays it, by the law in force in the month:

- from 1995: Decree 299/HĐBT as amended by Decree 47/CP — employees and civil servants only, 3% (2% employer, 1%);
- from 2009-07-01: HI Law 25/2008 with Decree 62/2009 — 3% in 07–12/2009, 4.5% from 2010; pensioners; from
  2010 near-poor (State 50%, 70% from 2012, Decision 797/QĐ-TTg) and pupils/students (3% of the minimum wage,
  State 30%);
- from 2015-01-01: Law 46/2014 with Decree 105/2014, from 2018-12-01 Decree 146/2018 — every group below but the
  business owners, 4.5% (a period starting before 2015 keeps its first month's 3% for pupils: Decree 105/2014
  Art 11.5, no difference owed for the 2014–2015 academic year paid in full);
- from 2025-07-01: Law 51/2024 with Decree 188/2025 — business owners (1.đ) too.

The groups held in each period and their own rate: table hi_groups_in_force; a group not held in the month (it did not
exist, or its rules then were not read) is refused naming `group`.

    rate   = HI rate of the group (4.5% from 2010; rate_health_insurance, or the group's own rate)
    base   = salary (≤ ceiling multiple × reference level) for employees and contributing business owners;
             the pension / allowance or UI benefit for groups paid by the SI agency on a benefit;
             the reference level (base salary) for every other group
    due    = rate × base × months, split by payer:
             employees 2/3 employer, 1/3 employee; State-budget groups 100% State; State-supported groups the
             State's minimum share (table hi_state_support), the rest the person; self-paying groups 100% person.

Household members (5.a) of rank 2 and later pay less: use the household-hi calculator. Rounding: per payer for the
whole period, half up to the whole đồng; the person pays the remainder after the State's share.

With `province` (2-digit code) the province's HI support scheme in force applies (rules.params.local_hi_support,
combined as in rules.contributions.local_support): the person's groups by list membership (`lists`), `age` and
`has_card`; the province's share is then a payer of its own ("province"), paid from the provincial budget.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ansinh.rules.catalogue import MAX_MONTHS, field_choice, field_int
from ansinh.rules.contributions import local_support
from ansinh.rules.contributions.inputs import field_month, use
from ansinh.rules.explain import Explanation, ParamUse, Step
from ansinh.rules.money import HALF_UP, vnd
from ansinh.rules.params.contribution_rates import (
    CEILING_MULTIPLE,
    HEALTH_INSURANCE,
    HI_GROUP_ARTICLE,
    HI_GROUPS_HELD,
    HI_STATE_SUPPORT,
)
from ansinh.rules.params.reference import BASE_SALARY
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError

PAYERS = ("employer", "person", "state", "si_fund", "ui_fund")


@dataclass(frozen=True)
class Group:
    article: str  # point of HI Law Art 12 as amended by Law 51/2024
    label: str
    base: str  # "salary", "benefit" or "reference"
    payer: str  # "employer_employee", "state_supported" or one of PAYERS


GROUPS: dict[str, Group] = {
    "employee": Group("1.a", "employee with a labour contract of 1 month or more", "salary", "employer_employee"),
    "civil_servant": Group("1.e", "civil servant, public employee", "salary", "employer_employee"),
    "business_owner": Group("1.đ", "registered household-business owner in compulsory SI", "salary", "person"),
    "pensioner": Group("2.a", "pensioner, monthly incapacity allowance", "benefit", "si_fund"),
    "long_sick_leave": Group("2.b", "long-term sickness or ≥14 working days of sickness/maternity in the month",
                             "reference", "si_fund"),
    "unemployment_benefit": Group("2.d", "receiving unemployment benefit", "benefit", "ui_fund"),
    "meritorious": Group("3.e", "people with meritorious service, veterans", "reference", "state"),
    "child_under_6": Group("3.h", "child under 6", "reference", "state"),
    "poor": Group("3.o", "member of a poor household; ethnic minority in a difficult area; island commune",
                  "reference", "state"),
    "social_assistance": Group("3.r", "monthly social-assistance beneficiary", "reference", "state"),
    "near_poor": Group("4.a", "member of a near-poor household", "reference", "state_supported"),
    "student": Group("4.b", "pupil, student", "reference", "state_supported"),
    "farm_household": Group("4.d", "farm, forestry, fishery or salt household with average living standard",
                            "reference", "state_supported"),
    "household_member": Group("5.a", "household member (first member; later ranks: household-hi)", "reference",
                              "person"),
}


@dataclass(frozen=True)
class HiGroupInput:
    group: str
    month: Month
    months: int = 1
    base: int | None = None
    province: str | None = None
    lists: tuple[str, ...] = ()
    age: int | None = None
    has_card: bool = False


@dataclass(frozen=True)
class HiGroupResult:
    group: str
    article: str
    month: str
    months: int
    base: int
    rate: Decimal
    payers: dict[str, int]
    total: int
    rounding: str
    steps: tuple[Step, ...]
    params: tuple[ParamUse, ...]
    local_group: str = ""
    local_basis: str = ""


def calculate(inp: HiGroupInput) -> HiGroupResult:
    ex = Explanation()
    day = inp.month.first_day
    group = GROUPS[inp.group]
    own_rate = held_rate(ex, inp.group, inp.month)
    split = use(ex, HEALTH_INSURANCE, day, "month")
    hi_rate = split.total if own_rate is None else own_rate
    reference = use(ex, BASE_SALARY, day, "month")
    base = _base(ex, inp, group, reference)
    due = hi_rate * base * inp.months
    ex.step("HI due", due, f"{hi_rate:%} × {base:,} × {inp.months} month(s)")

    payers = dict.fromkeys(PAYERS, 0)
    local = None
    if inp.province and group.payer in ("state_supported", "person"):
        local = local_support.support(province=inp.province, day=day, lists=inp.lists, age=inp.age,
                                      has_card=inp.has_card, ex=ex,
                                      central_group=inp.group if group.payer == "state_supported" else None)
        payers["province"] = 0
    if local is not None and local.group:
        if local.central:
            use(ex, HI_STATE_SUPPORT, day, "month")
        payers["state"] = ex.step("State share", vnd(due * local.central), f"{local.central:%} × due")
        payers["province"] = ex.step("province share", vnd(due * local.total) - payers["state"],
                                     f"{local.total:%} × due − State share", local.resolution)
        payers["person"] = vnd(due) - payers["state"] - payers["province"]
    elif group.payer == "employer_employee":
        payers["employer"] = vnd(split.employer * base * inp.months)
        payers["person"] = vnd(split.employee * base * inp.months)
    elif group.payer == "state_supported":
        share = use(ex, HI_STATE_SUPPORT, day, "month")[inp.group]
        payers["state"] = ex.step("State share", vnd(due * share), f"{share:%} × due")
        payers["person"] = vnd(due) - payers["state"]
    else:
        payers[group.payer] = vnd(due)
    for payer, amount in payers.items():
        if amount:
            ex.step(f"paid by {payer}", amount)
    return HiGroupResult(
        group=inp.group, article=article(group, day), month=str(inp.month), months=inp.months,
        base=base, rate=hi_rate, payers=payers, total=sum(payers.values()),
        rounding=f"per payer for the period: {HALF_UP}; the person pays the remainder after the State's share",
        steps=tuple(ex.steps), params=tuple(ex.params),
        local_group=local.group if local else "", local_basis=local.resolution if local else "",
    )


def held_rate(ex: Explanation | None, name: str, month: Month, field: str = "month") -> Decimal | None:
    """The group's own HI rate in the month (None: the employees' rate); a group not held then is refused naming
    `group`, a month before every period naming `field`."""
    day = month.first_day
    try:
        entry = HI_GROUPS_HELD.entry(day)
    except RuleError as exc:
        raise RuleError(exc.code, exc.message, field=field) from None
    if name not in entry.value:
        period = f"{entry.valid_from}..{entry.valid_to or 'open'}"
        raise RuleError("group_not_in_force", f"group {name} ({GROUPS[name].label}) is not held for {month} "
                        f"(period {period}: {entry.basis})", field="group")
    if ex is not None:
        ex.use(HI_GROUPS_HELD, day)
    return entry.value[name]


def article(group: Group, day: dt.date) -> str:
    """The group's legal point in the numbering of the HI rules in force (table hi_group_article)."""
    return HI_GROUP_ARTICLE.at(day).format(point=group.article)


def _base(ex: Explanation, inp: HiGroupInput, group: Group, reference: int) -> int:
    if group.base == "reference":
        return ex.step("base", reference, "reference level (base salary)")
    if inp.base is None:
        raise RuleError("required", f"base is required for group {inp.group} (the {group.base})", field="base")
    if group.base == "benefit":
        return ex.step("base", inp.base, "pension / allowance / benefit of the month")
    multiple = use(ex, CEILING_MULTIPLE, inp.month.first_day, "month")
    if inp.base < reference:
        raise RuleError("below_floor", f"salary {inp.base:,} is below the reference level {reference:,}",
                        field="base")
    capped = inp.base if multiple is None else min(inp.base, multiple * reference)
    return ex.step("base", capped, f"min(salary, {multiple} × {reference:,})")


def parse(data: Mapping[str, Any]) -> HiGroupInput:
    base = data.get("base")
    age = data.get("age")
    return HiGroupInput(
        group=field_choice(data, "group", tuple(GROUPS)),
        month=field_month(data),
        months=field_int(data, "months", default=1, minimum=1, maximum=MAX_MONTHS),
        base=None if base is None else field_int(data, "base", minimum=1),
        province=field_province(data),
        lists=field_lists(data),
        age=None if age is None else field_int(data, "age"),
        has_card=bool(data.get("has_card", False)),
    )


def field_province(data: Mapping[str, Any]) -> str | None:
    value = data.get("province")
    if value in (None, ""):
        return None
    if not isinstance(value, str) or len(value) != 2 or not value.isdigit():
        raise RuleError("bad_province", f"province must be a 2-digit code such as \"20\", got {value!r}",
                        field="province")
    return value


def field_lists(data: Mapping[str, Any], name: str = "lists") -> tuple[str, ...]:
    value = data.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError("bad_lists", f"{name} must be a list of list names such as [\"near_poor\"]", field=name)
    return tuple(value)


def run(data: Mapping[str, Any]) -> HiGroupResult:
    return calculate(parse(data))
