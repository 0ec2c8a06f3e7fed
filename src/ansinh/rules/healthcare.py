"""Health-insurance claims: the automated checks as data, the benefit level of a visit, advances, settlement deadlines
and primary-care fund shares, and the reading of Decision 130/4750 XML values. Pure Python (no Django, no clock).

Sources (marks as in rules.tables): ../shared/docs/domain-vn-health-procedures-compliance.md §A (A1 claim flow and
deadlines, A2 checks, A3 benefit level, A5 advances, A6 primary-care funds), domain-vn.md §6.3–6.4 and §10 (the XML
standard, Decision 130/QĐ-BYT amended by 4750/QĐ-BYT).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ansinh.rules.hi_card import BENEFIT_DIGIT, BENEFIT_LEVELS
from ansinh.rules.params.reference import BASE_SALARY
from ansinh.rules.tables import RuleError, Table, chain

EPOCH = dt.datetime(1970, 1, 1)  # noqa: DTZ001 — XML times are the facility's local clock, without zone
EPOCH_DAY = dt.date(1970, 1, 1)

# MA_LOAI_KCB (Decision 824/QĐ-BYT; domain-vn §10)
OUTPATIENT = ("01", "02")  # exam; outpatient episode
INPATIENT = ("03", "04", "06")  # inpatient; day inpatient; (06) other inpatient kind counted by days
DRUG_VISITS = ("05", "07")  # chronic with drugs; drugs by appointment
ZERO_DAY_VISITS = ("01", "07", "09")
BED_GROUPS = (14, 15, 16)  # MA_NHOM of bed-days
SUPPLY_GROUPS = (10, 11)  # MA_NHOM of medical supplies (VTYT)

# ---------------------------------------------------------------------------------------------------------------
# The checks. outcome: reject (the line or episode is not paid), reduce (paid at the recomputed amount), flag (an
# assessor decides). level: line or episode (an episode finding applies to every line of the episode).

REJECT, REDUCE, FLAG = "reject", "reduce", "flag"
LINE, EPISODE = "line", "episode"
BOTH = "both"  # a check that finds lines (XML2/XML3 fields) and episodes (XML1/XML14 fields), e.g. T01


@dataclass(frozen=True, slots=True)
class Check:
    code: str
    level: str
    outcome: str
    name_vi: str
    name_en: str
    basis: str
    status: str
    valid_from: dt.date = dt.date(2024, 1, 1)
    valid_to: dt.date | None = None

    def applies(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


_D130 = "Decision 130/QĐ-BYT (2023) as amended by 4750/QĐ-BYT (2023)"

CHECKS: tuple[Check, ...] = (
    Check("C01", EPISODE, REJECT, "Ngày khám chữa bệnh ngoài thời hạn thẻ BHYT",
          "Service date outside the card's validity", "HI Law Art 16 (card validity); portal codes 01/02", "V-LAW"),
    Check("C02", LINE, REJECT, "Chi phí phát sinh sau 15 ngày kể từ khi thẻ hết hạn",
          "Cost arising more than 15 days after the card expired",
          "Decree 146/2018 Art 27.9; Decree 188/2025 Art 50.4 (to min(NGAY_RA, GT_THE_DEN + 15 days))", "3P"),
    Check("C04", EPISODE, REJECT, "Mã thẻ BHYT sai định dạng hoặc sai mã mức hưởng",
          "Card code malformed or wrong benefit digit", "Decision 1351/QĐ-BHXH; portal codes 051/053", "3P"),
    Check("C05", EPISODE, FLAG, "Họ tên, ngày sinh, giới tính không khớp với thẻ",
          "Name, date of birth or sex differs from the card", "portal codes 060/061/070", "3P"),
    Check("C06", EPISODE, REJECT, "Thẻ BHYT đã bị thu hồi tại ngày khám",
          "Card withdrawn on the service date", "portal codes 110, 120-124", "3P"),
    Check("F01", LINE, REDUCE, "Thành tiền không bằng số lượng × đơn giá × tỷ lệ",
          "Line amount differs from quantity × price × rates", f"{_D130}, XML2/XML3 THANH_TIEN_BH (F01/F02)", "V-SEC"),
    Check("F03", LINE, REDUCE, "Quỹ BHYT thanh toán không bằng thành tiền BH × mức hưởng",
          "Fund share differs from the insured amount × benefit level", f"{_D130}, XML2/XML3 T_BHTT (F03)", "V-SEC"),
    Check("F05", EPISODE, FLAG, "Tổng chi bảng 1 không bằng tổng các dòng bảng 2, 3",
          "Episode totals differ from the sum of its lines", f"{_D130}, XML1 T_TONGCHI_BH (F05)", "V-SEC"),
    Check("F06", EPISODE, REDUCE, "T_BHTT khác T_TONGCHI_BH − T_BNCCT",
          "T_BHTT differs from T_TONGCHI_BH − T_BNCCT", f"{_D130}, XML1 field T_BHTT (F06)", "V-SEC"),
    Check("P01", LINE, REJECT, "Thuốc, dịch vụ, vật tư không có trong danh mục được duyệt của cơ sở tại ngày y lệnh",
          "Item not in the facility's approved list on the order date",
          "Circular 12/2026/TT-BTC Art 7-8; HI Law Art 21 (scope)", "3P"),
    Check("P02", LINE, REDUCE, "Đơn giá cao hơn giá được duyệt",
          "Unit price above the approved price", "Circular 12/2026/TT-BTC Art 7-8 (F10)", "3P"),
    Check("T02", LINE, REJECT, "Y lệnh ngoài thời gian điều trị",
          "Order outside the stay", "validation workbook QĐ 4750 (T02)", "3P"),
    Check("T04", EPISODE, FLAG, "Số ngày điều trị không đúng với loại hình khám chữa bệnh",
          "Treatment days do not match the visit type", f"{_D130}, XML1 SO_NGAY_DTRI (T04)", "V-SEC"),
    Check("T05", EPISODE, FLAG, "Số ngày giường vượt số ngày điều trị",
          "Bed-days exceed the length of stay", "assessment practice (T05); price circular UNVERIFIED", "3P"),
    Check("T06", LINE, REJECT, "Tiền giường trong lượt khám ngoại trú",
          "Bed-day billed on an outpatient visit", "assessment practice (T06)", "3P"),
    Check("B01", LINE, REDUCE, "Mức hưởng cao hơn mức hưởng đúng của lượt khám",
          "Benefit level above the visit's level (card × route, 15 % rule, five-year exemption)",
          "HI Law Art 22 as amended by Law 51/2024; Decree 02/2025 (15 % of base salary)", "V-LAW"),
    Check("R01", EPISODE, REJECT, "Mã đối tượng đến khám chữa bệnh không có trong danh mục",
          "MA_DOITUONG_KCB is not a code of the list in force",
          "Decision 3276/QĐ-BYT (17/10/2025) Appendix 1 (27 codes), for data from 2025-07-01", "3P",
          valid_from=dt.date(2025, 7, 1)),
    Check("R02", EPISODE, FLAG, "Mã đối tượng đúng tuyến nhưng không đăng ký ban đầu tại cơ sở và không có nơi chuyển",
          "Right-route code but not registered here and no referring facility",
          "Decision 3276/QĐ-BYT Appendix 1 (1.1 registered here, 1.3 referred); MA_DKBD, MA_NOI_DI (R02)", "3P",
          valid_from=dt.date(2025, 7, 1)),
    Check("R03", EPISODE, FLAG, "Giấy chuyển tuyến thiếu số hoặc đã hết hạn khi vào viện",
          "Referral slip number missing, or the slip expired before admission",
          "Circular 01/2025/TT-BYT Art 12.1 (slip valid 10 working days from signing: [TVPL-2555], V-SEC) and 12.2 "
          "(a slip expiring during a treatment serves to its end: [NG-GD] R11, 3P); the 1-year slips of its "
          "Appendix III are not recognised (the list is not held)", "3P", valid_from=dt.date(2025, 1, 1)),
    Check("P05", LINE, REJECT, "Người chỉ định không có chứng chỉ hành nghề đăng ký tại cơ sở vào ngày y lệnh",
          "Ordering practitioner holds no certificate registered at the facility on the order date",
          "Circular 12/2026/TT-BTC Art 10.1.g (practitioner scope); Form 02/DM staff list; XML2/XML3 MA_BAC_SI", "3P"),
    Check("F11", EPISODE, REDUCE, "Gói vật tư y tế vượt mức trần 45 tháng lương cơ sở",
          "Medical-supply package above the ceiling of 45 × the base salary",
          "Circular 04/2017/TT-BYT (package ceiling); Decision 4750/QĐ-BYT XML3 GOI_VTYT, T_TRANTT (F11)", "V-SEC"),
    Check("V02", LINE, REJECT, "Cùng một dịch vụ, thuốc được đề nghị thanh toán hai lần",
          "The same line billed twice", "VSS duplicate-payment check (vss.gov.vn ItemID=10467)", "V-SEC"),
    Check("V03", EPISODE, FLAG, "Hai đợt điều trị nội trú chồng lấn của cùng một thẻ",
          "Overlapping inpatient stays of one card", "derived from VSS 'same card, several places'", "V-SEC"),
    Check("V04", EPISODE, FLAG, "Cùng một thẻ khám ở từ hai cơ sở trở lên trong một ngày",
          "One card at two or more facilities on one day", "vss.gov.vn ItemID=10467", "V-SEC"),
    Check("V05", EPISODE, FLAG, "Kê đơn mới khi đơn trước chưa dùng hết số ngày thuốc",
          "New prescription while the last one's days still run", "Circular 12/2026 Art 10.1.h (derived)", "3P"),
    # The time order of the validation workbook of Decision 4750 (column VALID): a record out of order is an error
    # of the data, not a ground in law for not paying, hence a flag for the assessor (docs/healthcare.md, T01).
    Check("T01", BOTH, FLAG, "Thứ tự thời gian không hợp lệ (thực hiện, kết quả trước y lệnh; vào nội trú trước "
          "vào viện; hẹn khám lại trước ra viện; giấy hẹn cấp trước vào viện)",
          "Times out of order (performed or resulted before the order; inpatient before admission; re-examination "
          "before discharge; appointment slip issued before admission)",
          f"validation workbook of Decision 4750/QĐ-BYT (Check_Valid_QD4750, column VALID): XML1 NGAY_VAO_NOI_TRU "
          f">= NGAY_VAO; XML2 NGAY_TH_YL, XML3 NGAY_TH_YL and NGAY_KQ >= NGAY_YL; XML14 NGAY_HEN_KL >= NGAY_RA, "
          f"NGAY_CT >= NGAY_VAO ({_D130}, Tables 1-3 and 14)", "3P"),
    # Named R06: the domain document's R04/R05 hold the benefit-level rows; this is the appointment half of its R03.
    Check("R06", EPISODE, FLAG, "Giấy hẹn khám lại đã được sử dụng cho một lần khám lại trước đó",
          "Appointment slip already used by an earlier re-examination",
          "Circular 01/2025/TT-BYT Art 11-12 (appointment slip single use, one re-examination per episode) as the "
          "domain document row R03 reports it ([NG-GD] R11-12, 3P; TVPL-2555, V-SEC); the visit cites the slip in "
          f"XML1 MA_NOI_DI + GIAY_CHUYEN_TUYEN ('or the appointment slip number'), the slip is XML14 SO_GIAYHEN_KL "
          f"of the issuing facility ({_D130})", "3P", valid_from=dt.date(2025, 1, 1)),
)
CHECKS_BY_CODE = {c.code: c for c in CHECKS}


def checks_in_force(day: dt.date) -> tuple[Check, ...]:
    return tuple(c for c in CHECKS if c.applies(day))


# ---------------------------------------------------------------------------------------------------------------
# Benefit level per visit (§A3, domain-vn §6.4)

SMALL_VISIT_SHARE = Decimal("0.15")
SMALL_VISIT_BASIS = "Decree 02/2025/NĐ-CP amending Decree 146/2018: a visit below 15 % of the base salary is paid at 100 %"
CARD_GRACE_DAYS = 15

# Route ratio (percent of the card level) for a self-referred visit, by facility level and inpatient or not.
# Right route (registered facility, referral, emergency) is always 100.
ROUTE_RATIO: Table[dict[tuple[str, bool], int]] = chain(
    "hi_route_ratio", "percent by (facility level, inpatient)",
    [
        ("2025-01-01", {("primary", False): 100, ("primary", True): 100, ("basic", False): 100, ("basic", True): 100,
                        ("specialised", False): 50, ("specialised", True): 40},
         "HI Law Art 22.4 as amended by Law 51/2024; Decree 02/2025 cl. 5 (outpatient roadmap)", "V-SEC"),
    ],
    description="What share of the card level a self-referred visit gets.",
)


def card_level(card_number: str, on: dt.date) -> int:
    """Percent paid within scope for the card's group on the day (the 2026 CN/LH remap applies by date); an unknown
    group falls back to the printed digit."""
    group = card_number[:2]
    digits = BENEFIT_DIGIT.at(on)
    digit = digits.get(group)
    if digit is None:
        try:
            digit = int(card_number[2])
        except (IndexError, ValueError):
            return 0
    level = BENEFIT_LEVELS.get(digit)
    return level.share if level else 0


def card_digit_expected(card_number: str, on: dt.date) -> int | None:
    """The benefit digit the group has on the day; None for a group the table does not know."""
    return BENEFIT_DIGIT.at(on).get(card_number[:2])


def card_digits_accepted(card_number: str, on: dt.date) -> set[int]:
    """The benefit digits a card of the group may carry on the day: the group's digit in any table entry in force
    up to then (a card printed before a change keeps its number, e.g. CN3 after CN became 2 on 2026-01-01)."""
    group = card_number[:2]
    return {e.value[group] for e in BENEFIT_DIGIT if e.valid_from <= on and group in e.value}


def small_visit_threshold(on: dt.date) -> int:
    return int((Decimal(BASE_SALARY.at(on)) * SMALL_VISIT_SHARE).to_integral_value(ROUND_HALF_UP))


def expected_benefit(*, card_pct: int, right_route: bool, route_ratio: int, total_in_scope: int, threshold: int,
                     exempt: bool) -> int:
    """MUC_HUONG of a visit (§A3): 100 when exempt or a right-route visit below the threshold; else card level ×
    route ratio (a self-referred small visit still gets the route ratio, [WB4750])."""
    if exempt:
        return 100
    if right_route and total_in_scope < threshold:
        return 100
    return card_pct * (100 if right_route else route_ratio) // 100


# ---------------------------------------------------------------------------------------------------------------
# Referral and route (§A2 R01-R03), practitioners, supply packages (F11)

# MA_DOITUONG_KCB: Decision 3276/QĐ-BYT (17/10/2025) Appendix 1, 27 codes, for data from 2025-07-01 ([NG-DATA] R16, 3P:
# 1.1-1.7, 1.11-1.18, 2, 3.1, 3.2, 3.3, 3.6, 7, 7.2, 7.3, 7.4, 8 withdrawal, 9 not HI, 10). The MUC_HUONG column of the
# appendix is not held (UNVERIFIED), only the codes.
PATIENT_KINDS: Table[frozenset[str]] = chain(
    "hi_patient_kinds", "MA_DOITUONG_KCB codes",
    [
        ("2025-07-01", frozenset({"1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.11", "1.12", "1.13", "1.14",
                                  "1.15", "1.16", "1.17", "1.18", "2", "3.1", "3.2", "3.3", "3.6", "7", "7.2", "7.3",
                                  "7.4", "8", "9", "10"}),
         "Decision 3276/QĐ-BYT (17/10/2025) Appendix 1", "3P"),
    ],
)
REGISTERED_HERE_KIND = "1.1"  # right route: the facility of primary-care registration (MA_DKBD = MA_CSKCB)
REFERRED_KIND = "1.3"  # right route: referred (MA_NOI_DI and GIAY_CHUYEN_TUYEN)
EMERGENCY_KIND = "2"

REFERRAL_SLIP: Table[int] = chain(
    "hi_referral_slip_days", "working days a referral slip stays valid",
    [("2025-01-01", 10, "Circular 01/2025/TT-BYT Art 12.1: 10 working days from signing, as restated in Decision "
                        "2555/QĐ-BYT procedure 1 case 9 ([TVPL-2555]; [NG-GD] R11)", "V-SEC")],
    description="A slip issued at discharge from the referring facility is valid this many working days from signing. "
                "TT 01/2025 Art 12.2 gives the diseases, groups of diseases and cases of its Appendix III a slip valid "
                "01 year from signing ([TVPL-2555], V-SEC); that list is not held (searched, not found: "
                "docs/legal-sources.md, 'HI referral slip'), so the 1-year validity is not applied.",
)

SUPPLY_PACKAGE_CEILING: Table[int] = chain(
    "hi_supply_package_ceiling", "times the base salary, per package of one technical service",
    [("2017-03-01", 45, "Circular 04/2017/TT-BYT; Decision 4750/QĐ-BYT XML3 T_TRANTT", "V-SEC")],
)


def supply_package_cap(on: dt.date) -> int:
    """The most the fund pays for the supplies of one package (GOI_VTYT) of one technical service."""
    return SUPPLY_PACKAGE_CEILING.at(on) * BASE_SALARY.at(on)


def first_certificate(text: str) -> str:
    """The practising-certificate number of MA_BAC_SI: the first of several (';'), without the staff code of an
    uncertified doctor in brackets ("CCHN(NV01)" → "CCHN")."""
    first = (text or "").split(";")[0]
    return first.split("(")[0].strip()


# Primary-care registration: the card holder may change the facility in the first days of each quarter.
PRIMARY_CARE_CHANGE_DAYS: Table[int] = chain(
    "hi_primary_care_change_days", "first days of each quarter",
    # domain-vn.md §6.4; Law 51/2024 in force 2025-01-01 for primary-care registration (domain-vn §0)
    [("2025-01-01", 15, "HI Law Art 26.1 as amended by Law 51/2024/QH15", "V-LAW")],
)


def change_window(on: dt.date) -> tuple[dt.date, dt.date]:
    """The change window of the quarter the day is in: (first day, last day)."""
    start = dt.date(on.year, (on.month - 1) // 3 * 3 + 1, 1)
    return start, start + dt.timedelta(days=PRIMARY_CARE_CHANGE_DAYS.at(start) - 1)


def may_change_primary_care(on: dt.date) -> bool:
    start, end = change_window(on)
    return start <= on <= end


# The facility answers an automated finding (justifies it, or sends an adjusted detail list, Form 09/BH) within
# 3 working days of the result; after that the item stays rejected (§A1 step 6).
FACILITY_ANSWER_DAYS: Table[int] = chain(
    "hi_facility_answer_days", "working days after the result",
    [("2026-04-01", 3, "Circular 12/2026/TT-BTC Art 10.2-10.4 (forms from 2026-04-01, Art 17)", "3P")],
)


def answer_due(result_day: dt.date) -> dt.date | None:
    """The last day the facility may answer a finding notified on result_day (None when no rule is in force)."""
    from ansinh.rules.working_days import add_working_days

    try:
        return add_working_days(result_day, FACILITY_ANSWER_DAYS.at(result_day))
    except RuleError:
        return None


# ---------------------------------------------------------------------------------------------------------------
# Advances, settlement, primary-care funds (§A5, §A6)

ADVANCE_SHARE: Table[Decimal] = chain(
    "hi_advance_share", "share of the previous quarter's settled cost",
    [
        ("2009-07-01", Decimal("0.80"), "HI Law 25/2008 Art 32.1", "V-LAW"),
        ("2025-07-01", Decimal("0.90"), "HI Law Art 32.1.a-c as amended by Law 51/2024", "V-LAW"),
    ],
)


def advance_amount(previous_quarter_cost: int, quarter_start: dt.date) -> int:
    """One quarterly advance: the share in force on the quarter's first day × the previous quarter's cost, half up."""
    return int((ADVANCE_SHARE.at(quarter_start) * previous_quarter_cost).to_integral_value(ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class SettlementFigures:
    claimed: int
    accepted: int
    rejected: int
    advance: int
    balance: int  # > 0: the agency pays the facility; < 0: the facility returns the excess advance


def settlement(*, claimed: int, rejected: int, advance: int) -> SettlementFigures:
    if rejected > claimed:
        raise RuleError("rejected_exceeds_claimed", "rejected amount exceeds the claimed amount", field="rejected")
    accepted = claimed - rejected
    return SettlementFigures(claimed, accepted, rejected, advance, accepted - advance)


@dataclass(frozen=True, slots=True)
class Deadlines:
    monthly_summary: dt.date  # Mẫu 01/BH, first 15 days of the next month
    quarterly_report: dt.date  # Mẫu 02/BH, first 15 days of the next quarter
    result: dt.date  # agency's assessment result: 30 days after the report (Q4: 60 from 2025-07-01)
    payment: dt.date  # 10 days after notifying the settled amount

DEADLINE_BASIS = "HI Law Art 32.2 as amended by Law 51/2024 (V-LAW); advance 5 working days after the report (Art 32.1)"


def quarter_deadlines(year: int, quarter: int) -> Deadlines:
    if quarter not in (1, 2, 3, 4):
        raise RuleError("bad_quarter", "quarter must be 1 to 4", field="quarter")
    next_start = dt.date(year + (quarter == 4), 1 if quarter == 4 else quarter * 3 + 1, 1)
    report = next_start + dt.timedelta(days=14)
    days = 60 if quarter == 4 and next_start >= dt.date(2025, 7, 1) else 30
    result = report + dt.timedelta(days=days)
    return Deadlines(report, report, result, result + dt.timedelta(days=10))


PRIMARY_CARE_SHARE: Table[dict[str, Decimal]] = chain(
    "hi_primary_care_share", "share by recipient",
    [
        ("2018-12-01", {"pupils": Decimal("0.05"), "school_staff": Decimal("0.01"), "unit_staff": Decimal("0.01")},
         "Decree 146/2018 Art 33.1-33.2 (V-LAW); from 2025-07-01 under Decree 188/2025 UNVERIFIED, kept as in force",
         "V-LAW"),
    ],
)


def pupil_contributions(pupils: int, months: list[dt.date]) -> int:
    """The HI contributions of a school's pupils over the months: N × HI rate × base salary of each month (the
    basis of the pupils' share, Decree 146/2018 Art 33.1.a)."""
    from ansinh.rules.params.contribution_rates import HEALTH_INSURANCE

    total = sum((Decimal(HEALTH_INSURANCE.at(m).total) * BASE_SALARY.at(m) for m in months), Decimal(0))
    return int((total * pupils).to_integral_value(ROUND_HALF_UP))


def primary_care_fund(*, recipient: str, contributions: int, on: dt.date) -> int:
    """Schools: 5 % × the HI contributions of their pupils; schools' and units' own staff: 1 % of the staff's HI
    contributions (the unit must have a qualified person and a medical room, Art 34.1)."""
    shares = PRIMARY_CARE_SHARE.at(on)
    if recipient not in shares:
        raise RuleError("bad_recipient", f"recipient must be one of {sorted(shares)}", field="recipient")
    return int((shares[recipient] * contributions).to_integral_value(ROUND_HALF_UP))


# ---------------------------------------------------------------------------------------------------------------
# XML values

def parse_time(text: str, field: str) -> int:
    """yyyymmddHHMM (or yyyymmdd, time 0000) → minutes since 1970-01-01 (local time, naive)."""
    value = (text or "").strip()
    if len(value) == 8:
        value += "0000"
    if len(value) != 12 or not value.isdigit():
        raise RuleError("bad_time", f"{field}: expected yyyymmddHHMM, got {text!r}", field=field)
    try:
        moment = dt.datetime.strptime(value, "%Y%m%d%H%M")  # noqa: DTZ007 — local clock, no zone
    except ValueError:
        raise RuleError("bad_time", f"{field}: not a real date and time: {text!r}", field=field) from None
    return int((moment - EPOCH).total_seconds()) // 60


def parse_date(text: str, field: str) -> dt.date:
    value = (text or "").strip()[:8]
    try:
        return dt.datetime.strptime(value, "%Y%m%d").date()  # noqa: DTZ007
    except ValueError:
        raise RuleError("bad_date", f"{field}: expected yyyymmdd, got {text!r}", field=field) from None


def minutes_to_datetime(minutes: int | None) -> dt.datetime | None:
    return None if minutes is None else EPOCH + dt.timedelta(minutes=minutes)


def day_number(day: dt.date) -> int:
    return (day - EPOCH_DAY).days


def day_of(minutes: int) -> int:
    return minutes // 1440


def _decimal(text: str, field: str) -> Decimal:
    value = (text or "").strip()
    if not value:
        return Decimal(0)
    try:
        out = Decimal(value)
    except InvalidOperation:
        raise RuleError("bad_number", f"{field}: not a number: {text!r}", field=field) from None
    if not out.is_finite():
        raise RuleError("bad_number", f"{field}: not a number: {text!r}", field=field)
    return out


def parse_money(text: str, field: str) -> int:
    """An amount (2 dp in the file) → whole VND, half up."""
    return int(_decimal(text, field).to_integral_value(ROUND_HALF_UP))


def parse_milli(text: str, field: str) -> int:
    """A quantity or unit price (3 dp in the file) → thousandths, half up."""
    return int((_decimal(text, field) * 1000).to_integral_value(ROUND_HALF_UP))


def parse_int(text: str, field: str, default: int = 0) -> int:
    value = (text or "").strip()
    if not value:
        return default
    d = _decimal(value, field)
    if d != d.to_integral_value():
        raise RuleError("bad_integer", f"{field}: expected a whole number, got {text!r}", field=field)
    return int(d)
