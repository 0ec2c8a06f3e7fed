"""HI claims rules against the law's figures: benefit level per visit (Art 22, Decree 02/2025's 15 % of the base
salary), advances 80 % / 90 % of the previous quarter (HI Law Art 32.1), settlement, deadlines (Art 32.2), XML
values."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules import healthcare as hc
from ansinh.rules.tables import RuleError


def test_small_visit_threshold_is_15_percent_of_base_salary():
    assert hc.small_visit_threshold(dt.date(2025, 5, 15)) == 351_000  # 15 % × 2,340,000 (Decree 73/2024)


def test_card_level_with_the_2026_remap():
    assert hc.card_level("DN4990000000001", dt.date(2025, 5, 15)) == 80
    assert hc.card_level("HT3990000000002", dt.date(2025, 5, 15)) == 95
    assert hc.card_level("CN3200000000001", dt.date(2025, 12, 31)) == 95
    assert hc.card_level("CN3200000000001", dt.date(2026, 1, 1)) == 100  # Res. 261/2025: near-poor 100 %
    assert hc.card_digit_expected("DN2990000000001", dt.date(2025, 5, 1)) == 4


@pytest.mark.parametrize(("kw", "expected"), [
    # the sample file: DN (80 %), 403,120 ≥ 351,000, registered there → 80
    ({"card_pct": 80, "right_route": True, "route_ratio": 100, "total_in_scope": 403_120, "threshold": 351_000,
      "exempt": False}, 80),
    # HT (95 %), 266,000 < 351,000, right route → 100
    ({"card_pct": 95, "right_route": True, "route_ratio": 100, "total_in_scope": 266_000, "threshold": 351_000,
      "exempt": False}, 100),
    # self-referred inpatient at the specialised level: 80 × 40 % = 32 ([WB4750] example)
    ({"card_pct": 80, "right_route": False, "route_ratio": 40, "total_in_scope": 5_000_000, "threshold": 351_000,
      "exempt": False}, 32),
    # self-referred small visit keeps the route ratio
    ({"card_pct": 80, "right_route": False, "route_ratio": 50, "total_in_scope": 100_000, "threshold": 351_000,
      "exempt": False}, 40),
    # five years and co-payments over 6 × base: exempt → 100
    ({"card_pct": 80, "right_route": True, "route_ratio": 100, "total_in_scope": 5_000_000, "threshold": 351_000,
      "exempt": True}, 100),
])
def test_expected_benefit(kw, expected):
    assert hc.expected_benefit(**kw) == expected


def test_advance_share_80_then_90_percent():
    assert hc.advance_amount(1_000_000_001, dt.date(2025, 4, 1)) == 800_000_001  # 800,000,000.8 → half up
    assert hc.advance_amount(1_000_000_000, dt.date(2025, 7, 1)) == 900_000_000
    assert hc.advance_amount(333, dt.date(2025, 7, 1)) == 300  # 299.7


def test_settlement_and_deadlines():
    s = hc.settlement(claimed=1_000_000, rejected=120_000, advance=900_000)
    assert (s.accepted, s.balance) == (880_000, -20_000)  # the facility returns 20,000 of its advance
    with pytest.raises(RuleError):
        hc.settlement(claimed=1, rejected=2, advance=0)
    q3 = hc.quarter_deadlines(2025, 3)
    assert (q3.quarterly_report, q3.result, q3.payment) == (dt.date(2025, 10, 15), dt.date(2025, 11, 14),
                                                            dt.date(2025, 11, 24))
    q4 = hc.quarter_deadlines(2025, 4)  # Q4: 60 days from 2025-07-01
    assert (q4.quarterly_report, q4.result) == (dt.date(2026, 1, 15), dt.date(2026, 3, 16))


def test_xml_values():
    assert hc.parse_time("202505150800", "NGAY_VAO") == hc.parse_time("20250515", "x") + 480
    assert hc.parse_money("60024.50", "T") == 60025 and hc.parse_milli("1250.500", "DON_GIA") == 1_250_500
    for bad in ("2025-05-15", "202513010000", "abc"):
        with pytest.raises(RuleError) as exc:
            hc.parse_time(bad, "NGAY_VAO")
        assert exc.value.field == "NGAY_VAO"
    with pytest.raises(RuleError):
        hc.parse_money("12,5", "T_BHTT")


def test_primary_care_fund_shares():
    assert hc.primary_care_fund(recipient="pupils", contributions=10_000_000, on=dt.date(2025, 1, 1)) == 500_000
    assert hc.primary_care_fund(recipient="unit_staff", contributions=10_000_000, on=dt.date(2025, 1, 1)) == 100_000


def test_checks_are_data():
    codes = [c.code for c in hc.CHECKS]
    assert len(codes) == len(set(codes))
    for c in hc.CHECKS:
        assert c.name_vi and c.name_en and c.basis and c.outcome in ("reject", "reduce", "flag")
        assert c.status in ("V-LAW", "V-SEC", "3P", "UNVERIFIED")


@given(st.integers(0, 10**12), st.dates(dt.date(2010, 1, 1), dt.date(2030, 12, 31)))
def test_advance_never_exceeds_the_cost(cost, day):
    assert 0 <= hc.advance_amount(cost, day) <= cost


def test_a_card_printed_before_the_remap_keeps_its_digit():
    assert hc.card_digits_accepted("CN3200000000001", dt.date(2026, 2, 1)) == {2, 3}
    assert hc.card_digits_accepted("DN2200000000001", dt.date(2026, 2, 1)) == {4}
