"""Late-payment interest: D7, the 2025-07-01 split, the monthly rule before it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules.contributions import interest
from ansinh.rules.tables import RuleError


def test_d7_100m_31_days() -> None:
    r = interest.run({"amount": 100_000_000, "from": "2025-08-01", "to": "2025-08-31"})
    assert r.interest == 930_000
    assert [s.rule for s in r.segments] == ["daily"]


def test_split_at_2025_07_01() -> None:
    r = interest.run({"amount": 100_000_000, "from": "2025-05-15", "to": "2025-07-10", "monthly_rate": "1%"})
    assert [(s.rule, s.periods) for s in r.segments] == [("monthly", 1), ("daily", 10)]
    assert r.interest == 1_000_000 + 300_000


def test_monthly_rule_2020_uses_the_announced_2019_return() -> None:
    r = interest.run({"amount": 100_000_000, "from": "2020-03-01", "to": "2020-03-31"})
    assert r.segments[0].periods == 1
    assert r.interest == 966_667  # 2 × 5.80% ÷ 12 = 0.96667%/month (hddtvn rounds the rate to 0.9666%)
    hi = interest.run({"amount": 15_000_000, "from": "2020-03-01", "to": "2020-03-31", "fund": "hi"})
    assert hi.interest == 146_500  # 2 × 5.86% ÷ 12


def test_missing_yearly_rate_and_dates_before_2016_are_errors_naming_the_field() -> None:
    with pytest.raises(RuleError) as err:
        interest.run({"amount": 1_000_000, "from": "2025-01-01", "to": "2025-03-31"})
    assert err.value.field == "monthly_rate"
    with pytest.raises(RuleError) as err:
        interest.run({"amount": 1_000_000, "from": "2015-12-31", "to": "2016-03-31"})
    assert err.value.field == "from"
    with pytest.raises(RuleError) as err:
        interest.run({"amount": 1_000_000, "from": "2026-03-31", "to": "2026-03-01"})
    assert err.value.field == "to"


@given(st.integers(0, 10**10), st.dates(dt.date(2025, 7, 1), dt.date(2030, 12, 31)), st.integers(0, 2000))
def test_daily_interest_is_a_non_negative_integer_growing_with_time(amount: int, start: dt.date, days: int) -> None:
    end = start + dt.timedelta(days=days)
    r = interest.calculate(interest.InterestInput(amount, start, end))
    longer = interest.calculate(interest.InterestInput(amount, start, end + dt.timedelta(days=1)))
    assert isinstance(r.interest, int) and 0 <= r.interest <= longer.interest
    assert sum(s.periods for s in r.segments) == days + 1
