"""Claim intake as forms: for each benefit kind, the fields that kind's calculator needs beyond what the registry and
the contribution history already hold (sex, birth and death dates, periods and salaries are read, never typed).

`FIELDS[kind]` lists the fields; `params_from_form` turns a submitted form into the calculator's parameters and
returns every error by field name (nothing is stored while any field is wrong); `initial_from_params` fills the
form back from a stored claim. The choices come from the calculators' own constants, so a form never offers a
value its calculator refuses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ansinh.benefits.models import ClaimKind
from ansinh.rules.benefits import convalescence, maternity, pension, sickness, survivors, unemployment
from ansinh.rules.params.benefit_one_time import GROUNDS_L41

# Bounds of what a form may carry (the calculators check the law; these only keep nonsense out).
MAX_SALARY = 10_000_000_000  # 10 billion đồng a month
MAX_DAYS = 3_650
MAX_RELATIVES = 8

CHOICE_LABELS: dict[str, Promise] = {
    # sickness
    "own": _("Own sickness or accident"),
    "long_term": _("Long-term disease"),
    "child": _("Caring for a sick child under 7"),
    "normal": _("Normal conditions"),
    "heavy": _("Heavy, hazardous work or difficult area"),
    # maternity
    "checkup": _("Pregnancy check-up"),
    "miscarriage": _("Miscarriage, abortion or stillbirth"),
    "birth": _("Giving birth"),
    "adoption": _("Adopting a child under 6 months"),
    "contraception": _("Contraceptive procedure"),
    "paternity": _("Father's leave at the birth"),
    "iud": _("Intrauterine device"),
    "sterilisation": _("Sterilisation"),
    "three_shifts": _("Three-shift work"),
    "heavy_work": _("Heavy, toxic or dangerous work"),
    "area_allowance_07": _("6 of the 12 months before the birth where the area allowance is 0.7 or more"),
    "arduous": _("Arduous or hazardous work, three shifts, area allowance from 0.7, or a servicewoman"),
    "disabled": _("A woman with a disability"),
    # convalescence
    "sickness": _("After sickness"),
    "maternity": _("After maternity"),
    "work_injury": _("After a work injury or occupational disease"),
    "surgery": _("Surgery"),
    "multiple_birth": _("Two or more children born at once"),
    "caesarean": _("Caesarean section"),
    "other": _("Other case"),
    "home": _("At home"),
    "centre": _("In a convalescence centre"),
    # survivors
    "contributor": _("An SI contributor or a person with preserved contribution time"),
    "pensioner": _("A pensioner"),
    "oaod_monthly": _("A person receiving the monthly work-injury allowance"),
    "spouse": _("Spouse"),
    "parent": _("Parent or parent-in-law"),
    "other_family": _("Other family member supported by the deceased"),
    # pension
    "male": _("Male"),
    "female": _("Female"),
    "age": _("Retirement age reached"),
    "early_heavy": _("Earlier age: heavy or hazardous work, difficult area"),
    "reduced_capacity": _("Reduced working capacity"),
    # one-time
    "retirement_age": _("Retirement age reached with less than 15 years"),
    "emigration": _("Settling abroad"),
    "disease": _("Life-threatening disease"),
    "incapacity_81": _("Working capacity reduced by 81 % or more"),
    "left_12_months": _("Out of SI for 12 months (contributions before 2025-07-01)"),
    "armed_forces": _("Leaving the armed forces without a pension"),
    # unemployment
    "standard": _("Contract of 12 months or more, or open-ended"),
    "short": _("Contract of 3 to under 12 months"),
}


@dataclass(frozen=True)
class Field:
    name: str
    label: Promise
    type: str  # date | month | int | money | bool | choice | decimal | dates
    required: bool = False
    choices: tuple[str, ...] = ()
    help: Promise | str = ""
    minimum: int = 0

    @property
    def options(self) -> list[tuple[str, str]]:
        return [(c, str(CHOICE_LABELS.get(c, c))) for c in self.choices]


@dataclass(frozen=True)
class RelativeFields:
    """The relatives of a survivor claim: up to MAX_RELATIVES rows of these fields."""

    fields: tuple[Field, ...] = field(
        default=(
            Field("name", _("Full name"), "text"),
            Field("relation", _("Relation to the deceased"), "choice", True, survivors.RELATIONS),
            Field("age", _("Age (years)"), "int"),
            Field("incapacity_pct", _("Lost working capacity (%)"), "int"),
            Field("retirement_age_reached", _("At retirement age"), "bool"),
            Field("income", _("Own monthly income (đồng)"), "money"),
            Field("unsupported", _("Nobody to support them"), "bool"),
            Field("studying", _("Child still at school (deaths before 2016)"), "bool"),
        )
    )


RELATIVES = RelativeFields()

FIELDS: dict[str, tuple[Field, ...]] = {
    ClaimKind.SICKNESS: (
        Field("event", _("Reason for the leave"), "choice", True, sickness.EVENTS),
        Field("leave_from", _("Leave from"), "date", True),
        Field("leave_to", _("Leave until"), "date", help=_("Or give the number of days below.")),
        Field("days", _("Days of leave (when no end date)"), "decimal"),
        Field("conditions", _("Working conditions"), "choice", False, sickness.CONDITIONS),
        Field("days_used_this_year", _("Sickness days already paid this year"), "decimal"),
        Field("child_age_years", _("Age of the sick child (years)"), "int"),
        Field(
            "salary",
            _("Monthly salary for the benefit (đồng)"),
            "money",
            help=_("Leave empty: the salary of the month before the leave is read from the contribution history."),
        ),
    ),
    ClaimKind.MATERNITY: (
        Field("event", _("Event"), "choice", True, maternity.EVENTS),
        Field("event_date", _("Date of the event"), "date", True),
        Field("leave_start", _("Leave starts"), "date"),
        Field("child_birth_date", _("Child's birth date (adoption, father's leave)"), "date"),
        Field("children", _("Children born or adopted"), "int", minimum=1),
        Field("gestation_weeks", _("Weeks of pregnancy (miscarriage)"), "int"),
        Field("gestation_months", _("Months of pregnancy (miscarriage before 2016)"), "int"),
        Field("working_condition", _("Working conditions (birth leave starting before 2013)"), "choice", False,
              maternity.CONDITIONS),
        Field("method", _("Contraceptive method"), "choice", False, maternity.METHODS),
        Field("caesarean", _("Caesarean section"), "bool"),
        Field("second_child", _("Second child"), "bool"),
        Field("pregnancy_rest_prescribed", _("Rest prescribed during pregnancy"), "bool"),
        Field("infertility_treatment", _("Infertility treatment"), "bool"),
        Field("father_lump_sum", _("Lump sum paid to the father (mother not insured)"), "bool"),
    ),
    ClaimKind.CONVALESCENCE: (
        Field("after", _("Convalescence after"), "choice", True, convalescence.AFTER),
        Field("start", _("First day of convalescence"), "date", True),
        Field("days", _("Days of convalescence"), "int", True, minimum=1),
        Field("case", _("Case"), "choice", False, ("long_term", "surgery", "multiple_birth", "caesarean", "other")),
        Field("incapacity_pct", _("Lost working capacity (%) (work injury)"), "int"),
        Field("sickness_days_in_year", _("Sickness days taken this year"), "int"),
        Field("returned_early", _("Returned to work before the end of the leave"), "bool"),
        Field("place", _("Where the convalescence is taken (before 2016 only)"), "choice", False, convalescence.PLACES),
    ),
    ClaimKind.WORK_INJURY: (
        Field("accident_date", _("Date of the accident or diagnosis"), "date", True),
        Field("benefit_start", _("Benefit starts (month after the assessment)"), "date", True),
        Field("incapacity_pct", _("Lost working capacity (%)"), "int", True),
        Field("attendance", _("Needs daily attendance"), "bool"),
        Field("assistive_devices", _("Needs assistive devices"), "bool"),
        Field(
            "salary",
            _("Salary of the month before (đồng)"),
            "money",
            help=_("Leave empty: read from the contribution history."),
        ),
    ),
    ClaimKind.SURVIVOR_FUNERAL: (
        Field("deceased", _("The deceased was"), "choice", False, survivors.DECEASED),
    ),
    ClaimKind.SURVIVOR_MONTHLY: (
        Field("deceased", _("The deceased was"), "choice", False, survivors.DECEASED),
        Field("died_of_oaod", _("Died of a work injury or occupational disease"), "bool"),
        Field("deaths", _("Deceased the relatives are entitled through"), "int", minimum=1),
        Field("payment_month", _("First month of payment"), "month"),
    ),
    ClaimKind.SURVIVOR_LUMP_SUM: (
        Field("deceased", _("The deceased was"), "choice", False, survivors.DECEASED),
        Field("pension", _("Monthly pension at death (pensioner)"), "money"),
        Field("pension_month_number", _("Months the pension was received"), "int", minimum=1),
    ),
    ClaimKind.PENSION: (
        Field("pension_start", _("Pension starts"), "date", True, help=_("The first day of a month.")),
        Field("basis", _("Ground"), "choice", False, pension.BASES),
        Field("heavy_work_years", _("Years of heavy or hazardous work, or in a difficult area"), "int"),
        Field("incapacity_pct", _("Lost working capacity (%)"), "int"),
        Field("months_after_retirement_age", _("Months worked past the retirement age"), "int"),
    ),
    ClaimKind.ONE_TIME: (Field("ground", _("Ground for the one-time payment"), "choice", True, GROUNDS_L41),),
    ClaimKind.UNEMPLOYMENT: (
        Field("termination_date", _("Contract ended on"), "date", True),
        Field("contract", _("Contract"), "choice", False, unemployment.CONTRACTS),
        Field(
            "region",
            _("Minimum-wage region of the last workplace"),
            "choice",
            False,
            unemployment.REGIONS,
            help=_("Leave empty: taken from the last employer's commune."),
        ),
        Field("preserved_months", _("Months preserved from an earlier benefit"), "int"),
    ),
}
# Survivor claims that take relatives.
WITH_RELATIVES = frozenset({ClaimKind.SURVIVOR_MONTHLY})


def fields_of(kind: str) -> tuple[Field, ...]:
    return FIELDS.get(kind, ())


def _value(f: Field, raw: str, errors: dict[str, str], key: str) -> Any:
    """The typed value of one submitted field, or None when empty (an error is added when malformed)."""
    raw = (raw or "").strip()
    if f.type == "bool":
        return raw in ("1", "on", "true", "yes")
    if raw == "":
        if f.required:
            errors[key] = str(_("This field is required."))
        return None
    if f.type == "text":
        return raw[:120]
    if f.type == "date":
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            errors[key] = str(_("Give a date (day/month/year)."))
            return None
        if not dt.date(1900, 1, 1) <= day <= dt.date(2100, 12, 31):
            errors[key] = str(_("The date is out of range."))
            return None
        return day.isoformat()
    if f.type == "month":
        try:
            day = dt.date.fromisoformat(raw + "-01" if len(raw) == 7 else raw)
        except ValueError:
            errors[key] = str(_("Give a month (month/year)."))
            return None
        return f"{day:%Y-%m}"
    if f.type in ("int", "money"):
        text = raw.replace(".", "").replace(",", "").replace(" ", "") if f.type == "money" else raw
        try:
            number = int(text)
        except ValueError:
            errors[key] = str(_("Give a whole number."))
            return None
        upper = MAX_SALARY if f.type == "money" else MAX_DAYS * 10
        if not f.minimum <= number <= upper:
            errors[key] = str(_("The number is out of range."))
            return None
        return number
    if f.type == "decimal":
        try:
            number = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            errors[key] = str(_("Give a number."))
            return None
        if not (number.is_finite() and 0 <= number <= MAX_DAYS):
            errors[key] = str(_("The number is out of range."))
            return None
        return format(number.normalize(), "f")
    if f.type == "choice":
        if raw not in f.choices:
            errors[key] = str(_("Choose one of the options."))
            return None
        return raw
    raise ValueError(f"unknown field type {f.type}")  # pragma: no cover


def params_from_form(kind: str, data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """(params, errors by field name) from a submitted form; empty optional fields are left out, so the
    calculator's own default (or the registry's value) applies."""
    params: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for f in fields_of(kind):
        value = _value(f, str(data.get(f.name, "")), errors, f.name)
        if value is not None and not (f.type == "bool" and value is False):
            params[f.name] = value
    if kind in WITH_RELATIVES:
        relatives = []
        for i in range(MAX_RELATIVES):
            prefix = f"relatives-{i}-"
            if not any(str(data.get(prefix + rf.name, "")).strip() for rf in RELATIVES.fields if rf.type != "bool"):
                continue
            row: dict[str, Any] = {}
            for rf in RELATIVES.fields:
                value = _value(rf, str(data.get(prefix + rf.name, "")), errors, prefix + rf.name)
                if value is not None and not (rf.type == "bool" and value is False):
                    row[rf.name] = value
            relatives.append(row)
        if not relatives:
            errors["relatives-0-relation"] = str(_("Give at least one relative."))
        params["relatives"] = relatives
    return params, errors


def initial_from_params(kind: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """Form values (strings, checkbox states) from a claim's stored parameters."""
    out: dict[str, Any] = {}
    for f in fields_of(kind):
        if f.name in params:
            value = params[f.name]
            out[f.name] = value if f.type == "bool" else str(value)
    for i, rel in enumerate(params.get("relatives") or []):
        for rf in RELATIVES.fields:
            if rf.name in rel:
                out[f"relatives-{i}-{rf.name}"] = rel[rf.name] if rf.type == "bool" else str(rel[rf.name])
    return out


def relative_rows(kind: str, initial: Mapping[str, Any]) -> list[list[tuple[Field, str, Any]]]:
    """The relatives' rows to show: the filled ones and one or two empty."""
    if kind not in WITH_RELATIVES:
        return []
    filled = max((i + 1 for i in range(MAX_RELATIVES) if any(k.startswith(f"relatives-{i}-") for k in initial)),
                 default=0)
    count = min(MAX_RELATIVES, max(2, filled + 1))
    return [
        [(rf, f"relatives-{i}-{rf.name}", initial.get(f"relatives-{i}-{rf.name}", "")) for rf in RELATIVES.fields]
        for i in range(count)
    ]
