"""Staff pages and REST: scope (outside → 404), the htmx workflow, four eyes over the API, PDFs."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from ansinh.benefits.models import Claim
from ansinh.benefits.services import claims as svc
from ansinh.benefits.services.payroll import build_payroll
from ansinh.core.testing import factories as f
from ansinh.rules.periods import Month

from .conftest import make_entitlements


def _claim(insured, officer):
    return svc.claim_receive(
        actor=officer,
        person=insured,
        kind="pension",
        channel="desk",
        received_on=dt.date(2026, 5, 4),
        params={"pension_start": "2026-06-01"},
    )


def test_pages_and_htmx_workflow(client, insured, officers):
    a, b = officers
    claim = _claim(insured, a)
    client.force_login(a)
    assert client.get(reverse("benefits:claims")).status_code == 200
    url = reverse("benefits:claim_detail", args=[claim.pk])
    assert client.get(url).status_code == 200
    r = client.post(
        reverse("benefits:claim_action", args=[claim.pk, "compute"]),
        {"pension_start": "2026-06-01"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200 and "h-steps" in r.content.decode()
    r = client.post(reverse("benefits:claim_action", args=[claim.pk, "approve"]), HTTP_HX_REQUEST="true")
    assert r.status_code == 403 and "cán bộ thứ hai" in r.content.decode()
    client.force_login(b)
    client.post(reverse("benefits:claim_action", args=[claim.pk, "approve"]), HTTP_HX_REQUEST="true")
    r = client.post(reverse("benefits:claim_action", args=[claim.pk, "decide"]), HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DECIDED
    pdf = client.get(reverse("benefits:decision_pdf", args=[claim.pk, 1]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_new_claim_page(client, insured, officers):
    a, _ = officers
    client.force_login(a)
    r = client.post(
        reverse("benefits:claim_new"),
        {
            "person": insured.pk,
            "kind": "one_time",
            "channel": "desk",
            "received_on": "2026-05-04",
            "ground": "left_12_months",
            "payment_channel": "cash_home",
        },
    )
    assert r.status_code == 302
    assert Claim.objects.get().channel == "desk"


def test_outside_scope_is_not_found(client, insured, officers, two_provinces):
    a, _ = officers
    claim = _claim(insured, a)
    other = f.UserFactory(role="benefits_officer")
    other.offices.set([two_provinces["o2"]])
    client.force_login(other)
    assert client.get(reverse("benefits:claim_detail", args=[claim.pk])).status_code == 404
    assert client.get(f"/api/v1/benefits/claims/{claim.pk}").status_code == 404
    r = client.post(
        "/api/v1/benefits/claims",
        {"person_id": insured.pk, "kind": "pension", "received_on": "2026-05-04"},
        content_type="application/json",
    )
    assert r.status_code == 404


def test_api_workflow(client, insured, officers, two_provinces):
    a, b = officers
    client.force_login(a)
    r = client.post(
        "/api/v1/benefits/claims",
        {
            "person_id": insured.pk,
            "kind": "pension",
            "channel": "online",
            "received_on": "2026-05-04",
            "params": {"pension_start": "2026-06-01"},
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    assert (
        client.post(f"/api/v1/benefits/claims/{cid}/compute", {}, content_type="application/json").status_code
        == 200
    )
    r = client.post(f"/api/v1/benefits/claims/{cid}/approve")
    assert r.status_code == 403 and r.json()["code"] == "same_officer"
    client.force_login(b)
    assert client.post(f"/api/v1/benefits/claims/{cid}/approve").status_code == 200
    r = client.post(
        f"/api/v1/benefits/claims/{cid}/decide", {"decided_on": "2026-05-20"}, content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["version"] == 1
    assert client.get(f"/api/v1/benefits/claims/{cid}/decisions/1/pdf").content.startswith(b"%PDF")
    ents = client.get("/api/v1/benefits/entitlements").json()
    assert ents["count"] == 1 and ents["items"][0]["amounts"][0]["source"] == "decision"
    make_entitlements(3, commune=two_provinces["a1"], from_month=Month(2026, 6))
    build_payroll(Month(2026, 6))
    s = client.get("/api/v1/benefits/payrolls/2026-06").json()
    assert s["lines"] == 4 and sum(x["amount"] for x in s["by_channel"]) == s["total"]
    assert client.get(reverse("benefits:payroll") + "?period=2026-06").status_code == 200
