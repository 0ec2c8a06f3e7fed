"""Maternity benefit (chế độ thai sản): check-ups, miscarriage, birth, adoption, contraception, the father's leave,
and the lump sum per child.

Law 41/2024 Arts 50–59 for events from 2025-07-01 (Population Law 113/2025 from 2026-07-01: second child 7 months,
father 10 working days); Law 58/2014 Arts 31–39 before (leave already granted runs on to its end, Art 141.5); Law
71/2006 Arts 28–35 for events 2007–2015 (as quoted by the sources named in the table; Labour Code 2012 Art 157 for the
birth leave from 2013-05-01): / 26 a day, the 6 months before the leave averaged, miscarriage bands by months of
pregnancy, adoption until the child is 4 months old, no father's leave.

average  = mean SI salary of the 6 most recent contributed months up to the month the leave starts (fewer if fewer
           were contributed) — Art 59.1; kept exact (no rounding) until the amount.
monthly  = 100% × average; daily = monthly / 24 (check-ups, father's leave); odd days = monthly / 30 (birth and
           adoption odd days, miscarriage, contraception) — Art 59.2–59.3.
lump sum = 2 × reference level of the month of birth/adoption, per child — Art 58.4.
Every amount is rounded half up to the whole đồng once, at the end of its line.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ansinh.rules.benefits.average import cap_note, si_paid_on
from ansinh.rules.benefits.history import (
    PERIOD_FIELDS,
    ContributionPeriod,
    months_in_window,
    months_of,
    parse_periods,
    recent_months,
)
from ansinh.rules.benefits.inputs import field_bool, field_decimal
from ansinh.rules.catalogue import (
    CalculatorSpec,
    field_choice,
    field_date,
    field_int,
)
from ansinh.rules.explain import Explanation, ParamUse, Step
from ansinh.rules.money import HALF_UP, vnd
from ansinh.rules.params.benefit_common import (
    D12,
    D12_CHARTER,
    D12_NOT_READ,
    LAW_NAMES,
    SI_LAW,
    law_deciding,
    refuse_before_law71,
)
from ansinh.rules.params.benefit_maternity import MATERNITY, MATERNITY_D12
from ansinh.rules.params.reference import BASE_SALARY
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError

EVENTS = ("checkup", "miscarriage", "birth", "adoption", "contraception", "paternity")
METHODS = ("iud", "sterilisation")
# Law 71 Art 31: normal / three-shift work / heavy, toxic or dangerous work / ≥ 6 of the 12 months before the birth
# where the area allowance is ≥ 0.7 / arduous in another way (servicewomen) / a disabled woman — normal and
# three_shifts from 2007, heavy_work and area_allowance_07 from 2010-02-13 (Circular 41/2009), all 3P; arduous and
# disabled refused
CONDITIONS = ("normal", "three_shifts", "heavy_work", "area_allowance_07", "arduous", "disabled")


@dataclass(frozen=True)
class MaternityInput:
    event: str
    event_date: dt.date  # birth / adoption (receipt of the child) / first day of leave for the other events
    periods: tuple[ContributionPeriod, ...]
    leave_start: dt.date | None = None  # birth: leave may start up to 2 months before; decides the average
    children: int = 1
    second_child: bool = False  # the mother has one living biological child at the birth (Population Law)
    caesarean: bool = False
    under_32_weeks: bool = False
    gestation_weeks: int | None = None
    gestation_months: int | None = None  # Law 71: miscarriage bands by months of pregnancy
    working_condition: str | None = None  # Law 71 birth before the Labour Code 2012 (CONDITIONS)
    days: Decimal | None = (
        None  # days prescribed / taken (check-up, miscarriage, contraception, father's leave)
    )
    method: str = "iud"
    child_birth_date: dt.date | None = None  # adoption
    father_lump_sum: bool = False  # paternity: only the father qualifies, he receives the lump sum
    pregnancy_rest_prescribed: bool = False
    infertility_treatment: bool = False


@dataclass(frozen=True)
class MaternityResult:
    law: str
    event: str
    eligible: bool
    months_in_window: int | None
    average_salary: int
    average_months: int
    leave_months: int
    leave_days: Decimal
    benefit: int
    lump_sum: int
    total: int
    rounding: str
    note: str = ""
    steps: list[Step] = field(default_factory=list)
    params: list[ParamUse] = field(default_factory=list)


def add_months(day: dt.date, months: int) -> dt.date:
    idx = day.year * 12 + day.month - 1 + months
    y, m = divmod(idx, 12)
    last = calendar.monthrange(y, m + 1)[1]
    return dt.date(y, m + 1, min(day.day, last))


def six_month_average(
    periods: Sequence[ContributionPeriod], leave_month: Month, ex: Explanation, basis: str
) -> tuple[Decimal, int]:
    declared = recent_months([p for p in periods if p.is_compulsory_si], leave_month, 6)
    if not declared:
        raise RuleError("no_contributions", f"no compulsory SI month up to {leave_month}", field="periods")
    months = [(m, si_paid_on(m, s)) for m, s in declared]
    cap_note(ex, [(m, s, c) for (m, s), (_m, c) in zip(declared, months, strict=True) if s != c])
    total = sum(s for _, s in months)
    avg = Decimal(total) / len(months)
    listing = ", ".join(f"{m}: {s:,}" for m, s in sorted(months))
    ex.step(
        "average SI salary of the most recent months",
        vnd(avg),
        f"({listing}) / {len(months)} = {avg:,.2f}",
        basis,
    )
    return avg, len(months)


def window_end(event_day: dt.date, contributed: set[Month], birth_month_counts: bool = True) -> Month:
    """The 12 months before a birth: the birth month counts only when the birth is on or after the 15th and that
    month was contributed (Circular 59/2015 rule, see docs); under Law 71 the 12 calendar months before the birth
    month (`birth_month_counts` False)."""
    m = Month.of(event_day)
    return m if birth_month_counts and event_day.day >= 15 and m in contributed else m - 1


def birth_rule(inp: MaternityInput, r: Mapping[str, Any], leave_start: dt.date,
               ex: Explanation) -> tuple[Mapping[str, Any], str]:
    """The row whose birth-leave rule applies, and a note for the step. Under Law 71 a leave whose 4 months still run
    on the day the Labour Code 2012 took effect takes the new rule (VSS 1477/BHXH-CSXH); otherwise only the months of
    the working conditions read in a source are answered."""
    change = r["birth_months_change"]
    if change is None:
        return r, ""
    switch_day = dt.date.fromisoformat(change[0])
    by_condition = r["birth_months_by_condition"]
    # the months of the condition when it is held (a 5-month leave may reach the Labour Code when 4 would not)
    months = by_condition.get(inp.working_condition or "", r["birth_months"])
    old_end = add_months(leave_start, months) - dt.timedelta(days=1)
    if old_end >= switch_day:
        rb = ex.use(MATERNITY, dt.date.fromisoformat(change[1]))
        return rb, (f"; the {months} months from {leave_start} would end on {old_end}, on or after "
                    f"{switch_day}: Labour Code 2012 Art 157.1 applies (VSS 1477/BHXH-CSXH)")
    if inp.working_condition is None:
        raise RuleError("required", f"working_condition ({' | '.join(CONDITIONS)}) is required for a birth leave "
                        f"starting {leave_start} (Law 71 Art 31: the months depend on it)", field="working_condition")
    if inp.working_condition not in by_condition:
        raise RuleError("no_rule_for_date", f"the Law 71 birth leave for working_condition {inp.working_condition!r} "
                        f"(leave from {leave_start}) is not held: only {', '.join(by_condition)} was read in a source "
                        "(table maternity)", field="working_condition")
    if inp.children > 1 and r["extra_month_per_child"] is None:
        raise RuleError("no_rule_for_date", f"the Law 71 extra leave for a multiple birth (leave from {leave_start}) "
                        "is not held: not read in a source (table maternity)", field="children")
    why = f"; working condition {inp.working_condition}"
    if inp.working_condition == "area_allowance_07":
        why += " (at least 6 of the 12 months before the birth where the area allowance coefficient is 0.7 or more)"
    return {**r, "birth_months": by_condition[inp.working_condition]}, why


def before_law71(inp: MaternityInput, ex: Explanation) -> MaternityResult:
    """An event of 1995–2006: only a birth in normal working conditions, one child (table maternity_decree_12_cp, 3P);
    anything else is refused naming the Decree 12/CP Charter and why."""
    day = inp.event_date
    first, last = MATERNITY_D12.first_day, MATERNITY_D12.entries[-1].valid_to or MATERNITY_D12.first_day
    if not first <= day <= last:
        refuse_before_law71(day)
    held = ("only a birth in normal working conditions, one child, is computed for 1995–2006 (3P, table "
            f"maternity_decree_12_cp); other maternity benefits from {SI_LAW.first_day.isoformat()} (Law 71/2006/QH11)")
    if inp.event != "birth":
        raise RuleError("no_rule_for_date", f"{inp.event} on {day.isoformat()}: decided by {D12_CHARTER}; "
                        f"{D12_NOT_READ}; {held}", field="event")
    if inp.working_condition is None:
        raise RuleError("required", f"working_condition ({' | '.join(CONDITIONS)}) is required for a birth on "
                        f"{day.isoformat()}: the Labour Code 1994 Art 114.1 sets 4 to 6 months by working "
                        "conditions", field="working_condition")
    if inp.working_condition != "normal":
        raise RuleError("no_rule_for_date", f"the birth leave for working_condition {inp.working_condition!r} on "
                        f"{day.isoformat()} (decided by {D12_CHARTER}) is not held: the sources read give only the 4 "
                        "months of normal conditions", field="working_condition")
    if inp.children > 1:
        raise RuleError("no_rule_for_date", f"the extra leave for a multiple birth on {day.isoformat()} (decided by "
                        f"{D12_CHARTER}) is not held: not read in a source", field="children")
    if inp.father_lump_sum:
        raise RuleError("no_rule_for_date", f"no lump sum for the father is held under {D12_CHARTER}",
                        field="father_lump_sum")
    r = ex.use(MATERNITY_D12, day)
    basis = MATERNITY_D12.entry(day).basis
    ex.step("law deciding the benefit", LAW_NAMES[D12], f"birth on {day}", basis)
    ex.step("condition not checked", "the Charter's conditions for the maternity allowance",
            "not read: the caller's", basis)
    leave_start = inp.leave_start or day
    declared = recent_months([p for p in inp.periods if p.is_compulsory_si], Month.of(leave_start) - 1, 6)
    if not declared:
        raise RuleError("no_contributions", f"no compulsory SI month before {Month.of(leave_start)}", field="periods")
    salaries = {s for _, s in declared}
    listing = ", ".join(f"{m}: {s:,}" for m, s in sorted(declared))
    if len(salaries) > 1:
        raise RuleError("no_rule_for_date", f"the SI salary changed in the months before the leave ({listing}): "
                        f"which salary the allowance under {D12_CHARTER} is paid on (the last month's or an average) "
                        "was not read — the sources show a constant salary only", field="periods")
    salary = salaries.pop()
    ex.step("SI salary before the leave (the same in each of these months)", salary, listing, basis)
    months = r["birth_months_normal"]
    ex.step("birth leave (months)", months, "normal working conditions, one child", basis)
    benefit = salary * months
    ex.step("maternity benefit", benefit, f"{salary:,} × {months}", basis)
    lump = salary * r["lump_sum_salary_months"]
    ex.step("one-off allowance", lump, f"{salary:,} × {r['lump_sum_salary_months']} (a month's salary)", basis)
    total = benefit + lump
    ex.step("total", total, f"{benefit:,} + {lump:,}", basis)
    return MaternityResult(D12, "birth", True, None, salary, len(declared), months, Decimal(0), benefit, lump, total,
                           "none: whole months of a whole salary", "eligibility under the Charter not checked",
                           ex.steps, ex.params)


def calculate(inp: MaternityInput) -> MaternityResult:
    ex = Explanation()
    day = inp.event_date
    if day < SI_LAW.first_day:
        return before_law71(inp, ex)
    law = law_deciding(ex, day)
    ex.step("law deciding the benefit", LAW_NAMES[law], f"event on {day}", "Law 41/2024 Art 5.7, 141.5")
    r = ex.use(MATERNITY, day)
    basis = MATERNITY.entry(day).basis
    leave_start = inp.leave_start or day
    if r["paternity"] is None and inp.event == "paternity":
        raise RuleError("no_rule_for_date", f"no father's leave under {LAW_NAMES[law]} (event on {day}): it came with "
                        "Law 58/2014 Art 34.2 (CV 529/LĐTBXH-BHXH)", field="event")
    if not r["father_lump_sum"] and inp.father_lump_sum:
        raise RuleError("no_rule_for_date", f"no lump sum for the father under {LAW_NAMES[law]} (event on {day}): it "
                        "came with Law 58/2014 Art 38 (CV 529/LĐTBXH-BHXH)", field="father_lump_sum")
    last_averaged = Month.of(leave_start) if r["average_includes_leave_month"] else Month.of(leave_start) - 1
    avg, n_avg = six_month_average(inp.periods, last_averaged, ex, basis)
    compulsory = [p for p in inp.periods if p.is_compulsory_si]
    contributed = {m for p in compulsory for m in p.each_month()}

    eligible = True
    in_window: int | None = None
    note = ""
    leave_months = 0
    leave_days = Decimal(0)
    benefit_exact = Decimal(0)
    lump = 0

    def window_check() -> bool:
        nonlocal in_window
        end = window_end(day, contributed, r["window_birth_month_counts"])
        in_window = months_in_window(compulsory, end - 11, end)
        ex.step("months of compulsory SI in the 12 months before", in_window, f"{end - 11}..{end}", basis)
        if in_window >= r["min_months_in_12"]:
            return True
        if (
            inp.pregnancy_rest_prescribed
            and r["min_months_rest_prescribed"] is not None
            and months_of(compulsory) >= 12
            and in_window >= r["min_months_rest_prescribed"]
        ):
            ex.step(
                "condition met with prescribed pregnancy rest",
                True,
                "≥ 12 months SI and ≥ 3 in the 12 months",
                basis,
            )
            return True
        if (
            inp.infertility_treatment and r["min_months_infertility_in_24"] is not None
        ):  # Law 41/2024 Art 50 only
            n24 = months_in_window(compulsory, end - 23, end)
            ex.step(
                "months of compulsory SI in the 24 months before (infertility treatment)",
                n24,
                f"{end - 23}..{end}",
                basis,
            )
            return n24 >= r["min_months_infertility_in_24"]
        return False

    def lump_sum(children: int) -> int:
        ref = ex.use(BASE_SALARY, day)
        amount = r["lump_sum_multiple"] * ref * children
        ex.step(
            "lump sum per child × children", amount, f"{r['lump_sum_multiple']} × {ref:,} × {children}", basis
        )
        return amount

    if inp.event == "checkup":
        cap = r["checkup_days_per_visit"]
        leave_days = min(inp.days if inp.days is not None else Decimal(cap), Decimal(cap))
        benefit_exact = avg / r["daily_divisor_short"] * leave_days
        ex.step("check-up days (this visit, at most 5 visits)", leave_days, f"at most {cap} per visit", basis)
    elif inp.event == "miscarriage":
        if r["miscarriage_month_days"] is not None:  # Law 71 Art 30: bands by months of pregnancy
            if inp.gestation_months is None:
                raise RuleError("required", f"gestation_months is required for a miscarriage under {LAW_NAMES[law]} "
                                "(its bands are < 1, 1–< 3, 3–< 6 and ≥ 6 months of pregnancy)", field="gestation_months")
            cap = next(d for below, d in r["miscarriage_month_days"] if below is None or inp.gestation_months < below)
            at = f"{inp.gestation_months} month(s) of pregnancy"
        else:
            if inp.gestation_weeks is None:
                raise RuleError("required", "gestation_weeks is required", field="gestation_weeks")
            cap = next(d for below, d in r["miscarriage_days"] if below is None or inp.gestation_weeks < below)
            at = f"{inp.gestation_weeks} weeks"
        leave_days = min(inp.days if inp.days is not None else Decimal(cap), Decimal(cap))
        ex.step(
            "miscarriage leave (calendar days)",
            leave_days,
            f"at most {cap} days at {at}",
            basis,
        )
        benefit_exact = avg / r["daily_divisor_odd"] * leave_days
        if law == "L41" and inp.gestation_weeks is not None and inp.gestation_weeks >= 22:
            note = (
                "≥ 22 weeks: if the birth conditions are met, leave is as for a birth (Law 41/2024 Art 52.2)"
            )
    elif inp.event == "contraception":
        cap = r["contraception_days"][inp.method]
        leave_days = min(inp.days if inp.days is not None else Decimal(cap), Decimal(cap))
        ex.step(
            "contraception leave (calendar days)", leave_days, f"at most {cap} days ({inp.method})", basis
        )
        benefit_exact = avg / r["daily_divisor_odd"] * leave_days
    elif inp.event == "paternity":
        p = r["paternity"]
        extra = max(0, inp.children - 2) * p["per_extra_child"]
        if inp.children >= 2:
            cap = (p["twins_surgery"] if inp.caesarean else p["twins"]) + extra
        else:
            cap = p["surgery_or_premature"] if (inp.caesarean or inp.under_32_weeks) else p["normal"]
        if inp.second_child and r["paternity_second_child"]:
            cap = max(cap, r["paternity_second_child"])
        ex.step(
            "father's leave (working days)",
            cap,
            f"{inp.children} child(ren), caesarean={inp.caesarean}, under 32 weeks={inp.under_32_weeks}, "
            f"second child={inp.second_child}; start within {r['paternity_start_within_days']} days of the birth",
            basis,
        )
        leave_days = min(inp.days if inp.days is not None else Decimal(cap), Decimal(cap))
        benefit_exact = avg / r["daily_divisor_short"] * leave_days
        if inp.father_lump_sum:
            if window_check():
                lump = lump_sum(inp.children)
            else:
                note = (
                    "the father has fewer than 6 months of SI in the 12 months before the birth: no lump sum"
                )
    elif inp.event == "birth":
        eligible = window_check()
        rb, why = birth_rule(inp, r, leave_start, ex)
        base = rb["birth_months"]
        if inp.second_child and rb["second_child_months"]:
            base = rb["second_child_months"]
        leave_months = base + (max(0, inp.children - 1) * rb["extra_month_per_child"] if inp.children > 1 else 0)
        ex.step(
            "birth leave (months)",
            leave_months,
            f"{base} + {max(0, inp.children - 1)} extra child(ren){why}",
            basis,
        )
        if eligible:
            benefit_exact = avg * leave_months
            lump = lump_sum(inp.children)
        else:
            note = "fewer than 6 months of compulsory SI in the 12 months before the birth: not eligible"
    elif inp.event == "adoption":
        if inp.child_birth_date is None:
            raise RuleError("required", "child_birth_date is required for adoption", field="child_birth_date")
        until = r["adoption_until_months"]
        six_months = add_months(inp.child_birth_date, until)
        if day >= six_months:
            raise RuleError(
                "not_eligible", f"the child was {until} months old or more when received", field="child_birth_date"
            )
        eligible = window_check()
        whole = 0
        while add_months(day, whole + 1) <= six_months:
            whole += 1
        odd = (six_months - add_months(day, whole)).days
        leave_months, leave_days = whole, Decimal(odd)
        ex.step(
            "adoption leave",
            f"{whole} month(s) + {odd} day(s)",
            f"{day}..{six_months} (child {until} months old)",
            basis,
        )
        if eligible:
            benefit_exact = avg * whole + avg / r["daily_divisor_odd"] * odd
            lump = lump_sum(1)
        else:
            note = "fewer than 6 months of compulsory SI in the 12 months before the adoption: not eligible"

    if law == "L71" and inp.pregnancy_rest_prescribed and not eligible:
        note += " (Law 71: 6 months in 12 also with prescribed pregnancy rest — the 3-month rule came with Law 58)"

    benefit = vnd(benefit_exact)
    ex.step("maternity benefit", benefit, f"{benefit_exact:,.2f} → {benefit:,}", basis)
    total = benefit + lump
    ex.step("total", total, f"{benefit:,} + {lump:,}", basis)
    return MaternityResult(
        law,
        inp.event,
        eligible,
        in_window,
        vnd(avg),
        n_avg,
        leave_months,
        leave_days,
        benefit,
        lump,
        total,
        f"{HALF_UP}, once per line (benefit, lump sum); the 6-month average and the daily amount are kept exact until "
        "then (no published example with a non-whole average found; Circular 59/2015 ex. 16–17 are whole)",
        note,
        ex.steps,
        ex.params,
    )


def parse(data: Mapping[str, Any]) -> MaternityInput:
    event = field_choice(data, "event", EVENTS)
    leave_start = field_date(data, "leave_start", default=dt.date.min)
    child_birth = field_date(data, "child_birth_date", default=dt.date.min)
    return MaternityInput(
        event=event,
        event_date=field_date(data, "event_date"),
        periods=parse_periods(data),
        leave_start=None if leave_start == dt.date.min else leave_start,
        children=field_int(data, "children", default=1, minimum=1, maximum=10),
        second_child=field_bool(data, "second_child"),
        caesarean=field_bool(data, "caesarean"),
        under_32_weeks=field_bool(data, "under_32_weeks"),
        gestation_weeks=field_int(data, "gestation_weeks", maximum=45)
        if event == "miscarriage" and data.get("gestation_weeks") is not None else None,
        gestation_months=field_int(data, "gestation_months", maximum=10)
        if event == "miscarriage" and data.get("gestation_months") is not None else None,
        working_condition=field_choice(data, "working_condition", CONDITIONS)
        if data.get("working_condition") is not None else None,
        days=field_decimal(data, "days", maximum=Decimal(366)) if data.get("days") is not None else None,
        method=field_choice(data, "method", METHODS, default="iud"),
        child_birth_date=None if child_birth == dt.date.min else child_birth,
        father_lump_sum=field_bool(data, "father_lump_sum"),
        pregnancy_rest_prescribed=field_bool(data, "pregnancy_rest_prescribed"),
        infertility_treatment=field_bool(data, "infertility_treatment"),
    )


def run(data: Mapping[str, Any]) -> MaternityResult:
    return calculate(parse(data))


SPEC = CalculatorSpec(
    "maternity",
    "Maternity: check-up, miscarriage, birth, adoption, contraception, father's leave, lump sum (Law 41/2024 Arts 50–59; "
    "Law 58/2014 from 2016; Law 71/2006 2007–2015)",
    run,
    {
        "event": "birth",
        "event_date": "2026-08-20",
        "children": 1,
        "second_child": True,
        "periods": [{"from": "2025-08", "to": "2026-08", "salary": 9_000_000, "kind": "employer"}],
    },
    fields=("event", "event_date", "periods", "leave_start", "children", "second_child", "caesarean", "under_32_weeks", "gestation_weeks", "gestation_months", "working_condition", "days", "method", "child_birth_date", "father_lump_sum", "pregnancy_rest_prescribed", "infertility_treatment"),
    nested={"periods": PERIOD_FIELDS},
    date_field="event_date",
    types={"gestation_weeks": "int", "gestation_months": "int", "leave_start": "date", "child_birth_date": "date"},
)
