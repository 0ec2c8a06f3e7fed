"""A corpus of hostile and broken files through every importer: the bank statement (CSV, XLSX), the D02-LT
declaration (XLSX, XML), the payroll return file (CSV) and the population figures (CSV). Each file is refused
with its reason, quickly and in bounded memory, and nothing is written."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile

import pytest
from openpyxl import Workbook

from ansinh.accounts.models import AuditEvent
from ansinh.benefits.models import PayrollLine
from ansinh.benefits.services.payroll import build_payroll, settle_payroll
from ansinh.benefits.tests.conftest import make_entitlements
from ansinh.contributions.imports.bank_statement import MB
from ansinh.contributions.models import BankStatementLine, Declaration, LedgerEntry, LedgerTxn
from ansinh.contributions.services import payments
from ansinh.contributions.services.declare import declaration_upload
from ansinh.core.errors import ApplicationError, FileErrors
from ansinh.core.testing import factories as f
from ansinh.places.models import Population
from ansinh.places.services.population import import_population
from ansinh.registry.models import Person
from ansinh.rules.periods import Month

pytestmark = pytest.mark.django_db

MB_HEADER = "STT,NGÀY GIAO DỊCH,NGÀY HẠCH TOÁN,PHÁT SINH NỢ,PHÁT SINH CÓ,ĐƠN VỊ THỤ HƯỞNG/ĐƠN VỊ CHUYỂN,NỘI DUNG,BÚT TOÁN"


def mb_row(i: int, day: str, credit: str, ref: str, text: str = "BHXH") -> str:
    return f'{i},{day} 10:00:00,{day},"0","{credit}",Cong ty,"{text}",{ref}'


def zip_bomb(size: int = 120 * 1024 * 1024) -> bytes:
    """A valid-looking workbook whose sheet inflates to `size` bytes (about 0.1 % of it compressed)."""
    good = io.BytesIO()
    Workbook().save(good)
    out = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with dst.open(item.filename, "w", force_zip64=True) as fh:
                    fh.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                    chunk = b"<row/>" * (1024 * 1024 // 6)
                    for _ in range(size // len(chunk)):
                        fh.write(chunk)
                    fh.write(b"</sheetData></worksheet>")
            else:
                dst.writestr(item, src.read(item.filename))
    return out.getvalue()


def blank_rows_workbook(rows: int = 40_000, header: list[str] | None = None) -> bytes:
    """Small on disk and under the size limits, but a sheet of blank rows to scan (after a header)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    if header:
        sheet.append(header)
    for _ in range(rows):
        sheet.append([None])
    sheet.append(["x"])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<HOSO_D02LT><THONG_TIN_DON_VI><MA_DON_VI>&lol3;</MA_DON_VI></THONG_TIN_DON_VI></HOSO_D02LT>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<HOSO_D02LT><THONG_TIN_DON_VI><MA_DON_VI>&xxe;</MA_DON_VI></THONG_TIN_DON_VI></HOSO_D02LT>"""


def _state() -> tuple[int, ...]:
    return (BankStatementLine.objects.count(), LedgerTxn.objects.count(), LedgerEntry.objects.count(),
            Declaration.objects.count(), Person.objects.count(), Population.objects.count(),
            PayrollLine.objects.exclude(status="built").count(),
            AuditEvent.objects.exclude(object_type="accounts.user").count())


def _refused(call, *, reason: str, seconds: float = 20) -> str:
    before = _state()
    start = time.monotonic()
    with pytest.raises(ApplicationError) as caught:
        call()
    assert time.monotonic() - start < seconds, "a hostile file must be refused quickly"
    assert 400 <= caught.value.status < 500
    text = caught.value.message + " " + repr(caught.value.details)
    assert reason.lower() in text.lower(), text
    assert _state() == before, "nothing is written"
    return text


BANK_CORPUS = {
    "xlsx bomb (120 MB inflated)": (lambda: zip_bomb(), "x.xlsx", "expands to more than"),
    "blank-row bomb": (lambda: blank_rows_workbook(header=MB_HEADER.split(",")), "x.xlsx", "rows"),
    "not a workbook": (lambda: b"PK\x03\x04garbage", "x.xlsx", "cannot be read"),
    "latin-1 csv": (lambda: (MB_HEADER + "\n" + mb_row(1, "02/04/2026", "1,000", "FT1", "Công ty")).encode("cp1258",
                                                                                                   "replace") + b"\xff",
                    "x.csv", "not UTF-8"),
    "oversized": (lambda: b"a" * (10 * 1024 * 1024 + 1), "x.csv", "larger than"),
    "credit past 64 bits": (lambda: (MB_HEADER + "\n" + mb_row(1, "02/04/2026", "9223372036854775807", "FT1")).encode(),
                            "x.csv", "plausible maximum"),
    "credit of 10^16": (lambda: (MB_HEADER + "\n" + mb_row(1, "02/04/2026", "10,000,000,000,000,000", "FT1")).encode(),
                        "x.csv", "plausible maximum"),
    "date in 1800": (lambda: (MB_HEADER + "\n" + mb_row(1, "02/04/1800", "1,000,000", "FT1")).encode(), "x.csv",
                     "outside"),
    "date in 2999": (lambda: (MB_HEADER + "\n" + mb_row(1, "02/04/2999", "1,000,000", "FT1")).encode(), "x.csv",
                     "outside"),
}


@pytest.mark.parametrize("name", sorted(BANK_CORPUS))
def test_bank_statement_importer_refuses(name, two_provinces, settings):
    settings.ANSINH_FILE_MAX_ROWS = 20_000  # the default (200,000) works the same, only slower to show
    make, file_name, reason = BANK_CORPUS[name]
    data = make()
    _refused(lambda: payments.bank_statement_import(actor=two_provinces["u1"], data=data, file_name=file_name,
                                                    bank="MB", account_no="123", layout=MB), reason=reason)


def _d02_titles() -> list[str]:
    from ansinh.contributions.imports.d02lt import COLUMNS, WRITE_ORDER

    return [COLUMNS[name][0] for name in WRITE_ORDER]


D02_CORPUS = {
    "xlsx bomb": (lambda: zip_bomb(), "expands to more than"),
    "blank-row bomb": (lambda: blank_rows_workbook(header=_d02_titles()), "rows"),
    "billion laughs": (lambda: BILLION_LAUGHS, "forbidden"),
    "external entity": (lambda: EXTERNAL_ENTITY, "forbidden"),
    "oversized": (lambda: b"<" + b"a" * (11 * 1024 * 1024), "larger than"),
    "neither format": (lambda: b"\x00\x01binary", "neither"),
}


@pytest.mark.parametrize("name", sorted(D02_CORPUS))
def test_d02lt_importer_refuses(name, two_provinces):
    """Reachable by employers: a hostile declaration file is refused before it can hold a worker."""
    make, reason = D02_CORPUS[name]
    employer = f.EmployerFactory(address_commune=two_provinces["a1"], start_date=dt.date(2015, 1, 1))
    data = make()
    _refused(lambda: declaration_upload(actor=two_provinces["u1"], employer=employer, data=data,
                                        file_name="d02.xlsx", period=Month(2026, 3)), reason=reason)


def test_payroll_return_file_refuses_huge_ids_and_bad_encoding(two_provinces):
    make_entitlements(2, commune=two_provinces["a1"], from_month=Month(2026, 3))
    payroll, _ = build_payroll(Month(2026, 3))
    huge = f"line_id,status,date\n{2**70},paid,2026-03-10\n".encode()
    with pytest.raises(FileErrors) as caught:
        settle_payroll(actor=None, payroll=payroll, data=huge, file_name="r.csv")
    assert caught.value.details[0]["field"] == "line_id"
    _refused(lambda: settle_payroll(actor=None, payroll=payroll, data=b"line_id,status,date\n\xff\xfe", file_name="r.csv"),
             reason="UTF-8")


POPULATION_HEADER = "unit_level,unit_code,year,total,male,female,source,valid_on\n"


@pytest.mark.parametrize(("row", "reason"), [
    ("province,20,2024,99999999999999999999,,,GSO,2024-12-31", "more than"),
    ("province,20,2024,300000000,,,GSO,2024-12-31", "more than"),
    ("province,20,2024,1000,,,GSO,1800-12-31", "not a date"),
])
def test_population_importer_refuses(row, reason, two_provinces):
    _refused(lambda: import_population((POPULATION_HEADER + row + "\n").encode()), reason=reason)


def test_population_importer_refuses_a_non_utf8_file(two_provinces):
    _refused(lambda: import_population("unit_level,unit_code\nprovince,Lạng Sơn".encode("utf-16")), reason="UTF-8")


def test_d02lt_salary_far_above_any_real_one_is_refused_with_its_line(two_provinces):
    from ansinh.contributions.imports.d02lt import write_xlsx

    employer = f.EmployerFactory(address_commune=two_provinces["a1"], start_date=dt.date(2015, 1, 1))
    data = write_xlsx([{"full_name": "Trần Văn Mới", "citizen_id": "020090000501", "birth_date": "17/05/1990",
                        "sex": "Nam", "commune_code": two_provinces["a1"].code, "action": "TM",
                        "from_month": "03/2026", "contract_type": "indefinite", "salary": 9_000_000_000_000}],
                      unit_code=employer.unit_code, period=Month(2026, 3))
    text = _refused(lambda: declaration_upload(actor=two_provinces["u1"], employer=employer, data=data,
                                               file_name="d02.xlsx", period=Month(2026, 3)),
                    reason="plausible maximum")
    assert "'salary'" in text and "'line': 8" in text


@pytest.mark.parametrize("name", ["xlsx bomb", "neither format"])
def test_compliance_list_reader_refuses(name):
    """The compliance lists (tax, enterprise registry …) go through the same limits."""
    from ansinh.compliance.reading import read_table

    data = zip_bomb() if name == "xlsx bomb" else b"\xff\xfe\x00binary"
    start = time.monotonic()
    with pytest.raises(FileErrors) as caught:
        read_table(data, "list.xlsx")
    assert time.monotonic() - start < 20
    assert caught.value.details[0]["code"] in ("too_large_uncompressed", "bad_encoding")
