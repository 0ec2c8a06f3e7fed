"""Unemployment benefit (trợ cấp thất nghiệp) — Employment Law 74/2025 Arts 38–41 for decisions from 2026-01-01;
Employment Law 38/2013 Arts 49–50 (+ Decree 28/2015) from 2015-01-01; Law 71/2006 with Decree 127/2008 from
2009-01-01 (60% of the 6-month average, durations 3/6/9/12 months for 12/36/72/144 months of UI, no ceiling; short
contracts and preservation not held — refused naming the field).

eligible   ≥ 12 months of UI in the 24 months before the contract ended (36 for short contracts), and ≥ 12 months
           not yet used for a benefit
months     months paid = months preserved from an earlier benefit + months contributed after the last month used
duration   12–36 months → 3 months; + 1 month per further full 12 months; at most 12
monthly    60% × average of the salaries UI was paid on in the 6 most recent contributed months — each month's salary
           capped at that month's UI ceiling (20 × regional minimum wage of the workplace region then; 20 × base
           salary for state pay before 2026) — (average kept exact), rounded half up,
           capped at 5 × regional minimum wage (2025 law: of the last contribution month; 2013 law: at termination,
           5 × base salary instead for state pay)
preserved  months beyond those the duration consumed; when the benefit stops early (new job), the months of benefit
           not received × 12 are preserved too (Decree 28/2015; Employment Law 74/2025 Art 41.5)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from typing import Any

from ansinh.rules.benefits.formatting import pct
from ansinh.rules.benefits.history import (
    PERIOD_FIELDS,
    ContributionPeriod,
    parse_periods,
    recent_months,
    salary_by_month,
)
from ansinh.rules.benefits.inputs import field_month
from ansinh.rules.catalogue import (
    MAX_MONTHS,
    CalculatorSpec,
    field_choice,
    field_date,
    field_int,
    region_of,
)
from ansinh.rules.explain import Explanation, ParamUse, Step
from ansinh.rules.money import HALF_UP, vnd
from ansinh.rules.params.benefit_common import LAW_NAMES, UI_LAW
from ansinh.rules.params.benefit_unemployment import UNEMPLOYMENT
from ansinh.rules.params.contribution_rates import UI_CEILING
from ansinh.rules.params.reference import BASE_SALARY
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError, Table

ROUNDING = (f"{HALF_UP}, on the monthly benefit; the 6-month average is kept exact until then (Circular 28/2015 Art 8.1 "
            "example 1 computes (2,000,000 × 2 + 4,000,000 × 4) / 6 × 60% in one expression)")

CONTRACTS = ("standard", "short")
REGIONS = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class UnemploymentInput:
    termination_date: dt.date
    periods: tuple[ContributionPeriod, ...]
    decision_date: dt.date | None = None  # defaults to the termination date
    contract: str = "standard"
    region: str | None = None
    used_until: Month | None = None  # months up to this one were counted for an earlier benefit
    preserved_months: int = 0
    benefit_months_received: int | None = None  # benefit stopped early after this many months


@dataclass(frozen=True)
class UnemploymentResult:
    law: str
    eligible: bool
    reasons: tuple[str, ...]
    months_in_window: int
    months_paid: int
    duration_months: int
    average_salary: int
    uncapped: int
    cap: int | None  # None: no ceiling in the law of the decision (Law 71/2006 era)
    monthly_benefit: int
    total_benefit: int
    preserved_months: int | None  # None: preservation not held for the law of the decision (Law 71/2006 era)
    rounding: str
    steps: list[Step] = field(default_factory=list)
    params: list[ParamUse] = field(default_factory=list)


def regional_minimum_wage_table() -> Table[Any]:
    """The regional minimum wage table lives with the reference levels (owned by the contributions side)."""
    try:
        from ansinh.rules.params import reference
    except ImportError as exc:  # pragma: no cover - reference always exists
        raise RuleError("no_rule_for_date", "reference parameters are missing") from exc
    table = getattr(reference, "REGIONAL_MINIMUM_WAGE", None)
    if table is None:
        raise RuleError("no_rule_for_date", "the regional minimum wage table (params.reference.REGIONAL_MINIMUM_WAGE) "
                        "is not available yet")
    return table


def rmw_for(values: Any, region: str) -> int:
    """The monthly minimum wage of a region from a table value: reference.ByRegion (indexed 1..4) or a mapping."""
    index = REGIONS.index(region) + 1
    if isinstance(values, Mapping):
        for key in (region, index, str(index)):
            if key in values:
                return int(values[key])
        raise RuleError("bad_region", f"no regional minimum wage for region {index}", field="region")
    return int(values[index])


UI_CEILING_BASIS = ("Employment Law 38/2013 Art 58.2 / Law 74/2025 Art 34.2: UI is paid on at most 20 × the regional "
                    "minimum wage of the workplace region, 20 × base salary for state pay before 2026")


def paid_on(month: Month, salary: int, period: ContributionPeriod, inp: UnemploymentInput,
            ex: Explanation) -> tuple[int, str]:
    """The salary UI was paid on in `month`: the declared salary capped at that month's UI ceiling (20 × the
    regional minimum wage of the workplace region then, or 20 × base salary for state pay before 2026). The region is
    the period's own, else the input's; it is needed only when the salary is above the lowest ceiling of the month."""
    day = month.first_day
    try:
        ceiling = ex.use(UI_CEILING, day)
    except RuleError:
        raise RuleError("no_rule_for_date", f"no unemployment insurance existed in {month} (from 2009-01)",
                        field="periods") from None
    reference = ceiling.state_pay_scale if period.kind == "state" else ceiling.employer_decided
    if reference == "base_salary":
        cap = ceiling.multiple * ex.use(BASE_SALARY, day)
        name = "base salary"
    else:
        wages = ex.use(regional_minimum_wage_table(), day)
        region = period.region or (REGIONS.index(inp.region) + 1 if inp.region else None)
        if region is None:
            lowest = ceiling.multiple * min(wages[n] for n in (1, 2, 3, 4))
            if salary <= lowest:
                return salary, f"{salary:,}"
            raise RuleError("required", f"the workplace region in {month} is needed: the salary {salary:,} is above "
                            f"the lowest UI ceiling of the month ({lowest:,}); give region (1–4), or a period's region",
                            field="region")
        cap = ceiling.multiple * wages[region]
        name = f"regional minimum wage {region}"
    if salary <= cap:
        return salary, f"{salary:,}"
    return cap, f"{salary:,} capped at {ceiling.multiple} × {name} = {cap:,}"


def duration_for(months_paid: int, r: Mapping[str, Any]) -> int:
    if months_paid < r["min_months"]:
        return 0
    if r["duration_steps"]:  # Law 71/2006 era: a step table (Decree 127/2008 Art 16.2)
        return max(months for start, months in r["duration_steps"] if months_paid >= start)
    return min(r["max_duration"], r["base_duration"] + max(0, (months_paid - r["base_covers"]) // r["extra_per"]))


def duration_rule(r: Mapping[str, Any]) -> str:
    if r["duration_steps"]:
        steps = r["duration_steps"]
        bands = [f"{a}–<{b}: {m}" for (a, m), (b, _n) in pairwise(steps)]
        return "months contributed → months of benefit: " + ", ".join(bands) + f", ≥ {steps[-1][0]}: {steps[-1][1]}"
    return (f"{r['base_duration']} for {r['min_months']}–{r['base_covers']} months + 1 per further {r['extra_per']}, "
            f"max {r['max_duration']}")


def refuse_not_held_under_law71(inp: UnemploymentInput, r: Mapping[str, Any], decided: dt.date) -> None:
    """What the Law 71/2006 era texts read do not settle is refused, naming the field."""
    if inp.contract == "short" and r["window_months_short"] is None:
        raise RuleError("no_rule_for_date", f"UI decided on {decided} (Law 71/2006, Decree 127/2008) covered only "
                        "contracts of 12 months or more: no window for short contracts", field="contract")
    if not r["preservation"]:
        for name, given in (("preserved_months", inp.preserved_months), ("used_until", inp.used_until),
                            ("benefit_months_received", inp.benefit_months_received)):
            if given:
                raise RuleError("no_rule_for_date", f"the preservation of UI months for a benefit decided on {decided} "
                                "(Law 71/2006, Decree 127/2008) is not held", field=name)


def calculate(inp: UnemploymentInput) -> UnemploymentResult:
    ex = Explanation()
    decided = inp.decision_date or inp.termination_date
    law = ex.use(UI_LAW, decided)
    ex.step("law deciding the benefit", LAW_NAMES[law], f"decided on {decided}", UI_LAW.entry(decided).basis)
    r = ex.use(UNEMPLOYMENT, decided)
    basis = UNEMPLOYMENT.entry(decided).basis
    refuse_not_held_under_law71(inp, r, decided)
    ui = [p for p in inp.periods if p.is_ui]
    by_month = salary_by_month(ui)
    t = Month.of(inp.termination_date)
    contributed = sorted(m for m in by_month if m <= t)
    if not contributed:
        raise RuleError("no_contributions", "no UI contribution month up to the termination", field="periods")
    last = contributed[-1]
    reasons: list[str] = []

    window = r["window_months_short"] if inp.contract == "short" else r["window_months"]
    end = t if t in by_month else t - 1
    in_window = sum(1 for m in contributed if end - (window - 1) <= m <= end)
    ex.step(f"UI months in the {window} months before the contract ended", in_window,
            f"{end - (window - 1)}..{end}", basis)
    new = [m for m in contributed if inp.used_until is None or m > inp.used_until]
    months_paid = inp.preserved_months + len(new)
    ex.step("months of UI not yet used for a benefit", months_paid,
            f"{inp.preserved_months} preserved + {len(new)} contributed" + (f" after {inp.used_until}" if inp.used_until else ""),
            basis)
    if in_window < r["min_months"]:
        reasons.append(f"{in_window} month(s) of UI in the {window} months before; {r['min_months']} needed")
    if months_paid < r["min_months"]:
        reasons.append(f"{months_paid} month(s) not yet used; {r['min_months']} needed")
    duration = duration_for(months_paid, r)
    ex.step("benefit duration (months)", duration, duration_rule(r), basis)

    recent = [(m, paid_on(m, s, by_month[m], inp, ex)) for m, s in recent_months(ui, last, r["average_months"])]
    avg = Decimal(sum(base for _, (base, _label) in recent)) / len(recent)
    ex.step("average UI salary of the most recent months", vnd(avg),
            ", ".join(f"{m}: {label}" for m, (_b, label) in sorted(recent)) + f" / {len(recent)} = {avg:,.2f}",
            f"{basis}; each month's salary capped at that month's UI ceiling ({UI_CEILING_BASIS})")
    uncapped = vnd(avg * r["rate"])
    if r["cap_multiple"] is None:  # Law 71/2006 era: no ceiling on the benefit in the text read
        eligible = not reasons
        ex.step("monthly benefit", uncapped, f"{pct(r['rate'])} × {avg:,.2f} = {uncapped:,} (no ceiling)", basis)
        return UnemploymentResult(law, eligible, tuple(reasons), in_window, months_paid, duration if eligible else 0,
                                  vnd(avg), uncapped, None, uncapped if eligible else 0,
                                  uncapped * duration if eligible else 0, None, ROUNDING, ex.steps, ex.params)
    state_pay = by_month[last].kind == "state"
    cap_kind = r["cap_state"] if state_pay else r["cap_employer"]
    cap_day = last.first_day if r["cap_on"] == "last_contribution_month" else inp.termination_date
    if cap_kind == "base_salary":
        ref = ex.use(BASE_SALARY, cap_day)
        cap_label = f"{r['cap_multiple']} × base salary {ref:,}"
    else:
        if inp.region is None:
            raise RuleError("required", "region (1–4) of the workplace is required for the cap", field="region")
        table = regional_minimum_wage_table()
        ref = rmw_for(ex.use(table, cap_day), inp.region)
        # written with the number, as every calculator writes regions (contribution: "regional minimum wage 1")
        cap_label = f"{r['cap_multiple']} × regional minimum wage {REGIONS.index(inp.region) + 1} {ref:,}"
    cap = r["cap_multiple"] * ref
    monthly = min(uncapped, cap)
    ex.step("monthly benefit", monthly, f"min({pct(r['rate'])} × {avg:,.2f} = {uncapped:,}, {cap_label} = {cap:,})", basis)

    consumed = 0 if duration == 0 else min(months_paid, r["base_covers"] + r["extra_per"] * (duration - r["base_duration"]))
    preserved = months_paid - consumed
    if inp.benefit_months_received is not None and inp.benefit_months_received < duration:
        preserved += (duration - inp.benefit_months_received) * r["extra_per"]
        ex.step("months preserved after the benefit stopped", preserved,
                f"{months_paid - consumed} beyond the duration + ({duration} − {inp.benefit_months_received}) × 12", basis)
    elif preserved:
        ex.step("months preserved for a later benefit", preserved, f"{months_paid} − {consumed}", basis)
    eligible = not reasons
    if not eligible:
        duration = 0
    return UnemploymentResult(law, eligible, tuple(reasons), in_window, months_paid, duration, vnd(avg), uncapped,
                              cap, monthly if eligible else 0, (monthly * duration) if eligible else 0,
                              preserved if eligible else months_paid, ROUNDING, ex.steps, ex.params)


def parse(data: Mapping[str, Any]) -> UnemploymentInput:
    decision = field_date(data, "decision_date", default=dt.date.min)
    termination = field_date(data, "termination_date")
    if decision != dt.date.min and decision < termination:
        raise RuleError("before_termination", f"decision_date {decision} is before termination_date {termination}: "
                        "the benefit is decided after the contract ends", field="decision_date")
    return UnemploymentInput(
        termination_date=termination,
        periods=parse_periods(data),
        decision_date=None if decision == dt.date.min else decision,
        contract=field_choice(data, "contract", CONTRACTS, default="standard"),
        region=REGIONS[region_of(data["region"]) - 1] if data.get("region") is not None else None,
        used_until=field_month(data, "used_until") if data.get("used_until") else None,
        preserved_months=field_int(data, "preserved_months", default=0, maximum=MAX_MONTHS),
        benefit_months_received=field_int(data, "benefit_months_received", maximum=MAX_MONTHS) if data.get("benefit_months_received") is not None else None,
    )


def run(data: Mapping[str, Any]) -> UnemploymentResult:
    return calculate(parse(data))


SPEC = CalculatorSpec(
    "unemployment",
    "Unemployment benefit: eligibility, 60% of the 6-month average, cap, duration, preserved months (Employment Law 74/2025)",
    run,
    {"termination_date": "2026-02-28", "decision_date": "2026-03-20", "region": "II",
     "periods": [{"from": "2022-11", "to": "2026-02", "salary": 12_000_000, "kind": "employer"}]},
    fields=("termination_date", "periods", "decision_date", "contract", "region", "used_until", "preserved_months", "benefit_months_received"),
    nested={"periods": PERIOD_FIELDS},
    date_field="termination_date",
    types={"used_until": "month", "decision_date": "date"},
)
