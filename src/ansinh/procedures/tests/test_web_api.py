"""Staff pages and REST: the desk receives through the form (with a scan), the htmx actions, the forms as PDF, the
report page and XLSX, the calendar; the portal's online dossier and the applicant's look-up; outside the scope 404."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ansinh.accounts.models import Role
from ansinh.core.testing import factories as f
from ansinh.procedures.models import Dossier
from ansinh.procedures.services import dossiers as s

pytestmark = pytest.mark.django_db
DOCS = ["TK1-TS", "proof", "si-book"]


def test_desk_receives_routes_and_returns_in_pages(client, desk):
    client.force_login(desk["clerk"])
    assert client.get(reverse("procedures:desk")).status_code == 200
    r = client.get(reverse("procedures:receive"), {"procedure": "change-info", "who": desk["person"].citizen_id})
    assert r.status_code == 200 and desk["person"].full_name in r.content.decode()
    r = client.get(reverse("procedures:receive"), {"procedure": "change-info", "person": desk["person"].pk})
    assert "TK1-TS" in r.content.decode()
    scan = SimpleUploadedFile("tk1.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    r = client.post(reverse("procedures:receive"), {
        "procedure": "change-info", "person": desk["person"].pk, "channel": "desk", "documents": DOCS,
        "receive": "receive", "files": [scan], "applicant_phone": "0912345678",
        "req_changes_address_line": "5 Trần Phú", "req_reason": "chuyển nơi ở"})
    assert r.status_code == 302
    d = Dossier.objects.get()
    assert d.status == "received" and d.files.count() == 1
    assert client.get(reverse("procedures:detail", args=[d.pk])).status_code == 200
    pdf = client.get(reverse("procedures:pdf", args=[d.pk, "receipt"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    r = client.post(reverse("procedures:action", args=[d.pk, "hand_over"]), {"department": "collection"},
                    HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "h-steps" in r.content.decode()
    r = client.post(reverse("procedures:action", args=[d.pk, "return"]), {"channel": "desk"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 409  # no result without a decision
    client.force_login(desk["collection"])
    r = client.get(reverse("procedures:handler"))
    assert r.status_code == 200 and d.code in r.content.decode()
    client.post(reverse("procedures:action", args=[d.pk, "decide"]), {"outcome": "granted"}, HTTP_HX_REQUEST="true")
    client.force_login(desk["clerk"])
    r = client.post(reverse("procedures:action", args=[d.pk, "return"]), {"channel": "desk"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    d.refresh_from_db()
    assert d.status == "returned"
    assert client.get(reverse("procedures:scan", args=[d.pk, d.files.get().pk])).content == b"%PDF-1.4 test"
    assert client.get(reverse("procedures:pdf", args=[d.pk, "control"])).content.startswith(b"%PDF")


def test_bad_input_is_a_refusal_not_a_500(client, desk):
    client.force_login(desk["clerk"])
    r = client.post(reverse("procedures:receive"), {
        "procedure": "change-info", "person": desk["person"].pk, "channel": "post", "documents": DOCS,
        "receive": "receive"})
    assert r.status_code == 422 and Dossier.objects.count() == 0
    big = SimpleUploadedFile("x.exe", b"MZ", content_type="application/x-msdownload")
    r = client.post(reverse("procedures:receive"), {
        "procedure": "change-info", "person": desk["person"].pk, "channel": "desk", "documents": DOCS,
        "receive": "receive", "files": [big]})
    assert r.status_code == 422 and Dossier.objects.count() == 0


def test_outside_the_scope_is_not_found(client, desk):
    d = s.dossier_receive(actor=desk["clerk"], procedure_code="change-info", channel="desk", person=desk["person"],
                          documents=DOCS)
    client.force_login(desk["u2"])
    assert client.get(reverse("procedures:detail", args=[d.pk])).status_code == 404
    assert client.get(reverse("procedures:pdf", args=[d.pk, "receipt"])).status_code == 404
    assert client.post(reverse("procedures:action", args=[d.pk, "withdraw"]), {"reason": "x"}).status_code == 404
    page = client.get(reverse("procedures:desk"), {"q": d.code}).content.decode()
    assert reverse("procedures:detail", args=[d.pk]) not in page
    r = client.get(reverse("procedures:receive"), {"procedure": "change-info", "person": desk["person"].pk})
    assert r.status_code == 404


def test_report_page_xlsx_and_calendar(client, desk):
    d = s.dossier_receive(actor=desk["clerk"], procedure_code="change-info", channel="online", person=desk["person"],
                          documents=DOCS)
    client.force_login(desk["manager"])
    day = timezone.localdate(d.received_at).isoformat()  # the office's day (UTC+7), as the report counts
    r = client.get(reverse("procedures:report"), {"from": day, "to": day})
    assert r.status_code == 200 and "tiếp nhận 1 hồ sơ, trong đó 1 hồ sơ điện tử" in r.content.decode()
    x = client.get(reverse("procedures:report_xlsx"), {"from": day, "to": day})
    ws = load_workbook(io.BytesIO(x.content)).active
    assert ws.cell(4, 1).value == "Tất cả thủ tục" and ws.cell(4, 3).value == 1 and ws.cell(4, 4).value == 1
    r = client.post(reverse("procedures:calendar"), {"day": "2026-12-31", "kind": "off", "reason": "QĐ test"})
    assert r.status_code == 302
    assert "QĐ test" in client.get(reverse("procedures:calendar")).content.decode()


def test_api_online_dossier_and_lookup(client, desk):
    citizen = f.UserFactory(username="cit", role=Role.CITIZEN, person=desk["person"])
    client.force_login(citizen)
    r = client.post("/api/v1/procedures/dossiers", {"procedure": "hi-card-reissue", "documents": ["TK1-TS", "id"],
                                                    "online_ref": "DVC-9"}, content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "received" and body["channel"] == "online" and body["due_on"]
    assert body["steps"][0]["action"] == "receive" and body["notifications"][0]["kind"] == "receipt"
    r = client.post("/api/v1/procedures/dossiers", {"procedure": "hi-card-reissue", "person_id": desk["outsider"].pk},
                    content_type="application/json")
    assert r.status_code == 404
    r = client.post("/api/v1/procedures/dossiers", {"procedure": "nope"}, content_type="application/json")
    assert r.status_code == 422 and r.json()["field"] == "procedure"
    client.logout()
    r = client.get("/api/v1/procedures/lookup", {"code": body["code"], "key": body["lookup_key"]})
    assert r.status_code == 200 and r.json()["status"] == "received"
    assert client.get("/api/v1/procedures/lookup", {"code": body["code"], "key": "WRONG"}).status_code == 404
    client.force_login(desk["clerk"])
    r = client.get("/api/v1/procedures/catalogue")
    assert r.status_code == 200 and any(p["code"] == "benefit-pension" and p["limit"] == 20 for p in r.json())
    r = client.get("/api/v1/procedures/notifications")
    assert r.status_code == 200 and r.json()[0]["dossier_code"] == body["code"]
    client.force_login(desk["u2"])
    assert client.get("/api/v1/procedures/notifications").json() == []
