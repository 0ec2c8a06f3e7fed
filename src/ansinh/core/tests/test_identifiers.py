"""Identifier validation at the edge: good values pass, bad ones fail with the field and a clear reason."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.core.errors import InvalidInput
from ansinh.core.identifiers import (
    parse_citizen_id,
    tax_check_digit,
    validate_citizen_id,
    validate_phone,
    validate_si_code,
    validate_tax_code,
    validate_unit_code,
)


@pytest.mark.parametrize("value", ["0123456789", "2012345678", " 7912345678 "])
def test_si_code_good(value):
    assert validate_si_code(value) == value.strip()


@pytest.mark.parametrize(
    ("value", "code"),
    [("", "required"), ("012345678", "wrong_length"), ("01234567890", "wrong_length"), ("01234a6789", "not_digits")],
)
def test_si_code_bad(value, code):
    with pytest.raises(InvalidInput) as exc:
        validate_si_code(value)
    assert exc.value.code == code
    assert exc.value.field == "si_code"


def test_citizen_id_structure():
    # 020 = Lạng Sơn, 1 = female born 1900-1999, 85 = 1985.
    parts = parse_citizen_id("020185000123")
    assert (parts.province_code, parts.sex, parts.birth_year) == ("020", "F", 1985)
    assert parse_citizen_id("001203000001").birth_year == 2003
    assert parse_citizen_id("001203000001").sex == "M"  # 2 = male born 2000-2099
    assert parse_citizen_id("079098123456").sex == "M"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("02018500012", "wrong_length"),
        ("0201850001234", "wrong_length"),
        ("02018500012x", "not_digits"),
        ("003185000123", "bad_province"),  # 003 is not a province code (Hà Giang is 002)
        ("097185000123", "bad_province"),
        ("000185000123", "bad_province"),
    ],
)
def test_citizen_id_bad(value, code):
    with pytest.raises(InvalidInput) as exc:
        validate_citizen_id(value)
    assert exc.value.code == code
    assert "Citizen ID" in exc.value.message


def test_citizen_id_must_agree_with_sex_and_birth_year():
    assert validate_citizen_id("020185000123", sex="F", birth_year=1985) == "020185000123"
    with pytest.raises(InvalidInput, match="female"):
        validate_citizen_id("020185000123", sex="M")
    with pytest.raises(InvalidInput, match="1985") as exc:
        validate_citizen_id("020185000123", birth_year=1986)
    assert exc.value.code == "birth_year_mismatch"


@given(
    province=st.sampled_from(["001", "020", "079", "096"]),
    sex=st.sampled_from("MF"),
    year=st.integers(1900, 2099),
    tail=st.integers(0, 999_999),
)
def test_citizen_id_roundtrip(province, sex, year, tail):
    digit = (0 if year < 2000 else 2) + (0 if sex == "M" else 1)
    value = f"{province}{digit}{year % 100:02d}{tail:06d}"
    assert validate_citizen_id(value, sex=sex, birth_year=year) == value


# Real tax codes published by the enterprises themselves (Vietnam Airlines, Vinamilk, FPT, Viettel ...).
@pytest.mark.parametrize("value", ["0100107518", "0300588569", "0101248141", "0100109106", "0302035520"])
def test_tax_code_real(value):
    assert validate_tax_code(value) == value


def test_tax_code_branch_forms():
    assert validate_tax_code("0100107518-001") == "0100107518-001"
    assert validate_tax_code("0100107518001") == "0100107518-001"
    with pytest.raises(InvalidInput, match="branch"):
        validate_tax_code("0100107518-000")
    with pytest.raises(InvalidInput, match="branch"):
        validate_tax_code("0100107518-01")


@pytest.mark.parametrize(
    ("value", "code"),
    [("0100107519", "bad_check_digit"), ("010010751", "wrong_length"), ("01001075ab", "not_digits"), ("", "required")],
)
def test_tax_code_bad(value, code):
    with pytest.raises(InvalidInput) as exc:
        validate_tax_code(value)
    assert exc.value.code == code
    assert exc.value.field == "tax_code"


@given(st.integers(0, 999_999_999))
def test_tax_check_digit_detects_any_single_digit_change(n):
    first9 = f"{n:09d}"
    check = tax_check_digit(first9)
    if check is None:
        return
    code = first9 + str(check)
    assert validate_tax_code(code) == code
    for i in range(9):
        for d in "0123456789":
            if d != code[i]:
                changed = code[:i] + d + code[i + 1 :]
                with pytest.raises(InvalidInput):
                    validate_tax_code(changed)
                break


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0912345678", "0912345678"), ("+84 912 345 678", "0912345678"), ("84912345678", "0912345678"),
     ("0353.123.456", "0353123456"), ("02053812345", "02053812345")],
)
def test_phone_good(value, expected):
    assert validate_phone(value) == expected


@pytest.mark.parametrize("value", ["091234567", "0112345678", "09123456789", "phone", "0612345678"])
def test_phone_bad(value):
    with pytest.raises(InvalidInput) as exc:
        validate_phone(value)
    assert exc.value.field == "phone"


@pytest.mark.parametrize("value", ["0123456789DNA03", "1234567HC", "2345678TE", "0100107518DN"])
def test_unit_code_good(value):
    assert validate_unit_code(value.lower()) == value


@pytest.mark.parametrize("value", ["", "12345HC", "0123456789D", "0123456789DN123"])
def test_unit_code_bad(value):
    with pytest.raises(InvalidInput):
        validate_unit_code(value)
