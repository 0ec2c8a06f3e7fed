"""HI due for one participant of a given group, and who pays it, by the law in force in the month:

- from 1995: Decree 299/HĐBT as amended by Decree 47/CP — employees and civil servants only, 3% (2% employer, 1%);
- from 2009-07-01: HI Law 25/2008 with Decree 62/2009 — 3% in 07–12/2009, 4.5% from 2010; pensioners; from
  2010 near-poor (State 50%, 70% from 2012, Decision 797/QĐ-TTg) and pupils/students (3% of the minimum wage,
  State 30%);
- from 2015-01-01: Law 46/2014 with Decree 105/2014, from 2018-12-01 Decree 146/2018 — every group below but the
  business owners, 4.5% (pupils who paid the whole 2014–2015 academic year before 2015 keep 3% to 09/2015: Decree
  105/2014 Art 11.5, no difference owed);
- from 2025-07-01: Law 51/2024 with Decree 188/2025 — business owners (1.đ) too.

The groups held in each period and their own rate: table hi_groups_in_force; a group not held in the month (it did not
exist, or its rules then were not read) is refused naming `group`.

    rate   = HI rate of the group (4.5% from 2010; rate_health_insurance, or the group's own rate)
    base   = salary (≤ ceiling multiple × reference level) for employees and contributing business owners;
             the pension / allowance or UI benefit for groups paid by the SI agency on a benefit;
             the reference level (base salary) for every other group
    due    = Σ over the months of the period: rate of the month × base of the month, split by payer:
             employees 2/3 employer, 1/3 employee; State-budget groups 100% State; State-supported groups the
             State's minimum share of the month (table hi_state_support), the rest the person; self-paying groups
             100% person.

Month by month: a period crossing a change (the 4.5% of 2010-01, a new base salary, the State share of 2025-07 …)
is charged each month at that month's rate, base and share; consecutive months charged alike form a segment
(`segments`, and one "HI due" step each). The one exception found in the law: a premium paid in full before the
change keeps the former rate where a provision says so (table hi_rate_kept_when_paid_before — Decree 105/2014
Art 11.5: pupils and students who paid the whole 2014–2015 academic year keep 3% to 09/2015); a period given here
is taken as paid at its start. Every month must be held: a group not held in a later month of the period is refused
naming `group`, a month past the tables naming `month`.

Household members (5.a) of rank 2 and later pay less: use the household-hi calculator. Rounding: per payer for the
whole period (the exact sum of the months), half up to the whole đồng; the person pays the remainder after the
State's share. `age`, `lists` and `has_card` are taken as they are on the first month for the whole period.

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

from ansinh.rules.catalogue import MAX_MONTHS, field_bool, field_choice, field_int
from ansinh.rules.contributions import local_support
from ansinh.rules.contributions.inputs import field_month, use
from ansinh.rules.explain import Explanation, ParamUse, Step
from ansinh.rules.money import HALF_UP, vnd
from ansinh.rules.params.contribution_rates import (
    CEILING_MULTIPLE,
    HEALTH_INSURANCE,
    HI_GROUP_ARTICLE,
    HI_GROUPS_HELD,
    HI_RATE_KEPT_WHEN_PAID_BEFORE,
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
class Segment:
    """Consecutive months charged alike: the same rate, base and shares."""

    start: str  # first month, YYYY-MM
    end: str  # last month
    months: int
    rate: Decimal
    base: int
    due: Decimal
    state_share: Decimal  # the State's minimum share of the group (0 where the State pays nothing or all)
    support_total: Decimal  # State + province (with `province`; else the State's share)
    rate_kept: str = ""  # the provision that keeps an earlier rate for these months ("" when none)


@dataclass(frozen=True)
class HiGroupResult:
    group: str
    article: str
    month: str
    months: int
    base: int  # of the first month (each segment: `segments`)
    rate: Decimal  # of the first month
    payers: dict[str, int]
    total: int
    rounding: str
    steps: tuple[Step, ...]
    params: tuple[ParamUse, ...]
    local_group: str = ""
    local_basis: str = ""
    segments: tuple[Segment, ...] = ()


@dataclass(frozen=True)
class _Month:
    """What the law sets for one month of the period."""

    rate: Decimal
    employer: Decimal  # employer's part of the rate (groups paid by employer and employee)
    employee: Decimal
    base: int
    base_formula: str
    central: Decimal
    total: Decimal
    local: local_support.Support | None
    kept: str

    def key(self) -> tuple[Any, ...]:
        local = self.local.group if self.local else ""
        return (self.rate, self.employer, self.employee, self.base, self.central, self.total, local, self.kept)


def calculate(inp: HiGroupInput) -> HiGroupResult:
    ex = Explanation()
    group = GROUPS[inp.group]
    with_province = bool(inp.province) and group.payer in ("state_supported", "person")
    months = [inp.month + i for i in range(inp.months)]
    terms = [_month_terms(inp, group, m, with_province) for m in months]

    # consecutive months with the same terms form a segment; each is explained with the tables of its first month
    runs: list[tuple[int, int]] = []
    for i, t in enumerate(terms):
        if runs and terms[runs[-1][0]].key() == t.key():
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    split_steps = len(runs) > 1
    segments = []
    for first, last in runs:
        t, n, start = terms[first], last - first + 1, months[first]
        span = f" {start}..{months[last]}" if split_steps else ""
        _record_params(ex, inp, group, start, with_province, t)
        ex.step("base" + span, t.base, t.base_formula)
        due = t.rate * t.base * n
        ex.step("HI due" + span, due, f"{t.rate:%} × {t.base:,} × {n} month(s)", t.kept)
        if t.local is not None and t.local.group:
            ex.step("local support" + span, t.local.local, f"{t.local.group}: central {t.local.central:%} + local "
                    f"{t.local.local:%} = {t.local.total:%} (capped at 100 %)",
                    f"{t.local.resolution} [{t.local.status}]")
        segments.append(Segment(str(start), str(months[last]), n, t.rate, t.base, due, t.central, t.total, t.kept))

    due_total = sum((s.due for s in segments), Decimal(0))
    payers = dict.fromkeys(PAYERS, 0)
    if with_province:
        payers["province"] = 0
    if group.payer == "employer_employee":
        payers["employer"] = vnd(sum((terms[i].employer * terms[i].base for i in range(len(months))), Decimal(0)))
        payers["person"] = vnd(sum((terms[i].employee * terms[i].base for i in range(len(months))), Decimal(0)))
    elif group.payer == "state_supported" or with_province:
        shares = " + ".join(f"{s.state_share:%} × {s.due.normalize():,f}" for s in segments)
        state = vnd(sum((s.due * s.state_share for s in segments), Decimal(0)))
        if state or group.payer == "state_supported":
            payers["state"] = ex.step("State share", state, f"{segments[0].state_share:%} × due" if not split_steps
                                      else shares)
        if with_province:
            supported = vnd(sum((s.due * s.support_total for s in segments), Decimal(0)))
            if supported != state:
                locals_ = [t.local for t in terms if t.local is not None and t.local.group]
                payers["province"] = ex.step("province share", supported - state,
                                             "total support × due − State share", locals_[0].resolution)
        payers["person"] = vnd(due_total) - payers["state"] - payers.get("province", 0)
    else:
        payers[group.payer] = vnd(due_total)
    for payer, amount in payers.items():
        if amount:
            ex.step(f"paid by {payer}", amount)
    local = next((t.local for t in terms if t.local is not None and t.local.group), None)
    return HiGroupResult(
        group=inp.group, article=article(group, inp.month.first_day), month=str(inp.month), months=inp.months,
        base=terms[0].base, rate=terms[0].rate, payers=payers, total=sum(payers.values()),
        rounding=f"per payer for the period (the sum of the months, each at its own rate, base and share): "
        f"{HALF_UP}; the person pays the remainder after the State's share",
        steps=tuple(ex.steps), params=tuple(ex.params),
        local_group=local.group if local else "", local_basis=local.resolution if local else "",
        segments=tuple(segments),
    )


def _month_terms(inp: HiGroupInput, group: Group, month: Month, with_province: bool) -> _Month:
    """The rate, base and shares of one month, by the tables in force on its first day (no explanation kept)."""
    day = month.first_day
    own_rate = held_rate(None, inp.group, month)
    split = use(None, HEALTH_INSURANCE, day, "month")
    hi_rate = split.total if own_rate is None else own_rate
    kept = ""
    prepaid = HI_RATE_KEPT_WHEN_PAID_BEFORE.entry(day)
    if inp.group in prepaid.value and inp.month.first_day < prepaid.valid_from and prepaid.valid_to is not None \
            and (inp.month + (inp.months - 1)).last_day >= prepaid.valid_to:
        before = Month.of(prepaid.valid_from) - 1
        kept_rate = held_rate(None, inp.group, before)
        hi_rate = use(None, HEALTH_INSURANCE, before.first_day, "month").total if kept_rate is None else kept_rate
        kept = f"the rate of {before} kept: the period was paid in full before {prepaid.valid_from} ({prepaid.basis})"
    reference = use(None, BASE_SALARY, day, "month")
    base, formula = _base(inp, group, reference, month)
    central = use(None, HI_STATE_SUPPORT, day, "month")[inp.group] if group.payer == "state_supported" else Decimal(0)
    local = None
    total = central
    if with_province:
        local = local_support.support(province=inp.province, day=day, lists=inp.lists, age=inp.age,
                                      has_card=inp.has_card,
                                      central_group=inp.group if group.payer == "state_supported" else None)
        if local.group:
            total = local.total
    return _Month(hi_rate, split.employer, split.employee, base, formula, central, total, local, kept)


def _record_params(ex: Explanation, inp: HiGroupInput, group: Group, month: Month, with_province: bool,
                   t: _Month) -> None:
    day = month.first_day
    ex.use(HI_GROUPS_HELD, day)
    ex.use(HEALTH_INSURANCE, day)
    ex.use(BASE_SALARY, day)
    if group.base == "salary":
        ex.use(CEILING_MULTIPLE, day)
    if t.kept:
        ex.use(HI_RATE_KEPT_WHEN_PAID_BEFORE, day)
    if group.payer == "state_supported" or (with_province and t.local is not None and t.local.central):
        ex.use(HI_STATE_SUPPORT, day)


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


def _base(inp: HiGroupInput, group: Group, reference: int, month: Month) -> tuple[int, str]:
    if group.base == "reference":
        return reference, "reference level (base salary)"
    if inp.base is None:
        raise RuleError("required", f"base is required for group {inp.group} (the {group.base})", field="base")
    if group.base == "benefit":
        return inp.base, "pension / allowance / benefit of the month"
    multiple = use(None, CEILING_MULTIPLE, month.first_day, "month")
    if inp.base < reference:
        raise RuleError("below_floor", f"salary {inp.base:,} is below the reference level {reference:,} in {month}",
                        field="base")
    capped = inp.base if multiple is None else min(inp.base, multiple * reference)
    return capped, f"min(salary, {multiple} × {reference:,})"


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
        has_card=field_bool(data, "has_card"),
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
