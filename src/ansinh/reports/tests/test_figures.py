"""Percentages rounded half up as published, numbers written the Vietnamese and the English way, sentences."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ansinh.reports import figures as fg
from ansinh.rules.periods import Month


@pytest.mark.parametrize(("part", "whole", "places", "expected"), [
    (235, 5446, 1, "4.3"),        # 4.315... → 4.3
    (2718, 2963, 1, "91.7"),      # 91.73 → 91.7
    (1, 400, 1, "0.3"),           # 0.25 exactly → 0.3 (half up, not to even)
    (3, 400, 1, "0.8"),           # 0.75 → 0.8
    (9425, 10000, 1, "94.3"),     # 94.25 → 94.3
    (-1, 400, 1, "-0.3"),         # halves go away from zero
    (694705, 760750, 2, "91.32"),  # 91.3184... → 91.32
    (2, 20, 1, "10.0"),           # keeps its decimal
    (5, 0, 1, None),
])
def test_percent_half_up(part, whole, places, expected):
    got = fg.percent(part, whole, places)
    assert (str(got) if got is not None else None) == expected


def test_numbers_in_both_languages():
    assert fg.fmt_int(810658, "vi") == "810.658" and fg.fmt_int(810658, "en") == "810,658"
    assert fg.fmt_pct(Decimal("94.2"), "vi") == "94,2\u00a0%" and fg.fmt_pct(Decimal("94.2"), "en") == "94.2\u00a0%"
    assert fg.fmt_pct(Decimal("1234.5"), "vi") == "1.234,5\u00a0%"
    assert fg.fmt_money(154_349_999_999, "vi") == "154,3\u00a0tỷ\u00a0đồng"
    assert fg.fmt_money(154_350_000_000, "en") == "154.4\u00a0billion\u00a0VND"
    assert fg.fmt_money(207_000_000, "vi") == "207,0\u00a0triệu\u00a0đồng"
    assert fg.fmt_money(930_000, "vi") == "930.000\u00a0đồng"


def test_published_sentence():
    period = Month(2020, 5)
    text = fg.participants_sentence("vsi", 5681, period, fg.change(5681, 5446), fg.change(5681, 2963), "vi")
    assert text == ("5.681 người tham gia BHXH tự nguyện, tăng 235 người (4,3\u00a0%) so với tháng 4/2020 và tăng "
                    "2.718 người (91,7\u00a0%) so với cùng kỳ năm 2019")
    assert fg.participants_sentence("vsi", 5681, period, fg.change(5681, 5446), fg.change(5681, 2963), "en") == (
        "5,681 voluntary SI participants, up 235 (4.3\u00a0%) on April 2020 and up 2,718 (91.7\u00a0%) on the same period "
        "of 2019")
    assert fg.participants_sentence("hi", 90, period, fg.change(90, 100), None, "vi") == (
        "90 người tham gia BHYT, giảm 10 người (10,0\u00a0%) so với tháng 4/2020")
    assert fg.coverage_sentence(fg.percent(810658, 860571), "vi") == "độ bao phủ BHYT đạt 94,2\u00a0% dân số"
    assert fg.debt_sentence(154_300_000_000, fg.percent(154_300_000_000, 3_760_000_000_000), "vi") == (
        "nợ 154,3\u00a0tỷ\u00a0đồng, chiếm 4,1\u00a0% kế hoạch thu")


def test_debt_sentence_with_interest():
    """Debt is published as principal + interest, the interest stated apart, the share computed on the total."""
    principal, interest, plan = 154_300_000_000, 3_000_000_000, 3_760_000_000_000
    share = fg.percent(principal + interest, plan)  # 157.3 / 3,760 = 4.18… → 4.2 (principal alone: 4.1)
    assert share == Decimal("4.2")
    assert fg.debt_sentence(principal + interest, share, "vi", interest=interest) == (
        "nợ 157,3\u00a0tỷ\u00a0đồng (trong đó lãi chậm đóng 3,0\u00a0tỷ\u00a0đồng), chiếm 4,2\u00a0% kế hoạch thu")
    assert fg.debt_sentence(principal + interest, share, "en", interest=interest) == (
        "debt 157.3\u00a0billion\u00a0VND (of which late-payment interest 3.0\u00a0billion\u00a0VND), 4.2\u00a0% of the revenue plan")
    # the fixture's province: 400,000 + 25,000 of a 10,000,000 plan = 4.25 % → 4.3 (half up, not to even)
    assert fg.percent(425_000, 10_000_000) == Decimal("4.3")
    assert fg.debt_sentence(425_000, Decimal("4.3"), "vi", interest=25_000) == (
        "nợ 425.000\u00a0đồng (trong đó lãi chậm đóng 25.000\u00a0đồng), chiếm 4,3\u00a0% kế hoạch thu")
    # no interest owed: nothing to state; no plan: no share
    assert fg.debt_sentence(400_000, None, "vi", interest=0) == "nợ 400.000\u00a0đồng"
    assert fg.debt_sentence(2_500_000, None, "en", interest=150_000) == (
        "debt 2.5\u00a0million\u00a0VND (of which late-payment interest 150,000\u00a0VND)")
