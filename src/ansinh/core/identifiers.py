"""Identifiers validated at the edge, each with a clear message naming what is wrong.

Sources (see docs/identifiers.md):
- SI number (mã số BHXH): 10 digits, no published check digit (Decision 595/QĐ-BHXH Art 2.13; domain-vn §11).
- Citizen ID / personal identification number (số định danh cá nhân, CCCD): 12 digits = 3-digit province code of
  birth registration + 1 century/sex digit + 2 digits of the birth year + 6 random digits
  (Circular 07/2016/TT-BCA Art 7, as replaced by Circular 59/2021/TT-BCA Art 12; province codes of the 63 provinces
  in its annex). Since 2025-08-01 it serves as the SI number (CV 1804/BHXH-QLT).
- Tax code (mã số thuế): 10 digits, the 10th a check digit over the first 9 with weights 31,29,23,19,17,13,7,5,3
  (Circular 105/2020/TT-BTC Art 5 structure; check-digit algorithm as published by the General Department of
  Taxation), or 13 digits = the 10-digit parent code + 3-digit branch number 001-999 (written with or without '-').
- Phone: Vietnamese numbers after the 2018 re-numbering: mobile 0[35789]x + 7 digits, landline 02x + 8 digits;
  +84 or 84 prefix accepted and normalised to the leading 0.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ansinh.core.errors import InvalidInput

# Province codes of the citizen ID (the 63 provinces' GSO codes, 3 digits).
CITIZEN_ID_PROVINCES: frozenset[str] = frozenset(
    f"{c:03d}"
    for c in (
        1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38,
        40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79,
        80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
    )
)

_DIGITS = re.compile(r"^\d+$")
_TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def _digits(value: str, field: str, length: int, label: str) -> str:
    value = (value or "").strip().replace(" ", "")
    if not value:
        raise InvalidInput("required", f"{label} is required", field=field)
    if not _DIGITS.match(value):
        raise InvalidInput("not_digits", f"{label} must contain digits only, got {value!r}", field=field)
    if len(value) != length:
        raise InvalidInput(
            "wrong_length", f"{label} must have {length} digits, got {len(value)} ({value!r})", field=field
        )
    return value


def validate_si_code(value: str, field: str = "si_code") -> str:
    return _digits(value, field, 10, "SI number")


@dataclass(frozen=True)
class CitizenIdParts:
    province_code: str
    sex: str  # "M" or "F"
    birth_year_from: int  # the century fixes the year to one value
    birth_year: int


def parse_citizen_id(value: str, field: str = "citizen_id") -> CitizenIdParts:
    value = _digits(value, field, 12, "Citizen ID")
    province = value[:3]
    if province not in CITIZEN_ID_PROVINCES:
        raise InvalidInput(
            "bad_province", f"Citizen ID {value}: {province} is not a province code of the citizen ID", field=field
        )
    gender_century = int(value[3])
    century = 1900 + 100 * (gender_century // 2)
    if century > 2300:
        raise InvalidInput("bad_century", f"Citizen ID {value}: century/sex digit {gender_century} is not used", field=field)
    sex = "M" if gender_century % 2 == 0 else "F"
    year = century + int(value[4:6])
    return CitizenIdParts(province, sex, century, year)


def validate_citizen_id(
    value: str,
    *,
    field: str = "citizen_id",
    sex: str | None = None,
    birth_year: int | None = None,
    today: dt.date | None = None,
) -> str:
    """Validate the structure; where sex and birth year are known, they must agree with the code."""
    parts = parse_citizen_id(value, field)
    value = value.strip().replace(" ", "")
    if today is not None and parts.birth_year > today.year:
        raise InvalidInput("future_birth", f"Citizen ID {value} encodes birth year {parts.birth_year}, in the future", field=field)
    if sex is not None and sex != parts.sex:
        word = "male" if parts.sex == "M" else "female"
        raise InvalidInput("sex_mismatch", f"Citizen ID {value} encodes a {word} person; the sex given differs", field=field)
    if birth_year is not None and birth_year != parts.birth_year:
        raise InvalidInput(
            "birth_year_mismatch",
            f"Citizen ID {value} encodes birth year {parts.birth_year}; the birth year given is {birth_year}",
            field=field,
        )
    return value


def tax_check_digit(first9: str) -> int | None:
    """The 10th digit of a tax code, or None where the formula gives 10 (no valid code has those 9 digits)."""
    remainder = sum(int(d) * w for d, w in zip(first9, _TAX_WEIGHTS, strict=True)) % 11
    return None if remainder == 0 else 10 - remainder


def validate_tax_code(value: str, field: str = "tax_code") -> str:
    """Return the tax code as 10 digits, or 10 digits + '-' + 3-digit branch."""
    raw = (value or "").strip().replace(" ", "")
    if not raw:
        raise InvalidInput("required", "Tax code is required", field=field)
    body, branch = raw, ""
    if "-" in raw:
        body, _, branch = raw.partition("-")
        if not (_DIGITS.match(branch or "x") and len(branch) == 3):
            raise InvalidInput("bad_branch", f"Tax code {raw}: the branch after '-' must be 3 digits", field=field)
    elif len(raw) == 13:
        body, branch = raw[:10], raw[10:]
    if not _DIGITS.match(body) or not (_DIGITS.match(branch) if branch else True):
        raise InvalidInput("not_digits", f"Tax code must contain digits only (and one '-'), got {raw!r}", field=field)
    if len(body) != 10:
        raise InvalidInput("wrong_length", f"Tax code must have 10 or 13 digits, got {raw!r}", field=field)
    if branch == "000":
        raise InvalidInput("bad_branch", f"Tax code {raw}: branch numbers run from 001 to 999", field=field)
    expected = tax_check_digit(body[:9])
    if expected is None or expected != int(body[9]):
        raise InvalidInput("bad_check_digit", f"Tax code {raw}: the check digit (10th digit) is wrong", field=field)
    return f"{body}-{branch}" if branch else body


_MOBILE = re.compile(r"^0[35789]\d{8}$")
_LANDLINE = re.compile(r"^02\d{9}$")


def validate_phone(value: str, field: str = "phone") -> str:
    raw = (value or "").strip()
    compact = re.sub(r"[\s.\-()]", "", raw)
    if compact.startswith("+84"):
        compact = "0" + compact[3:]
    elif compact.startswith("84") and len(compact) in (11, 12):
        compact = "0" + compact[2:]
    if not _DIGITS.match(compact or "x"):
        raise InvalidInput("not_digits", f"Phone number {raw!r} must contain digits only", field=field)
    if _MOBILE.match(compact) or _LANDLINE.match(compact):
        return compact
    raise InvalidInput(
        "bad_phone",
        f"Phone number {raw!r} is not a Vietnamese number (mobile 0[35789]x + 7 digits, landline 02x + 8 digits)",
        field=field,
    )


_UNIT_CODE = re.compile(r"^(?P<base>\d{10}|\d{7}|[A-Z0-9]{7,10})(?P<group>[A-Z]{2})(?P<kind>[A-Z]\d{2})?$")


def validate_unit_code(value: str, field: str = "unit_code") -> str:
    """Employer (unit) code per CV 1804/BHXH-QLT: 10-char tax/registration code or 7-char budget code,
    + 2-letter HI group code, + optional 3-character business-type code (e.g. 0123456789DNA03, 1234567HC)."""
    raw = (value or "").strip().upper()
    if not raw:
        raise InvalidInput("required", "Unit code is required", field=field)
    if not _UNIT_CODE.match(raw):
        raise InvalidInput(
            "bad_unit_code",
            f"Unit code {raw!r} must be a 10-character tax code or 7-character budget code, a 2-letter group "
            "code and an optional business-type code (e.g. 0123456789DNA03, 1234567HC)",
            field=field,
        )
    return raw
