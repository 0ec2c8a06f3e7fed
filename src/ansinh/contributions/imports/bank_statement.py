"""Bank statements (CSV or XLSX) read into lines, validated whole: every bad row is reported with its line number
and nothing is returned for writing while any error stands. Reads only; `services.payments` writes.

Layouts (shared/data/formats/README.md §3 "bank-statements"):

- **MB** — the MB Bank "SAO KÊ CHI TIẾT TÀI KHOẢN / Account Statement" table: STT, NGÀY GIAO DỊCH, NGÀY HẠCH TOÁN,
  PHÁT SINH NỢ, PHÁT SINH CÓ, SỐ DƯ, ĐƠN VỊ THỤ HƯỞNG/ĐƠN VỊ CHUYỂN, NỘI DUNG, BÚT TOÁN; rows newest first; the XLSX
  export has 4 rows of bank, period, customer and account before the header row, and a sentence
  "Số dư đầu kỳ/ Opening Balance: 7,529,778,893 VND". The reference is BÚT TOÁN.
- **a configured layout** — the header-keyword config of `statement_config_example.csv` (one row per field:
  bank_code, keyword…, col_keyword, col_value, row_start, row_end, identify_info, cell_format; the keyword list is
  unquoted, so rows have a variable number of fields and are read from the right). Fields with a row range
  (accountno, currency, openingbalance, closingbalance) are read from the rows above the table: keyword in
  `col_keyword`, value in `col_value`. The others name table columns by their header keywords.

The header row is the first of the first 40 rows holding every required column (a date, the credit amount and the
text). Rows after it are read until a blank row or a footer ("Tổng", "Cộng"). Where the layout has no reference
column, the line's reference is made from the bank, account, date, amounts and text (a hash), numbered when the
same line occurs twice in one file, so that importing the same file again finds the same references.

Amounts are whole VND: "23,450,000", "23.450.000", 23450000, "23450000.00"; a fraction other than zero is an
error. Dates are day first: dd/mm/yyyy [HH:MM[:SS]] or yyyy-mm-dd, or spreadsheet dates. When a balance column is
present the balances must follow from each other row to row (newest first or oldest first); the opening and
closing balances are derived from them, and must agree with those printed above the table when present.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ansinh.contributions.codes import TextCodes, payment_text_codes
from ansinh.core import bounds, files
from ansinh.core.errors import FileErrors
from ansinh.core.text import fold

MAX_TEXT = 400
HEADER_SEARCH_ROWS = 40

# Field names of a statement line; identify_info names of the config file map onto them.
TABLE_FIELDS = ("date", "value_date", "debit", "credit", "balance", "text", "payer", "reference")
REQUIRED = ("credit", "text")
CONFIG_NAMES = {
    "transactiondate": "date", "date": "date", "valuedate": "value_date", "postingdate": "value_date",
    "debit": "debit", "credit": "credit", "balance": "balance", "narrative": "text", "description": "text",
    "payer": "payer", "payername": "payer", "counterparty": "payer", "reference": "reference",
    "transactionno": "reference", "referenceno": "reference",
}
INFO_NAMES = ("accountno", "currency", "openingbalance", "closingbalance")


@dataclass(frozen=True)
class InfoField:
    keywords: tuple[str, ...]
    col_keyword: int  # 0-based
    col_value: int
    row_start: int  # 1-based, inclusive
    row_end: int


@dataclass(frozen=True)
class Layout:
    name: str
    columns: dict[str, tuple[str, ...]]  # field -> folded header keywords
    info: dict[str, InfoField] = field(default_factory=dict)
    ignored: tuple[str, ...] = ()  # config entries not used (flow code, fee, VAT …)


def _kw(*words: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in words)


MB = Layout(
    name="MB",
    columns={
        "date": _kw("NGÀY GIAO DỊCH", "Transaction date"),
        "value_date": _kw("NGÀY HẠCH TOÁN", "Posting date"),
        "debit": _kw("PHÁT SINH NỢ", "Debit"),
        "credit": _kw("PHÁT SINH CÓ", "Credit"),
        "balance": _kw("SỐ DƯ", "Balance"),
        "payer": _kw("ĐƠN VỊ THỤ HƯỞNG/ĐƠN VỊ CHUYỂN", "ĐƠN VỊ THỤ HƯỞNG", "ĐƠN VỊ CHUYỂN"),
        "text": _kw("NỘI DUNG", "Description"),
        "reference": _kw("BÚT TOÁN", "Reference"),
    },
)
BUILTIN = {"MB": MB}


def _column_index(letter: str) -> int:
    letter = letter.strip().upper()
    if not re.fullmatch(r"[A-Z]{1,2}", letter):
        raise ValueError(f"not a column letter: {letter!r}")
    n = 0
    for ch in letter:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def load_layout_config(text: str, bank_code: str) -> Layout:
    """The layout of `bank_code` from a config in the shape of statement_config_example.csv. Ragged rows are read
    from the right (the keyword list is unquoted). ValueError names the bad line."""
    columns: dict[str, list[str]] = {}
    info: dict[str, InfoField] = {}
    ignored: list[str] = []
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or fold(rows[0][0]) != "bank_code":
        raise ValueError("layout config: the first row must be the header bank_code,keywords,…")
    for line_no, row in enumerate(rows[1:], start=2):
        if not row or not any(c.strip() for c in row) or row[0].strip() != bank_code:
            continue
        if len(row) < 8:
            raise ValueError(f"layout config line {line_no}: expected at least 8 fields, got {len(row)}")
        keywords = tuple(fold(k) for k in row[1:-6] if k.strip())
        col_keyword, col_value, row_start, row_end, name = (c.strip() for c in row[-6:-1])
        name = name.lower()
        if not keywords:
            raise ValueError(f"layout config line {line_no}: no keyword for {name!r}")
        if name in INFO_NAMES:
            try:
                info[name] = InfoField(keywords, _column_index(col_keyword), _column_index(col_value),
                                       int(row_start), int(row_end or row_start))
            except ValueError as exc:
                raise ValueError(f"layout config line {line_no}: {exc}") from None
        elif name in CONFIG_NAMES:
            columns.setdefault(CONFIG_NAMES[name], []).extend(keywords)
        else:
            ignored.append(name)
    if not columns:
        raise ValueError(f"layout config: no rows for bank code {bank_code!r}")
    missing = [f for f in REQUIRED if f not in columns]
    if "date" not in columns and "value_date" not in columns:
        missing.append("date")
    if missing:
        raise ValueError(f"layout config for {bank_code}: no column for {', '.join(missing)}")
    return Layout(bank_code, {k: tuple(v) for k, v in columns.items()}, info, tuple(ignored))


@dataclass(frozen=True)
class StatementLine:
    line_no: int
    reference: str
    value_date: dt.date
    debit: int
    credit: int
    balance: int | None
    text: str
    payer_name: str

    @property
    def codes(self) -> TextCodes:
        return payment_text_codes(self.text)


@dataclass
class Statement:
    layout: str
    bank: str
    account_no: str
    currency: str = ""
    opening_balance: int | None = None
    closing_balance: int | None = None
    lines: list[StatementLine] = field(default_factory=list)
    errors: list[dict[str, object]] = field(default_factory=list)

    @property
    def total_debit(self) -> int:
        return sum(x.debit for x in self.lines)

    @property
    def total_credit(self) -> int:
        return sum(x.credit for x in self.lines)

    @property
    def credits(self) -> list[StatementLine]:
        return [x for x in self.lines if x.credit > 0]


# --- reading cells -------------------------------------------------------------------------------------------

def read_rows(data: bytes, file_name: str) -> list[list[Any]]:
    """Every row of the file's first sheet (XLSX) or the CSV, as lists of cell values."""
    if file_name.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        wb = files.open_xlsx(data)  # sizes checked before inflating; read-only; rows, columns and time bounded
        try:
            if not wb.worksheets:
                raise ValueError("the workbook has no sheet")
            return [list(r) for r in files.sheet_rows(wb.worksheets[0])]
        finally:
            wb.close()
    text = files.decode_text(data)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [list(r) for r in files.limited_rows(csv.reader(io.StringIO(text), delimiter=delimiter))]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _norm(value: Any) -> str:
    return re.sub(r"\s+", " ", fold(_cell_text(value))).strip()


def _header_matches(cell: str, keyword: str) -> bool:
    return cell == keyword or (cell.startswith(keyword) and not cell[len(keyword)].isalnum())


_THOUSANDS = re.compile(r"^-?\d{1,3}([.,])\d{3}(\1\d{3})*$")


def parse_amount(value: Any) -> int:
    """Whole VND from a cell; ValueError with the reason."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        raise ValueError(f"not an amount: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"amount {value} has a fraction of a đồng")
        return int(value)
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    text = re.sub(r"(VND|VNĐ|đ)$", "", text, flags=re.IGNORECASE)
    if text in ("", "-"):
        return 0
    if _THOUSANDS.match(text):
        return int(re.sub(r"[.,]", "", text))
    m = re.fullmatch(r"(-?\d+)(?:[.,](\d{1,2}))?", text)
    if not m:
        raise ValueError(f"not an amount: {value!r}")
    if m.group(2) and int(m.group(2)):
        raise ValueError(f"amount {value!r} has a fraction of a đồng")
    return int(m.group(1))


_DATE_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")


def parse_day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _cell_text(value)
    m = _DATE_DMY.match(text)
    try:
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = _DATE_ISO.match(text)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ValueError(f"not a calendar date: {text!r}") from None
    raise ValueError(f"not a date (dd/mm/yyyy): {text!r}" if text else "the date is empty")


# --- the statement -------------------------------------------------------------------------------------------

def _find_header(rows: Sequence[Sequence[Any]], layout: Layout) -> tuple[int, dict[str, int]] | None:
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [_norm(c) for c in row]
        found: dict[str, int] = {}
        for name, keywords in layout.columns.items():
            for c, cell in enumerate(cells):
                if cell and c not in found.values() and any(_header_matches(cell, k) for k in keywords):
                    found[name] = c
                    break
        if all(f in found for f in REQUIRED) and ("date" in found or "value_date" in found):
            return r, found
    return None


_OPENING = re.compile(r"(?:so du dau ky|opening balance)\W*([\d.,]+)")
_CLOSING = re.compile(r"(?:so du cuoi ky|closing balance)\W*([\d.,]+)")
_ACCOUNT = re.compile(r"(?:tai khoan|account no)\W*(\d[\d .-]{5,})")


def _read_info(statement: Statement, preamble: Sequence[Sequence[Any]], layout: Layout) -> None:
    for name, spec in layout.info.items():
        for row in preamble[spec.row_start - 1 : spec.row_end]:
            if len(row) > max(spec.col_keyword, spec.col_value) and any(
                _header_matches(_norm(row[spec.col_keyword]), k) for k in spec.keywords if _norm(row[spec.col_keyword])
            ):
                value = row[spec.col_value]
                if name == "openingbalance":
                    statement.opening_balance = parse_amount(value)
                elif name == "closingbalance":
                    statement.closing_balance = parse_amount(value)
                elif name == "currency":
                    statement.currency = _cell_text(value)
                elif name == "accountno" and not statement.account_no:
                    statement.account_no = _cell_text(value)
                break
    for row in preamble:  # sentences such as "Số dư đầu kỳ/ Opening Balance: 7,529,778,893 VND"
        for cell in row:
            text = _norm(cell)
            if not text:
                continue
            if statement.opening_balance is None and (m := _OPENING.search(text)):
                statement.opening_balance = parse_amount(m.group(1).rstrip(".,"))
            if statement.closing_balance is None and (m := _CLOSING.search(text)):
                statement.closing_balance = parse_amount(m.group(1).rstrip(".,"))
            if not statement.account_no and (m := _ACCOUNT.search(text)):
                statement.account_no = re.sub(r"\D", "", m.group(1))


def _is_footer(cells: Sequence[str]) -> bool:
    return any(c.startswith(("tong", "cong", "total")) for c in cells if c)


def read_statement(data: bytes, *, file_name: str, layout: Layout, bank: str, account_no: str = "") -> Statement:
    """Parse and validate the whole file. The result's `errors` list every bad row ({"line", "field", "message"});
    `lines` hold the rows that parsed (debits and credits)."""
    statement = Statement(layout=layout.name, bank=bank, account_no=account_no)
    try:
        rows = read_rows(data, file_name)
    except ValueError as exc:
        statement.errors.append({"line": None, "field": "file", "message": str(exc)})
        return statement
    except FileErrors as exc:  # a hostile or oversized file: refused with its reason
        statement.errors.extend({"line": e.get("line") or None, "field": "file", "message": e["message"]}
                                for e in exc.details)  # type: ignore[union-attr]
        return statement
    header = _find_header(rows, layout)
    if header is None:
        wanted = ", ".join(f"{f} ({' / '.join(layout.columns.get(f, ()))})" for f in ("date", *REQUIRED))
        statement.errors.append({"line": None, "field": "header",
                                 "message": f"no header row of layout {layout.name} in the first {HEADER_SEARCH_ROWS} "
                                            f"rows: expected the columns {wanted}"})
        return statement
    header_at, cols = header
    try:
        _read_info(statement, rows[:header_at], layout)
    except ValueError as exc:
        statement.errors.append({"line": None, "field": "header", "message": f"above the table: {exc}"})

    def cell(row: Sequence[Any], name: str) -> Any:
        c = cols.get(name)
        return row[c] if c is not None and c < len(row) else None

    made_refs: Counter[str] = Counter()
    seen: dict[str, int] = {}
    for r in range(header_at + 1, len(rows)):
        row = rows[r]
        line_no = r + 1
        cells = [_norm(c) for c in row]
        if not any(cells):
            break
        date_value = cell(row, "value_date") if _cell_text(cell(row, "value_date")) else cell(row, "date")
        if not _cell_text(date_value) and _is_footer(cells):
            break
        errors: list[dict[str, object]] = []

        def bad(fieldname: str, message: str, line_no: int = line_no, errors: list[dict[str, object]] = errors) -> None:
            errors.append({"line": line_no, "field": fieldname, "message": message})

        try:
            value_date = parse_day(date_value)
            if bounds.date_problem(value_date):
                raise ValueError(bounds.date_problem(value_date))
        except ValueError as exc:
            bad("date", str(exc))
            value_date = dt.date.min
        amounts = {}
        for name in ("debit", "credit", "balance"):
            if name not in cols:
                amounts[name] = None if name == "balance" else 0
                continue
            try:
                amounts[name] = parse_amount(cell(row, name))
                value = amounts[name]
                if name == "balance" and value is not None and abs(value) > 10**17:  # an account, not a line
                    raise ValueError(f"balance {value} is out of range")
                if name != "balance" and value is not None and bounds.amount_problem(value):
                    raise ValueError(bounds.amount_problem(value))
            except ValueError as exc:
                bad(name, str(exc))
                amounts[name] = 0
        debit, credit = int(amounts["debit"] or 0), int(amounts["credit"] or 0)
        if debit < 0 or credit < 0:
            bad("credit" if credit < 0 else "debit", "amounts are written without a sign in their own column")
        elif debit and credit:
            bad("credit", f"both a debit ({debit:,}) and a credit ({credit:,}) on one line")
        elif not debit and not credit and not any(e["field"] in ("debit", "credit") for e in errors):
            bad("credit", "neither a debit nor a credit amount")
        text = re.sub(r"\s+", " ", _cell_text(cell(row, "text")))[:MAX_TEXT]
        reference = _cell_text(cell(row, "reference")) if "reference" in cols else ""
        if "reference" in cols and not reference:
            bad("reference", "the bank reference is empty")
        elif not reference:
            key = f"{bank}|{account_no}|{value_date.isoformat()}|{debit}|{credit}|{text}"
            digest = hashlib.sha1(key.encode()).hexdigest()[:20]
            made_refs[digest] += 1
            reference = f"{bank}-{digest}" + (f"-{made_refs[digest]}" if made_refs[digest] > 1 else "")
        if len(reference) > 80:
            bad("reference", f"the bank reference is longer than 80 characters ({len(reference)})")
        if reference and reference in seen:
            bad("reference", f"reference {reference} already on line {seen[reference]}")
        elif reference:
            seen[reference] = line_no
        if errors:
            statement.errors.extend(errors)
            continue
        statement.lines.append(StatementLine(
            line_no=line_no, reference=reference, value_date=value_date, debit=debit, credit=credit,
            balance=amounts["balance"], text=text, payer_name=_cell_text(cell(row, "payer"))[:200],
        ))
    if not statement.errors:
        _reconcile(statement)
    return statement


def _chain_breaks(lines: Sequence[StatementLine]) -> list[int]:
    """Indexes i where line i's balance does not follow from line i-1 (lines oldest first)."""
    return [i for i in range(1, len(lines))
            if lines[i].balance != (lines[i - 1].balance or 0) + lines[i].credit - lines[i].debit]


def _reconcile(statement: Statement) -> None:
    lines = statement.lines
    if not lines or any(x.balance is None for x in lines):
        return
    newest_first = lines[0].value_date > lines[-1].value_date
    oldest = list(reversed(lines)) if newest_first else list(lines)
    breaks = _chain_breaks(oldest)
    if breaks and lines[0].value_date == lines[-1].value_date:  # one day: the order is told by the balances
        other = list(lines) if newest_first else list(reversed(lines))
        if not _chain_breaks(other):
            oldest, breaks = other, []
    for i in breaks:
        x = oldest[i]
        statement.errors.append({"line": x.line_no, "field": "balance",
                                 "message": f"balance {x.balance:,} does not follow from the previous line "
                                            f"({(oldest[i - 1].balance or 0):,} + {x.credit:,} − {x.debit:,})"})
    if breaks:
        return
    first = oldest[0]
    opening = (first.balance or 0) - first.credit + first.debit
    closing = oldest[-1].balance
    if statement.opening_balance is not None and statement.opening_balance != opening:
        statement.errors.append({"line": first.line_no, "field": "balance",
                                 "message": f"the opening balance printed ({statement.opening_balance:,}) differs from "
                                            f"the one the lines give ({opening:,})"})
    if statement.closing_balance is not None and statement.closing_balance != closing:
        statement.errors.append({"line": oldest[-1].line_no, "field": "balance",
                                 "message": f"the closing balance printed ({statement.closing_balance:,}) differs from "
                                            f"the one the lines give ({closing:,})"})
    statement.opening_balance, statement.closing_balance = opening, closing


def layout_for(bank: str, config_text: str | None = None, config_bank: str | None = None) -> Layout:
    """The built-in layout of `bank` (MB), or the one the config gives for `config_bank` (default: `bank`)."""
    if config_text is not None:
        return load_layout_config(config_text, config_bank or bank)
    try:
        return BUILTIN[bank.upper()]
    except KeyError:
        raise ValueError(f"no built-in layout for bank {bank!r} (have: {', '.join(BUILTIN)}); give a layout config")\
            from None


def iter_credits(statement: Statement) -> Iterable[StatementLine]:
    return (x for x in statement.lines if x.credit > 0)
