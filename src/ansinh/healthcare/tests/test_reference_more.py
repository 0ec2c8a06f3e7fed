"""Facilities, practitioners and primary-care registrations: imported effective-dated (CSV and XLSX), bad rows
refused by line and field with nothing loaded; the change of primary-care facility only in the quarter's window
(HI Law Art 26.1 as amended by Law 51/2024: the first 15 days), once per window, audited; the pages."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ansinh.accounts.models import AuditEvent, Role
from ansinh.core.errors import ApplicationError, FileErrors
from ansinh.core.testing import factories as f
from ansinh.healthcare import reference
from ansinh.healthcare.models import CatalogueItem, Facility, Practitioner, PrimaryCareRegistration
from ansinh.healthcare.reference import OPEN_DAY
from ansinh.rules import healthcare as hc

FAC = "code,name,level,kind,province,commune,primary_care,contract_number,contract_from,contract_to,valid_from,valid_to\n"
CARD = "DN4990000000001"


@pytest.mark.django_db
def test_facilities_effective_dated_and_refused_per_field(facility, tmp_path):
    c = facility.commune.code
    path = tmp_path / "fac.csv"
    path.write_text(FAC + f"99001,Bệnh viện Thử,specialised,hospital,99,{c},0,HĐ-2026,2026-01-01,,2026-01-01,\n"
                    f"99002,Trạm Y tế Thử,primary,commune_station,99,{c},1,HĐ-2,2025-01-01,,2025-01-01,\n",
                    encoding="utf-8")
    call_command("claims_reference_import", "facilities", str(path))
    rows = list(Facility.objects.filter(code="99001").order_by("valid_from").values_list("level", "valid_to"))
    assert rows == [("basic", dt.date(2025, 12, 31)), ("specialised", None)]
    assert Facility.objects.get(code="99002").primary_care is True
    bad = (FAC + f"9900,X,basic,hospital,99,{c},1,,,,2025-01-01,\n"
           f"98003,Y,tier9,hospital,99,{c},1,,,,2025-01-01,\n"
           "99004,Z,basic,clinic,99,00000,1,,,,2025-13-01,\n").encode()
    with pytest.raises(FileErrors) as exc:
        reference.facilities_import(actor=None, stream=io.BytesIO(bad), file_name="bad.csv")
    assert {(p["line"], p["field"]) for p in exc.value.details} == {
        (2, "code"), (3, "level"), (3, "code"), (4, "commune"), (4, "valid_from")}
    assert Facility.objects.count() == 3
    (tmp_path / "bad.csv").write_bytes(bad)
    with pytest.raises(CommandError):
        call_command("claims_reference_import", "facilities", str(tmp_path / "bad.csv"))


@pytest.mark.django_db
def test_practitioners_from_xlsx_close_the_earlier_row(facility):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["certificate_number", "full_name", "title", "facility_code", "valid_from", "valid_to"])
    ws.append(["000001/SYN-CCHN", "Bác sĩ Thử", "BS CKI", "99001", dt.date(2025, 6, 1), None])
    ws.append(["000777/SYN-CCHN", "Bác sĩ Mới", "BS", "99001", "2025-06-01", "2025-12-31"])
    buf = io.BytesIO()
    wb.save(buf)
    assert reference.practitioners_import(actor=None, stream=io.BytesIO(buf.getvalue()), file_name="p.xlsx") == 2
    old = Practitioner.objects.get(certificate_number="000001/SYN-CCHN", valid_from=dt.date(2024, 1, 1))
    assert old.valid_to == dt.date(2025, 5, 31) and old.to_day == hc.day_number(dt.date(2025, 5, 31))
    new = Practitioner.objects.get(certificate_number="000777/SYN-CCHN")
    assert (new.from_day, new.to_day) == (hc.day_number(dt.date(2025, 6, 1)), hc.day_number(dt.date(2025, 12, 31)))
    with pytest.raises(FileErrors) as exc:
        reference.practitioners_import(actor=None, stream=io.BytesIO(
            b"certificate_number,full_name,title,facility_code,valid_from,valid_to\nA;B,X,,99001,2025-01-01,\n"
            b",Y,,99009,,\n"), file_name="p.csv")
    assert {(p["line"], p["field"]) for p in exc.value.details} == {
        (2, "certificate_number"), (3, "certificate_number"), (3, "facility_code"), (3, "valid_from")}


@pytest.mark.django_db
def test_overlapping_periods_refused_with_nothing_loaded(facility):
    """B01 joins a facility's version of the day and P05 a certificate's period of the day as at most one row: a
    period overlapping one held (or earlier in the file), other than the open one a later start closes, is refused."""
    head = b"certificate_number,full_name,title,facility_code,valid_from,valid_to\n"
    reference.practitioners_import(actor=None, stream=io.BytesIO(
        head + b"000888/SYN-CCHN,A,,99001,2025-01-01,2025-06-30\n"), file_name="p1.csv")
    with pytest.raises(FileErrors) as exc:
        reference.practitioners_import(actor=None, stream=io.BytesIO(
            head + b"000888/SYN-CCHN,A,,99001,2025-06-01,\n"  # inside the held period
            b"000999/SYN-CCHN,B,,99001,2025-03-01,2025-12-31\n"
            b"000999/SYN-CCHN,B,,99001,2025-01-01,2025-03-31\n"), file_name="p2.csv")  # overlaps the row above
    assert {(p["line"], p["field"]) for p in exc.value.details} == {(2, "valid_from"), (3, "valid_from")}
    assert Practitioner.objects.filter(certificate_number__in=["000888/SYN-CCHN", "000999/SYN-CCHN"]).count() == 1
    # after the held period, and an open period closed by a later one: taken
    assert reference.practitioners_import(actor=None, stream=io.BytesIO(
        head + b"000888/SYN-CCHN,A,,99001,2025-07-01,\n000888/SYN-CCHN,A,,99001,2026-01-01,\n"),
        file_name="p3.csv") == 2
    # the open period closed by the later row of the same file ends the day before it
    assert sorted(Practitioner.objects.filter(certificate_number="000888/SYN-CCHN").values_list(
        "valid_from", "valid_to", "to_day")) == [
        (dt.date(2025, 1, 1), dt.date(2025, 6, 30), hc.day_number(dt.date(2025, 6, 30))),
        (dt.date(2025, 7, 1), dt.date(2025, 12, 31), hc.day_number(dt.date(2025, 12, 31))),
        (dt.date(2026, 1, 1), None, OPEN_DAY)]
    c = facility.commune.code
    with pytest.raises(FileErrors) as exc:
        reference.facilities_import(actor=None, stream=io.BytesIO(
            (FAC + f"99001,X,basic,hospital,99,{c},0,,,,2023-01-01,2025-01-31\n").encode()), file_name="f.csv")
    assert [(p["line"], p["field"]) for p in exc.value.details] == [(2, "valid_from")]


@pytest.mark.django_db
def test_catalogue_periods_of_an_item_never_overlap(facility):
    """P01 and P02 join the item's approved price of the order day as at most one row (in the line pass): a row of
    the facility's item (whatever its kind) overlapping a period held or earlier in the file is refused, naming the
    line and valid_from, with nothing loaded; a later start closes the open row, held or in the file."""
    head = b"facility_code,kind,code,name,unit,price,valid_from,valid_to,tender\n"
    assert reference.catalogue_import(actor=None, stream=io.BytesIO(
        head + b"99001,drug,ZZ.1,Thuoc A,vien,1000,2025-01-01,2025-06-30,\n"), file_name="c1.csv") == 1
    with pytest.raises(FileErrors) as exc:
        reference.catalogue_import(actor=None, stream=io.BytesIO(
            head + b"99001,service,ZZ.1,Dich vu A,lan,900,2025-06-01,,\n"  # the same code, another kind: overlaps
            b"99001,drug,ZZ.2,Thuoc B,vien,500,2025-03-01,2025-12-31,\n"
            b"99001,drug,ZZ.2,Thuoc B,vien,600,2025-12-01,,\n"  # overlaps the row above
            b"99001,drug,ZZ.3,Thuoc C,vien,500,2025-05-01,2025-04-01,\n"), file_name="c2.csv")
    assert sorted((p["line"], p["field"]) for p in exc.value.details) == [(5, "valid_to")]
    with pytest.raises(FileErrors) as exc:
        reference.catalogue_import(actor=None, stream=io.BytesIO(
            head + b"99001,service,ZZ.1,Dich vu A,lan,900,2025-06-01,,\n"
            b"99001,drug,ZZ.2,Thuoc B,vien,500,2025-03-01,2025-12-31,\n"
            b"99001,drug,ZZ.2,Thuoc B,vien,600,2025-12-01,,\n"), file_name="c3.csv")
    assert sorted((p["line"], p["field"]) for p in exc.value.details) == [(2, "valid_from"), (4, "valid_from")]
    messages = {p["line"]: p["message"] for p in exc.value.details}
    assert messages[2].endswith("from 2025-01-01 already held") and messages[4].endswith("from 2025-03-01 on line 3")
    assert CatalogueItem.objects.filter(facility_code="99001", code__in=["ZZ.1", "ZZ.2"]).count() == 1
    assert reference.catalogue_import(actor=None, stream=io.BytesIO(
        head + b"99001,drug,ZZ.1,Thuoc A,vien,1100,2025-07-01,,\n99001,drug,ZZ.1,Thuoc A,vien,1200,2026-01-01,,\n"),
        file_name="c4.csv") == 2
    assert sorted(CatalogueItem.objects.filter(facility_code="99001", code="ZZ.1").values_list(
        "valid_from", "valid_to", "price_milli")) == [
        (dt.date(2025, 1, 1), dt.date(2025, 6, 30), 1_000_000), (dt.date(2025, 7, 1), dt.date(2025, 12, 31), 1_100_000),
        (dt.date(2026, 1, 1), None, 1_200_000)]
    # a later row closes the held open one the day before it (its day number too)
    assert reference.catalogue_import(actor=None, stream=io.BytesIO(
        head + b"99001,drug,ZZ.1,Thuoc A,vien,1300,2026-07-01,,\n"), file_name="c5.csv") == 1
    held = CatalogueItem.objects.get(facility_code="99001", code="ZZ.1", valid_from=dt.date(2026, 1, 1))
    assert (held.valid_to, held.to_day) == (dt.date(2026, 6, 30), hc.day_number(dt.date(2026, 6, 30)))


@pytest.fixture
def second(facility):
    return Facility.objects.create(code="99002", name="Trạm Y tế Thử", level="primary", kind="commune_station",
                                   province=facility.province, commune=facility.commune, primary_care=True,
                                   valid_from=facility.valid_from)


@pytest.mark.django_db
def test_registrations_import_then_change_only_in_the_window(facility, second):
    data = f"card_number,facility_code,valid_from\n{CARD},99001,2025-01-01\nXX1,99001,2025-01-01\n".encode()
    with pytest.raises(FileErrors) as exc:
        reference.registrations_import(actor=None, stream=io.BytesIO(data), file_name="r.csv")
    assert [(p["line"], p["field"]) for p in exc.value.details] == [(3, "card_number")]
    Facility.objects.filter(code="99002").update(primary_care=False)
    with pytest.raises(FileErrors):  # 99002 takes no registrations
        reference.registrations_import(actor=None, stream=io.BytesIO(
            f"card_number,facility_code,valid_from\n{CARD},99002,2025-01-01\n".encode()), file_name="r.csv")
    Facility.objects.filter(code="99002").update(primary_care=True)
    assert reference.registrations_import(actor=None, stream=io.BytesIO(
        f"card_number,facility_code,valid_from\n{CARD},99001,2025-01-01\n".encode()), file_name="r.csv") == 1
    # 20 October: the fourth quarter's window was 1-15 October
    with pytest.raises(ApplicationError) as late:
        reference.registration_change(actor=None, card_number=CARD, facility_code="99002", on=dt.date(2025, 10, 20))
    assert late.value.code == "outside_change_window" and "2025-10-01 to 2025-10-15" in late.value.message
    assert "2026-01-01 to 2026-01-15" in late.value.message
    # 15 October, the last day of the window: changed, the earlier registration closes the day before
    reference.registration_change(actor=None, card_number=CARD, facility_code="99002", on=dt.date(2025, 10, 15),
                                  reason="moved")
    regs = list(PrimaryCareRegistration.objects.filter(card_number=CARD).order_by("valid_from")
                .values_list("facility_code", "valid_to", "source"))
    assert regs == [("99001", dt.date(2025, 10, 14), "import"), ("99002", None, "change")]
    assert AuditEvent.objects.filter(object_type="healthcare.primarycareregistration").count() == 2
    with pytest.raises(ApplicationError) as again:  # once per window
        reference.registration_change(actor=None, card_number=CARD, facility_code="99001", on=dt.date(2025, 10, 15))
    assert again.value.code == "changed_this_quarter"
    reference.registration_change(actor=None, card_number=CARD, facility_code="99001", on=dt.date(2026, 1, 2))
    assert PrimaryCareRegistration.objects.get(card_number=CARD, valid_to__isnull=True).facility_code == "99001"


@pytest.mark.django_db
def test_pages(client, facility, second, settings):
    user = f.UserFactory(username="hi_ref", role=Role.HI_OFFICER)
    user.units.set([facility.province])
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post("/healthcare/reference/", {"kind": "registrations", "file": SimpleUploadedFile(
        "r.csv", f"card_number,facility_code,valid_from\n{CARD},99001,2025-01-01\n".encode())})
    assert r.status_code == 200 and "1 rows loaded" in r.content.decode()
    r = client.post("/healthcare/reference/", {"kind": "practitioners", "file": SimpleUploadedFile(
        "p.csv", b"certificate_number,full_name,title,facility_code,valid_from,valid_to\nX,Y,,99009,2025-01-01,\n")})
    assert r.status_code == 422 and "99009" in r.content.decode()
    page = client.get("/healthcare/reference/").content.decode()
    assert "99002" in page and "Trạm Y tế Thử" in page
    r = client.post("/healthcare/registrations/", {"card_number": CARD, "facility_code": "99002", "on": "2025-10-20"})
    assert r.status_code == 422 and "from 1 Oct 2025 to 15 Oct 2025" in r.content.decode()
    r = client.post("/healthcare/registrations/", {"card_number": CARD, "facility_code": "99002", "on": "2025-10-01"})
    assert r.status_code == 302
    assert "99002" in client.get(f"/healthcare/registrations/?card={CARD}").content.decode()
