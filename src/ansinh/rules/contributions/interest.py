"""Late-payment interest on an amount outstanding for the days `from`..`to` (both counted), split where the rule
changes.

From 2025-07-01 (Law 41/2024 Arts 40.1, 41.1):  interest = amount × 0.03% × days late      (simple interest)
2016-01-01 .. 2025-06-30 (Law 58/2014 Art 122.3; Decision 595/QĐ-BHXH as amended by 888/QĐ-BHXH): interest is
charged on the first day of each month on the amount then overdue, at a monthly rate k =
    SI and UI: 2 × average SI-fund investment return of the previous year ÷ 12
    HI:        2 × 9-month interbank rate of the previous year ÷ 12
so the engine counts the first days of months within `from`..`to`. The yearly returns are published by VSS; the
years held are in si_fund_return_previous_year / interbank_9m_rate_previous_year, for other years give
`monthly_rate` (k). Before 2016 the engine has no rule (RuleError).

HI under the 0.03%/day rule is an assumption (UNVERIFIED), as is the day count of Decree 274/2025 (not read).
Rounding: each segment (a calendar year of the monthly rule; the daily rule) half up to the whole đồng.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ansinh.rules.catalogue import MAX_DEBT_VND, field_choice, field_date, field_int
from ansinh.rules.contributions.inputs import field_rate, use
from ansinh.rules.explain import Explanation, ParamUse, Step
from ansinh.rules.money import HALF_UP, vnd
from ansinh.rules.params.contribution_rates import FUND_RETURN, HI_INTERBANK_RATE, LATE_INTEREST_DAILY
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError

FUNDS = ("si", "hi")
MONTHLY_RULE_FROM = dt.date(2016, 1, 1)
DAILY_RULE_FROM = LATE_INTEREST_DAILY.first_day


@dataclass(frozen=True)
class InterestInput:
    amount: int
    start: dt.date
    end: dt.date
    fund: str = "si"
    monthly_rate: Decimal | None = None


@dataclass(frozen=True)
class Segment:
    start: dt.date
    end: dt.date
    rule: str
    periods: int  # days (daily rule) or month starts (monthly rule)
    rate: Decimal
    interest: int


@dataclass(frozen=True)
class InterestResult:
    amount: int
    start: dt.date
    end: dt.date
    fund: str
    segments: tuple[Segment, ...]
    interest: int
    rounding: str
    steps: tuple[Step, ...]
    params: tuple[ParamUse, ...]


def calculate(inp: InterestInput) -> InterestResult:
    ex = Explanation()
    if inp.start < MONTHLY_RULE_FROM:
        raise RuleError("no_rule_for_date", f"late interest before {MONTHLY_RULE_FROM} is not modelled "
                        f"(got {inp.start})", field="from")
    segments = []
    if inp.start < DAILY_RULE_FROM:
        segments += _monthly_segments(ex, inp, min(inp.end, DAILY_RULE_FROM - dt.timedelta(days=1)))
    if inp.end >= DAILY_RULE_FROM:
        start = max(inp.start, DAILY_RULE_FROM)
        daily = use(ex, LATE_INTEREST_DAILY, start, "from")
        days = (inp.end - start).days + 1
        interest = ex.step(f"{start}..{inp.end}: daily rule", vnd(inp.amount * daily * days),
                           f"{inp.amount:,} × {daily:%} × {days} days")
        segments.append(Segment(start, inp.end, "daily", days, daily, interest))
    return InterestResult(
        amount=inp.amount, start=inp.start, end=inp.end, fund=inp.fund, segments=tuple(segments),
        interest=sum(s.interest for s in segments), rounding=f"per segment: {HALF_UP}",
        steps=tuple(ex.steps), params=tuple(ex.params),
    )


def _monthly_segments(ex: Explanation, inp: InterestInput, end: dt.date) -> list[Segment]:
    first = Month.of(inp.start) if inp.start.day == 1 else Month.of(inp.start) + 1
    starts = [first + i for i in range(max(0, first.months_until(Month.of(end)) + 1))]
    out = []
    for year in sorted({m.year for m in starts}):
        months = [m for m in starts if m.year == year]
        k = _monthly_rate(ex, inp, months[0].first_day)
        interest = ex.step(f"{year}: monthly rule", vnd(inp.amount * k * len(months)),
                           f"{inp.amount:,} × {k:%} × {len(months)} month start(s)")
        out.append(Segment(max(inp.start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31)), "monthly",
                           len(months), k, interest))
    return out


def _monthly_rate(ex: Explanation, inp: InterestInput, day: dt.date) -> Decimal:
    if inp.monthly_rate is not None:
        return ex.step("monthly late rate k", inp.monthly_rate, "given in the input (monthly_rate)")
    table = FUND_RETURN if inp.fund == "si" else HI_INTERBANK_RATE
    try:
        annual = ex.use(table, day)
    except RuleError:
        raise RuleError("no_rate_for_year", f"no {table.name} is recorded for {day.year}: give monthly_rate "
                        "(k, e.g. \"0.9667%\")", field="monthly_rate") from None
    return ex.step("monthly late rate k", 2 * annual / 12, f"2 × {annual:%} ÷ 12")


def parse(data: Mapping[str, Any]) -> InterestInput:
    start, end = field_date(data, "from"), field_date(data, "to")
    if end < start:
        raise RuleError("bad_range", f"to ({end}) is before from ({start})", field="to")
    return InterestInput(
        amount=field_int(data, "amount", minimum=0, maximum=MAX_DEBT_VND),
        start=start,
        end=end,
        fund=field_choice(data, "fund", FUNDS, default="si"),
        monthly_rate=field_rate(data, "monthly_rate"),
    )


def run(data: Mapping[str, Any]) -> InterestResult:
    return calculate(parse(data))
