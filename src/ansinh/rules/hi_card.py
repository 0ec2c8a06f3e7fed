"""The HI card: its number, the benefit digit of a participant group on a date, when a card starts to be valid,
and the date five consecutive years of participation are reached. Pure Python (no Django, no clock).

Sources and verification (domain-vn §6.3, §6.4; statuses as in rules.tables):
- Number, 15 characters: GG group code + L benefit digit 1-5 + PP 2-digit province code + 10-digit SI number
  (Decision 1351/QĐ-BHXH of 2015, amended by 1697/QĐ-BHXH 2023 and 1018/QĐ-BHXH 2024 — names from 3P code; the
  claims XML still carries 15-character codes, Decision 130/QĐ-BYT XML1 MA_THE_BHYT — V-SEC).
- Benefit digit by group: the list reported by [HIcode] for Decision 1351 (3P); from 2026-01-01 near-poor (CN) and
  people of 75+ on social pension (LH) get 100%: CN 3→2, LH 4→2 (Resolution 261/2025/QH15 Art 2.1.a as applied by
  CV 38/BYT-BH of 06/01/2026 — 3P). Cards printed before a change keep their number; what applies on a day is
  `benefit_digit_on(number, day)`.
- Validity (Law 51/2024 Art 16.3.c, V-LAW): groups 4 and 5 joining for the first time or after a gap of 90 days or
  more: valid 30 days after full payment. Other groups: from the payment date (background, UNVERIFIED). The length of
  a delayed card equals the length paid (the end moves with the start) — UNVERIFIED.
- Five consecutive years (HI Law Art 22 as amended, V-LAW for the benefit; how continuity is counted — gaps of at most
  3 months tolerated, gap months not counted — UNVERIFIED).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ansinh.rules.periods import Month
from ansinh.rules.tables import Entry, RuleError, Table, chain

CARD_NUMBER_PATTERN = r"^[A-Z]{2}[1-5][0-9]{2}[0-9]{10}$"
_CARD_NUMBER = re.compile(CARD_NUMBER_PATTERN)
_GROUP = re.compile(r"^[A-Z]{2}$")
_PROVINCE = re.compile(r"^[0-9]{2}$")
_SI_NUMBER = re.compile(r"^[0-9]{10}$")
_FACILITY = re.compile(r"^[0-9A-Z]{5}$")

NUMBER_BASIS = "Decision 1351/QĐ-BHXH (2015) as amended by 1697/QĐ-BHXH (2023), 1018/QĐ-BHXH (2024)"


# --- the number -----------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class CardNumber:
    group: str
    benefit: int
    province: str
    si_number: str

    def __str__(self) -> str:
        return f"{self.group}{self.benefit}{self.province}{self.si_number}"


def _compact(text: str) -> str:
    return re.sub(r"[\s\-.]", "", text or "").upper()


def format_card_number(*, group: str, benefit: int, province: str, si_number: str) -> str:
    """The 15-character number; each part is checked and a bad one named."""
    group, province, si_number = (group or "").strip().upper(), (province or "").strip(), (si_number or "").strip()
    if not _GROUP.match(group):
        raise RuleError("bad_group", f"group code must be 2 letters A-Z, got {group!r}", field="group")
    if isinstance(benefit, bool) or not isinstance(benefit, int) or not 1 <= benefit <= 5:
        raise RuleError("bad_benefit", f"benefit digit must be 1 to 5, got {benefit!r}", field="benefit")
    if not _PROVINCE.match(province):
        raise RuleError("bad_province", f"province code must be 2 digits, got {province!r}", field="province")
    if not _SI_NUMBER.match(si_number):
        raise RuleError("bad_si_number", f"SI number must be 10 digits, got {si_number!r}", field="si_number")
    number = f"{group}{benefit}{province}{si_number}"
    assert _CARD_NUMBER.match(number)
    return number


def parse_card_number(text: str, field: str = "number") -> CardNumber:
    """Spaces, dots and dashes are ignored, letters upper-cased; anything else that is not 15 characters of the
    form GG + L + PP + 10 digits is refused with the reason."""
    value = _compact(text)
    if not value:
        raise RuleError("required", "HI card number is required", field=field)
    if len(value) != 15:
        raise RuleError("wrong_length", f"HI card number must have 15 characters, got {len(value)} ({value!r})",
                        field=field)
    if not _GROUP.match(value[:2]):
        raise RuleError("bad_group", f"HI card number {value}: the first 2 characters must be the group code (letters)",
                        field=field)
    if value[2] not in "12345":
        raise RuleError("bad_benefit", f"HI card number {value}: the 3rd character (benefit level) must be 1 to 5",
                        field=field)
    if not value[3:].isdigit() or not value[3:].isascii():
        raise RuleError("not_digits", f"HI card number {value}: the last 12 characters must be digits", field=field)
    return CardNumber(value[:2], int(value[2]), value[3:5], value[5:])


def is_card_number(text: str) -> bool:
    return bool(_CARD_NUMBER.match(text or ""))


def validate_facility_code(code: str, field: str = "primary_care_code") -> str:
    """Primary-care facility code: 5 characters (the 2-digit province + 3 as in the claims XML, e.g. 01000).
    Empty is allowed: the facility is not known yet."""
    value = (code or "").strip().upper()
    if value and not _FACILITY.match(value):
        raise RuleError("bad_facility", f"facility code must be 5 letters or digits, got {code!r}", field=field)
    return value


# --- benefit digit ----------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class BenefitLevel:
    digit: int
    share: int  # percent of the cost within the HI scope
    label: str


BENEFIT_LEVELS: Mapping[int, BenefitLevel] = MappingProxyType({
    1: BenefitLevel(1, 100, "100%, no ceiling on listed drugs, supplies and services"),
    2: BenefitLevel(2, 100, "100% within the HI scope"),
    3: BenefitLevel(3, 95, "95% within the HI scope"),
    4: BenefitLevel(4, 80, "80% within the HI scope"),
    5: BenefitLevel(5, 100, "100%, including costs outside the HI scope"),
})

_BY_DIGIT_1351: dict[int, tuple[str, ...]] = {
    1: ("CC", "TE"),
    2: ("CK", "CB", "KC", "HN", "DT", "DK", "XD", "BT", "TS"),
    3: ("HT", "TC", "CN"),
    4: ("DN", "HX", "CH", "NN", "TK", "HC", "XK", "TB", "NO", "CT", "XB", "TN", "CS", "XN", "MS", "HD", "TQ", "TA",
        "TY", "HG", "LS", "PV", "HS", "SV", "GB", "GD", "LH"),
    5: ("QN", "CA", "CY"),
}
_DIGITS_1351: dict[str, int] = {g: d for d, groups in _BY_DIGIT_1351.items() for g in groups}
_DIGITS_2026: dict[str, int] = {**_DIGITS_1351, "CN": 2, "LH": 2}

BENEFIT_DIGIT: Table[Mapping[str, int]] = chain(
    "hi_card_benefit_digit", "digit 1-5 by group code",
    [
        ("2015-11-16", MappingProxyType(_DIGITS_1351),
         "Decision 1351/QĐ-BHXH of 16/11/2015 (amended 1697/QĐ-BHXH 2023, 1018/QĐ-BHXH 2024); group list as "
         "reported by hddtvn.com [HIcode]", "3P"),
        ("2026-01-01", MappingProxyType(_DIGITS_2026),
         "Resolution 261/2025/QH15 Art 2.1.a: near-poor (CN) and 75+ on social pension (LH) 100%; CV 38/BYT-BH "
         "of 06/01/2026: CN 3→2, LH 4→2", "3P"),
    ],
    description="The 3rd character of the HI card number for each participant group code.",
    note_by_from={"2015-11-16": "in-force date of Decision 1351 not read: the table answers from its signature date; "
                                "changes of the 2023 and 2024 amendments not read (UNVERIFIED)"},
)


@dataclass(frozen=True, slots=True)
class DigitFinding:
    group: str
    on: dt.date
    digit: int
    level: BenefitLevel
    basis: str
    status: str


def benefit_digit(group: str, on: dt.date) -> DigitFinding:
    """The benefit digit of a group code on a date, with the entry's basis and status."""
    entry: Entry[Mapping[str, int]] = BENEFIT_DIGIT.entry(on)
    code = (group or "").strip().upper()
    if code not in entry.value:
        raise RuleError("unknown_group", f"HI group code {code!r} has no benefit digit in the table in force on "
                        f"{on.isoformat()} ({entry.basis})", field="group")
    digit = entry.value[code]
    return DigitFinding(code, on, digit, BENEFIT_LEVELS[digit], entry.basis, entry.status)


def benefit_digit_on(number: str, on: dt.date) -> DigitFinding:
    """The digit that applies on a day to a card already printed: its group's digit in force that day (a card printed
    before 2026-01-01 for CN shows 3 and is read as 2 from that day — CV 38/BYT-BH, 3P)."""
    return benefit_digit(parse_card_number(number).group, on)


def known_groups(on: dt.date) -> frozenset[str]:
    return frozenset(BENEFIT_DIGIT.at(on))


# --- participant category (HI Law Art 12: 1 employer/employee, 2 SI agency, 3 State budget, 4 State-supported,
# 5 self-paid) ---------------------------------------------------------------------------------------------------

_CATEGORY_GROUPS: dict[int, tuple[str, ...]] = {
    1: ("DN", "HX", "CH", "NN", "TK", "HC", "XK"),
    2: ("HT", "TB", "NO", "CT", "XB", "TN", "CS"),
    3: ("QN", "CA", "CY", "XN", "MS", "CC", "CK", "CB", "KC", "HD", "TE", "BT", "HN", "DT", "DK", "XD", "TS", "TC",
        "TQ", "TA", "TY", "HG", "LS", "PV", "LH"),
    4: ("CN", "HS", "SV", "GB"),
    5: ("GD",),
}
GROUP_CATEGORY: Mapping[str, int] = MappingProxyType({g: c for c, gs in _CATEGORY_GROUPS.items() for g in gs})
CATEGORY_BASIS = ("HI Law Art 12 as amended by Law 51/2024 (V-LAW for the five categories); the code of each group: "
                  "DN/HC employees, HT pensioners, TE children under 6, HN poor, CN near-poor, HS/SV pupils and "
                  "students, GD household (domain-vn §6.3); every other code's category is UNVERIFIED (from the "
                  "layout of Decision 1351 as remembered, not read)")


def category_of(group: str) -> int | None:
    return GROUP_CATEGORY.get((group or "").strip().upper())


# --- validity -------------------------------------------------------------------------------------------------

WAITING_DAYS = 30
GAP_DAYS = 90
VALIDITY_BASIS_WAITING = "Law 51/2024 Art 16.3.c (amending HI Law Art 16): groups 4 and 5, first time or after a gap of 90 days or more: valid 30 days after full payment (V-LAW)"
VALIDITY_BASIS_PAYMENT = "HI Law Art 16.3: valid from the payment date (background, UNVERIFIED)"
VALIDITY_BASIS_CONTINUED = "continuous participation: the new card starts the day after the previous one ends"


@dataclass(frozen=True, slots=True)
class Validity:
    valid_from: dt.date
    valid_to: dt.date
    rule: str  # "waiting", "payment", "continued"
    basis: str
    status: str


def card_validity(*, category: int, coverage_from: dt.date, coverage_to: dt.date, paid_on: dt.date,
                  previous_end: dt.date | None) -> Validity | None:
    """When a card for coverage [coverage_from, coverage_to], fully paid on `paid_on`, is valid.

    previous_end: the last day of the person's previous HI card or coverage (None: first time). Continuing a card
    that runs to the day before or later: the new card starts the day after it. Otherwise, groups 4 and 5 that join
    for the first time or after a gap of 90 days or more wait 30 days after payment, and the card keeps the length
    paid; other groups are valid from the payment date. None: nothing left to cover (paid after the period ended, or
    the previous card already runs to the end)."""
    if coverage_to < coverage_from:
        raise RuleError("bad_range", f"coverage ends {coverage_to} before it starts {coverage_from}", field="coverage_to")
    if category not in (1, 2, 3, 4, 5):
        raise RuleError("bad_category", f"participant category must be 1 to 5, got {category!r}", field="category")
    if previous_end is not None and previous_end >= coverage_from - dt.timedelta(days=1):
        start = max(coverage_from, previous_end + dt.timedelta(days=1))
        if start > coverage_to:
            return None
        return Validity(start, coverage_to, "continued", VALIDITY_BASIS_CONTINUED, "UNVERIFIED")
    gap = None if previous_end is None else (coverage_from - previous_end).days - 1
    if category in (4, 5) and (gap is None or gap >= GAP_DAYS):
        start = max(coverage_from, paid_on + dt.timedelta(days=WAITING_DAYS))
        return Validity(start, coverage_to + (start - coverage_from), "waiting", VALIDITY_BASIS_WAITING, "V-LAW")
    start = max(coverage_from, paid_on)
    if start > coverage_to:
        return None
    return Validity(start, coverage_to, "payment", VALIDITY_BASIS_PAYMENT, "UNVERIFIED")


# --- five consecutive years -----------------------------------------------------------------------------------

CONTINUITY_GAP_MONTHS: Table[int] = chain(
    "hi_continuity_gap_months", "months",
    [("2015-01-01", 3, "Decree 146/2018 (and 188/2025) on continuous HI participation: a break of up to 3 months "
      "keeps the participation continuous (background, not read)", "UNVERIFIED")],
    description="Longest break that keeps HI participation continuous for the five-year rule.",
)
FIVE_YEARS_MONTHS = 60
FIVE_YEARS_BASIS = ("HI Law Art 22 as amended by Law 51/2024: 5 consecutive years and co-payments over 6 × reference "
                    "level in the year → 100% (V-LAW); counting covered months only, breaks up to 3 months "
                    "tolerated (UNVERIFIED)")


def five_years_date(spans: Iterable[tuple[Month, Month]], *, on: dt.date) -> dt.date | None:
    """The first day on which five consecutive years of participation are (or will be, if participation goes on
    without a break) reached: the first day of the month after the 60th covered month of the current continuous
    run. `spans` are the (first, last) months of HI coverage, inclusive, in any order, overlaps allowed, up to the
    card's month; None when there are none. Gap months are not counted; a break longer than the tolerated gap starts
    a new run."""
    ordered = sorted((a.index, b.index) for a, b in spans if b.index >= a.index)
    if not ordered:
        return None
    merged: list[list[int]] = []
    for a, b in ordered:
        if merged and a <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    max_gap = CONTINUITY_GAP_MONTHS.at(on)
    run_start = 0
    for i in range(1, len(merged)):
        if merged[i][0] - merged[i - 1][1] - 1 > max_gap:
            run_start = i
    need = FIVE_YEARS_MONTHS
    for a, b in merged[run_start:]:
        if b - a + 1 >= need:
            return Month.from_index(a + need).first_day
        need -= b - a + 1
    return Month.from_index(merged[-1][1] + need + 1).first_day


def five_years_date_of_months(months: Iterable[Month], *, on: dt.date) -> dt.date | None:
    """The same from a list of covered months."""
    return five_years_date(((m, m) for m in months), on=on)


def months_between(first: dt.date, last: dt.date) -> list[Month]:
    """Calendar months from the month of `first` to the month of `last`, inclusive."""
    a, b = Month.of(first), Month.of(last)
    return [Month.from_index(i) for i in range(a.index, b.index + 1)]
