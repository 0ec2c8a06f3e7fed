"""Debt lists and notices over HTTP: scope by page, API and export; the PDF."""

from __future__ import annotations

import pytest

from ansinh.contributions.tests.test_arrears import owe
from ansinh.core.testing import factories as f
from ansinh.rules.periods import Month

pytestmark = pytest.mark.django_db


@pytest.fixture
def indebted(two_provinces):
    w = dict(two_provinces)
    w["mine"] = f.EmployerFactory(address_commune=w["a1"], name="Công ty Của Tôi")
    w["theirs"] = f.EmployerFactory(address_commune=w["b1"], name="Công ty Của Họ")
    owe(w["mine"], 5_000_000, Month(2025, 6), ref="m")
    owe(w["theirs"], 8_000_000, Month(2025, 6), ref="t")
    return w


def test_debt_page_csv_and_api_are_scoped(client, indebted):
    client.force_login(indebted["u1"])
    page = client.get("/contributions/debts/", {"period": "2026-03"})
    assert page.status_code == 200
    assert "Công ty Của Tôi" in page.content.decode() and "Công ty Của Họ" not in page.content.decode()
    export = client.get("/contributions/debts/", {"period": "2026-03", "format": "csv"}).content.decode("utf-8-sig")
    assert indebted["mine"].unit_code in export and indebted["theirs"].unit_code not in export
    api = client.get("/api/v1/debts", {"period": "2026-03"}).json()
    assert [d["unit_code"] for d in api["items"]] == [indebted["mine"].unit_code]
    assert api["items"][0]["by_bucket"]["6to12"] == 5_000_000


def test_notice_outside_scope_is_not_found(client, indebted):
    client.force_login(indebted["u1"])
    assert client.get(f"/contributions/employers/{indebted['theirs'].pk}/notice/2026-03/").status_code == 404
    assert client.get(f"/api/v1/employers/{indebted['theirs'].pk}/notice", {"period": "2026-03"}).status_code == 404
    assert client.get(f"/contributions/employers/{indebted['theirs'].pk}/notice/2026-03/pdf/").status_code == 404


def test_notice_page_api_and_pdf(client, indebted):
    client.force_login(indebted["u1"])
    body = client.get(f"/api/v1/employers/{indebted['mine'].pk}/notice", {"period": "2025-06"}).json()
    assert body["total"]["due"] == 5_000_000 and body["total"]["carried_forward"] == 5_000_000
    assert client.get(f"/contributions/employers/{indebted['mine'].pk}/notice/2025-06/").status_code == 200
    pdf = client.get(f"/contributions/employers/{indebted['mine'].pk}/notice/2025-06/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and len(pdf.content) > 5000
    assert client.get(f"/api/v1/employers/{indebted['mine'].pk}/notice", {"period": "2025-6"}).status_code == 422


def test_employer_rep_sees_only_own_debt(client, indebted):
    from ansinh.accounts.models import Role

    rep = f.UserFactory(role=Role.EMPLOYER_REP, employer=indebted["theirs"])
    client.force_login(rep)
    api = client.get("/api/v1/debts", {"period": "2026-03"}).json()
    assert [d["unit_code"] for d in api["items"]] == [indebted["theirs"].unit_code]
