"""Pages and API: they render, refuse bad lists with the lines listed, export, and answer 404 outside the scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ansinh.compliance.models import ListEntry, SourceList
from ansinh.compliance.services.detect import detect
from ansinh.compliance.services.enforcement import check_open
from ansinh.compliance.tests.conftest import csv_bytes
from ansinh.compliance.tests.test_detect import card
from ansinh.core.testing import factories as f
from ansinh.rules.periods import Month

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, places):
    client.force_login(places["u1"])
    return client


@pytest.mark.parametrize("name", ["home", "lists", "review", "findings", "students", "schools", "reminders", "checks", "report"])
def test_pages_render(signed_in, name) -> None:
    response = signed_in.get(reverse(f"compliance:{name}"))
    assert response.status_code == 200
    assert response.context["nav_active"] == "compliance:home"
    assert 'href="/compliance/" aria-current="page"' in response.content.decode()


def test_bad_list_upload_lists_every_line_and_writes_nothing(signed_in, places) -> None:
    data = csv_bytes([["Họ và tên", "Ngày sinh", "Mã xã", "Đối tượng"],
                      ["A", "31/02/1990", places["a1"].code, "hộ nghèo"],
                      ["B", "01/01/1990", "12345", "hộ nghèo"]])
    response = signed_in.post(reverse("compliance:lists"), {
        "kind": "state_budget_group", "source": "UBND xã", "source_date": "2026-11-01", "province": "20",
        "file": SimpleUploadedFile("ds.csv", data, content_type="text/csv")})
    assert response.status_code == 422
    body = response.content.decode()
    assert "birth_date" in body and "commune_code" in body
    assert SourceList.objects.count() == 0 and ListEntry.objects.count() == 0


def test_upload_detect_export_and_follow_up(signed_in, places) -> None:
    a1 = places["a1"]
    p = f.PersonFactory(address_commune=a1, birth_date=dt.date(1960, 1, 1))
    data = csv_bytes([["Số định danh", "Họ và tên", "Ngày sinh", "Mã xã", "Đối tượng"],
                      [p.citizen_id, p.full_name, "01/01/1960", a1.code, "hộ cận nghèo"]])
    response = signed_in.post(reverse("compliance:lists"), {
        "kind": "state_budget_group", "source": "UBND xã", "source_date": "2026-11-01", "province": "20",
        "file": SimpleUploadedFile("ds.csv", data, content_type="text/csv")})
    assert response.status_code == 302
    response = signed_in.post(reverse("compliance:detect"), {"province": "20", "period": "2026-11"})
    assert response.status_code == 302
    page = signed_in.get(reverse("compliance:findings"), {"period": "2026-11"})
    assert p.full_name in page.content.decode()
    export = signed_in.get(reverse("compliance:findings"), {"period": "2026-11", "format": "csv"})
    assert export.status_code == 200 and p.citizen_id in export.content.decode("utf-8-sig")
    xlsx = signed_in.get(reverse("compliance:findings"), {"period": "2026-11", "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    finding = page.context["page"][0]
    row = signed_in.post(reverse("compliance:finding_status", args=[finding.id]), {"status": "contacted"},
                         HTTP_HX_REQUEST="true")
    assert row.status_code == 200 and f'id="finding-{finding.id}"' in row.content.decode()


def test_outside_scope_is_not_found(client, places) -> None:
    b1 = places["b1"]
    other = f.EmployerFactory(address_commune=b1)
    case = check_open(actor=places["u2"], employer_id=other.id, kind="planned", opened_on=dt.date(2026, 11, 1),
                      scope="SI", team="Tổ 2")
    person = f.PersonFactory(address_commune=b1)
    card(person, dt.date(2025, 9, 1), dt.date(2026, 8, 31))
    detect(actor=places["u2"], province_code="04", period=Month(2026, 11))
    client.force_login(places["u1"])
    assert client.get(reverse("compliance:check_detail", args=[case.id])).status_code == 404
    from ansinh.compliance.models import Finding

    finding = Finding.objects.get()
    assert client.post(reverse("compliance:finding_status", args=[finding.id]), {"status": "closed"}).status_code == 404
    assert client.get(f"/api/v1/compliance/checks/{case.id}").status_code == 404
    assert client.get("/api/v1/compliance/findings", {"period": "2026-11"}).json() == []
    client.force_login(places["u2"])
    api = client.get("/api/v1/compliance/findings", {"period": "2026-11"}).json()
    assert [x["key"] for x in api] == [person.citizen_id]


def test_check_case_in_the_browser_flow(signed_in, places) -> None:
    e = f.EmployerFactory(address_commune=places["a1"])
    response = signed_in.post(reverse("compliance:checks"), {"employer": e.id, "kind": "unannounced",
                                                             "opened_on": "2026-11-10", "scope": "SI", "team": "Tổ 1"})
    assert response.status_code == 302
    url = response["Location"]
    signed_in.post(url, {"step": "record", "act": "evasion", "act_date": "2026-10-01", "record_on": "2026-11-20",
                         "amount": "200.000.000", "offender": "organisation", "circumstance": "none"})
    page = signed_in.get(url)
    assert page.context["case"].fine == 76_000_000
    signed_in.post(url, {"step": "payment", "paid": "276000000", "paid_on": "2026-11-25", "enrolled_workers": "0"})
    assert signed_in.get(url).context["case"].status == "paid"
