"""Every CSV and XLSX the system writes goes through here, so that no cell a person typed (a name, an address,
a note) can run as a formula in a spreadsheet program (CSV/formula injection, OWASP):

- CSV: a text field starting with = + - @ tab or carriage return is prefixed with an apostrophe;
- XLSX: a cell that openpyxl would store as a formula is stored as plain text instead.

Numbers are left alone (a negative amount stays a number). Use `csv_writer` / `csv_row` for CSV and
`xlsx_bytes(workbook)` to save a workbook."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: Any) -> Any:
    """The value as a spreadsheet should show it: text that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        return "'" + value
    return value


def csv_row(row: Iterable[Any]) -> list[Any]:
    return [safe_text(v) for v in row]


class _SafeWriter:
    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(csv_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self._writer.writerow(csv_row(row))


def csv_writer(out: Any, **kwargs: Any) -> _SafeWriter:
    """csv.writer whose every field is neutralised."""
    return _SafeWriter(csv.writer(out, **kwargs))


def neutralise_workbook(workbook: Any) -> int:
    """Turn every formula cell of the workbook into text; returns how many there were. Our exports write no
    formulas of their own, so any formula came from data."""
    count = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    text = str(cell.value)
                    cell.value = None
                    cell._value = text
                    cell.data_type = "s"
                    count += 1
    return count


def xlsx_bytes(workbook: Any) -> bytes:
    neutralise_workbook(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
