"""Read (and write) a D02-LT list — employees joining, leaving, changing salary — as XLSX or XML.

No official D02-LT template or I-VAN XML was available (shared/data/formats/README.md §2), so the layout is
ansinh's own, built from the column titles of the VSS templates that were: D03-TS ("Họ và tên", "Mã số BHXH",
"Số CCCD/CNTND/ĐDCN/hộ chiếu", "Ngày tháng năm sinh", "Giới tính", "Từ tháng", "Ghi chú") and the VNPT import
template ("Loại khai báo", "Phương án", the plan codes). See docs/declarations.md and docs/formats/d02lt.xml.md.

XLSX: the header row is found by its titles (accents, case and punctuation ignored) among the first 30 rows of
the first sheet that has one; a second header row below it (merged group titles) is read too; a row of column
numbers (A, B, 1, 2 …) is skipped, as are section and total rows (no identifier, action, birth date or month).
Lines are numbered by spreadsheet row. XML: records are numbered 1, 2 … in document order.

The reader only maps cells to fields: every check is the service's, so the API and the files say the same.
A file that cannot be read at all raises FileErrors (line 0, or the row at fault).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ansinh.contributions.services.declare import DeclarationLineIn, parse_month
from ansinh.core import files
from ansinh.core.errors import FileErrors
from ansinh.core.exports import xlsx_bytes
from ansinh.core.text import fold
from ansinh.rules.periods import Month

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 10_000
MAX_SCANNED_ROWS = 3 * MAX_ROWS  # rows read, blank ones included: a sheet of a million blank rows is refused
HEADER_SCAN_ROWS = 30

# field → (title written by `write_xlsx`, other accepted titles). Titles are compared after `_norm`.
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "stt": ("STT", ()),
    "full_name": ("Họ và tên", ("Họ tên", "HoTen")),
    "si_code": ("Mã số BHXH", ("Số BHXH", "MasoBHXH", "SOBHXH")),
    "citizen_id": ("Số CCCD/ĐDCN", ("Số CCCD", "CCCD", "Số định danh cá nhân", "Số CCCD/CNTND/ĐDCN/hộ chiếu",
                                    "Số CCCD/ CMND/ ĐDCN/ Hộ chiếu", "SoCCCD")),
    "birth_date": ("Ngày sinh", ("Ngày tháng năm sinh", "NgaySinh")),
    "sex": ("Giới tính", ("GioiTinh",)),
    "commune_code": ("Mã xã", ("Mã xã nơi cư trú", "Mã xã đang sinh sống", "Mã xã cư trú")),
    "address_line": ("Địa chỉ", ("Địa chỉ nơi cư trú", "Địa chỉ đang sinh sống")),
    "ethnicity": ("Mã dân tộc", ("Dân tộc",)),
    "nationality": ("Quốc tịch", ("Mã quốc tịch",)),
    "position": ("Chức vụ", ("Chức danh", "Chức vụ, chức danh nghề", "Cấp bậc, chức vụ, chức danh nghề")),
    "contract_type": ("Loại hợp đồng", ("Loại HĐLĐ", "Hợp đồng lao động")),
    "salary": ("Tiền lương", ("Mức lương", "Tiền lương đóng", "Tiền lương tháng đóng BHXH")),
    "from_month": ("Từ tháng", ("TuThang",)),
    "to_month": ("Đến tháng", ("DenThang",)),
    "declaration_type": ("Loại", ("Loại khai báo",)),
    "action": ("Phương án", ("PA",)),
    "note": ("Ghi chú", ("Ghichu",)),
}
REQUIRED_COLUMNS = ("action", "from_month")
IDENTIFIER_COLUMNS = ("citizen_id", "si_code")
# Identifier cells typed as numbers lose their leading zeros: restored to these widths.
NUMBER_WIDTH = {"citizen_id": 12, "si_code": 10, "commune_code": 5, "ethnicity": 2}
DATA_MARKERS = ("citizen_id", "si_code", "action", "birth_date", "from_month")


def _norm(text: Any) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(str(text or ""))).strip()


_TITLES: dict[str, str] = {}
for _field, (_title, _aliases) in COLUMNS.items():
    for _t in (_title, *_aliases):
        _TITLES[_norm(_t)] = _field
_CITIZEN_PREFIX = "so cccd"

TITLE_OF = {name: title for name, (title, _) in COLUMNS.items()}  # for showing an error's column


def _field_of_title(value: Any) -> str | None:
    key = _norm(value)
    if not key:
        return None
    if key in _TITLES:
        return _TITLES[key]
    if key.startswith(_CITIZEN_PREFIX):
        return "citizen_id"
    return None


@dataclass
class ParsedFile:
    kind: str  # "xlsx" or "xml"
    lines: list[DeclarationLineIn] = field(default_factory=list)
    unit_code: str = ""
    period: Month | None = None
    header_row: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # field → column letter (xlsx) or tag (xml)


def _fail(message: str, *, line: int = 0, code: str = "unreadable", field_name: str = "file") -> FileErrors:
    return FileErrors([{"line": line, "field": field_name, "code": code, "message": message}], message=message)


def read_d02lt(data: bytes, file_name: str = "") -> ParsedFile:
    """Read an XLSX or XML D02-LT file (told apart by content, not by name)."""
    if len(data) > MAX_BYTES:
        raise _fail(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB", code="too_large")
    files.check_size(data, files.Limits.current(max_rows=MAX_SCANNED_ROWS))
    if data[:4] == b"PK\x03\x04":
        return read_xlsx(data)
    head = data[:200].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return read_xml(data)
    raise _fail(f"{file_name or 'the file'} is neither an XLSX workbook nor an XML document", code="bad_format")


# --- XLSX ------------------------------------------------------------------------------------------------------

def _cell_text(name: str, value: Any) -> Any:
    """A cell's value for the field: identifiers as text (leading zeros restored), dates and amounts as they are."""
    if value is None:
        return None
    if name in NUMBER_WIDTH and isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            return str(value)
        return str(int(value)).zfill(NUMBER_WIDTH[name])
    if isinstance(value, str):
        return value.strip()
    return value


def _find_header(rows: list[tuple[Any, ...]]) -> tuple[int, dict[str, int]] | None:
    """(index of the last header row, field → column index) for the first row that has the required titles
    (merged with the row below it, for two-level headers)."""
    for i, row in enumerate(rows):
        mapping: dict[str, int] = {}
        for j, value in enumerate(row):
            name = _field_of_title(value)
            if name and name not in mapping:
                mapping[name] = j
        if not mapping:
            continue
        last = i
        if i + 1 < len(rows):
            below: dict[str, int] = {}
            for j, value in enumerate(rows[i + 1]):
                name = _field_of_title(value)
                if name and name not in mapping and name not in below:
                    below[name] = j
            if below:
                mapping.update(below)
                last = i + 1
        if all(c in mapping for c in REQUIRED_COLUMNS) and any(c in mapping for c in IDENTIFIER_COLUMNS):
            return last, mapping
    return None


def _header_block(rows: Iterable[tuple[Any, ...]]) -> tuple[str, Month | None]:
    """The unit code ("Mã đơn vị: …") and period ("Kỳ kê khai: MM/YYYY") written above the table, if any."""
    unit, period = "", None
    for row in rows:
        for value in row:
            if not isinstance(value, str) or ":" not in value:
                continue
            label, _, rest = value.partition(":")
            key, rest = _norm(label), rest.strip()
            if key.endswith("ma don vi") and rest:
                unit = rest.split()[0].upper()
            elif key.endswith("ky ke khai") and rest:
                try:
                    period = parse_month(rest.split()[0])
                except ValueError:
                    period = None
    return unit, period


def _is_numbering(values: Sequence[Any]) -> bool:
    filled = [str(v).strip() for v in values if v not in (None, "")]
    return len(filled) >= 3 and all(len(v) <= 4 and re.fullmatch(r"\(?[A-Za-z0-9.]{1,3}\)?", v) for v in filled)


# Lists of other forms, refused with what they are: a receipt column ("Số biên lai") belongs to the D03-TS lists of
# people who pay for themselves through a collection point (household HI, voluntary SI; VNPT "FileMau_D03_TK1"),
# never to a unit's D02-LT list of employees.
OTHER_FORM_TITLES = {"so bien lai": "D03-TS", "sobienlai": "D03-TS", "ngay bien lai": "D03-TS",
                     "ngaybienlai": "D03-TS"}
OTHER_FORM_TEXTS = {"mau d03 ts": "D03-TS", "mau d05 ts": "D05-TS"}


def _other_form(title: str, rows: list[tuple[Any, ...]]) -> FileErrors | None:
    for number, row in enumerate(rows, start=1):
        for value in row:
            key = _norm(value)
            form = OTHER_FORM_TITLES.get(key) or next((f for t, f in OTHER_FORM_TEXTS.items() if t in key), None)
            if form:
                return _fail(
                    f"sheet “{title}” is a {form} list (people paying through a collection point: household HI, "
                    f"voluntary SI — cell “{str(value).strip()[:40]}”, row {number}), not a D02-LT list of the "
                    "unit's employees", line=number, code="other_form")
    return None


def _missing_columns(title: str, rows: list[tuple[Any, ...]]) -> str:
    """The sheet's row that names the most D02-LT columns, and which required ones it lacks."""
    best: tuple[int, int, set[str]] = (0, 0, set())
    for number, row in enumerate(rows, start=1):
        names = {n for n in (_field_of_title(v) for v in row) if n}
        if len(names) > best[0]:
            best = (len(names), number, names)
    if not best[0]:
        return ""
    _, number, names = best
    missing = [f"“{TITLE_OF[c]}”" for c in REQUIRED_COLUMNS if c not in names]
    if not any(c in names for c in IDENTIFIER_COLUMNS):
        missing.append(f"“{TITLE_OF['citizen_id']}” or “{TITLE_OF['si_code']}”")
    return f"; sheet “{title}” row {number} has D02-LT titles but lacks {', '.join(missing)}"


def read_xlsx(data: bytes) -> ParsedFile:
    limits = files.Limits.current(max_rows=MAX_SCANNED_ROWS)
    book = files.open_xlsx(data, limits)  # declared sizes checked before inflating; read-only mode
    closest = ""
    try:
        tops = [(sheet, list(files.sheet_rows(sheet, limits, min_row=1, max_row=HEADER_SCAN_ROWS)))
                for sheet in book.worksheets]
        for sheet, top in tops:
            other = _other_form(sheet.title, top)
            if other is not None:
                raise other
        for sheet, top in tops:
            found = _find_header(top)
            if found is None:
                closest = closest or _missing_columns(sheet.title, top)
                continue
            last_header, mapping = found
            unit, period = _header_block(top[:last_header])
            letters = {name: _letter(j) for name, j in mapping.items()}
            parsed = ParsedFile(kind="xlsx", unit_code=unit, period=period, header_row=last_header + 1,
                                columns=letters)
            start = last_header + 2  # 1-based row after the header
            for number, row in enumerate(files.sheet_rows(sheet, limits, min_row=start), start=start):
                values = {name: _cell_text(name, row[j] if j < len(row) else None) for name, j in mapping.items()}
                if not any(_present(values.get(m)) for m in DATA_MARKERS):
                    continue
                if number == start and _is_numbering(row):
                    continue
                if len(parsed.lines) >= MAX_ROWS:
                    raise _fail(f"more than {MAX_ROWS} lines; split the list", line=number, code="too_many")
                parsed.lines.append(_line(number, values))
            if not parsed.lines:
                raise _fail("the list has no lines under its header", line=last_header + 1, code="empty")
            return parsed
    finally:
        book.close()
    titles = ", ".join(f"“{TITLE_OF[c]}”" for c in (*REQUIRED_COLUMNS, *IDENTIFIER_COLUMNS))
    raise _fail(f"no header row found: the list needs the columns {titles} (at least one of the identifiers)"
                f"{closest}", code="no_header")


def _present(value: Any) -> bool:
    return value is not None and str(value).strip() not in ("", "0")


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _line(number: int, values: dict[str, Any]) -> DeclarationLineIn:
    def text(name: str) -> str:
        value = values.get(name)
        return "" if value is None else str(value).strip()

    return DeclarationLineIn(
        line=number, action=text("action"), from_month=values.get("from_month"), to_month=values.get("to_month"),
        citizen_id=text("citizen_id"), si_code=text("si_code"), full_name=text("full_name"),
        birth_date=values.get("birth_date"), sex=text("sex"), commune_code=text("commune_code"),
        address_line=text("address_line"), ethnicity=text("ethnicity"), nationality=text("nationality"),
        salary=values.get("salary"), contract_type=text("contract_type"), position=text("position"),
        declaration_type=values.get("declaration_type"), note=text("note"),
    )


# --- XML -------------------------------------------------------------------------------------------------------

XML_ROOT = "D02LT"
XML_TAGS: dict[str, str] = {  # record child tag → field
    "STT": "stt", "HO_TEN": "full_name", "MA_SO_BHXH": "si_code", "SO_CCCD": "citizen_id",
    "NGAY_SINH": "birth_date", "GIOI_TINH": "sex", "MA_XA": "commune_code", "DIA_CHI": "address_line",
    "MA_DAN_TOC": "ethnicity", "QUOC_TICH": "nationality", "CHUC_VU": "position", "LOAI_HD": "contract_type",
    "TIEN_LUONG": "salary", "TU_THANG": "from_month", "DEN_THANG": "to_month", "LOAI": "declaration_type",
    "PHUONG_AN": "action", "GHI_CHU": "note",
}
TAG_OF = {name: tag for tag, name in XML_TAGS.items()}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(parent: Element | None, name: str) -> Element | None:
    if parent is None:
        return None
    for child in parent:
        if _local(child.tag) == name:
            return child
    return None


def read_xml(data: bytes) -> ParsedFile:
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise _fail(f"the XML uses a forbidden construct ({type(exc).__name__})", code="forbidden_xml") from None
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else 0
        raise _fail(f"the XML is not well formed: {exc}", line=line, code="bad_xml") from None
    if _local(root.tag) != XML_ROOT:
        raise _fail(f"the root element must be <{XML_ROOT}>, not <{_local(root.tag)}>", code="bad_root")
    info = _child(root, "THONG_TIN_DON_VI")
    unit = (_child(info, "MA_DON_VI").text or "").strip().upper() if _child(info, "MA_DON_VI") is not None else ""
    period = None
    period_el = _child(info, "KY_KE_KHAI")
    if period_el is not None and (period_el.text or "").strip():
        try:
            period = parse_month(period_el.text)
        except ValueError as exc:
            raise _fail(str(exc), field_name="period", code="bad_month") from None
    records = _child(root, "DSACH_LAO_DONG")
    if records is None:
        raise _fail("the list <DSACH_LAO_DONG> is missing", code="empty")
    parsed = ParsedFile(kind="xml", unit_code=unit, period=period, columns=dict(TAG_OF))
    unknown: list[dict[str, Any]] = []
    for number, record in enumerate((r for r in records if _local(r.tag) == "LAO_DONG"), start=1):
        if number > MAX_ROWS:
            raise _fail(f"more than {MAX_ROWS} lines; split the list", line=number, code="too_many")
        values: dict[str, Any] = {}
        for child in record:
            tag = _local(child.tag)
            if tag not in XML_TAGS:
                unknown.append({"line": number, "field": tag, "code": "unknown_element",
                                "message": f"<{tag}> is not an element of a D02-LT record"})
                continue
            values[XML_TAGS[tag]] = (child.text or "").strip() or None
        parsed.lines.append(_line(number, values))
    if unknown:
        raise FileErrors(unknown)
    if not parsed.lines:
        raise _fail("the list has no <LAO_DONG> record", code="empty")
    return parsed


# --- writing (templates, samples, tests) -----------------------------------------------------------------------

WRITE_ORDER = ("stt", "full_name", "si_code", "citizen_id", "birth_date", "sex", "commune_code", "address_line",
               "ethnicity", "nationality", "position", "contract_type", "salary", "from_month", "to_month",
               "declaration_type", "action", "note")
TEXT_FIELDS = frozenset({"si_code", "citizen_id", "birth_date", "commune_code", "ethnicity", "from_month",
                         "to_month"})


def write_xlsx(rows: Sequence[dict[str, Any]], *, unit_code: str = "", unit_name: str = "",
               period: Month | None = None) -> bytes:
    """A D02-LT workbook in the layout `read_xlsx` reads: header block, title row (row 6), column numbers
    (row 7), one row per dict (keys are the fields of COLUMNS) from row 8."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "D02-LT"
    sheet["A1"] = f"Tên đơn vị: {unit_name}"
    sheet["A2"] = f"Mã đơn vị: {unit_code}"
    sheet["A3"] = f"Kỳ kê khai: {period.month:02d}/{period.year}" if period else "Kỳ kê khai:"
    sheet["E4"] = "DANH SÁCH LAO ĐỘNG THAM GIA BHXH, BHYT, BHTN, BHTNLĐ-BNN"
    sheet["E4"].font = Font(bold=True)
    sheet["E5"] = "(mẫu D02-LT; bố cục của ansinh — xem docs/declarations.md)"
    for j, name in enumerate(WRITE_ORDER, start=1):
        cell = sheet.cell(row=6, column=j, value=COLUMNS[name][0])
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.cell(row=7, column=j, value="A" if j == 1 else "B" if j == 2 else str(j - 2))
    for i, row in enumerate(rows, start=8):
        for j, name in enumerate(WRITE_ORDER, start=1):
            value = i - 7 if name == "stt" and "stt" not in row else row.get(name)
            if isinstance(value, Month):
                value = f"{value.month:02d}/{value.year}"
            elif isinstance(value, dt.date) and name in TEXT_FIELDS:
                value = value.strftime("%d/%m/%Y")
            cell = sheet.cell(row=i, column=j, value=value)
            if name in TEXT_FIELDS:
                cell.number_format = "@"
            elif name == "salary":
                cell.number_format = "#,##0"
    for j, width in enumerate((5, 24, 13, 15, 12, 9, 8, 24, 8, 8, 16, 14, 13, 9, 9, 6, 10, 20), start=1):
        sheet.column_dimensions[_letter(j - 1)].width = width
    return xlsx_bytes(book)


def write_xml(rows: Sequence[dict[str, Any]], *, unit_code: str = "", period: Month | None = None) -> bytes:
    """The XML form (docs/formats/d02lt.xml.md) of the same rows."""
    from xml.sax.saxutils import escape

    def value_text(name: str, value: Any) -> str:
        if isinstance(value, Month):
            return f"{value.month:02d}/{value.year}"
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        return str(value)

    out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<{XML_ROOT} xmlns="urn:ansinh:d02lt:1">',
           "  <THONG_TIN_DON_VI>", f"    <MA_DON_VI>{escape(unit_code)}</MA_DON_VI>"]
    if period:
        out.append(f"    <KY_KE_KHAI>{period.month:02d}/{period.year}</KY_KE_KHAI>")
    out += ["  </THONG_TIN_DON_VI>", "  <DSACH_LAO_DONG>"]
    for i, row in enumerate(rows, start=1):
        out.append("    <LAO_DONG>")
        for name in WRITE_ORDER:
            value = i if name == "stt" and "stt" not in row else row.get(name)
            if value is None or value == "":
                continue
            out.append(f"      <{TAG_OF[name]}>{escape(value_text(name, value))}</{TAG_OF[name]}>")
        out.append("    </LAO_DONG>")
    out += ["  </DSACH_LAO_DONG>", f"</{XML_ROOT}>", ""]
    return "\n".join(out).encode("utf-8")
