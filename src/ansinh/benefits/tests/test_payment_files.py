"""Payment files per channel (bank CSV/XLSX, postal XLSX/PDF by commune), the entitlement page and the recovery
and entitlement endpoints; everything limited to the user's localities."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ansinh.benefits.models import Entitlement, PayrollLine, Recovery, RecoveryPayment
from ansinh.benefits.services import claims as svc
from ansinh.benefits.services.entitlements import entitlement_stop
from ansinh.benefits.services.payroll import build_payroll
from ansinh.contributions.models import LedgerTxn
from ansinh.core.testing import factories as f
from ansinh.rules.periods import Month

from .conftest import approved_claim, make_entitlements

P = Month(2026, 3)


@pytest.fixture
def payroll(two_provinces, officers):
    _, b = officers
    # three pensions in a1 (bank, home, point), two in a2 at a payment point, one one-off by bank in a1
    make_entitlements(3, commune=two_provinces["a1"], from_month=P)
    make_entitlements(2, commune=two_provinces["a2"], from_month=P, channels=("cash_point",))
    person = f.PersonFactory(address_commune=two_provinces["a1"], full_name="Trần Thị Ốm")
    svc.claim_decide(
        actor=b,
        claim=approved_claim(
            person, kind="sickness", amount=1_234_000, bank_account="0071000123456", bank_name="Vietcombank"
        ),
        decided_on=dt.date(2026, 3, 3),
    )
    return build_payroll(P)[0]


def _file(client, name):
    return client.get(reverse("benefits:payroll_file", args=["2026-03", name]))


def test_bank_files_one_row_per_beneficiary(client, officers, payroll):
    a, _ = officers
    client.force_login(a)
    r = _file(client, "bank.csv")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "no",
        "name",
        "citizen_id",
        "account_number",
        "bank",
        "amount",
        "reference",
        "line_ids",
    ]
    bank_lines = PayrollLine.objects.filter(channel="bank_card")
    assert len(rows) - 1 == bank_lines.count() == 2
    by_name = {row[1]: row for row in rows[1:]}
    sick = by_name["Trần Thị Ốm"]
    assert (sick[3], sick[4], sick[5]) == ("0071000123456", "Vietcombank", "1234000")
    line = PayrollLine.objects.get(kind="one_off")
    assert sick[6] == f"BHXH 2026-03 {line.pk}" and sick[7] == str(line.pk)
    wb = load_workbook(io.BytesIO(_file(client, "bank.xlsx").content))
    ws = wb.active
    assert ws.cell(row=2, column=4).value in ("0071000123456", "0123456789")
    assert ws.cell(row=ws.max_row, column=6).value == sum(int(x[5]) for x in rows[1:])


def test_postal_files_by_commune_with_totals(client, officers, payroll):
    a, _ = officers
    client.force_login(a)
    wb = load_workbook(io.BytesIO(_file(client, "postal.xlsx").content))
    values = [[c for c in row] for row in wb.active.iter_rows(values_only=True)]
    flat = [str(c) for row in values for c in row if c is not None]
    assert "Phường Lương Văn Tri" in flat and "Xã Cao Lộc" in flat
    assert "Điểm chi trả: Bưu điện Lương Văn Tri" in flat and "Điểm chi trả: Chi trả tại nhà" in flat
    postal = PayrollLine.objects.filter(channel__in=["cash_home", "cash_point"])
    total_row = next(row for row in values if row[1] and str(row[1]).startswith("TỔNG CỘNG"))
    assert total_row[6] == sum(postal.values_list("amount", flat=True)) and postal.count() == 4
    commune_totals = [row[6] for row in values if row[1] and str(row[1]).startswith("Tổng ")]
    assert sum(commune_totals) == total_row[6] and len(commune_totals) == 2
    assert any("Nhân viên bưu điện" in str(c) for row in values for c in row if c)
    r = _file(client, "postal.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_files_are_limited_to_the_users_localities(client, payroll, two_provinces):
    other = f.UserFactory(role="benefits_officer")
    other.offices.set([two_provinces["o2"]])
    client.force_login(other)
    rows = list(csv.reader(io.StringIO(_file(client, "bank.csv").content.decode("utf-8-sig"))))
    assert len(rows) == 1  # the header only
    r = client.get("/api/v1/benefits/payrolls/2026-03/files/postal.xlsx")
    flat = [
        c for row in load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True) for c in row if c
    ]
    assert "Phường Lương Văn Tri" not in flat
    assert client.get("/api/v1/benefits/payrolls/2026-03").json()["lines"] == 0
    assert client.get(reverse("benefits:payroll") + "?period=2026-03").status_code == 200
    ent = Entitlement.objects.first()
    assert client.get(reverse("benefits:entitlement_detail", args=[ent.pk])).status_code == 404
    assert client.get(f"/api/v1/benefits/entitlements/{ent.pk}/arrears").status_code == 404
    # a citizen gets nothing
    citizen = f.UserFactory(role="citizen")
    client.force_login(citizen)
    assert _file(client, "bank.csv").status_code == 404
    assert client.get("/api/v1/benefits/payrolls/2026-03/files/bank.csv").status_code == 404


def test_unknown_file_or_period_is_not_found(client, officers, payroll):
    a, _ = officers
    client.force_login(a)
    assert _file(client, "bank.txt").status_code == 404
    assert client.get(reverse("benefits:payroll_file", args=["2027-01", "bank.csv"])).status_code == 404
    assert client.get("/api/v1/benefits/payrolls/2026-13/files/bank.csv").status_code == 422
    page = client.get(reverse("benefits:payroll") + "?period=2026-03").content.decode()
    assert "postal.pdf" in page and "bank.csv" in page


def test_entitlement_page_and_recovery_actions(client, officers, two_provinces):
    a, _ = officers
    ent = make_entitlements(1, commune=two_provinces["a1"], from_month=P, amount=3_000_000)[0]
    build_payroll(P)
    build_payroll(P + 1)
    entitlement_stop(actor=a, entitlement=ent, stop_month=P + 1, reason="Có văn bản từ chối hưởng")
    rec = Recovery.objects.get()
    client.force_login(a)
    url = reverse("benefits:entitlement_detail", args=[ent.pk])
    page = client.get(url).content.decode()
    assert "04/2026" in page and "Đã chi trả" in page
    assert any(x in page for x in ("3,000,000", "3.000.000", "3000000"))
    action = reverse("benefits:entitlement_action", args=[ent.pk, "repay"])
    # bad input: named field, nothing written
    r = client.post(action, {"recovery": rec.pk, "amount": "abc", "on": "2026-04-20"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422
    r = client.post(
        action, {"recovery": rec.pk, "amount": "5000000", "on": "2026-04-20"}, HTTP_HX_REQUEST="true"
    )
    assert r.status_code == 422 and not RecoveryPayment.objects.exists()
    txns = LedgerTxn.objects.count()
    r = client.post(
        action,
        {"recovery": rec.pk, "amount": "1.000.000", "on": "2026-04-20", "reference": "PT 12"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200 and LedgerTxn.objects.count() == txns + 1
    # the API: the rest
    r = client.post(
        f"/api/v1/benefits/recoveries/{rec.pk}/repay",
        {"amount": 0, "on": "2026-04-21"},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["field"] == "amount"
    r = client.post(
        f"/api/v1/benefits/recoveries/{rec.pk}/repay",
        {"amount": 2_000_000, "on": "2026-04-21"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "settled" and r.json()["remaining"] == 0
    assert client.get("/api/v1/benefits/recoveries?status=settled").json()["count"] == 1


def test_entitlement_actions_over_the_api(client, officers, two_provinces):
    a, _ = officers
    ent = make_entitlements(1, commune=two_provinces["a1"], from_month=P)[0]
    build_payroll(P)
    client.force_login(a)
    base = f"/api/v1/benefits/entitlements/{ent.pk}"
    r = client.post(
        f"{base}/suspend",
        {"month": "2026-13", "reason": "Xuất cảnh trái phép"},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["field"] == "month"
    assert Entitlement.objects.get(pk=ent.pk).status == "active"
    r = client.post(
        f"{base}/suspend",
        {"month": "2026-03", "reason": "Xuất cảnh trái phép"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "suspended"
    assert Recovery.objects.get().amount == 5_000_000
    r = client.post(f"{base}/resume", {"reason": "Đã trở về nước"}, content_type="application/json")
    assert r.status_code == 200 and Recovery.objects.get().status == "cancelled"
