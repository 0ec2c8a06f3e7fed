from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.core.text import fold, normalise_name
from ansinh.rules.periods import Month


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Nguyễn Văn An", "nguyen van an"), ("ĐỖ  THỊ   Ánh", "do thi anh"), ("Hoàng Thị Thuý", "hoang thi thuy"),
     ("Lăng Văn Đức", "lang van duc"), ("Nông Thị Ngọc Bích", "nong thi ngoc bich")],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_normalise_name_keeps_marks_and_nfc():
    decomposed = "Nguye\u0302\u0303n"  # NFD of "Nguyễn"
    assert normalise_name(f"  {decomposed}   Văn ") == "Nguyễn Văn"


@given(st.text())
def test_fold_idempotent(text):
    assert fold(fold(text)) == fold(text)


def test_month_arithmetic():
    m = Month.parse("2025-12")
    assert str(m + 1) == "2026-01"
    assert str(m - 12) == "2024-12"
    assert m.last_day == dt.date(2025, 12, 31)
    assert Month.parse("2024-02").last_day == dt.date(2024, 2, 29)
    with pytest.raises(ValueError, match="YYYY-MM"):
        Month.parse("2025-1")
