"""One-time SI lump sum (bảo hiểm xã hội một lần) — Law 41/2024 Art 70 for decisions from 2025-07-01; Law 58/2014
Art 60 + Resolution 93/2015 before. The decision date is the calculation date (Art 70.5).

years     before 2014 and from 2014, odd pre-2014 months moved to the from-2014 part; each part rounded per
          Art 5.6 (1–6 months = ½ year, 7–11 = 1 year)
amount    (1.5 × years before 2014 + 2 × years from 2014) × revalued average salary (Arts 72–73)
< 1 year  the contributions paid, at most 2 × average: Law 58 decisions 22% × nominal salaries (Circular 59/2015
          Art 19.2); Law 41 decisions the retirement & survivorship rate of each month × its salary (interpretation)
support   the State's support for voluntary SI is not paid out (deducted), except for the listed diseases and
          (Law 41) ≥ 81% lost capacity / extremely severe disability (Art 70.3–70.4)
The average is cut to the whole đồng first for decisions from 2016 (`AVERAGE_ROUNDING`, Vietnam Social
Security's worked example); the amount is rounded half up to the whole đồng at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ansinh.rules.benefits.average import average_rounding_text, average_salary
from ansinh.rules.benefits.history import (
    PERIOD_FIELDS,
    ContributionPeriod,
    benefit_years,
    full_years,
    parse_periods,
    salary_by_month,
    split_2014,
)
from ansinh.rules.catalogue import CalculatorSpec, field_choice, field_date
from ansinh.rules.explain import Explanation, ParamUse, Step
from ansinh.rules.money import HALF_UP, vnd
from ansinh.rules.params.benefit_common import LAW_NAMES, law_deciding
from ansinh.rules.params.benefit_one_time import GROUNDS_L41, ONE_TIME, RETIREMENT_FUND_RATE
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError


@dataclass(frozen=True)
class OneTimeInput:
    decision_date: dt.date
    ground: str
    periods: tuple[ContributionPeriod, ...]


@dataclass(frozen=True)
class OneTimeResult:
    law: str
    eligible: bool
    reasons: tuple[str, ...]
    months_total: int
    months_before_2014: int
    months_from_2014: int
    years_before_2014: Decimal
    years_from_2014: Decimal
    average_salary: int
    gross_amount: int
    state_support_deducted: int
    amount: int
    rounding: str
    steps: list[Step] = field(default_factory=list)
    params: list[ParamUse] = field(default_factory=list)


def calculate(inp: OneTimeInput) -> OneTimeResult:
    ex = Explanation()
    day = inp.decision_date
    law = law_deciding(ex, day)
    ex.step("law deciding the lump sum", LAW_NAMES[law], f"decided on {day}", "Law 41/2024 Art 5.7, 70.5")
    r = ex.use(ONE_TIME, day)
    basis = ONE_TIME.entry(day).basis
    if inp.ground not in r["grounds"]:
        raise RuleError(
            "bad_ground",
            f"ground {inp.ground!r} does not exist under {LAW_NAMES[law]}; one of {', '.join(r['grounds'])}",
            field="ground",
        )
    si = [p for p in inp.periods if p.is_si]
    by_month = salary_by_month(si)
    months = sorted(by_month)
    if not months:
        raise RuleError("no_contributions", "no SI contribution month in the history", field="periods")
    total = len(months)
    reasons: list[str] = []
    years_whole = full_years(total)
    if inp.ground == "retirement_age" and years_whole >= r["pension_min_years"]:
        reasons.append(
            f"{years_whole} years of SI: eligible for a pension, not for the lump sum on this ground"
        )
    if inp.ground == "left_12_months":
        last = months[-1]
        out = max(0, last.months_until(Month.of(day)) - 1)  # a contribution in the decision's month: none out
        ex.step("months out of SI before the decision", out, f"last contribution {last}", basis)
        if out < r["wait_months"]:
            reasons.append(f"only {out} month(s) out of SI; {r['wait_months']} needed")
        if years_whole >= r["max_years_12m_rule"]:
            reasons.append(
                f"{years_whole} years of SI: the 12-month ground needs fewer than {r['max_years_12m_rule']}"
            )
        if r["contributed_before"] and months[0].first_day >= dt.date.fromisoformat(r["contributed_before"]):
            reasons.append(
                "the 12-month ground is only for people with contributions before 2025-07-01 (Art 70.1.đ)"
            )

    pre, post = split_2014(months)
    y_pre, y_post = benefit_years(pre), benefit_years(post)
    ex.step(
        "years before 2014 / from 2014",
        f"{y_pre} / {y_post}",
        f"{pre} / {post} month(s) (odd pre-2014 months moved to the from-2014 part)",
        basis,
    )
    avg = average_salary(inp.periods, day, ex)
    if total < 12 and r["short_cap_months"] is None:
        raise RuleError(
            "no_rule_for_date",
            f"{LAW_NAMES[law]}: the lump sum for less than one year of SI ({total} month(s)) is not held — "
            "Decree 152/2006 was not read",
            field="periods",
        )
    if total < 12:
        paid = Decimal(0)
        for m in months:
            p = by_month[m]
            if r["short_rate"] is not None:
                rate = r["short_rate"]
            else:
                rates = RETIREMENT_FUND_RATE.at(m.first_day)
                rate = rates["voluntary"] if p.kind == "voluntary" else rates["compulsory"]
            if rate is None:
                raise RuleError("no_rule_for_date", f"no voluntary SI rate for {m}", field="periods")
            paid += p.salary * rate
        if r["short_rate"] is None:
            ex.use(RETIREMENT_FUND_RATE, months[-1].first_day)
            how = "retirement & survivorship rate of each month × salary"
        else:
            how = f"{r['short_rate']} × Σ salaries"
        cap = r["short_cap_months"] * avg.amount
        gross_exact = min(paid, cap)
        ex.step(
            "less than one year: contributions paid, capped",
            vnd(gross_exact),
            f"min({vnd(paid):,} ({how}), {r['short_cap_months']} × {vnd(avg.amount):,})",
            basis,
        )
    else:
        gross_exact = (r["pre2014"] * y_pre + r["from2014"] * y_post) * avg.amount
        ex.step(
            "lump sum before deductions",
            vnd(gross_exact),
            f"({r['pre2014']} × {y_pre} + {r['from2014']} × {y_post}) × {avg.amount:,.2f}",
            basis,
        )
    gross = vnd(gross_exact)
    support = sum(p.state_support * p.months for p in si if p.kind == "voluntary")
    deducted = 0
    if support and inp.ground not in r["support_kept_for"]:
        deducted = min(support, gross)
        ex.step(
            "state support of voluntary SI not paid out", deducted, f"Σ monthly support = {support:,}", basis
        )
    amount = gross - deducted
    eligible = not reasons
    ex.step(
        "one-time lump sum",
        amount if eligible else 0,
        "; ".join(reasons) or f"{gross:,} − {deducted:,}",
        basis,
    )
    return OneTimeResult(
        law,
        eligible,
        tuple(reasons),
        total,
        pre,
        post,
        y_pre,
        y_post,
        vnd(avg.amount),
        gross,
        deducted,
        amount if eligible else 0,
        f"{HALF_UP}, once, on the amount (the sum of the before-2014 and from-2014 parts); "
        + average_rounding_text(day),
        ex.steps,
        ex.params,
    )


def parse(data: Mapping[str, Any]) -> OneTimeInput:
    decision = field_date(data, "decision_date")
    periods = parse_periods(data)
    for i, period in enumerate(periods):
        # The lump sum settles the contributions paid before it is decided: a month after the decision's month is a
        # typing error (it used to give "-120 months out of SI")
        if period.end > Month.of(decision):
            raise RuleError("after_decision", f"periods[{i}]: contribution month {period.end} is after the decision "
                            f"date {decision}", field=f"periods[{i}].to")
    return OneTimeInput(decision_date=decision, ground=field_choice(data, "ground", GROUNDS_L41), periods=periods)


def run(data: Mapping[str, Any]) -> OneTimeResult:
    return calculate(parse(data))


SPEC = CalculatorSpec(
    "one-time-si",
    "One-time SI lump sum: grounds by the law of the decision date, 1.5/2 months per year (Law 41/2024 Art 70)",
    run,
    {
        "decision_date": "2026-03-16",
        "ground": "left_12_months",
        "periods": [{"from": "2010-03", "to": "2024-12", "salary": 7_000_000, "kind": "employer"}],
    },
    fields=("decision_date", "ground", "periods"),
    nested={"periods": PERIOD_FIELDS},
    date_field="decision_date",
)
