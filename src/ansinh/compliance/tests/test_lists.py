"""List import: validated whole, bad lines reported with line and reason, nothing half-written, scope."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from ansinh.accounts.models import AuditEvent
from ansinh.compliance.models import ListEntry, SourceList
from ansinh.compliance.services.lists import entry_review, list_import
from ansinh.compliance.tests.conftest import csv_bytes
from ansinh.core.errors import Conflict, FileErrors, NotFound
from ansinh.core.testing import factories as f

pytestmark = pytest.mark.django_db
TAX_HEADER = ["Mã số thuế", "Tên doanh nghiệp", "Địa chỉ", "Mã xã", "Trạng thái", "Ngày thành lập",
              "Chi phí tiền lương", "Số lao động"]


def _tax(code: str) -> str:
    return f.EmployerFactory.build().tax_code if code == "new" else code


def imp(user, kind, data, **kw):
    return list_import(actor=user, kind=kind, source=kw.pop("source", "Cục Thuế tỉnh"),
                       source_date=kw.pop("source_date", dt.date(2026, 11, 30)), province_code="20",
                       file_name=kw.pop("file_name", "list.csv"), data=data, **kw)


def test_tax_list_imported_with_source_and_matches(places) -> None:
    a1, a2 = places["a1"], places["a2"]
    known = f.EmployerFactory(name="Công ty TNHH Xây dựng Hoàng Long", address_commune=a1)
    other = f.EmployerFactory.build()
    data = csv_bytes([TAX_HEADER,
                      [known.tax_code, "Cty TNHH XD Hoàng Long", "", a1.code, "Đang hoạt động", "01/02/2015",
                       "1.200.000.000", "12"],
                      [other.tax_code, "Cty TNHH Mới Mở", "thôn Nà Sla", a2.code, "active", "2026-05-10", "", ""]])
    sl = imp(places["u1"], "tax_enterprises", data)
    assert (sl.source, sl.source_date, sl.rows, sl.kind) == ("Cục Thuế tỉnh", dt.date(2026, 11, 30), 2,
                                                             "tax_enterprises")
    e1, e2 = ListEntry.objects.filter(source_list=sl).order_by("line_no")
    assert (e1.line_no, e1.match_method, e1.employer_id, e1.wage_expense, e1.headcount) == (
        2, "id", known.id, 1_200_000_000, 12)
    assert (e2.match_method, e2.established_on, e2.commune_id, e2.status) == ("none", dt.date(2026, 5, 10), a2.id,
                                                                             "active")
    assert AuditEvent.objects.filter(reason="compliance.list_import").count() == 1
    with pytest.raises(Conflict):
        imp(places["u1"], "tax_enterprises", data)  # the same file twice


def test_xlsx_school_list(places) -> None:
    a1 = places["a1"]
    pupil = f.PersonFactory(full_name="Lê Minh Anh", birth_date=dt.date(2016, 2, 3), address_commune=a1)
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH HỌC SINH THAM GIA BHYT"])
    sheet.append(["Mã trường", "Tên trường", "Lớp", "Số định danh cá nhân", "Họ và tên", "Ngày sinh", "Mã xã"])
    sheet.append(["TH01", "Trường Tiểu học Hoàng Văn Thụ", "4A", pupil.citizen_id, "Lê Minh Anh",
                  dt.datetime(2016, 2, 3, tzinfo=dt.UTC).replace(tzinfo=None), a1.code])
    sheet.append(["TH01", "Trường Tiểu học Hoàng Văn Thụ", "4A", "", "Le Minh Anh", "03/02/2016", a1.code])
    buf = io.BytesIO()
    book.save(buf)
    sl = imp(places["u1"], "school_pupils", buf.getvalue(), source="Trường TH Hoàng Văn Thụ", file_name="hs.xlsx")
    entries = list(ListEntry.objects.filter(source_list=sl).order_by("line_no"))
    assert [(e.line_no, e.match_method, e.person_id, e.grade) for e in entries] == [
        (3, "id", pupil.id, "4A"), (4, "fuzzy", pupil.id, "4A")]


def test_bad_list_refused_with_every_line_and_nothing_written(places) -> None:
    a1 = places["a1"]
    good = f.EmployerFactory.build().tax_code
    data = csv_bytes([TAX_HEADER,
                      [good, "Cty A", "", a1.code, "active", "01/01/2020", "", ""],
                      ["0101234567", "Cty B", "", a1.code, "active", "01/01/2020", "", ""],  # bad check digit
                      [f.EmployerFactory.build().tax_code, "Cty C", "", "99999", "active", "31/02/2020", "x", ""],
                      [good, "", "", a1.code, "đóng băng", "01/01/2099", "", ""]])
    with pytest.raises(FileErrors) as exc:
        imp(places["u1"], "tax_enterprises", data)
    problems = {(e["line"], e["field"], e["code"]) for e in exc.value.details}
    assert (3, "tax_code", "bad_check_digit") in problems
    assert (4, "commune_code", "unknown_commune") in problems
    assert (4, "established_on", "bad_date") in problems
    assert (4, "wage_expense", "bad_number") in problems
    assert (5, "name", "required") in problems
    assert (5, "tax_code", "duplicate") in problems
    assert (5, "status", "bad_status") in problems
    assert (5, "established_on", "future_date") in problems
    assert SourceList.objects.count() == 0 and ListEntry.objects.count() == 0
    assert not AuditEvent.objects.filter(reason="compliance.list_import").exists()


def test_missing_columns_and_unreadable_files(places) -> None:
    with pytest.raises(FileErrors) as exc:
        imp(places["u1"], "state_budget_group", csv_bytes([["Họ và tên", "Ngày sinh"], ["A", "01/01/2000"]]))
    assert {e["field"] for e in exc.value.details} == {"commune_code", "group"}
    with pytest.raises(FileErrors):
        imp(places["u1"], "tax_enterprises", b"\xff\xfe garbage")
    with pytest.raises(FileErrors) as exc:
        imp(places["u1"], "tax_enterprises", b"x" * (10 * 1024 * 1024 + 1))
    assert exc.value.details[0]["code"] == "too_large"
    assert SourceList.objects.count() == 0


def test_scope_communes_outside_refused_and_other_province_not_found(places) -> None:
    b1 = places["b1"]  # Cao Bằng: outside officer_ls's localities
    data = csv_bytes([["Họ và tên", "Ngày sinh", "Mã xã", "Đối tượng"], ["Vi Văn A", "01/01/1990", b1.code, "hộ nghèo"]])
    with pytest.raises(FileErrors) as exc:
        imp(places["u1"], "state_budget_group", data)
    assert exc.value.details[0]["code"] == "unknown_commune"
    with pytest.raises(NotFound):
        list_import(actor=places["u2"], kind="tax_enterprises", source="x", source_date=dt.date(2026, 1, 1),
                    province_code="20", file_name="a.csv", data=data)


def test_review_queue_confirm_and_reject(places) -> None:
    a1 = places["a1"]
    f.EmployerFactory(name="Công ty TNHH Xây dựng Hoàng Long", address_commune=a1)
    data = csv_bytes([TAX_HEADER,
                      [f.EmployerFactory.build().tax_code, "Công ty TNHH Xây dựng Hoàng Lan", "", a1.code, "", "01/01/2020", "", ""],
                      [f.EmployerFactory.build().tax_code, "Công ty CP Xây dựng Hoàng Long", "", a1.code, "", "01/01/2020", "", ""]])
    sl = imp(places["u1"], "tax_enterprises", data)
    e1, e2 = ListEntry.objects.filter(source_list=sl).order_by("line_no")
    assert e1.match_method == e2.match_method == "review"
    entry_review(actor=places["u1"], entry=e1, accept=False)
    entry_review(actor=places["u1"], entry=e2, accept=True)
    e1.refresh_from_db()
    e2.refresh_from_db()
    assert (e1.match_method, e1.employer_id) == ("rejected", None)
    assert e2.match_method == "confirmed" and e2.employer_id is not None
    with pytest.raises(Conflict):
        entry_review(actor=places["u1"], entry=e2, accept=False)
