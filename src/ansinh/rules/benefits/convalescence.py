"""Convalescence (dưỡng sức, phục hồi sức khỏe) after sickness, maternity or an occupational accident/disease.

amount = days × 30% × reference level (base salary until abolished) of the month the convalescence starts,
rounded half up to the whole đồng. Law 71/2006 (starts 2007–2015): 25% at home / 40% in a centre (`place`) of the
general minimum wage, at most 10 days a year in every case. Days are calendar days (incl. holidays and rest days), capped by case:
  sickness (Law 41/2024 Art 46): 10 long-term disease, 7 after surgery, 5 other (≥ 30 days of sickness in the year);
  maternity (Art 60): 10 multiple birth, 7 caesarean, 5 other (not when the mother went back to work early);
  occupational accident/disease (OSH Law 84/2015 Art 54): 10 (≥ 51%), 7 (31–50%), 5 (15–30%) of lost capacity.
Before Law 71, only Decision 37/2001/QĐ-TTg (starts 2001-06-01 .. 2002-12-31) is held: a fixed 80,000 đồng a day in a
centre, 50,000 at home or after maternity leave, 5 to 10 days once a year; other starts before 2007 are refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ansinh.rules.benefits.formatting import pct
from ansinh.rules.benefits.inputs import field_bool
from ansinh.rules.catalogue import (
    MAX_PCT,
    CalculatorSpec,
    field_choice,
    field_date,
    field_int,
)
from ansinh.rules.explain import Explanation, ParamUse, Step
from ansinh.rules.money import HALF_UP, vnd
from ansinh.rules.params.benefit_common import D37, LAW_NAMES, SI_LAW, law_deciding
from ansinh.rules.params.benefit_sickness import CONVALESCENCE, CONVALESCENCE_D37
from ansinh.rules.params.reference import BASE_SALARY
from ansinh.rules.tables import RuleError

AFTER = ("sickness", "maternity", "work_injury")
PLACES = ("home", "centre")
CASES = {
    "sickness": ("long_term", "surgery", "other"),
    "maternity": ("multiple_birth", "caesarean", "other"),
}


@dataclass(frozen=True)
class ConvalescenceInput:
    after: str  # sickness | maternity | work_injury
    start: dt.date
    days: int
    case: str = "other"  # sickness / maternity case
    incapacity_pct: int | None = None  # work injury
    sickness_days_in_year: int | None = None  # sickness: days of sickness benefit in the year (≥ 30 required)
    returned_early: bool = False  # maternity: went back to work before the end of the birth leave
    place: str | None = None  # Law 71 only: home (25%) | centre (40%)


@dataclass(frozen=True)
class ConvalescenceResult:
    law: str
    after: str
    max_days: int
    days_paid: int
    daily_amount: int
    amount: int
    rounding: str
    steps: list[Step] = field(default_factory=list)
    params: list[ParamUse] = field(default_factory=list)


D37_FROM = CONVALESCENCE_D37.first_day
D37_TO = CONVALESCENCE_D37.entries[-1].valid_to or D37_FROM


def before_law71(inp: ConvalescenceInput, ex: Explanation) -> ConvalescenceResult:
    """A start before 2007: Decision 37/2001/QĐ-TTg for 2001-06-01 .. 2002-12-31, every other day refused."""
    if not D37_FROM <= inp.start <= D37_TO:
        why = (f"before Decision 37/2001/QĐ-TTg (in force {D37_FROM.isoformat()}) no convalescence rule was read"
               if inp.start < D37_FROM else
               f"from {D37_TO + dt.timedelta(days=1)} Decree 01/2003/NĐ-CP replaced Decision 37/2001/QĐ-TTg and its "
               "convalescence levels (guided by Circular 08/2003/TT-BLĐTBXH) were not read — only the openings of "
               "the texts")
        raise RuleError("no_rule_for_date", f"convalescence starting {inp.start.isoformat()}: {why}; computed for "
                        f"starts {D37_FROM.isoformat()}..{D37_TO.isoformat()} (Decision 37/2001) and from "
                        f"{SI_LAW.first_day.isoformat()} (docs/legal-sources-benefits.md, 'Before 2007')")
    rules = ex.use(CONVALESCENCE_D37, inp.start)
    basis = CONVALESCENCE_D37.entry(inp.start).basis
    ex.step("law deciding the benefit", LAW_NAMES[D37], f"convalescence starts {inp.start}", basis)
    if inp.sickness_days_in_year is not None:
        raise RuleError("bad_choice", "Decision 37/2001/QĐ-TTg sets no condition on days of sickness (Art 1); leave "
                        "the field out", field="sickness_days_in_year")
    if inp.returned_early:
        raise RuleError("no_rule_for_date", "Decision 37/2001/QĐ-TTg Arts 1–3 say nothing of an early return to "
                        "work (table convalescence_decision_37_2001)", field="returned_early")
    if inp.after == "maternity":
        if inp.place == "centre":
            raise RuleError("no_rule_for_date", "Decision 37/2001 Art 3.1 pays 80,000 đồng a day in a centre and "
                            "50,000 to women weak after maternity leave, without saying which applies to such a "
                            "woman in a centre: not decided here; leave place out or give home", field="place")
        daily = rules["maternity"]
        where = "woman weak after maternity leave"
    else:
        if inp.place is None:
            raise RuleError("required", f"place (home or centre) is required under {LAW_NAMES[D37]}: "
                            f"{rules['home']:,} đồng a day at home, {rules['centre']:,} in a centre", field="place")
        daily = rules[inp.place]
        where = inp.place
    ex.step("condition not checked", f"≥ {rules['years_at_unit']} full years of work at the agency or unit",
            "the caller's: no input carries it", basis)
    max_days = rules["max_days"]
    ex.step("maximum days", max_days, f"once a year, {rules['min_days']} to {max_days} days by the degree of "
            "health decline", basis)
    days = min(inp.days, max_days)
    ex.step("days paid", days, f"min({inp.days}, {max_days})", basis)
    ex.step("benefit per day", daily, f"fixed amount ({where})", basis)
    amount = daily * days
    ex.step("convalescence benefit", amount, f"{daily:,} × {days}", basis)
    return ConvalescenceResult(D37, inp.after, max_days, days, daily, amount,
                               "none: whole đồng amounts a day (Decision 37/2001 Art 3.1)", ex.steps, ex.params)


def calculate(inp: ConvalescenceInput) -> ConvalescenceResult:
    ex = Explanation()
    if inp.start < SI_LAW.first_day:
        return before_law71(inp, ex)
    law = law_deciding(ex, inp.start)
    ex.step("law deciding the benefit", LAW_NAMES[law], f"convalescence starts {inp.start}", "Law 41/2024 Art 5.7")
    rules = ex.use(CONVALESCENCE, inp.start)
    basis = CONVALESCENCE.entry(inp.start).basis
    if inp.after == "work_injury":
        if inp.incapacity_pct is None:
            raise RuleError("required", "incapacity_pct is required after a work injury", field="incapacity_pct")
        max_days = next((d for floor, d in rules["work_injury"] if inp.incapacity_pct >= floor), 0)
        if not max_days:
            raise RuleError("not_eligible", "no convalescence days are set for lost capacity below 15%",
                            field="incapacity_pct")
    else:
        if inp.case not in CASES[inp.after]:
            raise RuleError("bad_choice", f"case must be one of {', '.join(CASES[inp.after])}", field="case")
        if inp.after == "sickness" and inp.sickness_days_in_year is not None:
            if rules["min_sickness_days"] is None:
                raise RuleError("no_rule_for_date", f"{LAW_NAMES[law]}: a condition on the days of sickness before "
                                "convalescence was not read (table convalescence); leave the field out",
                                field="sickness_days_in_year")
            if inp.sickness_days_in_year < rules["min_sickness_days"]:
                raise RuleError("not_eligible", "convalescence after sickness needs at least 30 days of sickness leave "
                                "in the year (Law 41/2024 Art 46.1)", field="sickness_days_in_year")
        if inp.after == "maternity" and inp.returned_early and not rules["early_return_rule"]:
            raise RuleError("no_rule_for_date", f"{LAW_NAMES[law]}: the rule on an early return to work was not read "
                            "(table convalescence)", field="returned_early")
        if inp.after == "maternity" and inp.returned_early:
            raise RuleError("not_eligible", "no convalescence after returning to work early (Law 41/2024 Art 60.4)",
                            field="returned_early")
        max_days = rules[inp.after][inp.case]
    ex.step("maximum days", max_days, f"after {inp.after}: {inp.case if inp.after != 'work_injury' else str(inp.incapacity_pct) + '%'}", basis)
    days = min(inp.days, max_days)
    ex.step("days paid", days, f"min({inp.days}, {max_days})", basis)
    rate = rules["rate"]
    if isinstance(rate, dict):
        if inp.place is None:
            raise RuleError("required", f"place (home or centre) is required under {LAW_NAMES[law]}: 25% at home, "
                            "40% in a convalescence centre", field="place")
        rate = rate[inp.place]
    elif inp.place is not None:
        raise RuleError("bad_choice", f"place is only used for convalescence under Law 71/2006 (before 2016); "
                        f"{LAW_NAMES[law]} pays {pct(rate)} wherever it is taken", field="place")
    ref = ex.use(BASE_SALARY, inp.start)
    exact = Decimal(ref) * rate
    daily = vnd(exact)
    amount = vnd(exact * days)
    where = f" ({inp.place})" if inp.place else ""
    ex.step("benefit per day", daily, f"{ref:,} × {pct(rate)}{where}", basis)
    ex.step("convalescence benefit", amount, f"{ref:,} × {pct(rate)} × {days}", basis)
    return ConvalescenceResult(law, inp.after, max_days, days, daily, amount, f"{HALF_UP}, on the daily amount and the total (no published example with a non-whole daily amount "
                               "found)", ex.steps, ex.params)


def parse(data: Mapping[str, Any]) -> ConvalescenceInput:
    after = field_choice(data, "after", AFTER)
    return ConvalescenceInput(
        after=after,
        start=field_date(data, "start"),
        days=field_int(data, "days", minimum=1, maximum=366),
        case=field_choice(data, "case", CASES.get(after, ("other",)), default="other") if after != "work_injury" else "other",
        incapacity_pct=field_int(data, "incapacity_pct", maximum=MAX_PCT) if after == "work_injury" else None,
        sickness_days_in_year=field_int(data, "sickness_days_in_year", maximum=366) if data.get("sickness_days_in_year") is not None else None,
        returned_early=field_bool(data, "returned_early"),
        place=field_choice(data, "place", PLACES) if data.get("place") is not None else None,
    )


def run(data: Mapping[str, Any]) -> ConvalescenceResult:
    return calculate(parse(data))


SPEC = CalculatorSpec(
    "convalescence",
    "Convalescence after sickness, maternity or work injury: 30% of the reference level per day (Law 41/2024 Art 46, 60; OSH Art 54)",
    run,
    {"after": "maternity", "case": "caesarean", "start": "2026-08-03", "days": 7},
    fields=("after", "start", "days", "case", "incapacity_pct", "sickness_days_in_year", "returned_early", "place"),
    date_field="start",
    types={"incapacity_pct": "int", "sickness_days_in_year": "int"},
)
