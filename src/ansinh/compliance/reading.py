"""Reading a list file (CSV or XLSX) into validated rows. The whole file is read; every bad line is reported with
its line number, column and reason; nothing is returned for writing while any error stands. Reads only."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from ansinh.compliance.models import ListKind
from ansinh.core.errors import FileErrors, InvalidInput
from ansinh.core.identifiers import validate_citizen_id, validate_tax_code
from ansinh.core.text import fold, normalise_name

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
HEADER_SCAN_ROWS = 20
MAX_ERRORS = 500

# field -> folded header titles accepted (Vietnamese and English)
TITLES: dict[str, tuple[str, ...]] = {
    "tax_code": ("ma so thue", "mst", "tax code", "tax_code", "ma so doanh nghiep", "msdn"),
    "name": ("ten doanh nghiep", "ten don vi", "ho ten", "ho va ten", "ten", "name", "full name", "full_name"),
    "address_line": ("dia chi", "address", "address_line"),
    "commune_code": ("ma xa", "ma don vi hanh chinh", "commune code", "commune_code", "commune"),
    "status": ("trang thai", "tinh trang", "status"),
    "established_on": ("ngay thanh lap", "ngay dang ky", "ngay cap", "established", "establishment date",
                       "established_on"),
    "wage_expense": ("chi phi tien luong", "tong quy luong", "quy luong", "wage expense", "wage_expense"),
    "headcount": ("so lao dong", "so nguoi lao dong", "headcount"),
    "citizen_id": ("so dinh danh ca nhan", "so dinh danh", "cccd", "so cccd", "citizen id", "citizen_id"),
    "birth_date": ("ngay sinh", "birth date", "date of birth", "birth_date"),
    "school_code": ("ma truong", "school code", "school_code"),
    "school_name": ("ten truong", "truong", "school", "school_name"),
    "grade": ("lop", "khoi", "nam thu", "grade", "year of study"),
    "group": ("doi tuong", "nhom doi tuong", "nhom", "group"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    ListKind.TAX: ("tax_code", "name", "commune_code", "established_on"),
    ListKind.REGISTRY: ("tax_code", "name", "commune_code", "established_on"),
    ListKind.SCHOOL: ("name", "birth_date", "commune_code", "school_name", "grade"),
    ListKind.STATE_BUDGET: ("name", "birth_date", "commune_code", "group"),
    ListKind.CHILDREN: ("name", "birth_date", "commune_code"),
}
STATUSES = {
    "active": "active", "dang hoat dong": "active", "hoat dong": "active", "nnt dang hoat dong": "active",
    "suspended": "suspended", "tam ngung": "suspended", "tam ngung kinh doanh": "suspended",
    "closed": "closed", "ngung hoat dong": "closed", "giai the": "closed", "da dong ma so thue": "closed",
    "cham dut hoat dong": "closed",
}
GROUPS = {
    "poor": "poor", "ho ngheo": "poor", "ngheo": "poor",
    "near_poor": "near_poor", "ho can ngheo": "near_poor", "can ngheo": "near_poor",
    "farm_household": "farm_household", "ho nong nghiep co muc song trung binh": "farm_household",
    "social_assistance": "social_assistance", "bao tro xa hoi": "social_assistance",
    "meritorious": "meritorious", "nguoi co cong": "meritorious",
    "ethnic_minority_difficult": "poor", "dan toc thieu so vung kho khan": "poor",
    "party_30y": "party_30y", "huy hieu 30 nam tuoi dang": "party_30y",
    "garbage_collector": "garbage_collector", "thu gom rac": "garbage_collector",
    "nguoi thu gom rac": "garbage_collector", "nguoi thu gom rac thon ban": "garbage_collector",
    "religious": "religious", "chuc sac ton giao": "religious",
    "child_under_6": "child_under_6", "tre em duoi 6 tuoi": "child_under_6",
}
_TITLE_OF = {t: f for f, titles in TITLES.items() for t in titles}


@dataclass
class Row:
    line: int
    values: dict[str, Any] = field(default_factory=dict)


def _title(value: Any) -> str | None:
    if value is None:
        return None
    return _TITLE_OF.get(re.sub(r"[\s_]+", " ", fold(str(value))).strip())


def read_table(data: bytes, file_name: str) -> tuple[int, list[tuple[int, list[Any]]], dict[str, int]]:
    """(header line, [(line number, cells)], field → column index)."""
    if not data:
        raise FileErrors([_err(0, "file", "empty", "the file is empty")])
    if len(data) > MAX_BYTES:
        raise FileErrors([_err(0, "file", "too_large", f"the file is larger than {MAX_BYTES // 1_048_576} MB")])
    rows = _xlsx_rows(data) if data[:4] == b"PK\x03\x04" else _csv_rows(data)
    for i, (line, cells) in enumerate(rows[:HEADER_SCAN_ROWS]):
        mapping: dict[str, int] = {}
        for j, value in enumerate(cells):
            name = _title(value)
            if name and name not in mapping:
                mapping[name] = j
        if len(mapping) >= 2:
            body = [(n, c) for n, c in rows[i + 1:] if any(v not in (None, "") for v in c)]
            if len(body) > MAX_ROWS:
                raise FileErrors([_err(0, "file", "too_many", f"{len(body)} lines: at most {MAX_ROWS}; split the list")])
            return line, body, mapping
    raise FileErrors([_err(0, "file", "no_header", f"{file_name or 'the file'}: no header row found in the first "
                           f"{HEADER_SCAN_ROWS} rows")])


def _xlsx_rows(data: bytes) -> list[tuple[int, list[Any]]]:
    from ansinh.core import files

    book = files.open_xlsx(data)  # the zip's declared sizes checked before inflating (a bomb is refused); read-only
    try:
        sheet = book.worksheets[0]
        out = []
        for n, row in enumerate(files.sheet_rows(sheet), start=1):  # columns and time bounded
            out.append((n, list(row)))
            if n > MAX_ROWS + HEADER_SCAN_ROWS + 1:
                break
        return out
    finally:
        book.close()


def _csv_rows(data: bytes) -> list[tuple[int, list[Any]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileErrors([_err(0, "file", "bad_encoding", "the file is neither an XLSX workbook nor UTF-8 text")]) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    out = []
    for n, row in enumerate(reader, start=1):
        out.append((n, row))
        if n > MAX_ROWS + HEADER_SCAN_ROWS + 1:
            break
    return out


def _err(line: int, field_name: str, code: str, message: str) -> dict[str, object]:
    return {"line": line, "field": field_name, "code": code, "message": message}


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time of day
        except ValueError:
            continue
    raise ValueError(f"not a date (dd/mm/yyyy or yyyy-mm-dd): {text!r}")


def parse_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"not a whole number: {value}")
        return int(value)
    text = str(value).strip().replace(" ", "")
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", text):
        text = re.sub(r"[.,]", "", text)
    if not re.fullmatch(r"\d+", text):
        raise ValueError(f"not a whole number: {value!r}")
    return int(text)


def _text(value: Any, width: int = 0) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if width and isinstance(value, int):
        text = text.zfill(width)
    return text


def read_list(kind: str, data: bytes, file_name: str, *, communes: dict[str, int],
              today: dt.date) -> list[dict[str, Any]]:
    """Validated rows of a list (dicts ready for ListEntry), or FileErrors naming every bad line.
    `communes` maps the 5-digit commune codes the importer may use to their ids."""
    header_line, body, mapping = read_table(data, file_name)
    missing = [f for f in REQUIRED[kind] if f not in mapping]
    if missing:
        raise FileErrors([_err(header_line, f, "missing_column", f"column “{TITLES[f][0]}” ({f}) is missing")
                          for f in missing])
    errors: list[dict[str, object]] = []
    out: list[dict[str, Any]] = []
    seen: dict[str, int] = {}

    def cell(cells: list[Any], name: str) -> Any:
        j = mapping.get(name)
        return cells[j] if j is not None and j < len(cells) else None

    for line, cells in body:
        row: dict[str, Any] = {"line_no": line}
        bad = False

        def fail(name: str, code: str, message: str, line: int = line) -> None:
            nonlocal bad
            bad = True
            if len(errors) < MAX_ERRORS:
                errors.append(_err(line, name, code, message))

        for name in REQUIRED[kind]:
            if _text(cell(cells, name)) == "":
                fail(name, "required", f"{name} is empty")
        name = normalise_name(_text(cell(cells, "name")))
        if len(name) > 250:
            fail("name", "too_long", "name: at most 250 characters")
        row["name"] = name[:250]
        row["address_line"] = _text(cell(cells, "address_line"))[:250]
        code = _text(cell(cells, "commune_code"), 5)
        if code:
            code = code.zfill(5) if code.isdigit() else code
            if code not in communes:
                fail("commune_code", "unknown_commune", f"commune {code} is not a commune of the province within "
                     "your localities")
            row["commune_id"] = communes.get(code)
        tax = _text(cell(cells, "tax_code"), 10)
        if tax:
            try:
                tax = validate_tax_code(tax.zfill(10) if tax.isdigit() and len(tax) == 9 else tax)
            except InvalidInput as exc:
                fail("tax_code", exc.code, exc.message)
            else:
                if tax in seen and kind in (ListKind.TAX, ListKind.REGISTRY):
                    fail("tax_code", "duplicate", f"tax code {tax} is also on line {seen[tax]}")
                seen.setdefault(tax, line)
        row["tax_code"] = tax
        cid = _text(cell(cells, "citizen_id"), 12)
        if cid:
            try:
                cid = validate_citizen_id(cid.zfill(12) if cid.isdigit() else cid, today=today)
            except InvalidInput as exc:
                fail("citizen_id", exc.code, exc.message)
            else:
                if cid in seen:
                    fail("citizen_id", "duplicate", f"citizen ID {cid} is also on line {seen[cid]}")
                seen.setdefault(cid, line)
        row["citizen_id"] = cid
        for date_field in ("birth_date", "established_on"):
            value = cell(cells, date_field)
            row[date_field] = None
            if _text(value):
                try:
                    row[date_field] = parse_date(value)
                except ValueError as exc:
                    fail(date_field, "bad_date", str(exc))
                else:
                    if row[date_field] > today:
                        fail(date_field, "future_date", f"{date_field} {row[date_field]} is in the future")
        for int_field in ("wage_expense", "headcount"):
            value = cell(cells, int_field)
            row[int_field] = None
            if _text(value):
                try:
                    row[int_field] = parse_int(value)
                except ValueError as exc:
                    fail(int_field, "bad_number", str(exc))
        status = _text(cell(cells, "status"))
        row["status"] = ""
        if kind in (ListKind.TAX, ListKind.REGISTRY):
            row["status"] = STATUSES.get(fold(status), "") if status else "active"
            if not row["status"]:
                fail("status", "bad_status", f"status {status!r}: active, suspended or closed (or the Vietnamese)")
        group = _text(cell(cells, "group"))
        row["group"] = ""
        if kind == ListKind.STATE_BUDGET:
            key = fold(group)
            row["group"] = GROUPS.get(key) or GROUPS.get(key.replace("_", " ")) or GROUPS.get(key.replace(" ", "_"), "")
            if group and not row["group"]:
                fail("group", "bad_group", f"group {group!r} is not one of {', '.join(sorted(set(GROUPS.values())))}")
        elif kind == ListKind.CHILDREN:
            row["group"] = "child_under_6"
            if row.get("birth_date") and (today.year - row["birth_date"].year) * 12 + today.month - row["birth_date"].month >= 72:
                fail("birth_date", "not_under_6", f"born {row['birth_date']}: not under 6")
        elif kind == ListKind.SCHOOL:
            row["group"] = "school_pupils"
        row["school_code"] = _text(cell(cells, "school_code"))[:20]
        row["school_name"] = _text(cell(cells, "school_name"))[:200]
        row["grade"] = _text(cell(cells, "grade"))[:10]
        if not bad:
            out.append(row)
    if errors:
        raise FileErrors(errors)
    if not out:
        raise FileErrors([_err(header_line, "file", "empty", "the list has no lines under its header")])
    return out
