"""Working days of the social security agency and the statutory time limits of benefit claims.

A working day is Monday–Friday (state agencies work a 40-hour, five-day week: Decision 188/1999/QĐ-TTg Art 1 —
background, UNVERIFIED) that is not a public holiday, plus any Saturday or Sunday the Government moved work to.

Public holidays (Labour Code 45/2019/QH14 Art 112.1, in force 2021-01-01 — V-SEC, widely quoted):
  - Dương lịch 1 January (1 day);
  - Tết Âm lịch (5 days — the Government fixes which; listed below per year);
  - Giỗ Tổ Hùng Vương 10/3 lunar (1 day — a lunar date, listed per year);
  - Victory Day 30 April (1 day), Labour Day 1 May (1 day);
  - National Day 2 September plus one day before or after (2 days — the Government fixes which; listed per year).
A holiday falling on the weekly rest day is made up on the next working day (Labour Code Art 111.3) — computed.
Days the Government moved for civil servants (a Friday off against a Saturday worked) are listed per year with the
notice that announced them.

Lunar dates and the Government's choices are data, not arithmetic: a year not listed raises `no_holiday_table`
rather than guessing. Years covered: 2024–2027 (2027 partly UNVERIFIED, see the table).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from ansinh.rules.tables import RuleError


@dataclass(frozen=True)
class HolidayYear:
    year: int
    tet: tuple[dt.date, ...]  # the five Tết days off (statutory days; weekends around them are not listed)
    hung_kings: dt.date  # 10/3 lunar
    national_day_extra: dt.date  # the day before or after 2 September
    moved_off: tuple[dt.date, ...] = ()  # weekdays given off in exchange for a weekend day worked
    moved_work: tuple[dt.date, ...] = ()  # weekend days worked in exchange
    basis: str = ""
    status: str = "V-SEC"
    notes: tuple[str, ...] = field(default_factory=tuple)


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _dates(*texts: str) -> tuple[dt.date, ...]:
    return tuple(_d(t) for t in texts)


LABOUR_CODE = "Labour Code 45/2019/QH14 Art 111.3 (make-up day), 112.1 (public holidays)"

HOLIDAY_YEARS: dict[int, HolidayYear] = {
    y.year: y
    for y in (
        HolidayYear(
            2024,
            tet=_dates("2024-02-08", "2024-02-09", "2024-02-12", "2024-02-13", "2024-02-14"),
            hung_kings=_d("2024-04-18"),
            national_day_extra=_d("2024-09-03"),
            basis=f"{LABOUR_CODE}; Tết Giáp Thìn 08–14/02/2024 (MOLISA notice for civil servants, 2023)",
            status="UNVERIFIED",
            notes=("Tết and National-Day choice from background knowledge; the notice itself was not read.",),
        ),
        HolidayYear(
            2025,
            tet=_dates("2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31"),
            hung_kings=_d("2025-04-07"),
            national_day_extra=_d("2025-09-01"),
            moved_off=_dates("2025-05-02"),
            moved_work=_dates("2025-04-26"),
            basis=f"{LABOUR_CODE}; Tết Ất Tỵ 25/01–02/02/2025 and 30/4–4/5/2025 with Saturday 26/4 worked "
                  "(MOLISA notices for civil servants, 2024–2025)",
            status="UNVERIFIED",
            notes=("Dates from background knowledge and press reports; the notices were not read.",),
        ),
        HolidayYear(
            2026,
            tet=_dates("2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"),
            hung_kings=_d("2026-04-26"),  # a Sunday: made up on Monday 27/4 (computed)
            national_day_extra=_d("2026-09-01"),
            basis=f"{LABOUR_CODE}; Tết Bính Ngọ: civil servants off Saturday 14/02 to Sunday 22/02/2026, nine days "
                  "(Công an TP.HCM, 'Chính thức chốt phương án Tết Nguyên đán Bính Ngọ 2026 nghỉ 9 ngày', "
                  "http://www.congan.com.vn/?catid=702&id=388656&mod=detnews)",
            status="V-SEC",
            notes=("Tết V-SEC (press report of the Government's decision); the National-Day extra day (1/9) is "
                   "UNVERIFIED.",),
        ),
        HolidayYear(
            2027,
            tet=_dates("2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"),
            hung_kings=_d("2027-04-16"),
            national_day_extra=_d("2027-09-03"),
            basis=f"{LABOUR_CODE}; Tết Đinh Mùi (lunar new year Saturday 06/02/2027): projected five weekdays "
                  "around it — no Government decision seen",
            status="UNVERIFIED",
            notes=("Projection only: replace with the Government's decision when published.",),
        ),
    )
}


@cache
def holidays(year: int) -> frozenset[dt.date]:
    """The public holidays of the year with their make-up days, minus nothing (moved days are separate)."""
    y = HOLIDAY_YEARS.get(year)
    if y is None:
        raise RuleError("no_holiday_table", f"no public-holiday table for {year} (covered: "
                        f"{min(HOLIDAY_YEARS)}–{max(HOLIDAY_YEARS)})", field="year")
    fixed = [dt.date(year, 1, 1), dt.date(year, 4, 30), dt.date(year, 5, 1), dt.date(year, 9, 2)]
    days = set(fixed) | set(y.tet) | {y.hung_kings, y.national_day_extra}
    # Labour Code Art 111.3: a holiday on the weekly rest day (Sat/Sun for the agency) is made up the next working
    # day. Tết's five days are already chosen as weekdays.
    for day in sorted([*fixed, y.hung_kings, y.national_day_extra]):
        if day.weekday() >= 5:
            nxt = day + dt.timedelta(days=1)
            while nxt.weekday() >= 5 or nxt in days:
                nxt += dt.timedelta(days=1)
            days.add(nxt)
    return frozenset(days)


def is_holiday(day: dt.date) -> bool:
    return day in holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    y = HOLIDAY_YEARS.get(day.year)
    if y is not None and day in y.moved_work:
        return True
    if day.weekday() >= 5:
        return False
    if y is not None and day in y.moved_off:
        return False
    return not is_holiday(day)


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after `start` (the day of receipt is not counted; Civil Code Art 147.1)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day, left = start, n
    while left:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def add_days_excluding_holidays(start: dt.date, n: int) -> dt.date:
    """The n-th day after `start` counting weekends but not public holidays and Tết ("không bao gồm ngày nghỉ lễ,
    tết" — Law 41/2024 Art 79.3 for pensions)."""
    day, left = start, n
    while left:
        day += dt.timedelta(days=1)
        if not is_holiday(day):
            left -= 1
    return day


def working_days_between(first: dt.date, last: dt.date) -> int:
    """Working days in first..last inclusive."""
    return sum(1 for i in range((last - first).days + 1) if is_working_day(first + dt.timedelta(days=i)))


# --- statutory time limits for the agency to decide a claim (domain-vn §9.1) ----------------------------------

WORKING = "working_days"
EXCL_HOLIDAYS = "days_excluding_holidays"


@dataclass(frozen=True)
class TimeLimit:
    days: int
    unit: str  # working_days | days_excluding_holidays
    basis: str
    status: str


TIME_LIMITS: dict[str, TimeLimit] = {
    "sickness": TimeLimit(7, WORKING, "Law 41/2024 Art 48 (agency decides within 7 working days of the employer's "
                                      "complete file)", "V-LAW"),
    "maternity": TimeLimit(7, WORKING, "Law 41/2024 Art 62–63 (7 working days from the employer's file; 5 when the "
                                       "employee files directly — not distinguished here)", "V-LAW"),
    "convalescence": TimeLimit(7, WORKING, "Law 41/2024 Art 49 (with the sickness/maternity procedure)", "V-LAW"),
    "work_injury": TimeLimit(6, WORKING, "OSH Law 84/2015 Art 59.2 (6 working days from the complete file)",
                             "UNVERIFIED"),
    "survivor_funeral": TimeLimit(10, WORKING, "Law 41/2024 Art 91 (10 working days)", "V-LAW"),
    "survivor_monthly": TimeLimit(10, WORKING, "Law 41/2024 Art 91 (10 working days)", "V-LAW"),
    "survivor_lump_sum": TimeLimit(10, WORKING, "Law 41/2024 Art 91 (10 working days)", "V-LAW"),
    "pension": TimeLimit(20, EXCL_HOLIDAYS, "Law 41/2024 Art 79.3 (20 days, not counting public holidays and Tết)",
                         "V-LAW"),
    "one_time": TimeLimit(7, WORKING, "Law 41/2024 Art 79.3 (7 working days)", "V-LAW"),
    "unemployment": TimeLimit(10, WORKING, "Employment Law 74/2025 Art 39.3 (benefit from the 11th working day "
                                           "after the complete file: decided within 10 working days)", "V-SEC"),
}


def due_date(kind: str, received: dt.date) -> tuple[dt.date, TimeLimit]:
    """The last day the agency may decide a claim of `kind` received (complete) on `received`."""
    try:
        limit = TIME_LIMITS[kind]
    except KeyError:
        raise RuleError("unknown_kind", f"no time limit for claim kind {kind!r}", field="kind") from None
    if limit.unit == WORKING:
        return add_working_days(received, limit.days), limit
    return add_days_excluding_holidays(received, limit.days), limit


def covered_years() -> Iterable[int]:
    return sorted(HOLIDAY_YEARS)
