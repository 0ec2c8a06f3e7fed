"""Reading a Decision 130/4750 GIAMDINHHS file: streaming (defusedxml iterparse, one HOSO at a time, limits on the
file and on each base64 table) and strict: every problem is reported as {table, ma_lk, line, field, message}, as the
portal answers per field; the caller writes nothing when any is found.

`read_file` gives raw episodes (field → text, as the generator also makes them); `normalise` turns one into the
episode's columns and its lines' columns, with the problems found."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from ansinh.core.text import fold
from ansinh.rules import healthcare as hc
from ansinh.rules.hi_card import is_card_number
from ansinh.rules.tables import RuleError
from ansinh.rules.working_days import add_working_days

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_TABLE_BYTES = 20 * 1024 * 1024
PARSED_TABLES = ("XML1", "XML2", "XML3")
KNOWN_TABLES = ("XML0", *PARSED_TABLES, *(f"XML{n}" for n in range(4, 16)))
XML1_REQUIRED = ("MA_LK", "HO_TEN", "MA_THE_BHYT", "GT_THE_TU", "GT_THE_DEN", "NGAY_VAO", "NGAY_RA", "MA_LOAI_KCB",
                 "MA_CSKCB", "NAM_QT", "THANG_QT", "T_TONGCHI_BV", "T_TONGCHI_BH", "T_BHTT")
XML2_REQUIRED = ("MA_LK", "STT", "MA_THUOC", "MA_NHOM", "SO_LUONG", "DON_GIA", "THANH_TIEN_BV", "THANH_TIEN_BH",
                 "MUC_HUONG", "NGAY_YL")
XML3_REQUIRED = ("MA_LK", "STT", "MA_NHOM", "SO_LUONG", "DON_GIA_BH", "THANH_TIEN_BV", "THANH_TIEN_BH", "MUC_HUONG",
                 "NGAY_YL")


@dataclass
class RawEpisode:
    facility_code: str
    xml1: dict[str, str]
    xml2: list[dict[str, str]] = field(default_factory=list)
    xml3: list[dict[str, str]] = field(default_factory=list)
    raw: dict[str, str] = field(default_factory=dict)
    digest: str = ""


class _Limited:
    """A byte stream that refuses to read beyond the limit."""

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self.stream, self.limit, self.read_bytes = stream, limit, 0

    def read(self, n: int = -1) -> bytes:
        chunk = self.stream.read(n if n and n > 0 else 1 << 16)
        self.read_bytes += len(chunk)
        if self.read_bytes > self.limit:
            raise _TooLarge()
        return chunk


class _TooLarge(Exception):
    pass


def problem(table: str, message: str, *, ma_lk: str = "", line: int | None = None, field: str = "") -> dict[str, Any]:
    return {"table": table, "ma_lk": ma_lk, "line": line, "field": field, "message": message}


def _fields(element: Element) -> dict[str, str]:
    return {child.tag: (child.text or "").strip() for child in element if len(child) == 0}


def _rows(root: Element, tag: str) -> list[dict[str, str]]:
    return [_fields(el) for el in root.iter(tag)]


def read_file(stream: IO[bytes], *, max_bytes: int = MAX_FILE_BYTES,
              max_table_bytes: int = MAX_TABLE_BYTES) -> tuple[list[RawEpisode], list[dict[str, Any]]]:
    """All episodes of a GIAMDINHHS file and the problems found (structure, base64, table XML)."""
    episodes: list[RawEpisode] = []
    problems: list[dict[str, Any]] = []
    facility = ""
    declared: int | None = None
    limited = _Limited(stream, max_bytes)
    root_seen = False
    try:
        for event, el in SafeET.iterparse(limited, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                if not root_seen:
                    root_seen = True
                    if el.tag != "GIAMDINHHS":
                        problems.append(problem("GIAMDINHHS", f"root element must be GIAMDINHHS, not {el.tag}"))
                        return [], problems
                continue
            if el.tag == "MACSKCB":
                facility = (el.text or "").strip()
            elif el.tag == "SOLUONGHOSO":
                try:
                    declared = int((el.text or "").strip())
                except ValueError:
                    problems.append(problem("THONGTINHOSO", "SOLUONGHOSO is not a number", field="SOLUONGHOSO"))
            elif el.tag == "HOSO":
                episodes.append(_read_hoso(el, facility, len(episodes) + 1, problems, max_table_bytes))
                el.clear()
    except _TooLarge:
        return [], [problem("GIAMDINHHS", f"file larger than {max_bytes} bytes")]
    except DefusedXmlException as exc:
        return [], [problem("GIAMDINHHS", f"forbidden XML construct: {type(exc).__name__}")]
    except SafeET.ParseError as exc:
        return [], [problem("GIAMDINHHS", f"not well-formed XML: {exc}")]
    if not facility:
        problems.append(problem("THONGTINDONVI", "MACSKCB is required", field="MACSKCB"))
    elif len(facility) != 5:
        problems.append(problem("THONGTINDONVI", "MACSKCB must have 5 characters", field="MACSKCB"))
    if declared is not None and declared != len(episodes):
        problems.append(problem("THONGTINHOSO", f"SOLUONGHOSO says {declared}, the file holds {len(episodes)}",
                                field="SOLUONGHOSO"))
    if not episodes and not problems:
        problems.append(problem("DANHSACHHOSO", "the file holds no episode (HOSO)"))
    for ep in episodes:
        ep.facility_code = facility
    return episodes, problems


def _read_hoso(el: Element, facility: str, n: int, problems: list[dict[str, Any]], max_table: int) -> RawEpisode:
    ep = RawEpisode(facility, {})
    digest = hashlib.sha256()
    for f in el.iter("FILEHOSO"):
        kind = (f.findtext("LOAIHOSO") or "").strip().upper()
        content = (f.findtext("NOIDUNGFILE") or "").strip()
        where = f"HOSO {n}"
        if kind not in KNOWN_TABLES:
            problems.append(problem(kind or "FILEHOSO", f"{where}: unknown LOAIHOSO {kind!r}", field="LOAIHOSO"))
            continue
        if len(content) > max_table * 4 // 3 + 4:
            problems.append(problem(kind, f"{where}: table larger than {max_table} bytes", field="NOIDUNGFILE"))
            continue
        try:
            data = base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError):
            problems.append(problem(kind, f"{where}: NOIDUNGFILE is not valid base64", field="NOIDUNGFILE"))
            continue
        digest.update(kind.encode() + b"\0" + data + b"\0")
        if kind not in PARSED_TABLES:
            ep.raw[kind] = data.decode("utf-8", errors="replace")
            continue
        try:
            root = SafeET.fromstring(data, forbid_dtd=True)
        except DefusedXmlException as exc:
            problems.append(problem(kind, f"{where}: forbidden XML construct {type(exc).__name__}", field="NOIDUNGFILE"))
            continue
        except SafeET.ParseError as exc:
            problems.append(problem(kind, f"{where}: not well-formed XML: {exc}", field="NOIDUNGFILE"))
            continue
        if kind == "XML1":
            ep.xml1 = _fields(root)
        elif kind == "XML2":
            ep.xml2 = _rows(root, "CHI_TIET_THUOC")
        else:
            ep.xml3 = _rows(root, "CHI_TIET_DVKT")
    if not ep.xml1:
        problems.append(problem("XML1", f"HOSO {n}: table XML1 is missing"))
    ep.digest = digest.hexdigest()
    return ep


# --- normalising ---------------------------------------------------------------------------------------------------

def _missing(row: dict[str, str], names: tuple[str, ...], table: str, ma_lk: str, line: int | None,
             out: list[dict[str, Any]]) -> bool:
    bad = False
    for name in names:
        if not row.get(name, "").strip():
            out.append(problem(table, f"{name} is required", ma_lk=ma_lk, line=line, field=name))
            bad = True
    return bad


class _Reader:
    """Converts fields one by one, collecting a problem per bad field instead of stopping at the first."""

    def __init__(self, row: dict[str, str], table: str, ma_lk: str, line: int | None, out: list[dict[str, Any]]):
        self.row, self.table, self.ma_lk, self.line, self.out = row, table, ma_lk, line, out

    def _do(self, fn: Any, name: str, *args: Any) -> Any:
        try:
            return fn(self.row.get(name, ""), name, *args)
        except RuleError as exc:
            self.out.append(problem(self.table, exc.message, ma_lk=self.ma_lk, line=self.line, field=name))
            return None

    def money(self, name: str) -> int:
        return self._do(hc.parse_money, name) or 0

    def milli(self, name: str) -> int:
        return self._do(hc.parse_milli, name) or 0

    def int(self, name: str, default: int = 0) -> int:
        v = self._do(hc.parse_int, name, default)
        return default if v is None else v

    def time(self, name: str, optional: bool = False) -> int | None:
        if optional and not self.row.get(name, "").strip():
            return None
        return self._do(hc.parse_time, name)

    def date(self, name: str, optional: bool = False) -> Any:
        if optional and not self.row.get(name, "").strip():
            return None
        return self._do(hc.parse_date, name)

    def text(self, name: str, size: int) -> str:
        value = self.row.get(name, "").strip()
        if len(value) > size:
            self.out.append(problem(self.table, f"{name} longer than {size} characters", ma_lk=self.ma_lk,
                                    line=self.line, field=name))
            return value[:size]
        return value


def _half_up(value: Decimal) -> int:
    return int(value.to_integral_value(ROUND_HALF_UP))


@dataclass
class Normalised:
    episode: dict[str, Any]
    lines: list[dict[str, Any]]
    raw: dict[str, str]
    appointment: dict[str, Any] | None = None  # XML14, parsed (AppointmentSlip's columns)


def normalise(ep: RawEpisode, out: list[dict[str, Any]]) -> Normalised | None:
    """The episode's and lines' columns; problems are appended to `out` (None when the episode cannot be read)."""
    x1 = ep.xml1
    ma_lk = x1.get("MA_LK", "").strip()
    start = len(out)
    _missing(x1, XML1_REQUIRED, "XML1", ma_lk, None, out)
    r = _Reader(x1, "XML1", ma_lk, None, out)
    if x1.get("MA_CSKCB", "").strip() and x1["MA_CSKCB"].strip() != ep.facility_code:
        out.append(problem("XML1", f"MA_CSKCB {x1['MA_CSKCB']} differs from the sender {ep.facility_code}",
                           ma_lk=ma_lk, field="MA_CSKCB"))
    cards = [c.strip() for c in x1.get("MA_THE_BHYT", "").split(";") if c.strip()]
    card = cards[0] if cards else ""
    if len(card) > 15:
        out.append(problem("XML1", "MA_THE_BHYT: each card has 15 characters", ma_lk=ma_lk, field="MA_THE_BHYT"))
    admitted = r.time("NGAY_VAO")
    discharged = r.time("NGAY_RA")
    card_from = r.date("GT_THE_TU")
    card_to = r.date("GT_THE_DEN")
    birth = r.date("NGAY_SINH", optional=True)
    exempt = r.date("NGAY_MIEN_CCT", optional=True)
    year, month = r.int("NAM_QT"), r.int("THANG_QT")
    visit_type = x1.get("MA_LOAI_KCB", "").strip().zfill(2)
    if admitted is not None and discharged is not None and discharged < admitted:
        out.append(problem("XML1", "NGAY_RA is before NGAY_VAO", ma_lk=ma_lk, field="NGAY_RA"))
    if year and not 1 <= month <= 12:
        out.append(problem("XML1", "THANG_QT must be 1 to 12", ma_lk=ma_lk, field="THANG_QT"))
    sex = {"1": "M", "2": "F"}.get(x1.get("GIOI_TINH", "").strip(), "")
    episode = {
        "facility_code": ep.facility_code, "ma_lk": r.text("MA_LK", 100), "digest": ep.digest,
        "patient_code": r.text("MA_BN", 100), "full_name": r.text("HO_TEN", 255),
        "name_key": fold(x1.get("HO_TEN", ""))[:255], "birth_date": birth, "sex": sex,
        "citizen_id": r.text("SO_CCCD", 15), "card_number": card[:15], "card_numbers": x1.get("MA_THE_BHYT", "")[:200],
        "registered_code": r.text("MA_DKBD", 5), "referred_from": r.text("MA_NOI_DI", 5),
        "referral_number": r.text("GIAY_CHUYEN_TUYEN", 50),
        "patient_kind": r.text("MA_DOITUONG_KCB", 4), "visit_type": visit_type,
        "treatment_days": r.int("SO_NGAY_DTRI"), "outcome": r.int("KET_QUA_DTRI"),
        "discharge_kind": r.int("MA_LOAI_RV"), "main_icd": r.text("MA_BENH_CHINH", 20),
        "department": r.text("MA_KHOA", 50),
        "t_thuoc": r.money("T_THUOC"), "t_vtyt": r.money("T_VTYT"), "t_tongchi_bv": r.money("T_TONGCHI_BV"),
        "t_tongchi_bh": r.money("T_TONGCHI_BH"), "t_bntt": r.money("T_BNTT"), "t_bncct": r.money("T_BNCCT"),
        "t_bhtt": r.money("T_BHTT"), "t_nguonkhac": r.money("T_NGUONKHAC"), "xml1": dict(x1),
    }
    inpatient_from = r.time("NGAY_VAO_NOI_TRU", optional=True)
    lines: list[dict[str, Any]] = []
    for table, rows in (("XML2", ep.xml2), ("XML3", ep.xml3)):
        for i, row in enumerate(rows, start=1):
            line = _line(table, row, i, ma_lk, out)
            if line is not None:
                lines.append(line)
    slip = _slip(ep, ma_lk, out)
    appointment = _appointment(ep, ma_lk, out)
    if len(out) > start or admitted is None or discharged is None or card_from is None or card_to is None:
        return None
    slip_day = slip.pop("day", None) or (hc.EPOCH_DAY + dt.timedelta(days=hc.day_of(discharged)))
    if slip.get("slip_number"):
        try:
            valid_to = add_working_days(slip_day, hc.REFERRAL_SLIP.at(slip_day))
            episode["slip_valid_day"] = hc.day_number(valid_to)
        except RuleError:  # no holiday table or rule for the year: the slip's validity is not known
            episode["slip_valid_day"] = None
    episode.update(slip)
    admitted_day = hc.day_of(admitted)
    admitted_date = hc.EPOCH_DAY + dt.timedelta(days=admitted_day)
    problem_code = ""
    if not is_card_number(card):
        problem_code = "051"
    else:
        accepted = hc.card_digits_accepted(card, admitted_date)
        if accepted and int(card[2]) not in accepted:
            problem_code = "053"
    episode.update(
        period=dt.date(year, month, 1), admitted=admitted, admitted_day=admitted_day,
        admitted_date=admitted_date, discharged=discharged, discharged_day=hc.day_of(discharged),
        inpatient_from=inpatient_from, card_from_day=hc.day_number(card_from), card_to_day=hc.day_number(card_to),
        exempt_day=hc.day_number(exempt) if exempt else None, card_problem=problem_code,
        card_pct=hc.card_level(card, admitted_date) if problem_code != "051" else 0,
        threshold=hc.small_visit_threshold(admitted_date),
        first_order=min((line["ordered"] for line in lines), default=None),
        last_order=max((line["ordered"] for line in lines), default=None),
        line_count=len(lines),
    )
    raw = {k: v for k, v in ep.raw.items() if k != "XML14"} if appointment is not None else ep.raw
    return Normalised(episode, lines, raw, appointment)


# XML14 (Decision 4750 Table 14): (field, max characters or None for "n"), required ones as the validation
# workbook marks them (column "Bắt buộc"), and the fields that repeat XML1 and must then equal it ("Nếu có dữ liệu
# thì phải giống thông tin này ở bảng 1").
XML14_TEXT = (("SO_GIAYHEN_KL", 50), ("MA_CSKCB", 5), ("HO_TEN", 255), ("DIA_CHI", 1024), ("MA_THE_BHYT", None),
              ("GT_THE_DEN", None), ("CHAN_DOAN_RV", None), ("MA_BENH_CHINH", 7), ("MA_BENH_KT", 100),
              ("MA_BENH_YHCT", 255), ("MA_DOITUONG_KCB", 4), ("MA_BAC_SI", 255), ("MA_TTDV", 10), ("DU_PHONG", None))
XML14_REQUIRED = ("MA_LK", "SO_GIAYHEN_KL", "MA_CSKCB", "HO_TEN", "NGAY_HEN_KL", "MA_BAC_SI", "MA_TTDV", "NGAY_CT")
XML14_AS_XML1 = ("DIA_CHI", "MA_THE_BHYT", "GT_THE_DEN", "CHAN_DOAN_RV", "MA_BENH_CHINH", "MA_BENH_KT", "MA_BENH_YHCT",
                 "MA_DOITUONG_KCB")
XML14_TIMES_AS_XML1 = ("NGAY_VAO", "NGAY_VAO_NOI_TRU", "NGAY_RA")


def _appointment(ep: RawEpisode, ma_lk: str, out: list[dict[str, Any]]) -> dict[str, Any] | None:
    """XML14, the appointment slip this facility issued at the end of the episode: every field read and checked
    (size, type, required, equal to XML1 where it repeats it); None when the episode has no XML14."""
    text = ep.raw.get("XML14")
    if text is None:
        return None
    row = _record(text, "XML14", ma_lk, out)
    if row is None:
        return {}
    _missing(row, XML14_REQUIRED, "XML14", ma_lk, None, out)
    r = _Reader(row, "XML14", ma_lk, None, out)
    x1 = ep.xml1

    def bad(name: str, message: str) -> None:
        out.append(problem("XML14", message, ma_lk=ma_lk, field=name))

    if row.get("MA_LK") and row["MA_LK"] != ma_lk:
        bad("MA_LK", f"MA_LK {row['MA_LK']} differs from XML1 {ma_lk}")
    values = {name: (r.text(name, size) if size else row.get(name, "")) for name, size in XML14_TEXT}
    if values["MA_CSKCB"] and values["MA_CSKCB"] != ep.facility_code:
        bad("MA_CSKCB", f"MA_CSKCB {values['MA_CSKCB']} differs from the sender {ep.facility_code}")
    if values["MA_TTDV"] and not (len(values["MA_TTDV"]) == 10 and values["MA_TTDV"].isdigit()):
        bad("MA_TTDV", "MA_TTDV must be the 10-digit social-insurance code")
    for name in XML14_AS_XML1:
        if values[name] and values[name] != x1.get(name, "").strip():
            bad(name, f"{name} differs from XML1")
    for part in [p.strip() for p in values["GT_THE_DEN"].split(";") if p.strip()]:
        try:
            hc.parse_date(part, "GT_THE_DEN")
            ok = len(part) == 8
        except RuleError:
            ok = False
        if not ok:
            bad("GT_THE_DEN", f"GT_THE_DEN: expected yyyymmdd, got {part!r}")
            break
    birth = r.date("NGAY_SINH", optional=True)
    if row.get("NGAY_SINH") and len(row["NGAY_SINH"]) > 12:
        bad("NGAY_SINH", "NGAY_SINH longer than 12 characters")
    if row.get("NGAY_SINH") and birth is not None and x1.get("NGAY_SINH", "").strip() \
            and row["NGAY_SINH"][:8] != x1["NGAY_SINH"].strip()[:8]:
        bad("NGAY_SINH", "NGAY_SINH differs from XML1")
    sex = None
    if row.get("GIOI_TINH"):
        if row["GIOI_TINH"] not in ("1", "2", "3"):
            bad("GIOI_TINH", "GIOI_TINH must be 1, 2 or 3")
        elif row["GIOI_TINH"] != x1.get("GIOI_TINH", "").strip():
            bad("GIOI_TINH", "GIOI_TINH differs from XML1")
        else:
            sex = int(row["GIOI_TINH"])
    times: dict[str, int | None] = {}
    for name in (*XML14_TIMES_AS_XML1, "NGAY_HEN_KL"):
        value = row.get(name, "")
        if len(value) > 12:
            bad(name, f"{name} longer than 12 characters")
            continue
        times[name] = r.time(name, optional=name != "NGAY_HEN_KL")
        if name in XML14_TIMES_AS_XML1 and times[name] is not None:
            try:
                same = hc.parse_time(x1.get(name, ""), name) == times[name]
            except RuleError:
                same = False
            if not same:
                bad(name, f"{name} differs from XML1")
    issued = None
    if row.get("NGAY_CT"):
        if len(row["NGAY_CT"]) != 8:
            bad("NGAY_CT", f"NGAY_CT: expected yyyymmdd, got {row['NGAY_CT']!r}")
        else:
            issued = r.date("NGAY_CT")
    if issued is None or times.get("NGAY_HEN_KL") is None:
        return {}
    return {
        "ma_lk": row.get("MA_LK", "")[:100], "number": values["SO_GIAYHEN_KL"], "facility_code": values["MA_CSKCB"],
        "full_name": values["HO_TEN"], "birth_date": birth, "sex": sex, "address": values["DIA_CHI"],
        "card_numbers": values["MA_THE_BHYT"], "card_to": values["GT_THE_DEN"], "admitted": times.get("NGAY_VAO"),
        "inpatient_from": times.get("NGAY_VAO_NOI_TRU"), "discharged": times.get("NGAY_RA"),
        "appointment": times["NGAY_HEN_KL"], "diagnosis": values["CHAN_DOAN_RV"],
        "main_icd": values["MA_BENH_CHINH"], "other_icd": values["MA_BENH_KT"], "yhct_icd": values["MA_BENH_YHCT"],
        "patient_kind": values["MA_DOITUONG_KCB"], "practitioner": values["MA_BAC_SI"], "head_code": values["MA_TTDV"],
        "issued": issued, "issued_day": hc.day_number(issued), "reserve": values["DU_PHONG"],
    }


def _record(text: str, table: str, ma_lk: str, out: list[dict[str, Any]]) -> dict[str, str] | None:
    """The fields of a table holding one record (XML13, XML14) as sent; None, the problem noted, when the table is
    not well-formed XML."""
    try:
        root = SafeET.fromstring(text.encode(), forbid_dtd=True)
    except (DefusedXmlException, SafeET.ParseError) as exc:
        out.append(problem(table, f"not well-formed XML: {exc}", ma_lk=ma_lk, field="NOIDUNGFILE"))
        return None
    return {el.tag: (el.text or "").strip() for el in root.iter() if len(el) == 0 and el is not root}


def _slip(ep: RawEpisode, ma_lk: str, out: list[dict[str, Any]]) -> dict[str, Any]:
    """The referral slip this facility issued (XML13): its number, the facility referred to and the day it was
    signed (NGAY_RA of XML13, else of XML1); the slip stays valid REFERRAL_SLIP working days."""
    text = ep.raw.get("XML13")
    if not text:
        return {"slip_number": "", "slip_to": ""}
    fields = _record(text, "XML13", ma_lk, out)
    if fields is None:
        return {}
    r = _Reader(fields, "XML13", ma_lk, None, out)
    number = r.text("GIAY_CHUYEN_TUYEN", 50)
    if not number:
        out.append(problem("XML13", "GIAY_CHUYEN_TUYEN is required", ma_lk=ma_lk, field="GIAY_CHUYEN_TUYEN"))
    day = r.date("NGAY_RA", optional=True) if fields.get("NGAY_RA") else None
    return {"slip_number": number, "slip_to": r.text("MA_NOI_DEN", 5), "day": day}


def _line(table: str, row: dict[str, str], i: int, ma_lk: str, out: list[dict[str, Any]]) -> dict[str, Any] | None:
    stt = row.get("STT", "").strip()
    line_no = int(stt) if stt.isdigit() else i
    start = len(out)
    _missing(row, XML2_REQUIRED if table == "XML2" else XML3_REQUIRED, table, ma_lk, line_no, out)
    if row.get("MA_LK", "").strip() and row["MA_LK"].strip() != ma_lk:
        out.append(problem(table, f"MA_LK {row['MA_LK']} differs from XML1 {ma_lk}", ma_lk=ma_lk, line=line_no,
                           field="MA_LK"))
    r = _Reader(row, table, ma_lk, line_no, out)
    group = r.int("MA_NHOM")
    if table == "XML2":
        code, kind = r.text("MA_THUOC", 50), "drug"
        price = r.milli("DON_GIA")
        price_bv, rate_dv = price, 100
    else:
        code = r.text("MA_DICH_VU", 50) or r.text("MA_VAT_TU", 50)
        if not code:
            out.append(problem(table, "MA_DICH_VU or MA_VAT_TU is required", ma_lk=ma_lk, line=line_no,
                               field="MA_DICH_VU"))
        kind = "supply" if group in hc.SUPPLY_GROUPS or (row.get("MA_VAT_TU", "").strip()
                                                          and not row.get("MA_DICH_VU", "").strip()) else "service"
        price = r.milli("DON_GIA_BH")
        price_bv = r.milli("DON_GIA_BV")
        rate_dv = r.int("TYLE_TT_DV", 100)
    rate_bh = r.int("TYLE_TT_BH", 100)
    qty = r.milli("SO_LUONG")
    benefit = r.int("MUC_HUONG")
    for name, value in (("TYLE_TT_BH", rate_bh), ("TYLE_TT_DV", rate_dv), ("MUC_HUONG", benefit)):
        if not 0 <= value <= 100:
            out.append(problem(table, f"{name} must be 0 to 100", ma_lk=ma_lk, line=line_no, field=name))
    ordered = r.time("NGAY_YL")
    package = r.text("GOI_VTYT", 4) if table == "XML3" else ""
    if package and not (package[0] == "G" and package[1:].isdigit() and 1 <= int(package[1:]) <= 999):
        out.append(problem(table, "GOI_VTYT must be G1 to G999", ma_lk=ma_lk, line=line_no, field="GOI_VTYT"))
    if len(out) > start or ordered is None:
        return None
    calc_bh = _half_up(Decimal(qty) * Decimal(price) * rate_dv * rate_bh / Decimal(10**10))
    return {
        "table": table, "stt": line_no, "kind": kind, "code": code, "name": r.text("TEN_THUOC" if table == "XML2" else
                                                                                     "TEN_DICH_VU", 300)
        or r.text("TEN_VAT_TU", 300), "group": group, "scope": r.int("PHAM_VI", 1), "qty_milli": qty,
        "price_milli": price, "price_bv_milli": price_bv, "rate_dv": rate_dv, "rate_bh": rate_bh,
        "amount_bv": r.money("THANH_TIEN_BV"), "amount_bh": r.money("THANH_TIEN_BH"), "calc_bh": calc_bh,
        "benefit": benefit, "t_bntt": r.money("T_BNTT"), "t_bncct": r.money("T_BNCCT"), "t_bhtt": r.money("T_BHTT"),
        "t_nguonkhac": r.money("T_NGUONKHAC"), "ordered": ordered, "ordered_day": hc.day_of(ordered),
        "performed": r.time("NGAY_TH_YL", optional=True), "resulted": r.time("NGAY_KQ", optional=True),
        "practitioner": hc.first_certificate(row.get("MA_BAC_SI", ""))[:60], "department": r.text("MA_KHOA", 50),
        "tender": r.text("TT_THAU", 100), "package": package,
        "package_cap": hc.supply_package_cap(hc.EPOCH_DAY + dt.timedelta(days=hc.day_of(ordered))) if package else 0,
    }


def iter_tables(ep: RawEpisode) -> Iterator[tuple[str, str]]:
    """The episode's tables as XML text (for writing a GIAMDINHHS file back)."""
    yield "XML1", _xml("TONG_HOP", [ep.xml1], None)
    yield "XML2", _xml("CHITIEU_CHITIET_THUOC", ep.xml2, ("DSACH_CHI_TIET_THUOC", "CHI_TIET_THUOC"))
    yield "XML3", _xml("CHITIEU_CHITIET_DVKT_VTYT", ep.xml3, ("DSACH_CHI_TIET_DVKT", "CHI_TIET_DVKT"))
    yield from ep.raw.items()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _fields_xml(row: dict[str, str]) -> str:
    return "".join(f"<{k}>{_esc(v)}</{k}>" if v else f"<{k}/>" for k, v in row.items())


def _xml(root: str, rows: list[dict[str, str]], wrap: tuple[str, str] | None) -> str:
    head = '<?xml version="1.0" encoding="utf-8"?>'
    if wrap is None:
        return f"{head}<{root}>{_fields_xml(rows[0])}</{root}>"
    items = "".join(f"<{wrap[1]}>{_fields_xml(r)}</{wrap[1]}>" for r in rows)
    return f"{head}<{root}><{wrap[0]}>{items}</{wrap[0]}></{root}>"


def write_file(episodes: list[RawEpisode], facility_code: str, made_on: str = "20250101") -> bytes:
    """A GIAMDINHHS file holding the episodes (the generator's output, tests' corrected files)."""
    parts = [f'<?xml version="1.0" encoding="utf-8"?>\n<GIAMDINHHS><THONGTINDONVI><MACSKCB>{facility_code}'
             f'</MACSKCB></THONGTINDONVI><THONGTINHOSO><NGAYLAP>{made_on}</NGAYLAP><SOLUONGHOSO>{len(episodes)}'
             "</SOLUONGHOSO><DANHSACHHOSO>"]
    for ep in episodes:
        parts.append("<HOSO>")
        for kind, text in iter_tables(ep):
            parts.append(f"<FILEHOSO><LOAIHOSO>{kind}</LOAIHOSO><NOIDUNGFILE>"
                         f"{base64.b64encode(text.encode()).decode()}</NOIDUNGFILE></FILEHOSO>")
        parts.append("</HOSO>")
    parts.append("</DANHSACHHOSO></THONGTINHOSO><CHUKYDONVI/></GIAMDINHHS>")
    return "".join(parts).encode()
