"""A person's contribution history as the benefit calculators read it.

A history is a list of `ContributionPeriod`s: calendar months `start`..`end` (inclusive) at one monthly salary (or
voluntary-SI income), with the pay regime (`kind`) and the schemes the months were paid to (`scheme`).

Counting rules used by several benefits (Law 41/2024 Art 5.6, V-LAW):
  - a minimum contribution time for a pension or a monthly survivor allowance is counted in whole years of 12 months;
  - when a benefit amount depends on years, odd months 1–6 count as half a year and 7–11 as a whole year.
The same rounding is used for the one-time SI lump sum (Art 70.3) and the lump-sum survivor allowance (Art 89).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ansinh.rules.catalogue import MAX_VND, region_of
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError

KINDS = ("state", "employer", "voluntary")
PERIOD_FIELDS = ("from", "to", "salary", "kind", "scheme", "coefficient", "state_support", "region")
SCHEMES = ("si_ui", "si", "ui")  # compulsory SI and UI together, SI only, UI only
HALF = Decimal("0.5")
# State pay coefficients (hệ số lương + allowances) stay far below 100 (the highest scale reaches about 10 + allowances).
MAX_COEFFICIENT = Decimal(100)


@dataclass(frozen=True)
class ContributionPeriod:
    """start..end inclusive. salary: monthly SI salary (compulsory) or chosen income (voluntary), whole VND.

    kind: 'state' (pay scale set by the State), 'employer' (pay decided by the employer), 'voluntary' (voluntary SI).
    scheme: 'si_ui' (compulsory SI and UI), 'si' (SI only), 'ui' (UI only). Voluntary periods are SI only.
    coefficient: for state pay, the pay coefficient incl. allowances (hệ số); when absent it is derived as
    salary / base salary of the month.
    state_support: voluntary SI only — the State's support per month (VND), refunded out of a one-time lump sum.
    region: minimum-wage region (1–4) of the workplace in these months; the UI ceiling of each month (20 × the
    regional minimum wage) is read for it. When absent, the calculator's own `region` applies.
    """

    start: Month
    end: Month
    salary: int
    kind: str = "employer"
    scheme: str = "si_ui"
    coefficient: Decimal | None = None
    state_support: int = 0
    region: int | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends before it starts: {self.start}..{self.end}")
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}")
        if self.scheme not in SCHEMES:
            raise ValueError(f"scheme must be one of {SCHEMES}")
        if self.salary < 0 or self.state_support < 0:
            raise ValueError("salary and state support must not be negative")

    @property
    def months(self) -> int:
        return self.start.months_until(self.end) + 1

    @property
    def is_si(self) -> bool:
        return self.scheme in ("si_ui", "si") or self.kind == "voluntary"

    @property
    def is_compulsory_si(self) -> bool:
        return self.kind != "voluntary" and self.scheme in ("si_ui", "si")

    @property
    def is_ui(self) -> bool:
        return self.kind != "voluntary" and self.scheme in ("si_ui", "ui")

    def each_month(self) -> Iterable[Month]:
        for i in range(self.months):
            yield self.start + i


def months_of(periods: Iterable[ContributionPeriod]) -> int:
    return sum(p.months for p in periods)


def salary_by_month(periods: Iterable[ContributionPeriod]) -> dict[Month, ContributionPeriod]:
    """Month -> the period it belongs to. Two periods claiming the same month is an input error."""
    out: dict[Month, ContributionPeriod] = {}
    for p in periods:
        for m in p.each_month():
            if m in out:
                raise RuleError("overlapping_periods", f"month {m} appears in two contribution periods", field="periods")
            out[m] = p
    return out


def full_years(months: int) -> int:
    """Whole years of 12 months (minimum-time conditions, Art 5.6 first sentence)."""
    return months // 12


def benefit_years(months: int) -> Decimal:
    """Years for computing an amount (Art 5.6): odd 1–6 months = 0.5 year, 7–11 months = 1 year."""
    whole, odd = divmod(months, 12)
    if odd == 0:
        return Decimal(whole)
    return Decimal(whole) + (HALF if odd <= 6 else Decimal(1))


def months_in_window(periods: Iterable[ContributionPeriod], first: Month, last: Month) -> int:
    return sum(1 for p in periods for m in p.each_month() if first <= m <= last)


def split_2014(months_by: Sequence[Month]) -> tuple[int, int]:
    """Months before 2014 and from 2014 (Art 70.3.a, 89.1.a): odd months of the pre-2014 part move to the
    from-2014 part when there are both."""
    before = sum(1 for m in months_by if m.year < 2014)
    after = len(months_by) - before
    if before and after and before % 12:
        odd = before % 12
        before -= odd
        after += odd
    return before, after


# --- JSON input ---------------------------------------------------------------------------------------------


def parse_month(value: Any, field: str) -> Month:
    try:
        return Month.parse(str(value))
    except (ValueError, TypeError):
        raise RuleError("bad_month", f"{field} must be a month YYYY-MM, got {value!r}", field=field) from None


def parse_periods(data: Mapping[str, Any], name: str = "periods", *, required: bool = True) -> tuple[ContributionPeriod, ...]:
    raw = data.get(name)
    if raw is None:
        if required:
            raise RuleError("required", f"{name} is required: a list of {{from, to, salary, kind, scheme}}", field=name)
        return ()
    if not isinstance(raw, list):
        raise RuleError("not_list", f"{name} must be a list of periods", field=name)
    out = []
    for i, item in enumerate(raw):
        where = f"{name}[{i}]"
        if not isinstance(item, Mapping):
            raise RuleError("not_object", f"{where} must be an object", field=where)
        start = parse_month(item.get("from"), f"{where}.from")
        end = parse_month(item.get("to", item.get("from")), f"{where}.to")
        if end < start:
            raise RuleError("bad_period", f"{where}: 'to' {end} is before 'from' {start}", field=f"{where}.to")
        salary = item.get("salary")
        if isinstance(salary, bool) or not isinstance(salary, int) or salary < 0:
            raise RuleError("bad_salary", f"{where}.salary must be a whole non-negative number of VND", field=f"{where}.salary")
        if salary > MAX_VND:
            raise RuleError("too_large", f"{where}.salary must be at most {MAX_VND:,} VND a month", field=f"{where}.salary")
        kind = item.get("kind", "employer")
        if kind not in KINDS:
            raise RuleError("bad_choice", f"{where}.kind must be one of {', '.join(KINDS)}", field=f"{where}.kind")
        scheme = item.get("scheme", "si" if kind == "voluntary" else "si_ui")
        if scheme not in SCHEMES:
            raise RuleError("bad_choice", f"{where}.scheme must be one of {', '.join(SCHEMES)}", field=f"{where}.scheme")
        coefficient = item.get("coefficient")
        coef: Decimal | None = None
        if coefficient is not None:
            if isinstance(coefficient, bool) or not isinstance(coefficient, (int, float, str)):
                raise RuleError("bad_number", f"{where}.coefficient must be a number", field=f"{where}.coefficient")
            try:
                coef = Decimal(str(coefficient))
                if not coef.is_finite():
                    raise ArithmeticError
            except ArithmeticError:
                raise RuleError("bad_number", f"{where}.coefficient must be a number", field=f"{where}.coefficient") from None
            if coef <= 0:
                raise RuleError("too_small", f"{where}.coefficient must be positive", field=f"{where}.coefficient")
            if coef > MAX_COEFFICIENT:
                raise RuleError("too_large", f"{where}.coefficient must be at most {MAX_COEFFICIENT}", field=f"{where}.coefficient")
        support = item.get("state_support", 0)
        if isinstance(support, bool) or not isinstance(support, int) or support < 0 or support > MAX_VND:
            raise RuleError("bad_number", f"{where}.state_support must be a whole non-negative number", field=f"{where}.state_support")
        region = None if item.get("region") is None else region_of(item.get("region"), f"{where}.region")
        out.append(ContributionPeriod(start, end, salary, kind, scheme, coef, support, region))
    periods = tuple(out)
    salary_by_month([p for p in periods if p.is_si])
    salary_by_month([p for p in periods if p.is_ui])
    return periods


def first_month(periods: Iterable[ContributionPeriod]) -> Month | None:
    starts = [p.start for p in periods]
    return min(starts) if starts else None


def last_month(periods: Iterable[ContributionPeriod]) -> Month | None:
    ends = [p.end for p in periods]
    return max(ends) if ends else None


def recent_months(periods: Iterable[ContributionPeriod], upto: Month, n: int) -> list[tuple[Month, int]]:
    """The `n` most recent contributed months up to and including `upto` (fewer if fewer were contributed),
    newest first, with their salary."""
    months = sorted(((m, p.salary) for p in periods for m in p.each_month() if m <= upto), reverse=True)
    return months[:n]
