"""School payments and the province's HI support on the pages: tick and record, receipts export, cancel, the
quarter's export; another office's officer gets 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ansinh.compliance.models import ListEntry, SchoolPayment
from ansinh.compliance.tests.test_support_cards import _school
from ansinh.core.testing import factories as f
from ansinh.coverage.models import HICard

pytestmark = pytest.mark.django_db


def test_school_page_records_exports_and_cancels(client, places) -> None:
    a1, u1, u2 = places["a1"], places["u1"], places["u2"]
    pupils = [f.PersonFactory(address_commune=a1, birth_date=dt.date(2015, 2, d)) for d in (1, 2)]
    entries = _school(u1, a1, pupils)
    client.force_login(u1)
    url = reverse("compliance:school_detail", args=["TH01"]) + "?year=2026"
    page = client.get(url)
    assert page.status_code == 200 and pupils[0].full_name in page.content.decode()
    listing = client.get(reverse("compliance:schools") + "?year=2026").content.decode()
    assert "TH Kim Đồng" in listing
    response = client.post(url, {"year": "2026", "paid_on": "2026-09-15", "entries": [entries[pupils[0].pk]]})
    assert response.status_code == 302
    assert SchoolPayment.objects.filter(person=pupils[0]).count() == 1
    assert HICard.objects.filter(person=pupils[0], group="HS").exists()
    text = client.get(url).content.decode()
    assert "HS-TH01-2026-00001" in text and "683.100" in text
    csv = client.get(url + "&format=csv").content.decode("utf-8-sig")
    assert "HS-TH01-2026-00001" in csv and "683100" in csv and pupils[1].full_name not in csv
    # every pupil not yet paid
    client.post(url, {"year": "2026", "paid_on": "2026-09-16", "all_unpaid": "1"})
    assert SchoolPayment.objects.filter(status="paid").count() == 2
    # a refusal is shown, nothing written
    again = client.post(url, {"year": "2026", "paid_on": "2026-09-16", "entries": [entries[pupils[0].pk]]},
                        follow=True)
    assert again.status_code == 200 and SchoolPayment.objects.count() == 2
    pay = SchoolPayment.objects.get(person=pupils[0])
    client.post(url, {"year": "2026", "step": "cancel", "payment": pay.pk, "reason": "nhầm"})
    assert SchoolPayment.objects.get(pk=pay.pk).status == "cancelled"
    # another province's officer
    client.force_login(u2)
    assert client.get(url).status_code == 404
    assert client.post(url, {"year": "2026", "step": "cancel", "payment": pay.pk, "reason": "x"}).status_code == 404
    assert "TH Kim Đồng" not in client.get(reverse("compliance:schools") + "?year=2026").content.decode()
    assert ListEntry.objects.count() == 2


def test_province_owed_export(client, places) -> None:
    client.force_login(places["u1"])
    response = client.get(reverse("compliance:students") + "?province=20&year=2026&quarter=4&format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_upload_of_paid_pupils_whole_or_nothing(client, places) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ansinh.compliance.tests.conftest import csv_bytes

    a1, u1 = places["a1"], places["u1"]
    pupils = [f.PersonFactory(address_commune=a1, birth_date=dt.date(2015, 2, d)) for d in (1, 2)]
    _school(u1, a1, pupils)
    client.force_login(u1)
    url = reverse("compliance:school_detail", args=["TH01"]) + "?year=2026"
    bad = csv_bytes([["Số định danh", "Họ và tên"], [pupils[0].citizen_id, pupils[0].full_name],
                     ["001099000001", "Người lạ"]])
    page = client.post(url, {"year": "2026", "step": "upload", "paid_on": "2026-09-15",
                             "file": SimpleUploadedFile("paid.csv", bad)}, follow=True)
    assert "001099000001" in page.content.decode() and not SchoolPayment.objects.exists()
    good = csv_bytes([["Số định danh", "Họ và tên"]] + [[p.citizen_id, p.full_name] for p in pupils])
    client.post(url, {"year": "2026", "step": "upload", "paid_on": "2026-09-15",
                      "file": SimpleUploadedFile("paid.csv", good)})
    assert SchoolPayment.objects.filter(status="paid").count() == 2


def test_paid_list_upload_names_every_bad_line(places) -> None:
    """The school's paid list is validated whole: each bad line is reported with its line number, field and reason
    (a citizen ID not on the school's list, the same pupil twice, no ID), and nothing is written."""
    from ansinh.compliance.services import schools
    from ansinh.compliance.tests.conftest import csv_bytes
    from ansinh.core.errors import FileErrors

    a1, u1 = places["a1"], places["u1"]
    pupils = [f.PersonFactory(address_commune=a1, birth_date=dt.date(2015, 2, d)) for d in (1, 2)]
    _school(u1, a1, pupils)
    data = csv_bytes([["Số định danh", "Họ và tên"], [pupils[0].citizen_id, pupils[0].full_name],
                      ["001099000001", "Người lạ"], [pupils[0].citizen_id, pupils[0].full_name], ["", "Không số"]])
    with pytest.raises(FileErrors) as exc:
        schools.school_payments_from_file(actor=u1, school_code="TH01", year=2026, data=data, file_name="paid.csv",
                                          paid_on=dt.date(2026, 9, 15))
    assert [(d["line"], d["field"], d["code"]) for d in exc.value.details] == [
        (3, "citizen_id", "not_on_list"), (4, "citizen_id", "duplicate"), (5, "citizen_id", "required")]
    assert not SchoolPayment.objects.exists() and not HICard.objects.exists()
