"""Average monthly SI salary for a pension, the one-time lump sum and the lump-sum survivor allowance
(Law 41/2024 Arts 72–73; Law 58/2014 Arts 62–63; Decree 115/2015 Arts 10–11 for the mixed-career formula).

Revaluation of each month's salary (Art 73):
  state pay, first joined SI before 2016  → pay coefficient × reference level on the settlement date
                                            (coefficient given, or derived as salary / base salary of that month)
  state pay, joined from 2016; employer-decided pay; voluntary income
                                          → salary paid on (capped at the SI ceiling of its month, `si_paid_on`)
                                            × revaluation coefficient of the contribution year, from the table
                                            of the settlement year
Average:
  no state-pay months          → mean of all revalued months
  only state-pay months        → mean of the last N years (N by first participation: 5/6/8/10/15/20/whole career)
  mixed                        → (state months × mean of the last N years of state pay + Σ other revalued months)
                                 / all months                                       (Decree 115/2015 Art 11.3 — 3P)
Rounding of the average (table `AVERAGE_ROUNDING`, by the settlement date): decisions from 2016 cut it to the whole
đồng before it is multiplied, as Vietnam Social Security's worked example does (1,774,052.70 → 1,774,052); Law 71
decisions keep it exact. The state-pay average inside a mixed career is kept exact (no example shows it). Callers
round the final amount half up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ansinh.rules.benefits.history import ContributionPeriod, salary_by_month
from ansinh.rules.explain import Explanation
from ansinh.rules.money import vnd, vnd_floor
from ansinh.rules.params.benefit_common import AVERAGE_ROUNDING
from ansinh.rules.params.benefit_pension import (
    REVALUATION,
    REVALUATION_NOT_FOUND,
    REVALUATION_OMITTED,
    STATE_AVERAGE_YEARS,
)
from ansinh.rules.params.contribution_rates import CEILING_MULTIPLE
from ansinh.rules.params.reference import BASE_SALARY
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError


@dataclass(frozen=True)
class Average:
    amount: Decimal  # as multiplied: cut to the whole đồng where AVERAGE_ROUNDING says "floor"
    months: int
    state_months: int
    other_months: int
    state_window_years: int | None


SI_CEILING_BASIS = ("SI is paid on at most the ceiling multiple × base salary of the month (Law 71/2006 Art 94.1 from "
                    "2007; Law 58/2014 Art 89.3; Law 41/2024 Art 31.1.đ, 31.2): a month's salary above it counts at "
                    "the ceiling")


def si_paid_on(month: Month, salary: int) -> int:
    """The salary (or voluntary income) SI was paid on in `month`: the declared figure capped at the SI ceiling of the
    month (`ceiling_multiple` × base salary; no ceiling before 2007)."""
    day = month.first_day
    try:
        multiple = CEILING_MULTIPLE.at(day)
    except RuleError:
        return salary
    if multiple is None:
        return salary
    return min(salary, multiple * BASE_SALARY.at(day))


def cap_note(ex: Explanation, capped: list[tuple[Month, int, int]]) -> None:
    if capped:
        shown = ", ".join(f"{m}: {s:,} → {c:,}" for m, s, c in capped[:6]) + (" …" if len(capped) > 6 else "")
        ex.step("months above the SI ceiling", len(capped), shown, SI_CEILING_BASIS)


def revaluation_coefficient(coefficients: dict[int, Decimal], year: int, settlement_year: int | None = None) -> Decimal:
    """The coefficient of contribution `year` in the table of `settlement_year`. A year the table leaves out on
    purpose (REVALUATION_OMITTED: the sources give only part of it) is refused, also when it is later than the last
    year given; otherwise a year after the table counts 1.00."""
    if year < 1995:
        year = 1994
    if year in coefficients:
        return coefficients[year]
    why = REVALUATION_OMITTED.get(settlement_year or 0, {}).get(year, "")
    if not why and year > max(coefficients):
        return Decimal(1)
    raise RuleError(
        "no_coefficient",
        f"no revaluation coefficient for contribution year {year}"
        + (f" in the table of settlement year {settlement_year}" if settlement_year else "")
        + (f": {why}" if why else ""),
        field="periods",
    )


def average_salary(periods: Sequence[ContributionPeriod], settlement: dt.date, ex: Explanation, *,
                   upto: Month | None = None) -> Average:
    si = [p for p in periods if p.is_si]
    by_month = salary_by_month(si)
    months = sorted(m for m in by_month if upto is None or m <= upto)
    if not months:
        raise RuleError("no_contributions", "no SI contribution month in the history", field="periods")
    first = months[0]
    joined_before_2016 = first < Month(2016, 1)
    ref_at_settlement: int | None = None
    coefs: dict[int, Decimal] | None = None

    def cpi(year: int) -> Decimal:
        nonlocal coefs
        if coefs is None:
            try:
                coefs = ex.use(REVALUATION, settlement)
            except RuleError as err:  # a settlement year with no table: say which circular is missing and why
                why = REVALUATION_NOT_FOUND.get(settlement.year)
                if err.code != "no_rule_for_date" or not why:
                    raise
                raise RuleError(err.code, f"{err.message}; settlement year {settlement.year}: {why}",
                                field=err.field) from err
        return revaluation_coefficient(coefs, year, settlement.year)

    state: list[tuple[Month, Decimal]] = []
    other_total = Decimal(0)
    other_n = 0
    capped: list[tuple[Month, int, int]] = []
    for m in months:
        p = by_month[m]
        paid = si_paid_on(m, p.salary)
        if paid != p.salary and not (p.kind == "state" and joined_before_2016):
            capped.append((m, p.salary, paid))
        if p.kind == "state" and joined_before_2016:
            if ref_at_settlement is None:
                ref_at_settlement = ex.use(BASE_SALARY, settlement)
            coef = p.coefficient if p.coefficient is not None else Decimal(p.salary) / BASE_SALARY.at(m.first_day)
            state.append((m, coef * ref_at_settlement))
        elif p.kind == "state":
            state.append((m, paid * cpi(m.year)))
        else:
            other_total += paid * cpi(m.year)
            other_n += 1
    cap_note(ex, capped)
    if ref_at_settlement is not None:
        ex.step("state pay revalued at the reference level", ref_at_settlement,
                "coefficient (given, or salary / base salary of the month) × reference level on the settlement date",
                "Law 41/2024 Art 73.1.a (joined before 2016)")
    if coefs is not None:
        ex.step("revaluation coefficients", f"settlement {settlement.year}",
                "salary of each month × coefficient of its year", REVALUATION.entry(settlement).basis)

    window: int | None = None
    if state:
        window = ex.use(STATE_AVERAGE_YEARS, first.first_day)
        last = state if window is None else state[-window * 12:]
        state_avg = sum((v for _, v in last), Decimal(0)) / len(last)
        ex.step("average of state pay", _shown(state_avg, settlement) if other_n == 0 else vnd(state_avg),
                f"last {window if window else 'all'} year(s): {len(last)} month(s), first joined {first}",
                STATE_AVERAGE_YEARS.entry(first.first_day).basis)
        if other_n == 0:
            amount = state_avg
        else:
            amount = (state_avg * len(state) + other_total) / (len(state) + other_n)
            ex.step("mixed career average", _shown(amount, settlement),
                    f"({len(state)} × {vnd(state_avg):,} + {vnd(other_total):,}) / {len(state) + other_n}",
                    "Law 41/2024 Art 72.3; Decree 115/2015 Art 11.3 (formula — 3P)")
    else:
        amount = other_total / other_n
        ex.step("average revalued salary", _shown(amount, settlement), f"{vnd(other_total):,} / {other_n} month(s)",
                "Law 41/2024 Art 72.2")
    amount = round_average(amount, settlement, ex)
    return Average(amount, len(months), len(state), other_n, window)


def _shown(amount: Decimal, settlement: dt.date) -> int:
    """The average as its step shows it: the whole đồng it will be multiplied as (cut where the agency cuts, so that
    the step and the 'cut' step after it show one figure), else half up."""
    return vnd_floor(amount) if AVERAGE_ROUNDING.at(settlement) == "floor" else vnd(amount)


def round_average(amount: Decimal, settlement: dt.date, ex: Explanation) -> Decimal:
    """The average as the agency multiplies it (table `AVERAGE_ROUNDING` on the settlement date)."""
    rule = ex.use(AVERAGE_ROUNDING, settlement)
    if rule == "floor":
        cut = Decimal(vnd_floor(amount))
        ex.step("average cut to the whole đồng", int(cut), f"{amount:,.2f} → {int(cut):,} (before it is multiplied)",
                AVERAGE_ROUNDING.entry(settlement).basis)
        return cut
    return amount


def average_rounding_text(settlement: dt.date) -> str:
    """How the average was rounded on `settlement`, for the calculators' `rounding` statements."""
    if AVERAGE_ROUNDING.at(settlement) == "floor":
        return ("the average monthly salary is first cut to the whole đồng, as Vietnam Social Security's worked "
                "example does (65,639,950 / 37 = 1,774,052.70 → 1,774,052; table average_salary_rounding, 3P)")
    return ("the average monthly salary is kept exact until then (no published example with a non-whole average "
            "for decisions before 2016; table average_salary_rounding)")
