"""The parameters of compulsory contributions for one month and one kind of employee, as one value.

Shared by the one-person calculator (`compulsory.calculate`) and the set-based monthly assessment
(`ansinh.analytics.assessment`), so that both apply the same law in the same way: the assessment groups employees
by (region, pay scale, OA/OD option), asks this module once per group, and applies the rates column-wise with
the same rounding (`round_half_up_int`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ansinh.rules.explain import Explanation
from ansinh.rules.params.contribution_rates import (
    CEILING_MULTIPLE,
    HEALTH_INSURANCE,
    OCCUPATIONAL_ACCIDENT,
    OCCUPATIONAL_ACCIDENT_REDUCED,
    RETIREMENT_SURVIVORSHIP,
    SICKNESS_MATERNITY,
    UI_CEILING,
    UNEMPLOYMENT,
    Split,
)
from ansinh.rules.params.reference import BASE_SALARY, REGIONAL_MINIMUM_WAGE, REGIONAL_MINIMUM_WAGE_FDI
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError, Table

# Kinds of employer whose regional minimum wage differed (2009-01..2011-09): the floor of a foreign-invested employer
# (FDI enterprise, foreign agency or organization, international organization, foreign individual) is then its own.
EMPLOYERS = ("domestic", "foreign_invested")

# Column names of the per-employee amounts: fund + payer (er = employer, ee = employee).
AMOUNT_COLUMNS = ("sm_er", "oaod_er", "rs_er", "rs_ee", "hi_er", "hi_ee", "ui_er", "ui_ee")


@dataclass(frozen=True)
class MonthParameters:
    month: Month
    region: int
    pay_scale: str  # "employer_decided" or "state"
    oa_option: str  # "normal" or "reduced"
    floor: int
    floor_name: str
    si_cap: int | None
    ui_cap: int
    ui_cap_name: str
    sickness_maternity: Split
    occupational_accident: Split
    retirement_survivorship: Split
    health_insurance: Split
    unemployment: Split
    employer: str = "domestic"

    def rates(self) -> dict[str, Decimal]:
        """Rate of each amount column; SI/HI columns apply to the SI base, UI columns to the UI base."""
        return {
            "sm_er": self.sickness_maternity.employer,
            "oaod_er": self.occupational_accident.employer,
            "rs_er": self.retirement_survivorship.employer,
            "rs_ee": self.retirement_survivorship.employee,
            "hi_er": self.health_insurance.employer,
            "hi_ee": self.health_insurance.employee,
            "ui_er": self.unemployment.employer,
            "ui_ee": self.unemployment.employee,
        }


def month_parameters(month: Month, *, region: int, pay_scale: str = "employer_decided",
                     oa_option: str = "normal", explanation: Explanation | None = None,
                     employer: str = "domestic") -> MonthParameters:
    """Parameters as of the first day of the month the contribution belongs to. With an `explanation`, every
    table value used is recorded in it; a month outside a table is an input error naming the field `month`.
    `employer` "foreign_invested" takes the regional minimum wage of foreign-invested employers where the decrees set
    one apart (2009-01..2011-09, REGIONAL_MINIMUM_WAGE_FDI)."""
    day = month.first_day

    def get(table: Table[Any]) -> Any:
        try:
            return explanation.use(table, day) if explanation is not None else table.at(day)
        except RuleError as exc:
            raise RuleError(exc.code, exc.message, field="month") from None

    def regional() -> tuple[int, str]:
        if employer == "foreign_invested" and day >= REGIONAL_MINIMUM_WAGE_FDI.first_day:
            levels = get(REGIONAL_MINIMUM_WAGE_FDI)
            if levels is not None:
                return levels[region], f"regional minimum wage {region} (foreign-invested employer)"
        return get(REGIONAL_MINIMUM_WAGE)[region], f"regional minimum wage {region}"

    if employer not in EMPLOYERS:
        raise RuleError("bad_choice", f"employer must be one of {', '.join(EMPLOYERS)}, got {employer!r}",
                        field="employer")
    base_salary = get(BASE_SALARY)
    if pay_scale == "state" or day < REGIONAL_MINIMUM_WAGE.first_day:
        floor, floor_name = base_salary, "base salary"
    else:
        floor, floor_name = regional()
    multiple = get(CEILING_MULTIPLE)
    si_cap = None if multiple is None else multiple * base_salary
    if oa_option == "normal":
        oa = get(OCCUPATIONAL_ACCIDENT)
    else:
        reduced = get(OCCUPATIONAL_ACCIDENT_REDUCED)
        if reduced is None:
            raise RuleError("no_reduced_rate", f"no reduced OA/OD rate exists for {month} (from 2020-07-15 only, "
                            "Decree 58/2020)", field="oa_rate")
        oa = reduced
    ui = get(UNEMPLOYMENT)
    ceiling = get(UI_CEILING) if ui.total else None
    if ceiling is None:
        ui_cap, ui_cap_name = 0, "no unemployment insurance"
    else:
        reference = ceiling.state_pay_scale if pay_scale == "state" else ceiling.employer_decided
        if reference == "regional":
            amount, label = regional()
        else:
            amount, label = base_salary, "base salary"
        ui_cap, ui_cap_name = ceiling.multiple * amount, f"{ceiling.multiple} × {label} {amount:,}"
    return MonthParameters(
        month=month, region=region, pay_scale=pay_scale, oa_option=oa_option, floor=floor, floor_name=floor_name,
        si_cap=si_cap, ui_cap=ui_cap, ui_cap_name=ui_cap_name, sickness_maternity=get(SICKNESS_MATERNITY),
        occupational_accident=oa, retirement_survivorship=get(RETIREMENT_SURVIVORSHIP),
        health_insurance=get(HEALTH_INSURANCE), unemployment=ui, employer=employer,
    )


def rate_fraction(value: Decimal) -> tuple[int, int]:
    """A rate as an exact fraction (numerator, denominator), for integer arithmetic in bulk."""
    numerator, denominator = value.as_integer_ratio()
    return numerator, denominator


def round_half_up_int(base: int, value: Decimal) -> int:
    """base × rate, rounded half up to the whole đồng, in integers (same result as money.vnd(base * rate))."""
    n, d = rate_fraction(value)
    return (2 * base * n + d) // (2 * d)
