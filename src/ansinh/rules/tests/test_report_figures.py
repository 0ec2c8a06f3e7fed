"""`report-figures`: the changes, coverage and progress the reports print, with their rounding (half up on the exact
ratio). The worked figures are those of the steering report's own example sentence (reports/figures.py): 5,681
voluntary-SI participants in May 2020, 5,446 in April, 2,963 in May 2019."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ansinh.rules.catalogue import all_calculators
from ansinh.rules.figures import percent
from ansinh.rules.tables import RuleError

SPEC = all_calculators()["report-figures"]


def test_the_published_example() -> None:
    r = SPEC.compute({"scheme": "vsi", "month": "2020-05", "now": 5681, "last_month": 5446, "last_year": 2963})
    assert (r.month_change.diff, r.month_change.pct) == (235, Decimal("4.3"))  # 235 / 5,446 = 4.315 %
    assert (r.year_change.diff, r.year_change.pct) == (2718, Decimal("91.7"))  # 2,718 / 2,963 = 91.73 %
    assert "half up" in r.rounding


def test_half_up_on_the_exact_ratio_and_the_decimals_of_each_figure() -> None:
    r = SPEC.compute({"month": "2026-03", "now": 1005, "last_month": 1000, "last_year": 2010, "population": 2000,
                      "target": 1608})
    assert r.month_change.pct == Decimal("0.5")  # 5 / 1000 = 0.5 % exactly
    assert r.year_change.pct == Decimal("-50.0") and r.year_change.direction == "down"
    assert r.coverage_pct == Decimal("50.3")  # 50.25 % → 50.3 (half up, not banker's 50.2)
    assert r.progress_pct_table == Decimal("62.50") and r.progress_pct_sentence == Decimal("62.5")
    assert percent(1, 8, 2) == Decimal("12.50") and percent(-1, 8, 1) == Decimal("-12.5")


def test_no_percentage_on_zero_and_refusals_name_the_field() -> None:
    r = SPEC.compute({"month": "2026-03", "now": 10, "last_month": 0})
    assert r.month_change.diff == 10 and r.month_change.pct is None
    for data, field in (({"month": "2026-03"}, "now"), ({"month": "2026-03", "now": -1}, "now"),
                        ({"month": "2026-03", "now": 1, "population": 0}, "population"),
                        ({"month": "2026-03", "now": 10**12}, "now"), ({"now": 1}, "month"),
                        ({"month": "2026-03", "now": 1, "scheme": "xx"}, "scheme"),
                        ({"month": "2026-03", "now": 1, "last_yaer": 1}, "last_yaer")):
        with pytest.raises(RuleError) as info:
            SPEC.compute(data)
        assert info.value.field == field
