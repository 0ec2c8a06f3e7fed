"""Voluntary SI due for a chosen monthly income, payment mode and support group.

Law 41/2024 Arts 31.2, 32.2, 36 (before 2025-07-01: Law 58/2014 Art 87; 2008–2015: Law 71/2006 Art 100); State
support Decree 159/2025 Art 5 (before: Decree 134/2015 Art 14; none under Law 71).

    contribution/month = rate × income       (rate 16–22% by period, 22% from 2014; floor: the general minimum wage
                                              until 2015, then the rural poverty line; ceiling: 20 × reference level)
    support/month      = support share of the group × rate × rural poverty line   (0 until 2017)
    payable/month      = contribution/month − support/month
    monthly, 3, 6, 12 months:  payable = k × payable/month   (until 2015 only monthly, 3 and 6 months: Law 71 Art 100.2)

All of these are effective-dated tables (contribution_rates: voluntary_income_floor, voluntary_payment_modes,
rate_voluntary_si, voluntary_si_state_support, ceiling_multiple); the income steps of the Law 71 era (Lmin + m ×
50,000) are not enforced.

Lump sums (Law 41/2024 Art 36.2.đ-e: "lower" for future years, "higher" for missing years; the formula is left to
the Government). Implemented as in Decree 134/2015 Art 10 and Circular 01/2016/TT-BLĐTBXH Art 6 as remembered —
**UNVERIFIED**, the text of Decree 159/2025 was not read:

    several years in advance (n months, at most 60):  payable = Σ_{i=1..n} payable/month ÷ (1 + r)^(i−1)
    making up missing months (n months):              payable = Σ_{i=1..n} contribution/month × (1 + r)^i   (no support)

r = average SI-fund investment return of the previous year ÷ 12 (table si_fund_return_previous_year, or the input
field `monthly_fund_rate`). Rounding: the monthly amounts half up to the whole đồng; a lump sum is rounded once,
half up, after summing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ansinh.rules.catalogue import MAX_MONTHS, field_choice, field_int
from ansinh.rules.contributions.inputs import field_month, field_rate, use
from ansinh.rules.explain import Explanation, ParamUse, Step
from ansinh.rules.money import HALF_UP, vnd
from ansinh.rules.params.contribution_rates import (
    CEILING_MULTIPLE,
    FUND_RETURN,
    VOLUNTARY_ALL_MODES,
    VOLUNTARY_GROUPS,
    VOLUNTARY_INCOME_FLOOR,
    VOLUNTARY_MODES,
    VOLUNTARY_RATE,
    VOLUNTARY_SUPPORT,
)
from ansinh.rules.params.reference import BASE_SALARY, POVERTY_LINE
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError

PERIODIC = {"monthly": 1, "3_months": 3, "6_months": 6, "12_months": 12}
MODES = VOLUNTARY_ALL_MODES  # the periodic ones, "advance" and "makeup"
MAX_ADVANCE_MONTHS = 60


@dataclass(frozen=True)
class VoluntaryInput:
    income: int
    month: Month
    mode: str = "monthly"
    months: int = 1
    group: str = "other"
    monthly_fund_rate: Decimal | None = None


@dataclass(frozen=True)
class VoluntaryResult:
    month: str
    income: int
    mode: str
    months: int
    group: str
    contribution_per_month: int
    support_per_month: int
    payable_per_month: int
    contribution: int
    state_support: int
    payable: int
    lump_sum_adjustment: int
    rounding: str
    steps: tuple[Step, ...]
    params: tuple[ParamUse, ...]


def calculate(inp: VoluntaryInput) -> VoluntaryResult:
    ex = Explanation()
    day = inp.month.first_day
    contribution_rate = use(ex, VOLUNTARY_RATE, day, "month")
    modes = use(ex, VOLUNTARY_MODES, day, "month")
    if inp.mode not in modes:
        raise RuleError("mode_not_in_force", f"mode {inp.mode!r} is not a way to pay voluntary SI in {inp.month} "
                        f"(then: {', '.join(modes)})", field="mode")
    base_salary = use(ex, BASE_SALARY, day, "month")
    multiple = use(ex, CEILING_MULTIPLE, day, "month")
    ceiling = multiple * base_salary
    share = use(ex, VOLUNTARY_SUPPORT, day, "month")[inp.group]
    floor_on_base_salary = use(ex, VOLUNTARY_INCOME_FLOOR, day, "month") == "base_salary"
    # the rural poverty line is needed for the floor from 2016 and for any support; none is held before 2016
    poverty_rural = None if floor_on_base_salary and not share else use(ex, POVERTY_LINE, day, "month").rural
    floor, floor_name = (base_salary, "general minimum wage") if floor_on_base_salary else (
        poverty_rural, "rural poverty line")
    ex.step("income floor", floor, floor_name)
    ex.step("income ceiling", ceiling, f"{multiple} × reference level")
    if not floor <= inp.income <= ceiling:
        raise RuleError("income_out_of_range", f"income must be between {floor:,} and {ceiling:,} in "
                        f"{inp.month}, got {inp.income:,}", field="income")

    per_month = ex.step("contribution per month", vnd(contribution_rate * inp.income),
                        f"{contribution_rate:%} × {inp.income:,}")
    if poverty_rural is None:  # no State support of the premium under Law 71 (the table's share is 0)
        support = ex.step("State support per month", 0, "none under Law 71/2006")
    else:
        support = ex.step("State support per month", vnd(share * contribution_rate * poverty_rural),
                          f"{share:%} × {contribution_rate:%} × {poverty_rural:,}")
    payable_month = ex.step("payable per month", per_month - support, "contribution − support")

    if inp.mode in PERIODIC:
        n = PERIODIC[inp.mode]
        payable, support_total, adjustment = n * payable_month, n * support, 0
        ex.step("payable", payable, f"{n} × {payable_month:,}")
    else:
        n = inp.months
        r = _monthly_rate(ex, inp)
        if inp.mode == "advance":
            exact = sum((payable_month / (1 + r) ** (i - 1) for i in range(1, n + 1)), Decimal(0))
            support_total = n * support
            formula = f"Σ_(i=1..{n}) {payable_month:,} ÷ (1 + {r:%})^(i−1)"
        else:
            exact = sum((per_month * (1 + r) ** i for i in range(1, n + 1)), Decimal(0))
            support_total = 0
            formula = f"Σ_(i=1..{n}) {per_month:,} × (1 + {r:%})^i  (no State support on missing years)"
        payable = ex.step("payable (lump sum)", vnd(exact), formula,
                          basis="Decree 134/2015 Art 10 / Circular 01/2016 Art 6 shape [UNVERIFIED]")
        undiscounted = n * (payable_month if inp.mode == "advance" else per_month)
        adjustment = ex.step("discount (−) / interest (+)", payable - undiscounted, f"{payable:,} − {undiscounted:,}")
    return VoluntaryResult(
        month=str(inp.month), income=inp.income, mode=inp.mode, months=n, group=inp.group,
        contribution_per_month=per_month, support_per_month=support, payable_per_month=payable_month,
        contribution=n * per_month, state_support=support_total, payable=payable, lump_sum_adjustment=adjustment,
        rounding=f"monthly amounts {HALF_UP}; a lump sum rounded once after summing, half up",
        steps=tuple(ex.steps), params=tuple(ex.params),
    )


def _monthly_rate(ex: Explanation, inp: VoluntaryInput) -> Decimal:
    if inp.monthly_fund_rate is not None:
        return ex.step("monthly fund rate r", inp.monthly_fund_rate, "given in the input (monthly_fund_rate)")
    try:
        annual = ex.use(FUND_RETURN, inp.month.first_day)
    except RuleError:
        raise RuleError("no_fund_rate", f"no SI-fund return is recorded for {inp.month.year}: give "
                        "monthly_fund_rate (e.g. \"0.31%\")", field="monthly_fund_rate") from None
    return ex.step("monthly fund rate r", annual / 12, f"{annual:%} ÷ 12")


def parse(data: Mapping[str, Any]) -> VoluntaryInput:
    mode = field_choice(data, "mode", MODES, default="monthly")
    months = PERIODIC.get(mode) or field_int(data, "months", minimum=1, maximum=MAX_MONTHS)
    if mode == "advance" and months > MAX_ADVANCE_MONTHS:
        raise RuleError("too_large", f"months in advance must be at most {MAX_ADVANCE_MONTHS} (5 years), got "
                        f"{months}", field="months")
    return VoluntaryInput(
        income=field_int(data, "income", minimum=1),
        month=field_month(data),
        mode=mode,
        months=months,
        group=field_choice(data, "group", VOLUNTARY_GROUPS, default="other"),
        monthly_fund_rate=field_rate(data, "monthly_fund_rate"),
    )


def run(data: Mapping[str, Any]) -> VoluntaryResult:
    return calculate(parse(data))
