"""Retirement pension (lương hưu): eligibility, rate, average salary, amount and the lump sum at retirement.

Law 41/2024 Arts 64–69, 72–73 for pensions starting from 2025-07-01; Law 58/2014 Arts 54–58, 62–63 before.

retirement age  the age of the calendar year in which it is reached (Decree 135/2020 Art 4), by birth month and sex;
                the person reaches it in month birth + age; the pension starts the month after.
years           whole years for the minimum; for the rate odd 1–6 months = ½ year, 7–11 = 1 year (Art 5.6)
rate            women 45% at 15 years + 2%/year; men 45% at 20 years + 2%/year, men 15–<20 years 40% + 1%/year;
                max 75% (Art 66.1); reduced-capacity pensions −2% per year before the statutory age, remainder
                < 6 months 0, 6–<12 months 1% (Art 66.3). Pensions starting 2016–2020 (Law 58/2014 Art 55.1, 56.3):
                minimum age 51/46 in 2016 … 55/50 from 2020 (≥ 81%: 50/45), years early counted from 60 / 55
pension         rate × average salary (Arts 72–73, see `average.py`), rounded half up to the whole đồng, at least the
                reference level for people who joined before 2025-07-01 with ≥ 20 years of compulsory SI (Art 141.11)
lump sum        0.5 × average per year above 35 (men) / 30 (women) years; 2 × average per such year contributed
                after reaching the retirement age (Art 68)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ansinh.rules.benefits.average import average_rounding_text, average_salary
from ansinh.rules.benefits.formatting import pct
from ansinh.rules.benefits.history import (
    PERIOD_FIELDS,
    ContributionPeriod,
    benefit_years,
    first_month,
    full_years,
    months_of,
    parse_periods,
)
from ansinh.rules.catalogue import (
    MAX_MONTHS,
    MAX_PCT,
    CalculatorSpec,
    field_choice,
    field_date,
    field_int,
)
from ansinh.rules.explain import Explanation, ParamUse, Step
from ansinh.rules.money import HALF_UP, vnd
from ansinh.rules.params.benefit_common import LAW_NAMES, law_deciding
from ansinh.rules.params.benefit_pension import (
    EARLY_AGE_YEARS,
    EARLY_REDUCTION,
    MIN_PENSION,
    PENSION_MIN_YEARS,
    PENSION_RATE,
    REDUCED_CAPACITY_AGE,
    RETIREMENT_AGE,
    RETIREMENT_LUMP_SUM,
)
from ansinh.rules.params.reference import BASE_SALARY
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError

SEXES = ("male", "female")
BASES = ("age", "early_heavy", "reduced_capacity")


@dataclass(frozen=True)
class RetirementAge:
    age_months: int  # the age that applies
    reached: Month  # the month in which it is reached; the pension can start the month after

    @property
    def text(self) -> str:
        return f"{self.age_months // 12}y{self.age_months % 12}m"


def retirement_age(birth: dt.date, sex: str, *, years_lower: int = 0) -> RetirementAge:
    """Decree 135/2020 Art 4: the age of year Y applies to a person who reaches it in year Y. For each year from the
    person's 55th birthday on, try the age of that year; the first year in which birth month + age falls is it."""
    born = Month.of(birth)
    year = max(born.year + 40, RETIREMENT_AGE.first_day.year)
    while True:
        age = RETIREMENT_AGE.at(dt.date(year, 1, 1))[sex] - 12 * years_lower
        reached = born + age
        if reached.year == year:
            return RetirementAge(age, reached)
        if (
            reached.year < year
        ):  # reached in an earlier year than the age of that year applies: the earlier year's
            prev = RETIREMENT_AGE.at(dt.date(year - 1, 1, 1))[sex] - 12 * years_lower
            return RetirementAge(prev, born + prev)
        year += 1


def rate_for(rules: Mapping[str, Any], sex: str, months: int, ex: Explanation, basis: str) -> Decimal:
    years = benefit_years(months)
    male_short = rules["male_short"]
    r = male_short if sex == "male" and male_short is not None and full_years(months) < 20 else rules[sex]
    rate = r["base"] + r["step"] * (years - r["at"])
    rate = min(rate, rules["max"])
    ex.step(
        "replacement rate",
        rate,
        f"{pct(r['base'])} at {r['at']} years + {pct(r['step'])} × "
        f"({years} − {r['at']}) years, max {pct(rules['max'])}",
        basis,
    )
    return rate


@dataclass(frozen=True)
class PensionInput:
    sex: str
    birth_date: dt.date
    pension_start: dt.date  # first day of the first pension month; decides the law and the settlement year
    periods: tuple[ContributionPeriod, ...]
    basis: str = "age"  # age | early_heavy (≥ 15 years heavy work / difficult area) | reduced_capacity
    incapacity_pct: int = 0
    heavy_work_years: int = 0
    months_after_retirement_age: int = (
        0  # contributions after reaching the age while already eligible (Art 68)
    )


@dataclass(frozen=True)
class PensionResult:
    law: str
    eligible: bool
    reasons: tuple[str, ...]
    retirement_age: str
    age_reached_in: str
    contribution_months: int
    years_for_rate: Decimal
    rate: Decimal
    average_salary: int
    formula_amount: int
    monthly_pension: int
    lump_sum: int
    rounding: str
    steps: list[Step] = field(default_factory=list)
    params: list[ParamUse] = field(default_factory=list)


def calculate(inp: PensionInput) -> PensionResult:
    ex = Explanation()
    start = inp.pension_start
    law = law_deciding(ex, start)
    ex.step("law deciding the pension", LAW_NAMES[law], f"pension starts {start}", "Law 41/2024 Art 5.7")
    reasons: list[str] = []
    start_month = Month.of(start)
    age_at_start = Month.of(inp.birth_date).months_until(start_month - 1)
    normal = retirement_age(inp.birth_date, inp.sex)
    ex.use(RETIREMENT_AGE, normal.reached.first_day)
    ex.step(
        "statutory retirement age",
        normal.text,
        f"born {inp.birth_date}, {inp.sex}: reached in {normal.reached}",
        RETIREMENT_AGE.entry(normal.reached.first_day).basis,
    )
    minimum = ex.use(PENSION_MIN_YEARS, start)
    min_basis = PENSION_MIN_YEARS.entry(start).basis
    months = months_of(p for p in inp.periods if p.is_si)
    years_whole = full_years(months)
    ex.step(
        "contribution time",
        f"{years_whole}y{months % 12}m",
        f"{months} month(s) of SI",
        "Law 41/2024 Art 5.6",
    )

    required = normal
    if inp.basis == "early_heavy":
        required = retirement_age(inp.birth_date, inp.sex, years_lower=EARLY_AGE_YEARS)
        ex.step(
            "reduced retirement age (heavy work / difficult area)",
            required.text,
            f"reached in {required.reached}",
            "Labour Code 2019 Art 169.3; Law 41/2024 Art 64.1.b",
        )
        if inp.heavy_work_years < 15:
            reasons.append(
                "early retirement needs ≥ 15 years of heavy/toxic/dangerous work or in an extremely difficult area"
            )
    elif inp.basis == "reduced_capacity":
        if inp.incapacity_pct < 61:
            reasons.append("a reduced-capacity pension needs at least 61% lost working capacity")
        lower = 10 if inp.incapacity_pct >= 81 else EARLY_AGE_YEARS
        old_ages = ex.use(REDUCED_CAPACITY_AGE, start)  # Law 58/2014 Art 55.1 before 2021; None from 2021
        if inp.heavy_work_years >= 15 and inp.incapacity_pct >= 61:
            required = RetirementAge(0, Month.of(inp.birth_date))  # Art 65.1.c: no age condition
        elif old_ages is not None:
            age = old_ages["81" if inp.incapacity_pct >= 81 else "61"][inp.sex]
            required = RetirementAge(age, Month.of(inp.birth_date) + age)
            ex.step(
                "earliest age with reduced capacity",
                required.text,
                f"pension starting in {start.year}",
                REDUCED_CAPACITY_AGE.entry(start).basis,
            )
        else:
            required = retirement_age(inp.birth_date, inp.sex, years_lower=lower)
            ex.step(
                "earliest age with reduced capacity",
                required.text,
                f"{lower} years lower",
                "Law 41/2024 Art 65.1",
            )
    if start_month <= required.reached:
        reasons.append(
            f"the pension can start from {required.reached + 1} (age {required.text} reached in {required.reached})"
        )
    need = minimum["reduced_capacity" if inp.basis == "reduced_capacity" else "age"]
    if years_whole < need:
        reasons.append(f"{need} whole years of SI are needed, the history has {years_whole}")
    ex.step("minimum years of SI", need, f"has {years_whole}", min_basis)

    rules = ex.use(PENSION_RATE, start)
    rate = rate_for(rules, inp.sex, months, ex, PENSION_RATE.entry(start).basis)
    if inp.basis == "reduced_capacity":
        red = ex.use(EARLY_REDUCTION, start)
        old_ages = REDUCED_CAPACITY_AGE.at(start)
        reference = (
            normal.age_months if old_ages is None else old_ages["reference"][inp.sex]
        )  # 60/55 before 2021
        early = max(0, reference - age_at_start)
        if red["half_year"] is None and early % 12 and not reasons:  # ineligible anyway: whole years shown only
            raise RuleError(
                "no_rule_for_date",
                f"{LAW_NAMES[law]}: {early // 12} year(s) {early % 12} month(s) before the statutory age — the "
                "reduction for the odd months under this law is not held (only whole years: 1% each)",
                field="birth_date",
            )
        cut = red["per_year"] * (early // 12) + (red["half_year"] or 0 if early % 12 >= 6 else 0)
        rate = max(Decimal(0), rate - cut)
        ex.step(
            "reduction for retiring early",
            cut,
            f"{early // 12} year(s) {early % 12} month(s) before the statutory age",
            EARLY_REDUCTION.entry(start).basis,
        )
    avg = average_salary(inp.periods, start, ex)
    formula_amount = vnd(rate * avg.amount)
    ex.step(
        "pension by formula", formula_amount, f"{pct(rate)} × {avg.amount:,.2f}", "Law 41/2024 Art 66, 72"
    )
    monthly = formula_amount
    mp = ex.use(MIN_PENSION, start)
    compulsory_months = months_of(p for p in inp.periods if p.is_compulsory_si)
    first = first_month(p for p in inp.periods if p.is_si)
    joined_ok = mp["joined_before"] is None or (
        first is not None and first.first_day < dt.date.fromisoformat(mp["joined_before"])
    )
    if full_years(compulsory_months) >= mp["min_years"] and joined_ok:
        floor = vnd(mp["multiple"] * ex.use(BASE_SALARY, start))
        if monthly < floor:
            ex.step(
                "raised to the minimum pension",
                floor,
                f"{formula_amount:,} < {floor:,}",
                MIN_PENSION.entry(start).basis,
            )
            monthly = floor

    lump = 0
    lr = ex.use(RETIREMENT_LUMP_SUM, start)
    years = benefit_years(months)
    if lr["threshold"] == "rate_max":
        r = rules[inp.sex]
        threshold = r["at"] + (rules["max"] - r["base"]) / r["step"]
    else:
        threshold = Decimal(lr["threshold"][inp.sex])
    above = max(Decimal(0), years - threshold)
    if above:
        after = (
            min(above, benefit_years(inp.months_after_retirement_age))
            if lr["after_age_per_year"]
            else Decimal(0)
        )
        before = above - after
        exact = before * lr["per_year"] * avg.amount + after * (lr["after_age_per_year"] or 0) * avg.amount
        lump = vnd(exact)
        ex.step(
            "lump sum at retirement",
            lump,
            f"{before} year(s) × {lr['per_year']} + {after} year(s) × "
            f"{lr['after_age_per_year'] or 0} months of {vnd(avg.amount):,} (years above {threshold})",
            RETIREMENT_LUMP_SUM.entry(start).basis,
        )
    eligible = not reasons
    if not eligible:
        ex.step("not eligible", "; ".join(reasons), "amounts shown as formula_amount only", min_basis)
    return PensionResult(
        law,
        eligible,
        tuple(reasons),
        normal.text,
        str(normal.reached),
        months,
        years,
        rate,
        vnd(avg.amount),
        formula_amount,
        monthly if eligible else 0,
        lump if eligible else 0,
        f"{HALF_UP}, once, on the monthly amount and on the lump sum (Circular 59/2015 Art 20 example 39: "
        "8,531,620 × 69% = 5,886,817.8 → 5,886,818); " + average_rounding_text(start),
        ex.steps,
        ex.params,
    )


def parse(data: Mapping[str, Any]) -> PensionInput:
    return PensionInput(
        sex=field_choice(data, "sex", SEXES),
        birth_date=field_date(data, "birth_date"),
        pension_start=field_date(data, "pension_start"),
        periods=parse_periods(data),
        basis=field_choice(data, "basis", BASES, default="age"),
        incapacity_pct=field_int(data, "incapacity_pct", default=0, maximum=MAX_PCT),
        heavy_work_years=field_int(data, "heavy_work_years", default=0, maximum=100),
        months_after_retirement_age=field_int(data, "months_after_retirement_age", default=0, maximum=MAX_MONTHS),
    )


def run(data: Mapping[str, Any]) -> PensionResult:
    inp = parse(data)
    if inp.pension_start.day != 1:
        raise RuleError("bad_date", "pension_start must be the first day of a month", field="pension_start")
    return calculate(inp)


SPEC = CalculatorSpec(
    "pension",
    "Retirement pension: eligibility (age roadmap, years), rate, revalued average salary, lump sum (Law 41/2024 Arts 64–73)",
    run,
    {
        "sex": "male",
        "birth_date": "1964-11-20",
        "pension_start": "2026-06-01",
        "periods": [{"from": "2001-06", "to": "2026-05", "salary": 10_000_000, "kind": "employer"}],
    },
    fields=("sex", "birth_date", "pension_start", "periods", "basis", "incapacity_pct", "heavy_work_years", "months_after_retirement_age"),
    nested={"periods": PERIOD_FIELDS},
    date_field="pension_start",
    types={"incapacity_pct": "int", "heavy_work_years": "int", "months_after_retirement_age": "int"},
)
