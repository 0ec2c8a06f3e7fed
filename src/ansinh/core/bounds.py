"""Plausible bounds for what enters the system: money, coefficients, counts and dates. Each bound is a setting
(ANSINH_MAX_*), so an agency can move it; the defaults come from the law where it gives one, otherwise from what
no real declaration reaches. A value outside is refused with its field (and the caller adds the line of a file),
before it is stored or summed: sums of bounded amounts cannot overflow a 64-bit column.

- salary per person and month: ANSINH_MAX_SALARY (10 billion VND; the contribution base itself is capped at
  20 × the base salary by Law 41/2024 art. 31, so a higher declared salary changes nothing but is kept);
- one money amount (a bank-statement line, a receipt, a payment): ANSINH_MAX_AMOUNT (10,000 billion VND,
  10^13, a thousand times the largest employer's monthly contribution; 10^5 lines of it still fit in 63 bits);
- state pay-scale coefficient: above 0, at most 20 (the highest grade of Decree 204/2004 is 10.0, with
  allowance coefficients up to about 2), two decimals (the column);
- dates: years 1945..2100 (birth dates from 1900: the oldest living persons);
- page numbers and ids: below 2^63 (core/api.py, accounts/scope.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings

from ansinh.core.errors import InvalidInput

INT64_MAX = 2**63 - 1
MIN_YEAR, MAX_YEAR = 1945, 2100
MIN_BIRTH_YEAR = 1900
MAX_COEFFICIENT = Decimal("20")


def max_salary() -> int:
    return int(getattr(settings, "ANSINH_MAX_SALARY", 10_000_000_000))


def max_amount() -> int:
    return int(getattr(settings, "ANSINH_MAX_AMOUNT", 10_000_000_000_000))


def salary_problem(value: int) -> str | None:
    if value > max_salary():
        return f"salary {value:,} VND a month is above the plausible maximum of {max_salary():,}".replace(",", ".")
    return None


def check_salary(value: int, *, field: str = "salary") -> int:
    problem = salary_problem(value)
    if problem:
        raise InvalidInput("out_of_range", problem, field=field)
    return value


def amount_problem(value: int) -> str | None:
    if abs(value) > max_amount():
        return f"amount {value:,} VND is above the plausible maximum of {max_amount():,}".replace(",", ".")
    return None


def check_amount(value: int, *, field: str = "amount") -> int:
    problem = amount_problem(value)
    if problem:
        raise InvalidInput("out_of_range", problem, field=field)
    return value


def check_coefficient(value: Any, *, field: str = "coefficient") -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput("bad_coefficient", f"not a coefficient: {value!r}", field=field) from None
    if not number.is_finite() or not Decimal(0) < number <= MAX_COEFFICIENT:
        raise InvalidInput("out_of_range", f"a pay-scale coefficient is above 0 and at most {MAX_COEFFICIENT}",
                           field=field)
    if number != number.quantize(Decimal("0.01")):
        raise InvalidInput("bad_coefficient", "a coefficient has at most two decimals", field=field)
    return number


def date_problem(day: dt.date, *, birth: bool = False) -> str | None:
    low = MIN_BIRTH_YEAR if birth else MIN_YEAR
    if not low <= day.year <= MAX_YEAR:
        return f"the year {day.year} is outside {low}..{MAX_YEAR}"
    return None


def check_date(day: dt.date | None, *, field: str, birth: bool = False) -> dt.date | None:
    if day is None:
        return None
    problem = date_problem(day, birth=birth)
    if problem:
        raise InvalidInput("out_of_range", problem, field=field)
    return day
