"""D02-LT files (XLSX built here with openpyxl, and XML) read into lines with their spreadsheet row numbers; the
REST API: JSON lines, upload, list, detail, scope."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from ansinh.contributions.imports.d02lt import read_d02lt, write_xlsx, write_xml
from ansinh.contributions.models import Declaration
from ansinh.core.errors import FileErrors
from ansinh.core.testing import factories as f
from ansinh.coverage.models import Participation
from ansinh.registry.models import Employment, Person
from ansinh.rules.periods import Month

pytestmark = pytest.mark.django_db

P = Month(2026, 3)
FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "sample-d02lt.xlsx"


@pytest.fixture
def unit(two_provinces):
    world = dict(two_provinces)
    world["employer"] = f.EmployerFactory(address_commune=world["a1"], start_date=dt.date(2015, 1, 1))
    world["staying"] = f.EmploymentFactory(employer=world["employer"], valid_from=dt.date(2024, 1, 1),
                                           person=f.PersonFactory(address_commune=world["a1"]), salary=9_000_000)
    return world


def rows(unit) -> list[dict]:
    return [
        {"full_name": "Hoàng Văn Nam", "citizen_id": "020090000777", "birth_date": dt.date(1990, 4, 5), "sex": "Nam",
         "commune_code": unit["a2"].code, "contract_type": "Không xác định thời hạn", "salary": 8_500_000,
         "from_month": P, "declaration_type": 1, "action": "TM", "position": "Thợ hàn"},
        {"citizen_id": unit["staying"].person.citizen_id, "full_name": unit["staying"].person.full_name,
         "salary": 10_000_000, "from_month": P, "declaration_type": 2, "action": "DC"},
    ]


def hand_made_xlsx(data_rows: list[list], header: list[str], *, above: list[list] | None = None) -> bytes:
    """A workbook laid out by hand: some rows above, the header, then data (as a declarant's own sheet)."""
    book = Workbook()
    sheet = book.active
    for row in above or []:
        sheet.append(row)
    sheet.append(header)
    for row in data_rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_written_xlsx_reads_back(unit):
    data = write_xlsx(rows(unit), unit_code="X", period=P)
    parsed = read_d02lt(data, "d02.xlsx")
    assert parsed.kind == "xlsx" and parsed.unit_code == "X" and parsed.period == P
    assert [x.line for x in parsed.lines] == [8, 9]  # spreadsheet rows; row 7 (column numbers) skipped
    first = parsed.lines[0]
    assert (first.action, first.citizen_id, first.sex, first.salary) == ("TM", "020090000777", "Nam", 8_500_000)
    assert first.from_month == "03/2026" and first.birth_date == "05/04/1990"


def test_hand_made_sheet_with_vietnamese_titles_and_numbers_for_identifiers(unit):
    header = ["STT", "Họ và tên", "Mã số BHXH", "Số CCCD/ CMND/ ĐDCN/ Hộ chiếu", "Ngày sinh", "Giới tính", "Mã xã",
              "Tiền lương", "Từ tháng", "Loại hợp đồng", "Phương án"]
    born, month = dt.datetime(1995, 1, 2), dt.datetime(2026, 3, 1)  # noqa: DTZ001 - spreadsheet cells are naive
    data = hand_made_xlsx(
        [[1, "Đinh Thị Lan", None, 20195000123, born, "Nữ", int(unit["a2"].code), 7_000_000.0, month, "fixed_12_36",
          "TM"],
         [None, "Cộng tăng", None, None, None, None, None, 7_000_000, None, None, None]],
        header, above=[["Tên đơn vị: Công ty Thử"], [f"Mã đơn vị: {unit['employer'].unit_code}"], []])
    parsed = read_d02lt(data)
    assert parsed.header_row == 4 and parsed.unit_code == unit["employer"].unit_code
    [line] = parsed.lines  # the totals row is not a line
    assert line.line == 5
    assert line.citizen_id == "020195000123"  # the leading zero Excel dropped is restored
    assert line.commune_code == unit["a2"].code.zfill(5)
    from ansinh.contributions.services.declare import declaration_upload

    declaration = declaration_upload(actor=unit["u1"], employer=unit["employer"], data=data, file_name="lan.xlsx",
                                     period=P)
    assert declaration.channel == "upload" and declaration.file_name == "lan.xlsx" and len(declaration.file_sha256) == 64
    assert Person.objects.get(citizen_id="020195000123").birth_date == dt.date(1995, 1, 2)


def test_bad_rows_are_reported_with_their_spreadsheet_row(unit):
    header = ["Họ và tên", "Số CCCD/ĐDCN", "Ngày sinh", "Giới tính", "Mã xã", "Tiền lương", "Từ tháng", "Phương án",
              "Loại hợp đồng"]
    good = ["Đinh Văn Tốt", "020090000555", "01/01/1990", "Nam", unit["a2"].code, 8_000_000, "03/2026", "TM",
            "indefinite"]
    data = hand_made_xlsx([
        good,
        ["Sai Số", "12345", "01/01/1990", "Nam", unit["a2"].code, 8_000_000, "03/2026", "TM", "indefinite"],
        ["Lương Thấp", "020090000556", "01/01/1990", "Nam", unit["a2"].code, 100, "03/2026", "TM", "indefinite"],
        ["Thiếu Tháng", "020090000557", "01/01/1990", "Nam", unit["a2"].code, 8_000_000, None, "TM", "indefinite"],
    ], header, above=[["DANH SÁCH LAO ĐỘNG"]])
    from ansinh.contributions.services.declare import declaration_upload

    before = (Person.objects.count(), Employment.objects.count(), Declaration.objects.count())
    with pytest.raises(FileErrors) as caught:
        declaration_upload(actor=unit["u1"], employer=unit["employer"], data=data, file_name="bad.xlsx", period=P)
    got = {(e["line"], e["field"], e["code"]) for e in caught.value.details}
    assert got == {(4, "citizen_id", "wrong_length"), (5, "salary", "below_floor"), (6, "from_month", "required")}
    assert (Person.objects.count(), Employment.objects.count(), Declaration.objects.count()) == before


def test_unreadable_files(unit):
    with pytest.raises(FileErrors) as caught:
        read_d02lt(b"just text")
    assert caught.value.details[0]["code"] == "bad_format"
    with pytest.raises(FileErrors) as caught:
        read_d02lt(hand_made_xlsx([["x"]], ["Tên", "Tuổi"]))
    assert caught.value.details[0]["code"] == "no_header"
    with pytest.raises(FileErrors) as caught:
        read_d02lt(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><D02LT>&a;</D02LT>')
    assert caught.value.details[0]["code"] == "forbidden_xml"
    with pytest.raises(FileErrors) as caught:
        read_d02lt(b"<D02LT><DSACH_LAO_DONG><LAO_DONG><HO_TEN>A</HO_TEN><TIEN_LUON>1</TIEN_LUON></LAO_DONG>"
                   b"</DSACH_LAO_DONG></D02LT>")
    assert caught.value.details == [{"line": 1, "field": "TIEN_LUON", "code": "unknown_element",
                                     "message": "<TIEN_LUON> is not an element of a D02-LT record"}]


def test_xml_reads_like_xlsx(unit):
    data = write_xml(rows(unit), unit_code=unit["employer"].unit_code, period=P)
    parsed = read_d02lt(data)
    assert parsed.kind == "xml" and parsed.period == P and [x.line for x in parsed.lines] == [1, 2]
    as_xlsx = read_d02lt(write_xlsx(rows(unit), period=P))
    for a, b in zip(parsed.lines, as_xlsx.lines, strict=True):
        assert (a.action, a.citizen_id, a.from_month, str(a.salary), a.declaration_type.__str__()) == (
            b.action, b.citizen_id, b.from_month, str(b.salary), str(b.declaration_type))


def test_sample_fixture_reads(unit):
    parsed = read_d02lt(FIXTURE.read_bytes())
    assert parsed.kind == "xlsx" and len(parsed.lines) >= 3
    assert {x.action for x in parsed.lines} >= {"TM", "DC", "GH"}


# --- API -------------------------------------------------------------------------------------------------------

def test_api_json_lines(client, unit):
    client.force_login(unit["u1"])
    employer = unit["employer"]
    response = client.post(f"/api/v1/employers/{employer.pk}/declarations", {"period": "2026-03", "lines": [
        {"action": "join", "from_month": "2026-03", "citizen_id": "020090000888", "full_name": "Bế Văn Ba",
         "birth_date": "1990-06-07", "sex": "M", "commune_code": unit["a2"].code, "contract_type": "indefinite",
         "salary": 9_000_000},
        {"action": "DC", "from_month": "04/2026", "citizen_id": unit["staying"].person.citizen_id, "salary": 9_900_000},
    ]}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["channel"] == "api" and body["submitted_by"] == "officer_ls" and body["line_count"] == 2
    assert [(x["line_no"], x["action"]) for x in body["lines"]] == [(1, "join"), (2, "salary")]
    assert body["lines"][0]["person"]["citizen_id"] == "020090000888"
    listed = client.get(f"/api/v1/employers/{employer.pk}/declarations").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]
    assert client.get(f"/api/v1/declarations/{body['id']}").json()["lines"][1]["salary"] == 9_900_000


def test_api_refusal_lists_every_error(client, unit):
    client.force_login(unit["u1"])
    response = client.post(f"/api/v1/employers/{unit['employer'].pk}/declarations", {"period": "2026-03", "lines": [
        {"action": "GH", "from_month": "2026-03", "si_code": "123"},
        {"action": "join", "from_month": "2026-03", "citizen_id": "020090000889"},
    ]}, content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "file_invalid"
    assert {(d["line"], d["field"], d["code"]) for d in body["details"]} >= {
        (1, "si_code", "wrong_length"), (2, "full_name", "required_new_person"), (2, "salary", "required")}
    assert not Declaration.objects.exists()


def test_api_upload_xlsx_and_xml(client, unit):
    client.force_login(unit["u1"])
    employer = unit["employer"]
    data = write_xlsx(rows(unit)[:1], unit_code=employer.unit_code, period=P)
    response = client.post(f"/api/v1/employers/{employer.pk}/declarations/upload",
                           {"file": _upload("d02.xlsx", data)})
    assert response.status_code == 201, response.content
    assert response.json()["file_name"] == "d02.xlsx" and response.json()["period"] == "2026-03-01"
    assert Participation.objects.filter(person__citizen_id="020090000777").count() == 3
    xml = write_xml(rows(unit)[1:], unit_code=employer.unit_code)
    response = client.post(f"/api/v1/employers/{employer.pk}/declarations/upload",
                           {"file": _upload("d02.xml", xml), "period": "03/2026"})
    assert response.status_code == 201, response.content
    other = write_xml(rows(unit)[1:], unit_code="0000000000DN", period=P)
    response = client.post(f"/api/v1/employers/{employer.pk}/declarations/upload", {"file": _upload("x.xml", other)})
    assert response.status_code == 422 and response.json()["details"][0]["code"] == "other_unit"


def test_api_scope(client, unit):
    elsewhere = f.EmployerFactory(address_commune=unit["b1"])
    client.force_login(unit["u1"])
    response = client.post(f"/api/v1/employers/{elsewhere.pk}/declarations",
                           {"period": "2026-03", "lines": [{"action": "GH", "from_month": "2026-03",
                                                            "si_code": "0123456789"}]},
                           content_type="application/json")
    assert response.status_code == 404
    assert client.get(f"/api/v1/employers/{elsewhere.pk}/declarations").status_code == 404
    client.force_login(unit["u2"])
    ok = client.get(f"/api/v1/employers/{elsewhere.pk}/declarations")
    assert ok.status_code == 200
    from ansinh.contributions.services.declare import DeclarationLineIn, declaration_submit

    declaration = declaration_submit(actor=unit["u1"], employer=unit["employer"], period=P, channel="desk", lines=[
        DeclarationLineIn(line=1, action="DC", from_month="04/2026", citizen_id=unit["staying"].person.citizen_id,
                          salary=9_500_000)])
    assert client.get(f"/api/v1/declarations/{declaration.pk}").status_code == 404


@pytest.mark.parametrize("token", [False, True])
def test_api_employer_user_cannot_apply_directly(client, unit, token):
    """An employer representative (session or unit API token) is refused on the direct endpoints: 403 pointing to
    /api/v1/unit/declarations, and nothing reaches the registry (no declaration, person, employment, cover)."""
    from ansinh.accounts.models import Role

    rep = f.UserFactory(role=Role.EMPLOYER_REP, employer=unit["employer"])
    headers = {}
    if token:
        from ansinh.accounts.services import token_create

        secret = token_create(user=rep, name="payroll", days=30, actor=rep, source="portal")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    else:
        client.force_login(rep)
    counts = (Person.objects.count(), Employment.objects.count(), Participation.objects.count())
    data = write_xlsx(rows(unit), unit_code=unit["employer"].unit_code, period=P)
    response = client.post(f"/api/v1/employers/{unit['employer'].pk}/declarations/upload",
                           {"file": _upload("d02.xlsx", data)}, **headers)
    assert response.status_code == 403, response.content
    assert response.json()["code"] == "review_required" and "/api/v1/unit/declarations" in response.json()["message"]
    response = client.post(f"/api/v1/employers/{unit['employer'].pk}/declarations", {"period": "2026-03", "lines": [
        {"action": "DC", "from_month": "04/2026", "citizen_id": unit["staying"].person.citizen_id, "salary": 9_900_000},
    ]}, content_type="application/json", **headers)
    assert response.status_code == 403 and response.json()["code"] == "review_required"
    assert not Declaration.objects.exists()
    assert (Person.objects.count(), Employment.objects.count(), Participation.objects.count()) == counts
    other = f.EmployerFactory(address_commune=unit["a1"])
    assert client.get(f"/api/v1/employers/{other.pk}/declarations", **headers).status_code == 404
    assert client.post(f"/api/v1/employers/{other.pk}/declarations/upload", {"file": _upload("d02.xlsx", data)},
                       **headers).status_code == 404


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")
