"""Pupils' and students' HI (group 4.b) for an academic year: the card period by level and grade, the premium month
by month, the central State share, the province's top-up and what the student pays through the school.

Card periods (compliance notes §E; Decree 188/2025 Art 13 as reported by TVPL on Decision 2306/QĐ-BYT, V-SEC;
before 2025-07-01 Decree 146/2018 Art 13.7, V-LAW). The academic year Y/Y+1 is collected for 1 Oct Y – 30 Sep
Y+1 (the alignment of the middle grades on 1 Oct is the schools' practice, UNVERIFIED as law):
- grade 1: from 1 Oct Y, or for a child born after 30 Sep (who turns 72 months later) from the first day of the
  month after the month the child turns 72 months (the child-under-6 card runs to the end of that month);
- grade 12: to 30 Sep Y+1; `to_year_end` extends to 31 Dec Y+1 (encouraged, with support, no refund);
- higher education / vocational, first year: from the enrolment date if later than 1 Oct Y;
- final year: to the last day of the month the course ends (`course_end`); `to_year_end` to 31 Dec.

    premium      = Σ over the months of the period: 4.5 % × base salary of the month   (a started month counts)
    State share  = Σ central share (hi_state_support of the month) × month's premium
    province     = Σ (support_total − central) × month's premium      (local_support; capped at 100 %)
    student pays = premium − State − province
Rounding: per payer for the whole period, half up to the whole đồng; the student pays the remainder.

First academic year: 2019/2020 (FIRST_YEAR), the first whose cards were issued under Decree 146/2018 (in force
2018-12-01). Earlier years are refused naming `year`: under Decree 105/2014 the 2015–2016 year was the transition
from academic-year to fiscal-year cards (15 months from 1 Oct 2015 to 31 Dec 2016 in Ho Chi Minh City; from January
2016 by calendar year in Hanoi), and the card periods of 2010–2018 were set by each province's SI office
(docs/legal-sources.md, "HI groups by period"); the rates and State shares of those years are held (hi-group answers
for a student month by month from 2010).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ansinh.rules.catalogue import field_bool, field_choice, field_date, field_int
from ansinh.rules.contributions import local_support
from ansinh.rules.contributions.hi_groups import field_lists, field_province, held_rate
from ansinh.rules.contributions.inputs import use
from ansinh.rules.explain import Explanation, ParamUse, Step
from ansinh.rules.money import HALF_UP, vnd
from ansinh.rules.params.contribution_rates import HEALTH_INSURANCE, HI_STATE_SUPPORT
from ansinh.rules.params.reference import BASE_SALARY
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError

LEVELS = ("general", "higher")
FIRST_YEAR = 2019  # first academic year whose cards were issued under Decree 146/2018 Art 13.7


@dataclass(frozen=True)
class StudentInput:
    level: str
    grade: int  # 1..12 for general education; year of study 1.. for higher education
    year: int  # the academic year starts in this calendar year
    birth_date: dt.date | None = None
    enrolment: dt.date | None = None
    course_end: dt.date | None = None
    final_year: bool = False
    to_year_end: bool = False
    province: str | None = None
    lists: tuple[str, ...] = ("school_pupils",)
    covered_to: dt.date | None = None  # already covered as a pupil to this day (paid another way): start after it


@dataclass(frozen=True)
class StudentResult:
    valid_from: dt.date
    valid_to: dt.date
    months: int
    premium: int
    state: int
    province: int
    student: int
    local_group: str
    rounding: str
    steps: tuple[Step, ...]
    params: tuple[ParamUse, ...]


def card_period(inp: StudentInput) -> tuple[dt.date, dt.date, str]:
    if inp.year < FIRST_YEAR:
        raise RuleError("no_rule_for_date", f"the card periods of the {inp.year}–{inp.year + 1} academic year are not "
                        f"held: the calculator starts with {FIRST_YEAR}–{FIRST_YEAR + 1}, the first year under Decree "
                        "146/2018 Art 13.7 (before it, Decree 105/2014: academic-year cards to 2015, then by fiscal "
                        "year, set by each province's SI office); use hi-group month by month", field="year")
    start = dt.date(inp.year, 10, 1)
    end = dt.date(inp.year + 1, 9, 30)
    why = "academic year 1 Oct – 30 Sep"
    if inp.level == "general":
        if not 1 <= inp.grade <= 12:
            raise RuleError("bad_grade", f"grade must be 1..12, got {inp.grade}", field="grade")
        if inp.grade == 1 and inp.birth_date is not None:
            m72 = Month.of(inp.birth_date) + 72
            after = (m72 + 1).first_day
            if inp.birth_date.month >= 10 and after > start:
                start, why = after, "grade 1, born after 30 Sep: from the month after 72 months of age"
        if inp.grade == 12:
            why = "grade 12: to 30 Sep of the final year"
            if inp.to_year_end:
                end, why = dt.date(inp.year + 1, 12, 31), "grade 12 paid to 31 Dec (encouraged)"
    else:
        if inp.grade < 1:
            raise RuleError("bad_grade", f"year of study must be 1 or more, got {inp.grade}", field="grade")
        if inp.grade == 1 and inp.enrolment is not None and inp.enrolment > start:
            start, why = inp.enrolment, "first year: from enrolment"
        if inp.final_year:
            if inp.course_end is None:
                raise RuleError("required", "course_end is required for the final year", field="course_end")
            end = Month.of(inp.course_end).last_day
            why = "final year: to the end of the month the course ends"
            if inp.to_year_end:
                end, why = dt.date(inp.course_end.year, 12, 31), "final year paid to 31 Dec (encouraged)"
    if inp.covered_to is not None and inp.covered_to >= start:
        start = Month.of(inp.covered_to + dt.timedelta(days=1)).first_day
        why += f"; already covered to {inp.covered_to}: from the next month"
        if start > end:
            raise RuleError("already_covered", f"already covered as a pupil to {inp.covered_to}, past the card "
                            f"period's end {end}", field="covered_to")
    if end < start:
        raise RuleError("empty_period", f"the card would end ({end}) before it starts ({start})", field="course_end")
    return start, end, why


def calculate(inp: StudentInput) -> StudentResult:
    ex = Explanation()
    start, end, why = card_period(inp)
    ex.step("card period", f"{start} – {end}", why, "Decree 188/2025 Art 13; Decree 146/2018 Art 13.7")
    premium = state = province = Decimal(0)
    months = 0
    month, last = Month.of(start), Month.of(end)
    group = ""
    while month <= last:
        day = month.first_day
        own = held_rate(ex, "student", month, field="year")
        hi_rate = use(ex, HEALTH_INSURANCE, day, "year").total if own is None else own
        due = hi_rate * use(ex, BASE_SALARY, day, "year")
        use(ex, HI_STATE_SUPPORT, day, "year")
        sup = local_support.support(province=inp.province, central_group="student", day=day, lists=inp.lists,
                                    ex=ex if months == 0 else None)
        group = group or sup.group
        premium += due
        state += due * sup.central
        province += due * sup.local
        months += 1
        month += 1
    total = ex.step("premium", vnd(premium), f"Σ 4.5 % × base salary over {months} month(s)")
    state_i = ex.step("State share", vnd(state), "Σ central share × month's premium", "HI_STATE_SUPPORT")
    province_i = ex.step("province share", vnd(province), "Σ local share × month's premium")
    student = ex.step("student pays", total - state_i - province_i, "premium − State − province")
    return StudentResult(valid_from=start, valid_to=end, months=months, premium=total, state=state_i,
                         province=province_i, student=student, local_group=group,
                         rounding=f"per payer for the period: {HALF_UP}; the student pays the remainder",
                         steps=tuple(ex.steps), params=tuple(ex.params))


def parse(data: Mapping[str, Any]) -> StudentInput:
    def opt_date(name: str) -> dt.date | None:
        return field_date(data, name) if data.get(name) else None

    return StudentInput(
        level=field_choice(data, "level", LEVELS, default="general"),
        grade=field_int(data, "grade", minimum=1, maximum=20),
        year=field_int(data, "year", minimum=1900, maximum=2200),  # before FIRST_YEAR: refused naming the source
        birth_date=opt_date("birth_date"), enrolment=opt_date("enrolment"), course_end=opt_date("course_end"),
        final_year=field_bool(data, "final_year"), to_year_end=field_bool(data, "to_year_end"),
        province=field_province(data), lists=field_lists(data) or ("school_pupils",),
    )


def run(data: Mapping[str, Any]) -> StudentResult:
    return calculate(parse(data))
