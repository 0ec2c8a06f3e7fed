"""Survivor benefits (chế độ tử tuất) — Law 41/2024 Arts 85–89 for deaths from 2025-07-01; Law 58/2014 Arts 66–70
before.

funeral   10 × reference level of the month of death (≥ 12 months of compulsory SI, OA/OD death, pensioner,
          monthly OA/OD recipient who has left work) — Art 85
monthly   per relative 50% of the reference level of the month paid (70% when nobody directly supports the
          relative); at most 4 relatives; twice when two or more deaths — Art 86–87. Paid from the month after
          the death. Relatives: children under 18 (incl. posthumous), children ≥ 81%, spouse at retirement age or
          ≥ 81%, parents (in-law) / family members supported, at retirement age or ≥ 81%; relatives other than minor
          children with own wage/pension ≥ the reference level are excluded (Art 86.3).
lump sum  contributor / preserved: (1.5 × years before 2014 + 2 × years from 2014) × average salary, at least
          3 × average (odd pre-2014 months move to the from-2014 part; years rounded per Art 5.6) — Art 89.1;
          pensioner: 48 months' pension if death in the first 2 months, −0.5 month per later month, at least 3
          — Art 89.2; monthly OA/OD recipient: 3 months' allowance — Art 89.3.
Law 71/2006 (deaths 2007–2015, Arts 63–66): the same arithmetic with the general minimum wage; funeral grant with no
minimum months; children under 15, or under 18 while at school (`studying`); 1.5 months for every year of the lump
sum; the OA/OD recipient's lump sum refused (not read). Sources in params/benefit_survivors.py.
Amounts rounded half up to the whole đồng.
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
    full_years,
    months_of,
    parse_periods,
    salary_by_month,
    split_2014,
)
from ansinh.rules.benefits.inputs import field_bool, field_month, field_objects
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
from ansinh.rules.params.benefit_survivors import SURVIVORS
from ansinh.rules.params.reference import BASE_SALARY
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError

BENEFITS = ("funeral", "monthly", "lump_sum")
DECEASED = ("contributor", "pensioner", "oaod_monthly")
RELATIONS = ("child", "spouse", "parent", "other_family")


@dataclass(frozen=True)
class Relative:
    relation: str
    age: int | None = None
    incapacity_pct: int = 0
    retirement_age_reached: bool = False
    income: int = 0  # own monthly wage (with compulsory SI) / pension / allowance
    unsupported: bool = False  # nobody directly supports them → 70%
    studying: bool = False  # a child still at school (Law 71: allowance until 18 instead of 15)
    name: str = ""


@dataclass(frozen=True)
class SurvivorInput:
    benefit: str
    death_date: dt.date
    deceased: str = "contributor"
    compulsory_months: int | None = None  # when no periods are given
    periods: tuple[ContributionPeriod, ...] = ()
    died_of_oaod: bool = False
    oaod_incapacity_pct: int = 0
    relatives: tuple[Relative, ...] = ()
    payment_month: Month | None = None
    deaths: int = 1  # number of deceased the relatives are entitled through
    average_salary: int | None = None  # lump sum: when the average is already known
    pension: int = 0  # pensioner: monthly pension of the month of death; OA/OD: monthly allowance
    pension_month_number: int = 1  # month of death counted from the first pension month (= 1)


@dataclass(frozen=True)
class RelativeLine:
    relation: str
    name: str
    eligible: bool
    reason: str
    rate: Decimal
    amount: int


@dataclass(frozen=True)
class SurvivorResult:
    law: str
    benefit: str
    eligible: bool
    reason: str
    amount: int
    relatives: tuple[RelativeLine, ...]
    months_of_average: Decimal
    average_salary: int
    rounding: str
    steps: list[Step] = field(default_factory=list)
    params: list[ParamUse] = field(default_factory=list)


def calculate(inp: SurvivorInput) -> SurvivorResult:
    ex = Explanation()
    day = inp.death_date
    law = law_deciding(ex, day)
    ex.step("law deciding the benefit", LAW_NAMES[law], f"death on {day}", "Law 41/2024 Art 5.7")
    r = ex.use(SURVIVORS, day)
    basis = SURVIVORS.entry(day).basis
    if inp.benefit not in r["benefits"]:
        raise RuleError("no_rule_for_date", f"the {inp.benefit.replace('_', ' ')} for a death on {day} "
                        f"({LAW_NAMES[law]}) is not held: its rules were not read in a source (table survivors)",
                        field="death_date")
    months = inp.compulsory_months if inp.compulsory_months is not None else months_of(
        p for p in inp.periods if p.is_compulsory_si)

    if inp.benefit == "funeral":
        if inp.deceased not in r["funeral_deceased"]:
            raise RuleError("no_rule_for_date", f"the funeral grant after a {inp.deceased}'s death on {day} "
                            f"({LAW_NAMES[law]}) is not held: the source read names only "
                            f"{' and '.join(r['funeral_deceased'])} deaths (table survivors)", field="deceased")
        ok = (inp.deceased != "contributor" or inp.died_of_oaod or months >= r["funeral_min_months"])
        reason = "" if ok else f"fewer than {r['funeral_min_months']} months of compulsory SI"
        ref = ex.use(BASE_SALARY, day)
        amount = vnd(r["funeral_multiple"] * ref) if ok else 0
        ex.step("funeral grant", amount, f"{r['funeral_multiple']} × {ref:,}" if ok else reason, basis)
        return SurvivorResult(law, inp.benefit, ok, reason, amount, (), Decimal(0), 0, HALF_UP, ex.steps, ex.params)

    if inp.benefit == "monthly":
        qualifying = (inp.deceased == "pensioner" or inp.died_of_oaod
                      or (inp.deceased == "oaod_monthly" and inp.oaod_incapacity_pct >= 61)
                      or full_years(months) >= r["monthly_min_years"])
        if not qualifying:
            reason = f"the deceased had fewer than {r['monthly_min_years']} years of compulsory SI (lump sum instead)"
            ex.step("monthly survivor allowance", 0, reason, basis)
            return SurvivorResult(law, inp.benefit, False, reason, 0, (), Decimal(0), 0, HALF_UP, ex.steps, ex.params)
        paid = inp.payment_month or Month.of(day) + 1
        ref = ex.use(BASE_SALARY, paid.first_day)
        lines: list[RelativeLine] = []
        taken = 0
        for rel in inp.relatives:
            ok, why = True, ""
            if rel.relation == "child":
                limit, at_school = r["child_age_limit"], r["child_age_limit_studying"]
                minor = rel.age is not None and (rel.age < limit or (
                    at_school is not None and rel.studying and rel.age < at_school))
                if not (minor or rel.incapacity_pct >= r["relative_incapacity_pct"]):
                    older = f"{limit} or older" + (f" (or {at_school} at school)" if at_school else "")
                    ok, why = False, f"child {older} without ≥ {r['relative_incapacity_pct']}% lost capacity"
                elif minor:
                    pass  # minor children: no income test (Art 86.3 covers points b–đ)
                elif rel.income >= ref:
                    ok, why = False, "own income at or above the reference level"
            else:
                if not (rel.retirement_age_reached or rel.incapacity_pct >= r["relative_incapacity_pct"]):
                    ok, why = False, "below retirement age and under 81% lost capacity"
                elif rel.income >= ref:
                    ok, why = False, "own income at or above the reference level"
            if ok and taken >= r["monthly_max_relatives"]:
                ok, why = False, f"at most {r['monthly_max_relatives']} relatives"
            rate = (r["monthly_rate_unsupported"] if rel.unsupported else r["monthly_rate"]) if ok else Decimal(0)
            mult = r["monthly_multiple_deaths"] if inp.deaths >= 2 else 1
            amount = vnd(rate * ref * mult)
            if ok:
                taken += 1
            lines.append(RelativeLine(rel.relation, rel.name, ok, why, rate, amount))
            held = ("" if r["relatives_status"] == "V-LAW" or rel.relation == "child" else
                    f" [{'income' if rel.relation == 'spouse' else 'age, capacity and income'} conditions: "
                    f"{r['relatives_status']}, table survivors]")
            ex.step(f"{rel.relation} {rel.name}".strip(), amount,
                    (f"{pct(rate)} × {ref:,}" + (f" × {mult}" if mult > 1 else "") if ok else why) + held, basis)
        total = sum(ln.amount for ln in lines)
        ex.step("monthly survivor allowances", total, f"month {paid}", basis)
        return SurvivorResult(law, inp.benefit, bool(taken), "" if taken else "no eligible relative", total,
                              tuple(lines), Decimal(0), 0, HALF_UP, ex.steps, ex.params)

    # lump sum
    if inp.deceased == "pensioner":
        k = inp.pension_month_number
        n = r["pensioner_months"] - r["pensioner_step"] * max(0, k - r["pensioner_first_months"])
        n = max(n, r["pensioner_min"])
        amount = vnd(n * inp.pension)
        ex.step("lump-sum survivor allowance (pensioner)", amount, f"{n} × {inp.pension:,} (death in pension month {k})", basis)
        return SurvivorResult(law, inp.benefit, True, "", amount, (), n, inp.pension, HALF_UP, ex.steps, ex.params)
    if inp.deceased == "oaod_monthly":
        if r["oaod_allowance_months"] is None:
            raise RuleError("no_rule_for_date", f"the lump sum after a monthly OA/OD recipient's death on {day} "
                            f"({LAW_NAMES[law]}) is not held (table survivors)", field="death_date")
        amount = vnd(r["oaod_allowance_months"] * inp.pension)
        ex.step("lump-sum survivor allowance (OA/OD recipient)", amount, f"{r['oaod_allowance_months']} × {inp.pension:,}", basis)
        return SurvivorResult(law, inp.benefit, True, "", amount, (), r["oaod_allowance_months"], inp.pension, HALF_UP,
                              ex.steps, ex.params)
    if not inp.periods:
        raise RuleError("required", "periods are required for the lump sum of a contributor", field="periods")
    si_months = sorted(salary_by_month([p for p in inp.periods if p.is_si]))
    pre, post = split_2014(si_months)
    y_pre, y_post = benefit_years(pre), benefit_years(post)
    ex.step("years before 2014 / from 2014", f"{y_pre} / {y_post}",
            f"{pre} / {post} month(s) (odd pre-2014 months moved to the from-2014 part)", basis)
    if inp.average_salary is not None:
        avg = Decimal(inp.average_salary)
        ex.step("average salary (given)", inp.average_salary, "", "Law 41/2024 Art 72")
        rounding = f"{HALF_UP}, once, on the amount; the average as given (whole đồng)"
    else:
        avg = average_salary(inp.periods, day, ex).amount
        rounding = f"{HALF_UP}, once, on the amount; " + average_rounding_text(day)
    n = r["lump_pre2014"] * y_pre + r["lump_from2014"] * y_post
    if n < r["lump_min_months"]:
        ex.step("raised to the minimum", r["lump_min_months"], f"{n} < {r['lump_min_months']} months", basis)
        n = r["lump_min_months"]
    amount = vnd(n * avg)
    ex.step("lump-sum survivor allowance", amount, f"{n} months × {avg:,.2f}", basis)
    return SurvivorResult(law, inp.benefit, True, "", amount, (), n, vnd(avg), rounding, ex.steps, ex.params)


MAX_RELATIVES = 100  # a family listed relative by relative; the law pays at most 4 (Art 86)
RELATIVE_FIELDS = ("relation", "age", "incapacity_pct", "retirement_age_reached", "income", "unsupported", "studying",
                   "name")


def parse_relative(item: Mapping[str, Any], where: str) -> Relative:
    try:
        return Relative(
            relation=field_choice(item, "relation", RELATIONS),
            age=field_int(item, "age", maximum=150) if item.get("age") is not None else None,
            incapacity_pct=field_int(item, "incapacity_pct", default=0, maximum=MAX_PCT),
            retirement_age_reached=field_bool(item, "retirement_age_reached"),
            income=field_int(item, "income", default=0),
            unsupported=field_bool(item, "unsupported"),
            studying=field_bool(item, "studying"),
            name=str(item.get("name", "")),
        )
    except RuleError as exc:
        raise RuleError(exc.code, f"{where}: {exc.message}", field=f"{where}.{exc.field}") from None


def parse(data: Mapping[str, Any]) -> SurvivorInput:
    benefit = field_choice(data, "benefit", BENEFITS)
    deceased = field_choice(data, "deceased", DECEASED, default="contributor")
    periods = parse_periods(data, required=False)
    items = field_objects(data, "relatives", required=benefit == "monthly")
    if len(items) > MAX_RELATIVES:
        # 100,000 relatives used to be computed line by line (5 s, 41 MB of JSON); the monthly allowance is paid
        # to at most 4 of them (Art 86), the rest are listed only to be refused
        raise RuleError("too_large", f"relatives holds at most {MAX_RELATIVES} persons, got {len(items):,}",
                        field="relatives")
    rels = tuple(parse_relative(item, f"relatives[{i}]") for i, item in enumerate(items))
    return SurvivorInput(
        benefit=benefit,
        death_date=field_date(data, "death_date"),
        deceased=deceased,
        compulsory_months=field_int(data, "compulsory_months", maximum=MAX_MONTHS) if data.get("compulsory_months") is not None else None,
        periods=periods,
        died_of_oaod=field_bool(data, "died_of_oaod"),
        oaod_incapacity_pct=field_int(data, "oaod_incapacity_pct", default=0, maximum=MAX_PCT),
        relatives=rels,
        payment_month=field_month(data, "payment_month") if data.get("payment_month") else None,
        deaths=field_int(data, "deaths", default=1, minimum=1, maximum=100),
        average_salary=field_int(data, "average_salary") if data.get("average_salary") is not None else None,
        pension=field_int(data, "pension", default=0),
        pension_month_number=field_int(data, "pension_month_number", default=1, minimum=1, maximum=MAX_MONTHS),
    )


def run(data: Mapping[str, Any]) -> SurvivorResult:
    return calculate(parse(data))


SPEC = CalculatorSpec(
    "survivor",
    "Survivors: funeral grant (10 × reference level), monthly allowance (50%/70%), lump sum (Law 41/2024 Arts 85–89)",
    run,
    {"benefit": "funeral", "death_date": "2026-08-10", "compulsory_months": 40},
    fields=("benefit", "death_date", "deceased", "compulsory_months", "periods", "died_of_oaod", "oaod_incapacity_pct", "relatives", "payment_month", "deaths", "average_salary", "pension", "pension_month_number"),
    nested={"periods": PERIOD_FIELDS, "relatives": RELATIVE_FIELDS},
    date_field="death_date",
    types={"payment_month": "month", "periods": "list", "relatives": "list", "average_salary": "int", "pension": "int", "pension_month_number": "int"},
)
