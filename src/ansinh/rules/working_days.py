"""Working days of the social security agency and the statutory time limits of benefit claims and procedures.

A working day is Monday–Friday (state agencies work a 40-hour, five-day week: Decision 188/1999/QĐ-TTg Art 1 —
background, UNVERIFIED) that is not a public holiday, plus any Saturday or Sunday the Government moved work to.

The public holidays come from the `holidays` package (pinned, holidays==0.108; see docs/procedures.md for why), which
holds Vietnam's Labour Code 45/2019/QH14 Art 112.1 holidays with Tết and Giỗ Tổ Hùng Vương by the lunar calendar,
the make-up day for a holiday on the weekly rest day (Art 111.3), the Government's yearly choices for civil servants
(Tết days, the day before or after 2 September, days off moved against a Saturday worked — e.g. Friday 02/05/2025
for Saturday 26/04/2025, Monday 31/08/2026 for Saturday 22/08/2026) and from 2026 Vietnam Cultural Day 24/11
(Resolution 80-NQ/TW). The agency adds decisions the package does not hold yet as its own calendar entries
(`Calendar(extra_off=…, extra_work=…)`; the database table procedures.CalendarEntry).

Years outside FIRST_YEAR..LAST_YEAR raise `no_holiday_table`: the Government has not fixed its choices that far
ahead, and the lunar arithmetic alone would be a guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

import holidays as holiday_package

from ansinh.rules.tables import RuleError

FIRST_YEAR, LAST_YEAR = 2016, 2027
HOLIDAY_BASIS = ("Labour Code 45/2019/QH14 Art 111.3 (make-up day), 112.1 (public holidays); the Government's "
                 "yearly notices for civil servants; Resolution 80-NQ/TW (24/11 from 2026) — as held by the "
                 "`holidays` package 0.108 (V-SEC: maintained, sources cited in the package)")


@dataclass(frozen=True)
class HolidayYear:
    year: int
    names_vi: Mapping[dt.date, str]
    names_en: Mapping[dt.date, str]
    weekend_workdays: frozenset[dt.date]


@cache
def holiday_year(year: int) -> HolidayYear:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise RuleError("no_holiday_table", f"no public-holiday table for {year} (covered: "
                        f"{FIRST_YEAR}–{LAST_YEAR})", field="year")
    vi = holiday_package.country_holidays("VN", years=year, language="vi")
    en = holiday_package.country_holidays("VN", years=year, language="en_US")
    return HolidayYear(
        year,
        names_vi={d: n for d, n in vi.items() if d.year == year},
        names_en={d: n for d, n in en.items() if d.year == year},
        weekend_workdays=frozenset(d for d in vi.weekend_workdays if d.year == year),
    )


def holidays(year: int) -> frozenset[dt.date]:
    """The public holidays of the year with their make-up days and the days off moved by the Government."""
    return frozenset(holiday_year(year).names_vi)


def is_holiday(day: dt.date) -> bool:
    return day in holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    return RULES_CALENDAR.is_working_day(day)


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


# --- why a day is not a working day, and a calendar with the agency's own entries -------------------------------

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_NAMES_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


@dataclass(frozen=True)
class Skipped:
    day: dt.date
    reason: str
    reason_vi: str = ""


@dataclass(frozen=True)
class Calendar:
    """The rules' calendar with the agency's own entries layered on top: `extra_off` days given off (a decision on
    compensatory days the rules data does not hold yet) and `extra_work` weekend days worked, each with its reason."""

    extra_off: Mapping[dt.date, str] = field(default_factory=dict)
    extra_work: Mapping[dt.date, str] = field(default_factory=dict)

    def why_not_working(self, day: dt.date, lang: str = "en") -> str | None:
        """None for a working day, otherwise the reason the day is off (English or Vietnamese)."""
        if day in self.extra_work:
            return None
        if day in self.extra_off:
            return self.extra_off[day]
        y = holiday_year(day.year)
        if day in y.weekend_workdays:
            return None
        names = y.names_vi if lang == "vi" else y.names_en
        if day in names:
            return names[day]
        if day.weekday() >= 5:
            return (WEEKDAY_NAMES_VI if lang == "vi" else WEEKDAY_NAMES)[day.weekday()]
        return None

    def is_working_day(self, day: dt.date) -> bool:
        return self.why_not_working(day) is None

    def add_working_days(self, start: dt.date, n: int, skipped: list[Skipped] | None = None) -> dt.date:
        if n < 0:
            raise RuleError("too_small", "the time limit must not be negative", field="limit")
        day, left = start, n
        while left:
            day += dt.timedelta(days=1)
            reason = self.why_not_working(day)
            if reason is None:
                left -= 1
            elif skipped is not None:
                skipped.append(Skipped(day, reason, self.why_not_working(day, "vi") or ""))
        return day

    def add_days_excluding_holidays(self, start: dt.date, n: int, skipped: list[Skipped] | None = None) -> dt.date:
        day, left = start, n
        while left:
            day += dt.timedelta(days=1)
            # weekends count; public holidays and Tết (and the agency's days-off entries) do not
            if day in self.extra_off or (day not in self.extra_work and is_holiday(day)):
                if skipped is not None:
                    skipped.append(Skipped(day, self.why_not_working(day) or "", self.why_not_working(day, "vi") or ""))
            else:
                left -= 1
        return day

    def previous_working_day(self, day: dt.date) -> dt.date:
        day -= dt.timedelta(days=1)
        while not self.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day

    def working_days_between(self, first: dt.date, last: dt.date) -> int:
        return sum(1 for i in range((last - first).days + 1) if self.is_working_day(first + dt.timedelta(days=i)))


RULES_CALENDAR = Calendar()

CALENDAR_DAYS = "days"  # calendar days (weekends and holidays counted), e.g. HI Law Art 32.3 "40 days"
COUNTING_BASIS = ("The day of receipt is not counted; the limit ends at the end of its last day (Civil Code "
                  "91/2015 Art 147.1, 148 — V-SEC). The docs give no rule for dossiers received after office hours: "
                  "nothing is shifted (UNVERIFIED).")


@dataclass(frozen=True)
class DueDate:
    received: dt.date
    limit: int
    unit: str
    due: dt.date
    skipped: tuple[Skipped, ...]
    basis: str
    counting: str = COUNTING_BASIS


def explain_due(received: dt.date, limit: int, unit: str, *, calendar: Calendar = RULES_CALENDAR,
                basis: str = "") -> DueDate:
    """The due date of a time limit counted from `received`, with every day skipped and why."""
    skipped: list[Skipped] = []
    if unit == WORKING:
        due = calendar.add_working_days(received, limit, skipped)
    elif unit == EXCL_HOLIDAYS:
        due = calendar.add_days_excluding_holidays(received, limit, skipped)
    elif unit == CALENDAR_DAYS:
        if limit < 0:
            raise RuleError("too_small", "the time limit must not be negative", field="limit")
        due = received + dt.timedelta(days=limit)
    else:
        raise RuleError("bad_choice", f"unit must be one of {WORKING}, {EXCL_HOLIDAYS}, {CALENDAR_DAYS}",
                        field="unit")
    return DueDate(received, limit, unit, due, tuple(skipped), basis)


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
    return range(FIRST_YEAR, LAST_YEAR + 1)
