"""Sickness benefit (chế độ ốm đau): own illness, long-term disease, care of a sick child under 7.

Law 41/2024 Arts 42–45 for leave starting from 2025-07-01; Law 58/2014 Arts 25–28 from 2016-01-01 (a long-term leave
granted under Law 58 runs on to its end, Law 41 Art 141.5 — pass the first day of that leave as `leave_from`);
Law 71/2006 from 2007-01-01 (daily amount / 26; long-term disease 45/55/65% after 180 days, no limit of the
contribution time — CV 529/LĐTBXH-BHXH, see docs/legal-sources-benefits.md).

amount per line = salary × rate / divisor (24; 26 under Law 71) × days, each line rounded half up to the whole đồng; total = sum of lines.
`salary` is the SI salary of the month before the month the leave starts (Art 45.1.a; the first month's salary when
the person falls sick in the first month of participation, Art 45.1.b).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ansinh.rules.benefits.formatting import pct
from ansinh.rules.benefits.history import full_years
from ansinh.rules.benefits.inputs import field_dates, field_decimal
from ansinh.rules.catalogue import (
    MAX_MONTHS,
    CalculatorSpec,
    field_choice,
    field_date,
    field_int,
)
from ansinh.rules.explain import Explanation, ParamUse, Step
from ansinh.rules.money import HALF_UP, vnd
from ansinh.rules.params.benefit_common import LAW_NAMES, law_deciding
from ansinh.rules.params.benefit_sickness import (
    CHILD_CARE_DAYS,
    SICKNESS_DAILY_DIVISOR,
    SICKNESS_DAYS,
    SICKNESS_RATES,
)
from ansinh.rules.tables import RuleError

EVENTS = ("own", "long_term", "child")
CONDITIONS = ("normal", "heavy")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HALF = Decimal("0.5")


@dataclass(frozen=True)
class SicknessInput:
    event: str  # own | long_term | child
    leave_from: dt.date
    salary: int
    contribution_months: int
    leave_to: dt.date | None = None
    days: Decimal | None = None  # working days claimed (may hold half days); counted from the dates when absent
    conditions: str = "normal"  # normal | heavy (heavy/toxic/dangerous list or extremely difficult area)
    weekly_rest: tuple[str, ...] = ("sun",)
    rest_days: tuple[dt.date, ...] = ()  # shift workers: the actual weekly rest days in the leave
    holidays: tuple[dt.date, ...] = ()
    days_used_this_year: Decimal = Decimal(0)  # days of the same kind already paid this calendar year
    child_age_years: int | None = None


@dataclass(frozen=True)
class PaidLine:
    label: str
    days: Decimal
    rate: Decimal
    amount: int
    formula: str
    basis: str


@dataclass(frozen=True)
class SicknessResult:
    law: str
    event: str
    days_counted: Decimal
    days_paid: Decimal
    days_not_paid: Decimal
    yearly_days: int | None
    lines: tuple[PaidLine, ...]
    amount: int
    rounding: str
    note: str
    max_reduced_rate_months: int | None = None
    steps: list[Step] = field(default_factory=list)
    params: list[ParamUse] = field(default_factory=list)


def count_working_days(start: dt.date, end: dt.date, *, weekly_rest: Iterable[str] = ("sun",),
                       rest_days: Iterable[dt.date] = (), holidays: Iterable[dt.date] = ()) -> int:
    """Days start..end inclusive minus weekly rest days (by weekday, or the listed `rest_days` of a shift worker
    when given) and public holidays."""
    if end < start:
        raise RuleError("bad_period", f"leave ends {end} before it starts {start}", field="leave_to")
    rest_list = set(rest_days)
    rest_weekdays = {WEEKDAYS.index(w) for w in weekly_rest}
    off = set(holidays)
    n = 0
    day = start
    while day <= end:
        is_rest = day in rest_list if rest_list else day.weekday() in rest_weekdays
        if not is_rest and day not in off:
            n += 1
        day += dt.timedelta(days=1)
    return n


def half_day_rule(days: Decimal) -> Decimal:
    """Law 41/2024 Art 45.5: less than half a day counts as half a day, half to less than one day as one day."""
    whole = Decimal(int(days))
    frac = days - whole
    if frac == 0:
        return days
    return whole + (HALF if frac < HALF else Decimal(1))


def band(contribution_months: int) -> int:
    years = full_years(contribution_months)
    return 0 if years < 15 else (1 if years < 30 else 2)


def calculate(inp: SicknessInput) -> SicknessResult:
    ex = Explanation()
    day = inp.leave_from
    law = law_deciding(ex, day)
    ex.step("law deciding the benefit", LAW_NAMES[law], f"leave starts {day.isoformat()}", "Law 41/2024 Art 5.7, 141.5")
    rates = ex.use(SICKNESS_RATES, day)
    divisor = ex.use(SICKNESS_DAILY_DIVISOR, day)
    rates_basis = SICKNESS_RATES.entry(day).basis
    calendar_days = inp.event == "long_term" and rates["calendar_days_long_term"]

    if inp.days is not None:
        days = inp.days
        if rates["half_day_rule"]:
            rounded = half_day_rule(days)
            if rounded != days:
                ex.step("part days rounded", rounded, f"{days} → {rounded}", "Law 41/2024 Art 45.5")
            days = rounded
        ex.step("days claimed", days, "as certified", "")
    else:
        if inp.leave_to is None:
            raise RuleError("required", "give either days or leave_to", field="leave_to")
        if calendar_days:
            days = Decimal((inp.leave_to - inp.leave_from).days + 1)
            ex.step("days counted (calendar days, long-term disease)", days,
                    f"{inp.leave_from}..{inp.leave_to} incl. holidays and rest days",
                    "Law 58/2014 Art 26.2" if law != "L71" else rates_basis)
        else:
            days = Decimal(count_working_days(inp.leave_from, inp.leave_to, weekly_rest=inp.weekly_rest,
                                              rest_days=inp.rest_days, holidays=inp.holidays))
            rest = "listed rest days" if inp.rest_days else "weekly rest " + "/".join(inp.weekly_rest)
            ex.step("working days counted", days,
                    f"{inp.leave_from}..{inp.leave_to} minus {rest} and {len(inp.holidays)} holiday(s)",
                    "Law 41/2024 Art 43.1, 44.3 (Law 58/2014 Art 26.1)")

    b = band(inp.contribution_months)
    ex.step("full years of compulsory SI", full_years(inp.contribution_months),
            f"{inp.contribution_months} months // 12", "Law 41/2024 Art 5.6")
    monthly = Decimal(inp.salary)
    lines: list[PaidLine] = []
    not_paid = Decimal(0)
    yearly: int | None = None
    max_reduced: int | None = None
    note = ""

    def line(label: str, n: Decimal, rate: Decimal, basis: str) -> None:
        if n <= 0:
            return
        exact = monthly * rate / divisor * n
        amount = vnd(exact)
        formula = f"{inp.salary:,} × {pct(rate)} / {divisor} × {n}"
        lines.append(PaidLine(label, n, rate, amount, formula, basis))
        ex.step(label, amount, formula + f" = {exact:,.2f} → {amount:,}", basis)

    if inp.event == "child":
        if inp.child_age_years is None:
            raise RuleError("required", "child_age_years is required for child care", field="child_age_years")
        if inp.child_age_years >= 7:
            raise RuleError("not_eligible", "child care leave is for a sick child under 7", field="child_age_years")
        quotas = ex.use(CHILD_CARE_DAYS, day)
        yearly = quotas[0] if inp.child_age_years < 3 else quotas[1]
        available = max(Decimal(0), Decimal(yearly) - inp.days_used_this_year)
        ex.step("days still available for this child this year", available,
                f"{yearly} − {inp.days_used_this_year} already used", CHILD_CARE_DAYS.entry(day).basis)
        paid = min(days, available)
        not_paid = days - paid
        line("child-care benefit", paid, rates["standard"], rates_basis)
    else:
        quota_table = ex.use(SICKNESS_DAYS, day)
        yearly = quota_table[inp.conditions][b]
        ex.step("sickness days per year", yearly, f"{inp.conditions} conditions, band {b}", SICKNESS_DAYS.entry(day).basis)
        if inp.event == "own":
            available = max(Decimal(0), Decimal(yearly) - inp.days_used_this_year)
            paid = min(days, available)
            not_paid = days - paid
            line("sickness benefit", paid, rates["standard"], rates_basis)
            if not_paid:
                note = f"{not_paid} day(s) beyond the {yearly} days of the year are not paid (not a listed long-term disease)"
        else:
            reduced = rates["long_term"][b]
            block = rates["long_term_block_days"]
            if block and rates["long_term_limited_to_contribution_time"]:
                # Law 58/2014: 180 calendar days at 75%, then a reduced rate for at most the contribution time
                first = max(Decimal(0), Decimal(block) - inp.days_used_this_year)
                max_reduced = inp.contribution_months
                note = (f"after {block} days the reduced rate is paid for at most the contribution time: "
                        f"{inp.contribution_months} month(s)")
                ex.step("long-term disease entitlement", f"{block} days + {inp.contribution_months} months",
                        "180 days at the standard rate, then at most the contribution time at the reduced rate",
                        "Law 58/2014 Art 26.2")
            elif block:  # Law 71/2006: 180 calendar days at 75%, then a reduced rate (no limit of the contribution time)
                first = max(Decimal(0), Decimal(block) - inp.days_used_this_year)
                ex.step("long-term disease entitlement", f"{block} days", f"{block} days at the standard rate, then "
                        "the reduced rate", rates_basis)
            else:  # Law 41/2024: the yearly days at 75%, then the reduced rate (no upper limit in Art 43.2)
                first = max(Decimal(0), Decimal(yearly) - inp.days_used_this_year)
            in_first = min(days, first)
            line("long-term disease, standard rate", in_first, rates["standard"], rates_basis)
            line("long-term disease, reduced rate", days - in_first, reduced, rates_basis)

    amount = sum((ln.amount for ln in lines), 0)
    ex.step("sickness benefit", amount, " + ".join(f"{ln.amount:,}" for ln in lines) or "0", rates_basis)
    paid_days = sum((ln.days for ln in lines), Decimal(0))
    return SicknessResult(law, inp.event, days, paid_days, not_paid, yearly, tuple(lines), amount,
                          f"each line {HALF_UP}; total = sum of lines; the daily amount (salary × rate / divisor) is kept exact until "
                          "then (no published example with a non-whole daily amount found)", note, max_reduced, ex.steps, ex.params)


def parse(data: Mapping[str, Any]) -> SicknessInput:
    event = field_choice(data, "event", EVENTS)
    weekly = data.get("weekly_rest", ["sun"])
    if not isinstance(weekly, list) or any(w not in WEEKDAYS for w in weekly):
        raise RuleError("bad_choice", f"weekly_rest must be a list of {', '.join(WEEKDAYS)}", field="weekly_rest")
    leave_to = field_date(data, "leave_to", default=dt.date.min)
    child_age = field_int(data, "child_age_years", default=-1, maximum=18) if event == "child" else -1
    return SicknessInput(
        event=event,
        leave_from=field_date(data, "leave_from"),
        leave_to=None if leave_to == dt.date.min else leave_to,
        days=field_decimal(data, "days", maximum=Decimal(366)) if data.get("days") is not None else None,
        salary=field_int(data, "salary"),
        contribution_months=field_int(data, "contribution_months", default=0 if event == "child" else None, maximum=MAX_MONTHS),
        conditions=field_choice(data, "conditions", CONDITIONS, default="normal"),
        weekly_rest=tuple(weekly),
        rest_days=field_dates(data, "rest_days"),
        holidays=field_dates(data, "holidays"),
        days_used_this_year=field_decimal(data, "days_used_this_year", default=Decimal(0), maximum=Decimal(366)),
        child_age_years=None if child_age < 0 else child_age,
    )


def run(data: Mapping[str, Any]) -> SicknessResult:
    return calculate(parse(data))


SPEC = CalculatorSpec(
    "sickness",
    "Sickness benefit: own illness, long-term disease, sick child under 7 (Law 41/2024 Arts 42–45; Law 58/2014; "
    "Law 71/2006 from 2007)",
    run,
    {"event": "own", "leave_from": "2025-09-08", "days": 3, "salary": 8_000_000, "contribution_months": 60},
    fields=("event", "leave_from", "leave_to", "days", "salary", "contribution_months", "conditions", "weekly_rest", "rest_days", "holidays", "days_used_this_year", "child_age_years"),
    date_field="leave_from",
    types={"child_age_years": "int", "leave_to": "date", "rest_days": "list", "holidays": "list", "weekly_rest": "list", "days_used_this_year": "int"},
)
