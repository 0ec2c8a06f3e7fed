"""Maternity: domain-vn §13 E4, E6, D6 to the đồng; the 12-month window; Population Law from 2026-07-01."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules.benefits import maternity
from ansinh.rules.tables import RuleError


def periods(*rows: tuple[str, str, int]) -> list[dict[str, object]]:
    return [{"from": a, "to": b, "salary": s, "kind": "employer"} for a, b, s in rows]


def test_e4_six_month_average() -> None:
    r = maternity.run({"event": "birth", "event_date": "2020-03-16",
                       "periods": periods(("2019-10", "2020-01", 5_000_000), ("2020-02", "2020-03", 6_500_000))})
    assert r.average_salary == 5_500_000 and r.average_months == 6
    assert r.eligible and r.leave_months == 6
    assert r.benefit == 33_000_000
    assert r.lump_sum == 2 * 1_490_000


def test_e6_fathers_leave_for_twins_and_lump_sum_2021() -> None:
    r = maternity.run({"event": "paternity", "event_date": "2021-03-10", "children": 2, "father_lump_sum": True,
                       "periods": periods(("2020-03", "2021-03", 6_000_000))})
    assert r.leave_days == 10
    assert r.benefit == 2_500_000  # 6,000,000 / 24 × 10
    assert r.lump_sum == 5_960_000  # 2 × 2 × 1,490,000


def test_d6_lump_sum_august_2026() -> None:
    r = maternity.run({"event": "birth", "event_date": "2026-08-20",
                       "periods": periods(("2025-08", "2026-08", 9_000_000))})
    assert r.lump_sum == 5_060_000


def test_second_child_seven_months_from_2026_07_01() -> None:
    data = {"event": "birth", "second_child": True, "periods": periods(("2025-06", "2026-07", 9_000_000))}
    before = maternity.run({**data, "event_date": "2026-06-30"})
    after = maternity.run({**data, "event_date": "2026-07-01"})
    assert (before.leave_months, after.leave_months) == (6, 7)
    assert after.benefit == 63_000_000
    twins = maternity.run({**data, "event_date": "2026-07-20", "children": 2})
    assert twins.leave_months == 8 and twins.lump_sum == 2 * 2 * 2_530_000


def test_fathers_leave_cases() -> None:
    base = {"event": "paternity", "periods": periods(("2025-01", "2026-08", 4_800_000))}
    days = lambda **kw: maternity.run({**base, "event_date": "2025-09-10", **kw}).leave_days  # noqa: E731
    assert days() == 5
    assert days(caesarean=True) == 7
    assert days(under_32_weeks=True) == 7
    assert days(children=2) == 10
    assert days(children=3) == 13
    assert days(children=3, caesarean=True) == 17
    assert maternity.run({**base, "event_date": "2026-07-02", "second_child": True}).leave_days == 10
    assert maternity.run({**base, "event_date": "2026-06-29", "second_child": True}).leave_days == 5
    assert maternity.run({**base, "event_date": "2025-09-10", "days": 3}).benefit == 600_000


def test_window_excludes_the_birth_month_before_the_15th() -> None:
    six = periods(("2025-03", "2025-08", 5_000_000))  # 6 months ending with the birth month
    early = maternity.run({"event": "birth", "event_date": "2025-08-14", "periods": six})
    late = maternity.run({"event": "birth", "event_date": "2025-08-15", "periods": six})
    assert (early.months_in_window, early.eligible, early.benefit, early.lump_sum) == (5, False, 0, 0)
    assert (late.months_in_window, late.eligible) == (6, True)


def test_prescribed_pregnancy_rest_needs_three_months() -> None:
    hist = periods(("2023-01", "2024-06", 5_000_000), ("2025-05", "2025-07", 5_000_000))
    plain = maternity.run({"event": "birth", "event_date": "2025-08-10", "periods": hist})
    rest = maternity.run({"event": "birth", "event_date": "2025-08-10", "periods": hist, "pregnancy_rest_prescribed": True})
    assert (plain.eligible, rest.eligible) == (False, True)


def test_miscarriage_contraception_checkup() -> None:
    hist = periods(("2025-01", "2025-12", 6_000_000))
    m = maternity.run({"event": "miscarriage", "event_date": "2025-10-01", "gestation_weeks": 12, "periods": hist})
    assert m.leave_days == 20 and m.benefit == 4_000_000  # 6,000,000 / 30 × 20
    assert maternity.run({"event": "miscarriage", "event_date": "2025-10-01", "gestation_weeks": 4,
                          "periods": hist}).leave_days == 10
    assert maternity.run({"event": "miscarriage", "event_date": "2025-10-01", "gestation_weeks": 22,
                          "periods": hist}).leave_days == 50
    c = maternity.run({"event": "contraception", "event_date": "2025-10-01", "method": "sterilisation", "periods": hist})
    assert c.leave_days == 15 and c.benefit == 3_000_000
    k = maternity.run({"event": "checkup", "event_date": "2025-10-01", "days": 3, "periods": hist})
    assert k.leave_days == 2 and k.benefit == 500_000


def test_fewer_than_six_months_average_over_those_contributed() -> None:
    r = maternity.run({"event": "checkup", "event_date": "2025-10-01", "days": 1,
                       "periods": periods(("2025-08", "2025-08", 4_000_000), ("2025-09", "2025-10", 7_000_000))})
    assert r.average_months == 3 and r.average_salary == 6_000_000 and r.benefit == 250_000


def test_adoption_until_six_months_old() -> None:
    r = maternity.run({"event": "adoption", "event_date": "2026-03-10", "child_birth_date": "2026-01-10",
                       "periods": periods(("2025-06", "2026-03", 6_000_000))})
    assert (r.leave_months, r.leave_days) == (4, 0)
    assert r.benefit == 24_000_000 and r.lump_sum == 4_680_000
    odd = maternity.run({"event": "adoption", "event_date": "2026-03-20", "child_birth_date": "2026-01-10",
                         "periods": periods(("2025-06", "2026-03", 6_000_000))})
    assert (odd.leave_months, odd.leave_days) == (3, Decimal(20))  # 2026-06-20 .. 2026-07-10
    assert odd.benefit == 18_000_000 + 4_000_000
    with pytest.raises(RuleError):
        maternity.run({"event": "adoption", "event_date": "2026-07-10", "child_birth_date": "2026-01-10",
                       "periods": periods(("2025-06", "2026-03", 6_000_000))})


def test_errors_name_the_field() -> None:
    with pytest.raises(RuleError) as err:
        maternity.run({"event": "birth", "event_date": "2025-10-01", "periods": [{"from": "2025-01", "to": "2025-13", "salary": 1}]})
    assert err.value.field == "periods[0].to"


@given(st.integers(min_value=0, max_value=100_000_000), st.integers(min_value=1, max_value=4))
def test_birth_benefit_monotone_in_salary(salary: int, children: int) -> None:
    def amount(s: int) -> int:
        return maternity.run({"event": "birth", "event_date": "2026-09-16", "children": children,
                              "periods": periods(("2025-09", "2026-09", s))}).total
    a, b = amount(salary), amount(salary + 10_000)
    assert 0 <= a <= b
