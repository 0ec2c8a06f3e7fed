"""Occupational accident / disease benefits from the OA/OD fund — OSH Law 84/2015 Arts 48–53.

lost capacity 5–30%  → lump sum = (5 + 0.5 × (pct − 5)) × base salary
                        + (0.5 + 0.3 × (years − 1)) × salary          (years of fund contributions; ≤ 1 year → 0.5)
lost capacity ≥ 31%  → monthly  = (30% + 2% × (pct − 31)) × base salary
                        + (0.5% + 0.3% × (years − 1)) × salary
                        + attendance allowance = 1 × base salary when ≥ 81% with paraplegia, blindness of both eyes,
                          loss/paralysis of two limbs or mental illness (Art 52)
death                → lump sum = 36 × base salary of the month of death (Art 53) + survivor benefits (see `survivor`)
base salary: of the month the benefit starts (Art 50: the month treatment ended / the medical board concluded);
salary: paid into the fund in the month before leaving work for treatment.
Years of fund contributions count whole years; SI before 2016-07-01 counts as fund time (Decree 88/2020 Art 46.1).
Each amount is rounded half up to the whole đồng. Assistive devices (Art 51) are paid on the actual devices
prescribed; the flag only records the entitlement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ansinh.rules.benefits.formatting import pct
from ansinh.rules.benefits.inputs import field_bool
from ansinh.rules.catalogue import MAX_MONTHS, CalculatorSpec, field_date, field_int
from ansinh.rules.explain import Explanation, ParamUse, Step
from ansinh.rules.money import HALF_UP, vnd
from ansinh.rules.params.benefit_common import LAW_NAMES, law_deciding, refuse_before_law71
from ansinh.rules.params.benefit_work_injury import WORK_INJURY
from ansinh.rules.params.reference import BASE_SALARY
from ansinh.rules.tables import RuleError

ROUNDING = (f"{HALF_UP}, on each part (base, seniority, attendance); the parts are computed exactly "
            "(no published example with a non-whole intermediate found)")

OSH_LAW_FROM = dt.date(2016, 7, 1)  # OSH Law 84/2015 in force; the SI law's OA/OD regime before (CV 529)


@dataclass(frozen=True)
class WorkInjuryInput:
    benefit_start: dt.date  # month the benefit starts (or the day of death)
    incapacity_pct: int = 0
    fund_months: int = 0
    salary: int = 0
    attendance: bool = False
    assistive_devices: bool = False
    death: bool = False


@dataclass(frozen=True)
class WorkInjuryResult:
    kind: str  # lump_sum | monthly | death | none
    base_part: int
    seniority_part: int
    attendance_allowance: int
    lump_sum: int
    monthly: int
    assistive_devices: bool
    rounding: str
    note: str = ""
    steps: list[Step] = field(default_factory=list)
    params: list[ParamUse] = field(default_factory=list)


def seniority_units(fund_months: int, first: Decimal, per_year: Decimal) -> tuple[Decimal, int]:
    years = fund_months // 12
    return (first if years <= 1 else first + per_year * (years - 1)), years


def calculate(inp: WorkInjuryInput) -> WorkInjuryResult:
    ex = Explanation()
    day = inp.benefit_start
    refuse_before_law71(day)  # before WORK_INJURY (from 2007) refuses with no word on why
    r = ex.use(WORK_INJURY, day)
    basis = WORK_INJURY.entry(day).basis
    base = ex.use(BASE_SALARY, day)
    law71 = day < OSH_LAW_FROM  # the SI law's own OA/OD regime (Law 71/2006, then Law 58/2014 until 2016-06-30)
    law = "OSH Law 84/2015/QH13"
    if law71:
        law = LAW_NAMES[law_deciding(ex, day)]
        ex.step("law deciding the benefit", law, f"benefit starts {day.isoformat()}, before the OSH law "
                f"({OSH_LAW_FROM.isoformat()})", basis)
    if inp.death:
        if r["death_multiple"] is None:
            raise RuleError("no_rule_for_date", f"the OA/OD death grant for a death on {day} ({law}) is not held: no "
                            "source for its amount was found", field="death")
        amount = vnd(r["death_multiple"] * base)
        ex.step("death grant", amount, f"{r['death_multiple']} × {base:,}", "OSH Law 84/2015 Art 53")
        return WorkInjuryResult("death", amount, 0, 0, amount, 0, False, ROUNDING,
                                "survivors also receive the funeral grant and survivor allowances (calc survivor)",
                                ex.steps, ex.params)
    loss = inp.incapacity_pct
    if loss < r["lump_min_pct"]:
        ex.step("lost working capacity", f"{loss}%", f"below {r['lump_min_pct']}%: no benefit from the fund", "OSH Law Art 45.2")
        return WorkInjuryResult("none", 0, 0, 0, 0, 0, inp.assistive_devices, ROUNDING,
                                "lost capacity below 5%: no OA/OD fund benefit", ex.steps, ex.params)
    if loss <= r["lump_max_pct"]:
        multiple = r["lump_base_multiple"] + r["lump_per_pct"] * (loss - r["lump_min_pct"])
        base_part = vnd(multiple * base)
        ex.step("lump sum by lost capacity", base_part, f"({r['lump_base_multiple']} + {r['lump_per_pct']} × ({loss} − 5)) × {base:,}",
                basis if law71 else "OSH Law 84/2015 Art 48.2.a")
        units, years = seniority_units(inp.fund_months, r["lump_seniority_first"], r["lump_seniority_per_year"])
        seniority = vnd(units * inp.salary)
        ex.step("seniority part", seniority, f"{units} month(s) × {inp.salary:,} ({years} whole year(s) in the fund)",
                basis if law71 else "OSH Law 84/2015 Art 48.2.b")
        total = base_part + seniority
        ex.step("lump sum", total, f"{base_part:,} + {seniority:,}", basis)
        return WorkInjuryResult("lump_sum", base_part, seniority, 0, total, 0, inp.assistive_devices, ROUNDING, "",
                                ex.steps, ex.params)
    rate = r["monthly_base_rate"] + r["monthly_per_pct"] * (loss - r["monthly_min_pct"])
    base_part = vnd(rate * base)
    ex.step("monthly allowance by lost capacity", base_part, f"({pct(r['monthly_base_rate'])} + 2% × ({loss} − 31)) × {base:,}",
            basis if law71 else "OSH Law 84/2015 Art 49.2.a")
    units, years = seniority_units(inp.fund_months, r["monthly_seniority_first"], r["monthly_seniority_per_year"])
    seniority = vnd(units * inp.salary)
    ex.step("seniority part", seniority, f"{pct(units)} × {inp.salary:,} ({years} whole year(s) in the fund)",
            basis if law71 else "OSH Law 84/2015 Art 49.2.b")
    attendance = 0
    if inp.attendance:
        if loss < r["attendance_min_pct"]:
            raise RuleError("not_eligible", "attendance allowance needs at least 81% lost capacity", field="attendance")
        attendance = vnd(r["attendance_multiple"] * base)
        ex.step("attendance allowance", attendance, f"{r['attendance_multiple']} × {base:,}",
                "OSH Law 84/2015 Art 52" if not law71 else basis)
    monthly = base_part + seniority + attendance
    ex.step("monthly allowance", monthly, f"{base_part:,} + {seniority:,} + {attendance:,}", basis)
    return WorkInjuryResult("monthly", base_part, seniority, attendance, 0, monthly, inp.assistive_devices, ROUNDING,
                            "", ex.steps, ex.params)


def parse(data: Mapping[str, Any]) -> WorkInjuryInput:
    death = field_bool(data, "death")
    loss = field_int(data, "incapacity_pct", default=0 if death else None)
    if loss > 100:
        raise RuleError("too_large", "incapacity_pct must be at most 100", field="incapacity_pct")
    return WorkInjuryInput(
        benefit_start=field_date(data, "benefit_start"),
        incapacity_pct=loss,
        fund_months=field_int(data, "fund_months", default=0, maximum=MAX_MONTHS),
        salary=field_int(data, "salary", default=0 if death else None),
        attendance=field_bool(data, "attendance"),
        assistive_devices=field_bool(data, "assistive_devices"),
        death=death,
    )


def run(data: Mapping[str, Any]) -> WorkInjuryResult:
    return calculate(parse(data))


SPEC = CalculatorSpec(
    "work-injury",
    "Occupational accident/disease: lump sum (5–30%), monthly allowance (≥ 31%), death grant (OSH Law 84/2015 Arts 48–53; "
    "Law 71/2006 from 2007)",
    run,
    {"benefit_start": "2026-08-01", "incapacity_pct": 35, "fund_months": 100, "salary": 9_000_000},
    fields=("benefit_start", "incapacity_pct", "fund_months", "salary", "attendance", "assistive_devices", "death"),
    date_field="benefit_start",
)
