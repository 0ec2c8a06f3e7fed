"""Codes of the collection side: collection-agent point codes, and the unit codes and tax codes found in the
free text of a bank payment.

Collection-agent point code (CV 1804/BHXH-QLT, see ../shared/docs/domain-vn.md §11), 22 characters:

    ĐD (10 characters: the organisation's tax/registration code) + "TH" (agent) +
    HC (7 digits: 2-digit province + 5-digit commune, Decision 19/2025/QĐ-TTg) + DT (3-digit point number 001-999)

    e.g. 3456789000TH0100070003 = point 003 of organisation 3456789000, Phường Hoàn Kiếm (00070), Hà Nội (01).

Unit (employer) code (CV 1804/BHXH-QLT): 10-digit tax code or 7-digit budget-relation code + 2-letter group code
+ optional 3-character business-type code (0123456789DNA03, 1234567HC). The legacy VSS unit code seen in the
"+BHXH+" payment reference of bank transfers is 7 characters (2 letters + 4 digits + 1 letter, e.g. ZZ0001Z:
shared/data/formats/README.md §3) and is searched only in that anchored reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ansinh.core.errors import InvalidInput
from ansinh.core.identifiers import tax_check_digit
from ansinh.core.text import fold

_AGENT_CODE = re.compile(r"^(?P<org>[0-9A-Z]{10})TH(?P<province>\d{2})(?P<commune>\d{5})(?P<point>\d{3})$")


@dataclass(frozen=True)
class AgentCode:
    code: str
    organisation: str
    province_code: str
    commune_code: str
    point: int


def parse_agent_code(value: str, field: str = "code") -> AgentCode:
    raw = (value or "").strip().upper().replace(" ", "")
    if not raw:
        raise InvalidInput("required", "The collection point code is required", field=field)
    m = _AGENT_CODE.match(raw)
    if not m:
        raise InvalidInput(
            "bad_agent_code",
            f"Collection point code {raw!r} must be a 10-character organisation code, 'TH', a 7-digit "
            "administrative code (2-digit province + 5-digit commune) and a 3-digit point number "
            "(e.g. 3456789000TH0100070003; CV 1804/BHXH-QLT)",
            field=field,
        )
    point = int(m["point"])
    if point == 0:
        raise InvalidInput("bad_agent_code", f"Collection point code {raw}: point numbers run from 001 to 999",
                           field=field)
    return AgentCode(raw, m["org"], m["province"], m["commune"], point)


def validate_agent_code(value: str, field: str = "code") -> str:
    """The code normalised (upper case, no spaces), or InvalidInput naming what is wrong."""
    return parse_agent_code(value, field).code


# --- codes in the text of a bank payment ---------------------------------------------------------------------

# "+BHXH+103+00+<unit code>+<5 digits>+<free text>+<name>" — the third field after +BHXH+ is the unit code.
_ANCHOR = re.compile(r"\+BHXH\+")
_ANCHORED_UNIT = re.compile(r"^[A-Z0-9]{7,15}$")
# CV 1804 unit codes, searched in the text with all spaces removed (bank line-wrapping splits words).
_UNIT_10 = re.compile(r"(?<!\d)(\d{10})([A-Z]{2})([A-Z]\d{2})?")
_UNIT_7 = re.compile(r"(?<!\d)(\d{7})([A-Z]{2})([A-Z]\d{2})?")
# A bare tax code: 10 digits (+ optional '-'/3-digit branch), not part of a longer digit run.
_TAX = re.compile(r"(?<![\d-])(\d{10})(?:-(\d{3}))?(?![\d])")


@dataclass(frozen=True)
class TextCodes:
    """Candidate codes found in a payment text; the registry decides which name an employer."""

    unit_codes: frozenset[str]
    tax_codes: frozenset[str]
    anchored: bool  # the text carries the VSS "+BHXH+" payment reference


def payment_text_codes(text: str) -> TextCodes:
    upper = fold(text or "").upper()
    compact = re.sub(r"\s+", "", upper)
    units: set[str] = set()
    taxes: set[str] = set()
    anchored = False
    for m in _ANCHOR.finditer(compact):
        anchored = True
        fields = compact[m.end():].split("+")
        if len(fields) > 2 and _ANCHORED_UNIT.match(fields[2]):
            units.add(fields[2])
    for pattern in (_UNIT_10, _UNIT_7):
        for m in pattern.finditer(compact):
            base, group, kind = m.group(1), m.group(2), m.group(3)
            units.add(base + group)
            if kind:
                units.add(base + group + kind)
            if len(base) == 10 and _valid_tax(base):
                taxes.add(base)
    for source in (upper, compact):
        for m in _TAX.finditer(source):
            if _valid_tax(m.group(1)):
                taxes.add(m.group(1) + (f"-{m.group(2)}" if m.group(2) else ""))
    return TextCodes(frozenset(units), frozenset(taxes), anchored)


def _valid_tax(ten: str) -> bool:
    check = tax_check_digit(ten[:9])
    return check is not None and check == int(ten[9])
