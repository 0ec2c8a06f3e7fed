"""Compulsory SI, HI and UI due for one employee's declared salary in one month, per fund and payer.

Law 41/2024 Arts 31-34 (before 2025-07: Law 58/2014 Arts 85-89, Law 71/2006 before 2016); HI Law Arts 13-14;
Employment Law 74/2025 Arts 33-34 (before 2026: Employment Law 38/2013 Arts 57-58). Parameters are read as of
the first day of the month the contribution belongs to.

- SI and HI base = min(salary, ceiling multiple × reference level); UI base = min(salary, 20 × regional minimum
  wage of the workplace region), or 20 × base salary for state-pay-scale employees before 2026.
- A salary below the floor is refused, not clamped (declaring below the legal base is evasion, Law 41/2024 Art
  39.1.c). Floor: the regional minimum wage for employer-decided wages (the general minimum wage before regional
  wages existed, 2009; for `employer` "foreign_invested" the higher levels the decrees set for foreign-invested
  employers until 2011-09), the base salary for the state pay scale. The +7% for trained workers of the old decrees is
  not applied.
- Rounding: each fund and payer separately, half up to the whole đồng.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ansinh.rules.catalogue import field_choice, field_int
from ansinh.rules.contributions.inputs import field_month, field_region
from ansinh.rules.contributions.parameters import EMPLOYERS, month_parameters
from ansinh.rules.explain import Explanation, ParamUse, Step
from ansinh.rules.money import HALF_UP, vnd
from ansinh.rules.params.contribution_rates import Split
from ansinh.rules.params.regions import RegionFinding
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError

PAY_SCALES = ("employer_decided", "state")
OA_OPTIONS = ("normal", "reduced")


@dataclass(frozen=True)
class CompulsoryInput:
    salary: int
    month: Month
    region: RegionFinding
    pay_scale: str = "employer_decided"
    oa_rate: str = "normal"
    employer: str = "domestic"


@dataclass(frozen=True)
class FundDue:
    fund: str
    base: int
    rate_employer: Decimal
    rate_employee: Decimal
    employer: int
    employee: int
    state: int


@dataclass(frozen=True)
class CompulsoryResult:
    month: str
    salary: int
    region: int
    region_source: str
    si_hi_base: int
    ui_base: int
    funds: tuple[FundDue, ...]
    employer: int
    employee: int
    total: int
    state: int
    rounding: str
    steps: tuple[Step, ...]
    params: tuple[ParamUse, ...]


def _due(fund: str, base: int, split: Split) -> FundDue:
    return FundDue(fund, base, split.employer, split.employee,
                   vnd(base * split.employer), vnd(base * split.employee), vnd(base * split.state))


def calculate(inp: CompulsoryInput) -> CompulsoryResult:
    ex = Explanation()
    region = inp.region.region
    ex.step("workplace region", region, basis=f"{inp.region.source}: {inp.region.basis} [{inp.region.status}]")
    p = month_parameters(inp.month, region=region, pay_scale=inp.pay_scale, oa_option=inp.oa_rate, explanation=ex,
                         employer=inp.employer)
    ex.step("salary floor", p.floor, p.floor_name)
    if inp.salary < p.floor:
        raise RuleError("below_floor", f"salary {inp.salary:,} is below the floor {p.floor:,} ({p.floor_name}) for "
                        f"{inp.month}: a declaration below the legal base is refused, not rounded up", field="salary")
    si_base = inp.salary if p.si_cap is None else min(inp.salary, p.si_cap)
    ex.step("SI/HI ceiling", p.si_cap, "ceiling multiple × base salary" if p.si_cap else "no ceiling")
    ex.step("SI/HI base", si_base, "min(salary, ceiling)")
    ui_base = min(inp.salary, p.ui_cap)
    if p.ui_cap:
        ex.step("UI ceiling", p.ui_cap, p.ui_cap_name)
        ex.step("UI base", ui_base, "min(salary, UI ceiling)")
    funds = [
        _due("sickness_maternity", si_base, p.sickness_maternity),
        _due("occupational_accident", si_base, p.occupational_accident),
        _due("retirement_survivorship", si_base, p.retirement_survivorship),
        _due("health_insurance", si_base, p.health_insurance),
        _due("unemployment", ui_base, p.unemployment),
    ]
    for f in funds:
        for payer, amount, share in (("employer", f.employer, f.rate_employer), ("employee", f.employee, f.rate_employee)):
            if share:
                ex.step(f"{f.fund}: {payer}", amount, f"{f.base:,} × {share:%}")
    employer = sum(f.employer for f in funds)
    employee = sum(f.employee for f in funds)
    return CompulsoryResult(
        month=str(inp.month), salary=inp.salary, region=region, region_source=inp.region.source,
        si_hi_base=si_base, ui_base=ui_base, funds=tuple(funds), employer=employer, employee=employee,
        total=employer + employee, state=sum(f.state for f in funds), rounding=f"per fund and payer: {HALF_UP}",
        steps=tuple(ex.steps), params=tuple(ex.params),
    )


def parse(data: Mapping[str, Any]) -> CompulsoryInput:
    month = field_month(data)
    return CompulsoryInput(
        salary=field_int(data, "salary", minimum=1),
        month=month,
        region=field_region(data, month.first_day),
        pay_scale=field_choice(data, "pay_scale", PAY_SCALES, default="employer_decided"),
        oa_rate=field_choice(data, "oa_rate", OA_OPTIONS, default="normal"),
        employer=field_choice(data, "employer", EMPLOYERS, default="domestic"),
    )


def run(data: Mapping[str, Any]) -> CompulsoryResult:
    return calculate(parse(data))


def contribution_due_in_month(*, unpaid_working_days: int, sick_days_first_month: int = 0,
                              first_month: bool = False, agreed_to_contribute: bool = False) -> bool:
    """Whether SI (and UI) is due for an employee's month (Law 41/2024 Art 33.5-33.6, 34.3; Employment Law 2025
    Art 33.4): not due when the employee had ≥14 working days without pay in the month, unless employer and
    employee agree to contribute on the latest base; still due in the first month of work (or of return) when the
    days off were sickness leave of ≥14 working days."""
    if unpaid_working_days < 0 or sick_days_first_month < 0:
        raise RuleError("too_small", "day counts must not be negative", field="unpaid_working_days")
    if agreed_to_contribute or unpaid_working_days < 14:
        return True
    return first_month and sick_days_first_month >= 14
