"""Limits for every file a user can upload (XLSX, CSV, XML): a hostile file is refused with its reason before it
can hold a worker. The limits are settings (ANSINH_FILE_*), read at each call so an agency can set them.

- size of the upload (MAX_BYTES);
- XLSX: the zip's declared uncompressed size in total and per member, the number of members and the
  compression ratio are checked BEFORE openpyxl opens it (a 1.7 MB file that expands to 447 MB is refused at
  once); openpyxl then runs in read-only (streaming) mode, and rows are read through `limited_rows`;
- rows scanned (empty rows count: a sheet of a million blank rows is refused), columns read per row, and the
  wall-clock time spent reading (checked every few hundred rows);
- CSV: UTF-8 only, the same row and time limits; XML: defusedxml (no DTD, no entities) and the size limit.

Python's zipfile never yields more bytes of a member than its declared size, so the declared sizes bound what
openpyxl can inflate."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from ansinh.core.errors import FileErrors


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_uncompressed: int
    max_ratio: int
    max_members: int
    max_rows: int
    max_cols: int
    max_seconds: float

    @classmethod
    def current(cls, *, max_rows: int | None = None) -> Limits:
        return cls(
            max_bytes=_setting("ANSINH_FILE_MAX_BYTES", 10 * 1024 * 1024),
            max_uncompressed=_setting("ANSINH_FILE_MAX_UNCOMPRESSED", 100 * 1024 * 1024),
            max_ratio=_setting("ANSINH_FILE_MAX_RATIO", 200),
            max_members=_setting("ANSINH_FILE_MAX_MEMBERS", 500),
            max_rows=max_rows or _setting("ANSINH_FILE_MAX_ROWS", 200_000),
            max_cols=_setting("ANSINH_FILE_MAX_COLS", 200),
            max_seconds=float(_setting("ANSINH_FILE_MAX_SECONDS", 60)),
        )


def refuse(message: str, *, code: str, line: int = 0, field: str = "file") -> FileErrors:
    return FileErrors([{"line": line, "field": field, "code": code, "message": message}], message=message)


def check_size(data: bytes, limits: Limits | None = None) -> None:
    limits = limits or Limits.current()
    if len(data) > limits.max_bytes:
        raise refuse(f"the file is larger than {limits.max_bytes // (1024 * 1024)} MB", code="too_large")
    if not data:
        raise refuse("the file is empty", code="empty")


def check_xlsx(data: bytes, limits: Limits | None = None) -> None:
    """Refuse a workbook whose zip declares more than the limits, before anything is inflated."""
    limits = limits or Limits.current()
    check_size(data, limits)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise refuse(f"the workbook cannot be read: {exc}", code="unreadable") from None
    if len(members) > limits.max_members:
        raise refuse(f"the workbook has {len(members)} parts (at most {limits.max_members})", code="too_complex")
    total = 0
    for m in members:
        total += m.file_size
        if m.file_size > limits.max_uncompressed or total > limits.max_uncompressed:
            raise refuse(f"the workbook expands to more than {limits.max_uncompressed // (1024 * 1024)} MB "
                         "(a compressed-file bomb?)", code="too_large_uncompressed")
        if m.compress_size and m.file_size > 1024 * 1024 and m.file_size / m.compress_size > limits.max_ratio:
            raise refuse(f"part {m.filename} is compressed {m.file_size // m.compress_size}:1 "
                         f"(at most {limits.max_ratio}:1: a compressed-file bomb?)", code="too_compressed")


def open_xlsx(data: bytes, limits: Limits | None = None) -> Any:
    """The workbook in read-only (streaming) mode, after `check_xlsx`. Close it when done."""
    from openpyxl import load_workbook

    check_xlsx(data, limits)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise refuse(f"the workbook cannot be read: {exc}", code="unreadable") from None


class _Clock:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.start = time.monotonic()

    def check(self, line: int) -> None:
        if time.monotonic() - self.start > self.limits.max_seconds:
            raise refuse(f"reading the file took more than {self.limits.max_seconds:.0f} s; split it",
                         code="too_slow", line=line)


def limited_rows(rows: Iterable[Iterable[Any]], limits: Limits | None = None, *, first_line: int = 1
                 ) -> Iterator[tuple[Any, ...]]:
    """Rows as tuples cut to the column limit; refused past the row limit (blank rows count) or the time limit."""
    limits = limits or Limits.current()
    clock = _Clock(limits)
    for i, row in enumerate(rows):
        line = first_line + i
        if i >= limits.max_rows:
            raise refuse(f"more than {limits.max_rows} rows (blank rows count); split the file", code="too_many_rows",
                         line=line)
        if i % 256 == 0:
            clock.check(line)
        out = []
        for j, value in enumerate(row):
            if j >= limits.max_cols:
                break
            out.append(value)
        yield tuple(out)


def sheet_rows(sheet: Any, limits: Limits | None = None, *, min_row: int = 1, max_row: int | None = None
               ) -> Iterator[tuple[Any, ...]]:
    limits = limits or Limits.current()
    rows = sheet.iter_rows(min_row=min_row, max_row=max_row, max_col=limits.max_cols, values_only=True)
    return limited_rows(rows, limits, first_line=min_row)


def decode_text(data: bytes, limits: Limits | None = None, *, what: str = "the CSV file") -> str:
    check_size(data, limits)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse(f"{what} is not UTF-8 text (byte {exc.start}); save it as CSV UTF-8", code="bad_encoding") \
            from None
