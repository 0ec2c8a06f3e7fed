"""The catalogue of the agency's administrative procedures, as effective-dated data with legal basis.

Sources (see ../shared/docs/domain-vn.md §9.1 and domain-vn-health-procedures-compliance.md §B):
  - SI procedures under Law 41/2024: catalogue Decision 863/QĐ-BNV (07/08/2025, in force 2025-07-01) — V-SEC;
    time limits read in Law 41/2024 itself — V-LAW (article per entry).
  - HI procedures under Decree 188/2025: Decision 2306/QĐ-BYT (11/07/2025, in force 2025-07-01) — V-SEC; HI card
    limits in HI Law Art 17.2 as amended by Law 51/2024 — V-LAW.
  - Decision 2555/QĐ-BYT (12/08/2025, in force 2025-08-15): HI treatment procedure; its use of the receipt (the
    "giấy tiếp nhận hồ sơ và hẹn trả kết quả" with an ID document is accepted for HI treatment while a card is being
    issued or changed) is noted on the card procedures — V-SEC.
The national procedure codes ("1.0xxxxx") were not found (UNVERIFIED): the codes here are ansinh's own.
Documents are the usual contents of a complete dossier as the docs name the forms (§9.2); the full lists of the
decisions were not read (UNVERIFIED where marked).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ansinh.rules.catalogue import CalculatorSpec, field_choice, field_int
from ansinh.rules.tables import RuleError
from ansinh.rules.working_days import (
    CALENDAR_DAYS,
    EXCL_HOLIDAYS,
    HOLIDAY_BASIS,
    WORKING,
    Calendar,
    explain_due,
)

# groups
COLLECTION = "collection"  # thu, cấp sổ BHXH, thẻ BHYT
BENEFITS = "benefits"  # chế độ BHXH
HEALTH = "health"  # BHYT

# handling departments (bộ phận giải quyết)
DEPT_COLLECTION = "collection"  # Quản lý thu – Sổ, thẻ
DEPT_BENEFITS = "benefits"  # Chế độ BHXH
DEPT_HEALTH = "health"  # Giám định BHYT
DEPARTMENTS = (DEPT_COLLECTION, DEPT_BENEFITS, DEPT_HEALTH)

DESK, POST, ONLINE = "desk", "post", "online"
ALL_CHANNELS = (DESK, POST, ONLINE)

# the work a dossier starts in ansinh
WORK_REGISTRATION = "registration"
WORK_CHANGE_INFO = "change_info"
WORK_CARD_ISSUE = "card_issue"
WORK_CARD_REISSUE = "card_reissue"
WORK_ENROLMENT = "enrolment"
WORK_BENEFIT_CLAIM = "benefit_claim"
WORK_PAYMENT_CHANGE = "payment_change"
WORK_PENSION_RESUME = "pension_resume"
WORK_NONE = ""

D863 = "Decision 863/QĐ-BNV (07/08/2025, in force 2025-07-01)"
D2306 = "Decision 2306/QĐ-BYT (11/07/2025, in force 2025-07-01)"
D2555 = "Decision 2555/QĐ-BYT (12/08/2025, in force 2025-08-15)"
FROM_2025_07 = dt.date(2025, 7, 1)


@dataclass(frozen=True)
class Document:
    code: str
    name_vi: str
    name_en: str
    required: bool = True


@dataclass(frozen=True)
class Procedure:
    code: str
    name_vi: str
    name_en: str
    group: str
    limit: int
    unit: str  # working_days | days_excluding_holidays | days
    documents: tuple[Document, ...]
    channels: tuple[str, ...]
    department: str
    work: str
    basis: str  # the article giving the limit and the catalogue decision
    status: str  # verification of the limit: V-LAW, V-SEC, UNVERIFIED
    valid_from: dt.date = FROM_2025_07
    valid_to: dt.date | None = None
    benefit_kind: str = ""  # the benefits area's claim kind, for WORK_BENEFIT_CLAIM
    subject: str = "person"  # person | employer: whom the dossier is about

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_vi

    def in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def _doc(code: str, vi: str, en: str, required: bool = True) -> Document:
    return Document(code, vi, en, required)


TK1 = _doc("TK1-TS", "Tờ khai tham gia, điều chỉnh thông tin BHXH, BHYT (mẫu TK1-TS)",
           "Participant declaration / change of information (form TK1-TS)")
TK3 = _doc("TK3-TS", "Tờ khai đơn vị tham gia, điều chỉnh thông tin BHXH, BHYT (mẫu TK3-TS)",
           "Employer declaration / change of unit information (form TK3-TS)")
D02 = _doc("D02-LT", "Báo cáo tình hình sử dụng lao động và danh sách tham gia (mẫu D02-LT)",
           "Employee list: increases, decreases, salary changes (form D02-LT)")
D01 = _doc("D01-TS", "Bảng kê thông tin (mẫu D01-TS)", "List of supporting documents (form D01-TS)", False)
PROOF = _doc("proof", "Giấy tờ chứng minh thông tin thay đổi", "Documents proving the changed information")
ID_DOC = _doc("id", "Căn cước / giấy tờ tùy thân (xuất trình)", "Citizen ID or other identity document (shown)")
OLD_CARD = _doc("old_card", "Thẻ BHYT cũ (nếu còn)", "The old HI card (if any)", False)
D05 = _doc("D05-TS", "Danh sách người tham gia BHXH tự nguyện, BHYT hộ gia đình (mẫu D05-TS)",
           "List of voluntary SI / household HI participants (form D05-TS)")
HH_LIST = _doc("hh-list", "Danh sách thành viên hộ gia đình tham gia BHYT (Mẫu số 4, Nghị định 188/2025)",
               "Household HI member list (Form 4 of Decree 188/2025)")
LIST_01B = _doc("01B-HSB", "Danh sách đề nghị giải quyết hưởng chế độ (mẫu 01B-HSB)",
                "List of claims for sickness/maternity/convalescence (form 01B-HSB)")
SICK_CERT = _doc("sick-cert", "Giấy chứng nhận nghỉ việc hưởng BHXH / giấy ra viện",
                 "Certificate of leave with SI benefit or hospital discharge paper")
BIRTH = _doc("birth", "Giấy khai sinh hoặc giấy chứng sinh của con", "The child's birth certificate")
SI_BOOK = _doc("si-book", "Sổ BHXH (hoặc mã số BHXH)", "SI book (or SI number)")
APPLICATION = _doc("application", "Đơn đề nghị / tờ khai hưởng chế độ", "Application for the benefit")
APP_14 = _doc("14-HSB", "Đơn đề nghị hưởng BHXH một lần (mẫu 14-HSB)", "Application for one-time SI (form 14-HSB)")
RETIRE = _doc("retire", "Quyết định nghỉ việc hoặc văn bản chấm dứt hợp đồng lao động",
              "Decision or document ending the employment")
MEDICAL = _doc("medical", "Biên bản giám định mức suy giảm khả năng lao động",
               "Medical assessment of the working-capacity loss")
ACCIDENT = _doc("accident", "Biên bản điều tra tai nạn lao động / hồ sơ bệnh nghề nghiệp",
                "Work-accident investigation report or occupational-disease file")
DEATH = _doc("death", "Giấy chứng tử hoặc giấy báo tử", "Death certificate")
SURVIVOR_DECL = _doc("survivor-decl", "Tờ khai của thân nhân", "Declaration of the survivors")
UI_APP = _doc("ui-app", "Đề nghị hưởng trợ cấp thất nghiệp (biểu mẫu điện tử, QĐ 990/QĐ-BNV)",
              "Application for unemployment benefit (e-form of Decision 990/QĐ-BNV)")
PAY_REQ = _doc("pay-req", "Đơn đề nghị thay đổi hình thức / nơi nhận lương hưu, trợ cấp",
               "Application to change the payment method or place")
RESUME_REQ = _doc("resume-req", "Đơn đề nghị hưởng tiếp lương hưu, trợ cấp BHXH",
                  "Application to resume the suspended pension or allowance")
RESUME_PROOF = _doc("resume-proof", "Giấy tờ chứng minh lý do tạm dừng đã chấm dứt",
                    "Documents showing that the reason for suspension has ended", False)


def _p(code: str, vi: str, en: str, group: str, limit: int, unit: str, docs: tuple[Document, ...], department: str,
       work: str, basis: str, status: str = "V-LAW", *, channels: tuple[str, ...] = ALL_CHANNELS,
       benefit_kind: str = "", subject: str = "person", valid_from: dt.date = FROM_2025_07) -> Procedure:
    return Procedure(code, vi, en, group, limit, unit, docs, channels, department, work, basis, status,
                     valid_from=valid_from, benefit_kind=benefit_kind, subject=subject)


_BENEFIT_DOCS = {
    "sickness": (LIST_01B, SICK_CERT),
    "maternity": (LIST_01B, BIRTH, SICK_CERT),
    "convalescence": (LIST_01B,),
    "work_injury": (APPLICATION, ACCIDENT, MEDICAL, SICK_CERT),
    "survivor_funeral": (SI_BOOK, DEATH, SURVIVOR_DECL),
    "survivor_monthly": (SI_BOOK, DEATH, SURVIVOR_DECL),
    "survivor_lump_sum": (SI_BOOK, DEATH, SURVIVOR_DECL),
    "pension": (SI_BOOK, RETIRE, APPLICATION),
    "one_time": (SI_BOOK, APP_14, ID_DOC),
    "unemployment": (UI_APP, RETIRE, SI_BOOK),
}

CATALOGUE: tuple[Procedure, ...] = (
    # --- collection, books and cards ------------------------------------------------------------------------
    _p("reg-person", "Đăng ký tham gia BHXH bắt buộc, BHYT; cấp sổ BHXH",
       "Registration for compulsory SI and HI; issue of the SI book", COLLECTION, 5, WORKING, (TK1, D02, D01),
       DEPT_COLLECTION, WORK_REGISTRATION, f"Law 41/2024 Art 28.4 (5 working days); {D863}"),
    _p("reg-employer", "Đăng ký tham gia của đơn vị; điều chỉnh thông tin đơn vị",
       "Employer registration or change of unit information", COLLECTION, 5, WORKING, (TK3, D02),
       DEPT_COLLECTION, WORK_REGISTRATION, f"Law 41/2024 Art 28.4, 29.2 (5 working days); {D863}",
       subject="employer"),
    _p("employee-changes", "Báo tăng, giảm lao động, điều chỉnh mức đóng BHXH, BHYT, BHTN (danh sách D02-LT)",
       "Employees joining, leaving, changing salary (list D02-LT)", COLLECTION, 5, WORKING, (D02,),
       DEPT_COLLECTION, WORK_REGISTRATION,
       f"Law 41/2024 Art 28.1 (the unit declares its employees within 30 days), 28.4 (5 working days); {D863}",
       "UNVERIFIED", subject="employer"),
    _p("change-info", "Điều chỉnh thông tin đăng ký tham gia BHXH, BHYT",
       "Change of registered SI/HI information", COLLECTION, 5, WORKING, (TK1, PROOF, SI_BOOK),
       DEPT_COLLECTION, WORK_CHANGE_INFO,
       f"Law 41/2024 Art 29.2 (5 working days; a refusal in writing with reasons); {D863}"),
    _p("hi-card-issue", "Cấp thẻ BHYT", "Issue of an HI card", COLLECTION, 5, WORKING, (TK1, ID_DOC),
       DEPT_COLLECTION, WORK_CARD_ISSUE,
       f"HI Law Art 17.2 as amended by Law 51/2024 Art 1.15 (5 working days); {D2306}; the receipt is accepted for "
       f"HI treatment while the card is issued ({D2555})"),
    _p("hi-card-reissue", "Cấp lại, đổi thẻ BHYT", "Reissue or exchange of an HI card", COLLECTION, 5, WORKING,
       (TK1, OLD_CARD, ID_DOC), DEPT_COLLECTION, WORK_CARD_REISSUE,
       f"HI Law Art 17.2 as amended (5 working days, taken for reissue as for issue); {D2306}; receipt accepted "
       f"for HI treatment ({D2555})", "UNVERIFIED"),
    _p("voluntary-si", "Đăng ký tham gia BHXH tự nguyện; cấp sổ BHXH",
       "Voluntary SI enrolment; issue of the SI book", COLLECTION, 5, WORKING, (TK1, D05), DEPT_COLLECTION,
       WORK_ENROLMENT, f"Law 41/2024 Art 28.4 (SI book in 5 working days); {D863}", "UNVERIFIED"),
    _p("household-hi", "Đăng ký tham gia BHYT hộ gia đình; cấp thẻ BHYT",
       "Household HI enrolment; issue of the HI cards", COLLECTION, 5, WORKING, (TK1, HH_LIST), DEPT_COLLECTION,
       WORK_ENROLMENT, f"HI Law Art 17.2 as amended by Law 51/2024 (card in 5 working days); {D2306}"),
    # --- benefits --------------------------------------------------------------------------------------------
    _p("benefit-sickness", "Giải quyết hưởng chế độ ốm đau", "Sickness benefit", BENEFITS, 7, WORKING,
       _BENEFIT_DOCS["sickness"], DEPT_BENEFITS, WORK_BENEFIT_CLAIM,
       f"Law 41/2024 Art 48 (agency: 7 working days from the employer's complete file); {D863}",
       benefit_kind="sickness"),
    _p("benefit-maternity", "Giải quyết hưởng chế độ thai sản", "Maternity benefit", BENEFITS, 7, WORKING,
       _BENEFIT_DOCS["maternity"], DEPT_BENEFITS, WORK_BENEFIT_CLAIM,
       f"Law 41/2024 Art 62–63 (7 working days from the employer's file); {D863}", benefit_kind="maternity"),
    _p("benefit-maternity-direct", "Giải quyết hưởng chế độ thai sản (người lao động nộp trực tiếp)",
       "Maternity benefit filed by the employee", BENEFITS, 5, WORKING, _BENEFIT_DOCS["maternity"],
       DEPT_BENEFITS, WORK_BENEFIT_CLAIM, f"Law 41/2024 Art 63 (5 working days when the employee files); {D863}",
       benefit_kind="maternity"),
    _p("benefit-convalescence", "Giải quyết hưởng dưỡng sức, phục hồi sức khỏe", "Convalescence benefit",
       BENEFITS, 7, WORKING, _BENEFIT_DOCS["convalescence"], DEPT_BENEFITS, WORK_BENEFIT_CLAIM,
       f"Law 41/2024 Art 49 (with the sickness/maternity procedure, 7 working days); {D863}",
       benefit_kind="convalescence"),
    _p("benefit-work-injury", "Giải quyết hưởng chế độ tai nạn lao động, bệnh nghề nghiệp",
       "Work-injury or occupational-disease benefit", BENEFITS, 6, WORKING, _BENEFIT_DOCS["work_injury"],
       DEPT_BENEFITS, WORK_BENEFIT_CLAIM, "OSH Law 84/2015 Art 59.2 (6 working days)", "UNVERIFIED",
       benefit_kind="work_injury"),
    _p("benefit-pension", "Giải quyết hưởng lương hưu", "Retirement pension", BENEFITS, 20, EXCL_HOLIDAYS,
       _BENEFIT_DOCS["pension"], DEPT_BENEFITS, WORK_BENEFIT_CLAIM,
       f"Law 41/2024 Art 79.3 (20 days not counting public holidays and Tết); {D863} (quoted in TVPL-863)",
       benefit_kind="pension"),
    _p("benefit-one-time", "Giải quyết hưởng BHXH một lần", "One-time social insurance", BENEFITS, 7, WORKING,
       _BENEFIT_DOCS["one_time"], DEPT_BENEFITS, WORK_BENEFIT_CLAIM, f"Law 41/2024 Art 79.3 (7 working days); {D863}",
       benefit_kind="one_time"),
    _p("benefit-survivor-funeral", "Giải quyết trợ cấp mai táng", "Survivors: funeral grant", BENEFITS, 10,
       WORKING, _BENEFIT_DOCS["survivor_funeral"], DEPT_BENEFITS, WORK_BENEFIT_CLAIM,
       f"Law 41/2024 Art 91 (10 working days); {D863}", benefit_kind="survivor_funeral"),
    _p("benefit-survivor-monthly", "Giải quyết trợ cấp tuất hằng tháng", "Survivors: monthly allowance", BENEFITS,
       10, WORKING, _BENEFIT_DOCS["survivor_monthly"], DEPT_BENEFITS, WORK_BENEFIT_CLAIM,
       f"Law 41/2024 Art 91 (10 working days); {D863}", benefit_kind="survivor_monthly"),
    _p("benefit-survivor-lump-sum", "Giải quyết trợ cấp tuất một lần", "Survivors: lump sum", BENEFITS, 10,
       WORKING, _BENEFIT_DOCS["survivor_lump_sum"], DEPT_BENEFITS, WORK_BENEFIT_CLAIM,
       f"Law 41/2024 Art 91 (10 working days); {D863}", benefit_kind="survivor_lump_sum"),
    _p("benefit-unemployment", "Giải quyết hưởng trợ cấp thất nghiệp", "Unemployment benefit", BENEFITS, 10,
       WORKING, _BENEFIT_DOCS["unemployment"], DEPT_BENEFITS, WORK_BENEFIT_CLAIM,
       "Employment Law 74/2025 Art 39.3 (benefit from the 11th working day after the complete file)", "V-SEC",
       benefit_kind="unemployment"),
    _p("benefit-art23", "Giải quyết trợ cấp hằng tháng cho người chưa đủ điều kiện hưởng lương hưu (Điều 23)",
       "Monthly allowance for those not eligible for a pension (Art 23)", BENEFITS, 5, WORKING,
       (SI_BOOK, APPLICATION), DEPT_BENEFITS, WORK_NONE, f"Law 41/2024 Art 24.2 (5 working days); {D863}"),
    _p("payment-change", "Thay đổi hình thức, nơi nhận lương hưu, trợ cấp BHXH",
       "Change of the payment method or place of a pension or allowance", BENEFITS, 5, WORKING, (PAY_REQ, ID_DOC),
       DEPT_BENEFITS, WORK_PAYMENT_CHANGE, f"Law 41/2024 Art 82.2 (5 working days); {D863}"),
    _p("pension-resume", "Hưởng tiếp lương hưu, trợ cấp BHXH hằng tháng bị tạm dừng",
       "Resuming a suspended pension or monthly allowance", BENEFITS, 10, WORKING, (RESUME_REQ, RESUME_PROOF),
       DEPT_BENEFITS, WORK_PENSION_RESUME, f"Law 41/2024 Art 81.2 (10 working days); {D863}"),
    # --- health insurance --------------------------------------------------------------------------------------
    _p("hi-direct-payment", "Thanh toán trực tiếp chi phí khám bệnh, chữa bệnh BHYT",
       "Direct reimbursement of HI treatment costs", HEALTH, 40, CALENDAR_DAYS,
       (APPLICATION, _doc("invoices", "Hóa đơn, chứng từ chi phí khám chữa bệnh", "Invoices and medical bills"),
        ID_DOC), DEPT_HEALTH, WORK_NONE, f"HI Law Art 32.3 (40 days); {D2306}"),
)

_BY_CODE: dict[str, tuple[Procedure, ...]] = {}
for _proc in CATALOGUE:
    _BY_CODE.setdefault(_proc.code, ())
    _BY_CODE[_proc.code] = (*_BY_CODE[_proc.code], _proc)


def procedure(code: str, on: dt.date) -> Procedure:
    """The version of procedure `code` in force on `on`."""
    versions = _BY_CODE.get(code)
    if not versions:
        raise RuleError("unknown_procedure", f"no procedure {code!r} in the catalogue", field="procedure")
    for version in versions:
        if version.in_force(on):
            return version
    raise RuleError("not_in_force", f"procedure {code!r} is not in force on {on.isoformat()}", field="procedure")


def procedures_in_force(on: dt.date) -> list[Procedure]:
    return [p for p in CATALOGUE if p.in_force(on)]


def procedure_codes() -> list[str]:
    return list(_BY_CODE)


# --- the moment of receipt: after office hours -------------------------------------------------------------------

SAME_DAY = "same_day"
NEXT_WORKING_DAY = "next_working_day"
AFTER_HOURS_RULES = (SAME_DAY, NEXT_WORKING_DAY)
OFFICE_END = dt.time(17, 0)
AFTER_HOURS_BASIS = (
    "UNVERIFIED: no provision was found on when a dossier received after office hours (at the desk or online "
    "outside working time) counts as received — searched the one-stop rules (Decree 61/2018 as amended by Decree "
    "107/2021, Decree 118/2025, Circular 01/2018/TT-VPCP, Decision 2306/QĐ-BYT) and Decree 45/2020 on electronic "
    "procedures; the only same-day cut-offs found (15:00) belong to civil-status and certification procedures "
    "(Decree 23/2015 Art 21), not to SI/HI. Conservative rule (default): the hour does not move the count — the day "
    "of receipt is not counted and the limit runs from the next day (Civil Code Art 147.1), so the time limit is "
    "never lengthened; a dossier received on a non-working day counts from the next working day by the same rule. "
    "An agency whose one-stop rules count after-hours dossiers as received on the next working day chooses "
    "next_working_day (setting ANSINH_AFTER_HOURS)."
)


@dataclass(frozen=True)
class ReceivedDay:
    """The day a dossier counts as received (the time limit runs from the next day) and why."""

    moment: str
    counted_day: dt.date
    after_hours: bool
    rule: str
    explanation: str
    explanation_vi: str


def received_day(moment: dt.datetime | dt.date, *, calendar: Calendar, rule: str = SAME_DAY,
                 office_end: dt.time = OFFICE_END) -> ReceivedDay:
    """The day a dossier received at `moment` (local time) counts as received, under the after-hours `rule`."""
    if rule not in AFTER_HOURS_RULES:
        raise RuleError("bad_choice", f"after_hours must be one of {', '.join(AFTER_HOURS_RULES)}", field="after_hours")
    if not isinstance(moment, dt.datetime):
        return ReceivedDay(moment.isoformat(), moment, False, rule, "", "")
    day = moment.date()
    off_day = not calendar.is_working_day(day)
    late = moment.time() >= office_end
    text = f"{moment:%d/%m/%Y %H:%M}"
    if not off_day and not late:
        return ReceivedDay(moment.isoformat(timespec="minutes"), day, False, rule, "", "")
    when_en = "on a non-working day" if off_day else f"after office hours (from {office_end:%H:%M})"
    when_vi = "vào ngày nghỉ" if off_day else f"sau giờ hành chính (từ {office_end:%H:%M})"
    if rule == NEXT_WORKING_DAY:
        counted = day + dt.timedelta(days=1)
        while not calendar.is_working_day(counted):
            counted += dt.timedelta(days=1)
        en = (f"Received {text}, {when_en}: counted as received on the next working day {counted:%d/%m/%Y}; the "
              f"limit runs from the day after (agency's rule next_working_day, UNVERIFIED).")
        vi = (f"Tiếp nhận {text}, {when_vi}: tính là tiếp nhận vào ngày làm việc tiếp theo {counted:%d/%m/%Y}; thời "
              f"hạn tính từ ngày kế tiếp (quy định của cơ quan, CHƯA KIỂM CHỨNG).")
    else:
        counted = day
        en = (f"Received {text}, {when_en}: counted as received that day; the limit runs from the next "
              f"{'working ' if off_day else ''}day (conservative rule, UNVERIFIED: the hour never lengthens the limit).")
        vi = (f"Tiếp nhận {text}, {when_vi}: tính là tiếp nhận trong ngày; thời hạn tính từ ngày "
              f"{'làm việc ' if off_day else ''}kế tiếp (cách tính thận trọng, CHƯA KIỂM CHỨNG).")
    return ReceivedDay(moment.isoformat(timespec="minutes"), counted, True, rule, en, vi)


# --- `ansinh calc due-date` ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueDateResult:
    received: dt.date
    received_at: str
    procedure: str
    procedure_name: str
    limit: int
    unit: str
    due: dt.date
    skipped: tuple[dict[str, str], ...]
    basis: str
    status: str
    counting: str
    counted_from: dt.date | None = None
    after_hours: str = ""
    after_hours_vi: str = ""
    after_hours_basis: str = ""


RECEIVED_FORM = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?)?$")
OFFICE_END_FORM = re.compile(r"^\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?$")


def _received(data: Mapping[str, Any]) -> tuple[dt.datetime | dt.date, str]:
    value = data.get("received")
    if value in (None, ""):
        raise RuleError("required", "received is required (YYYY-MM-DD or YYYY-MM-DDTHH:MM)", field="received")
    try:
        if not isinstance(value, str) or not RECEIVED_FORM.match(value.strip()):
            raise ValueError  # a JSON number (20260212) or a basic ISO form is not read as a date
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise RuleError("bad_date", f"received must be a date or a moment, got {value!r}", field="received") from None
    if "T" in str(value) or " " in str(value).strip():
        return moment.replace(tzinfo=None), moment.isoformat(timespec="minutes")
    return moment.date(), moment.date().isoformat()


def _office_end(data: Mapping[str, Any]) -> dt.time:
    value = data.get("office_end")
    if value in (None, ""):
        return OFFICE_END
    try:
        # HH:MM[:SS] only: Python also reads "1000…0" as 10:00
        end = dt.time.fromisoformat(value) if isinstance(value, str) and OFFICE_END_FORM.match(value) else None
    except ValueError:
        end = None
    if end is None or end.tzinfo is not None:  # local time of the office: an offset would compare with nothing
        raise RuleError("bad_time", f"office_end must be a local time HH:MM, got {value!r}", field="office_end")
    return end


def _entries(data: Mapping[str, Any], name: str) -> dict[dt.date, str]:
    raw = data.get(name) or {}
    if not isinstance(raw, Mapping):
        raise RuleError("not_object", f"{name} must be an object {{date: reason}}", field=name)
    out = {}
    for key, reason in raw.items():
        try:
            out[dt.date.fromisoformat(str(key))] = str(reason or name)
        except ValueError:
            raise RuleError("bad_date", f"{name}: {key!r} is not a date YYYY-MM-DD", field=name) from None
    return out


def due_date_run(data: Mapping[str, Any]) -> DueDateResult:
    """Due date of a procedure (or of a limit in working days / days excluding holidays / days) from the moment
    the complete dossier was received, with every day skipped and why. A year without a holiday table (the working
    days' calendar, `no_holiday_table`) is refused under `received`, the input field that led to it."""
    try:
        return _due_date(data)
    except RuleError as exc:
        if exc.field != "year":
            raise
        raise RuleError(exc.code, f"{exc.message}: the due date from received {data.get('received')} cannot be "
                        "counted", field="received") from None


def _due_date(data: Mapping[str, Any]) -> DueDateResult:
    moment, received_at = _received(data)
    calendar = Calendar(extra_off=_entries(data, "extra_off"), extra_work=_entries(data, "extra_work"))
    rule = field_choice(data, "after_hours", AFTER_HOURS_RULES, default=SAME_DAY)
    receipt = received_day(moment, calendar=calendar, rule=rule, office_end=_office_end(data))
    received = receipt.counted_day
    code = data.get("procedure")
    if code:
        for name in ("limit", "unit"):
            if data.get(name) is not None:
                raise RuleError("conflicting_fields", f"{name} is given with a procedure, whose own time limit applies: "
                                "give either a procedure or a limit (and unit)", field=name)
        proc = procedure(str(code), moment.date() if isinstance(moment, dt.datetime) else moment)
        limit, unit, basis, status, name = proc.limit, proc.unit, proc.basis, proc.status, proc.name_en
    else:
        if data.get("limit") is None:
            raise RuleError("required", "give a procedure code or a limit", field="procedure")
        limit = field_int(data, "limit", minimum=0)
        unit = field_choice(data, "unit", (WORKING, EXCL_HOLIDAYS, CALENDAR_DAYS), default=WORKING)
        basis, status, name, code = "limit given in the input", "", "", ""
    due = explain_due(received, limit, unit, calendar=calendar, basis=basis)
    return DueDateResult(
        received=moment.date() if isinstance(moment, dt.datetime) else moment, received_at=received_at, procedure=str(code or ""), procedure_name=name, limit=limit,
        unit=unit, due=due.due,
        skipped=tuple({"date": s.day.isoformat(), "reason": s.reason, "reason_vi": s.reason_vi} for s in due.skipped),
        basis=basis, status=status, counting=due.counting + " Holidays: " + HOLIDAY_BASIS,
        counted_from=received, after_hours=receipt.explanation, after_hours_vi=receipt.explanation_vi,
        after_hours_basis=AFTER_HOURS_BASIS if receipt.after_hours else "",
    )


DUE_DATE_SPEC = CalculatorSpec(
    "due-date",
    "Due date of an administrative procedure from the moment received: working days over weekends, Tết and "
    "compensatory days (Law 41/2024 time limits; rules.procedures catalogue)",
    due_date_run,
    {"received": "2026-02-12T09:30", "procedure": "benefit-one-time"},
    fields=("received", "procedure", "limit", "unit", "extra_off", "extra_work", "after_hours", "office_end"),
    date_field="received",
    types={"limit": "int", "unit": "str", "extra_off": "object", "extra_work": "object", "office_end": "str"},
)

CALCULATORS = {DUE_DATE_SPEC.kind: DUE_DATE_SPEC}
