"""Working days, public holidays and the statutory time limits of benefit claims."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules.tables import RuleError
from ansinh.rules.working_days import (
    TIME_LIMITS,
    add_days_excluding_holidays,
    add_working_days,
    due_date,
    holidays,
    is_working_day,
    working_days_between,
)

D = dt.date


def test_fixed_holidays_and_tet_2026():
    h = holidays(2026)
    assert {D(2026, 1, 1), D(2026, 4, 30), D(2026, 5, 1), D(2026, 9, 2)} <= h
    assert {D(2026, 2, 16), D(2026, 2, 20)} <= h  # Tết Bính Ngọ
    assert not is_working_day(D(2026, 2, 18))
    assert is_working_day(D(2026, 2, 23))


def test_holiday_on_a_sunday_is_made_up_on_monday():
    assert D(2026, 4, 26).weekday() == 6  # Giỗ Tổ Hùng Vương 2026 falls on a Sunday
    assert D(2026, 4, 27) in holidays(2026)


def test_moved_days_2025():
    assert not is_working_day(D(2025, 5, 2))  # Friday given off
    assert is_working_day(D(2025, 4, 26))  # Saturday worked


def test_seven_working_days_across_tet():
    # received Thursday 12/02/2026: 13/02, then Tết 16–20/02, 23–27/02, 02/03
    assert add_working_days(D(2026, 2, 12), 7) == D(2026, 3, 2)
    assert working_days_between(D(2026, 2, 13), D(2026, 3, 2)) == 7


def test_pension_limit_counts_weekends_but_not_holidays():
    due, limit = due_date("pension", D(2026, 2, 10))
    assert limit.days == 20 and limit.unit == "days_excluding_holidays"
    assert due == add_days_excluding_holidays(D(2026, 2, 10), 20) == D(2026, 3, 7)  # + 5 Tết days


def test_every_claim_kind_has_a_limit_with_a_basis():
    for kind, limit in TIME_LIMITS.items():
        assert limit.days > 0 and limit.basis and limit.status in ("V-LAW", "V-SEC", "3P", "UNVERIFIED"), kind
    with pytest.raises(RuleError):
        due_date("nothing", D(2026, 1, 5))


def test_a_year_without_a_table_is_refused():
    with pytest.raises(RuleError) as exc:
        holidays(2031)
    assert exc.value.code == "no_holiday_table"


@given(st.dates(min_value=D(2024, 1, 1), max_value=D(2027, 10, 31)), st.integers(min_value=1, max_value=20))
def test_due_day_is_a_working_day_after_the_receipt(day, n):
    due = add_working_days(day, n)
    assert due > day and is_working_day(due)
    assert working_days_between(day + dt.timedelta(days=1), due) == n
