"""The coverage API: monthly coverage, history, cards, reissue, lookup by number; scope answers 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from ansinh.core.testing import factories as f
from ansinh.coverage.models import HICard, Payer
from ansinh.coverage.services import cards
from ansinh.coverage.tests import factories as cf
from ansinh.rules.periods import Month

pytestmark = pytest.mark.django_db

M = Month(2026, 3)


@pytest.fixture
def world(two_provinces, client):
    w = dict(two_provinces)
    w["employer"] = f.EmployerFactory(address_commune=w["a1"])
    w["person"] = cf.employee(w["employer"], commune=w["a1"], start=M)
    cf.assessed(M)
    client.force_login(w["u1"])
    return w


def test_monthly_coverage_as_payment_arrives(client, world):
    url = f"/api/v1/persons/{world['person'].pk}/coverage?month=2026-03"
    body = client.get(url).json()
    assert body["month"] == "2026-03" and body["confirmed"] is False
    assert {s["scheme"] for s in body["schemes"]} == {"si", "hi"}
    assert all(s["owed"] > 0 and s["basis"] == "employer_ledger" for s in body["schemes"])
    cf.pay(world["employer"], M, on=dt.date(2026, 4, 15))
    body = client.get(url).json()
    assert body["confirmed"] is True
    assert {s["paid_on"] for s in body["schemes"]} == {"2026-04-15"}


def test_bad_month_is_422_with_the_field(client, world):
    response = client.get(f"/api/v1/persons/{world['person'].pk}/coverage?month=2026-13")
    assert response.status_code == 422
    assert response.json()["field"] == "month"


def test_history(client, world):
    cf.pay(world["employer"], M)
    body = client.get(f"/api/v1/persons/{world['person'].pk}/contribution-history").json()
    assert [(p["from_month"], p["to_month"], p["months"], p["salary"]) for p in body["periods"]] == [
        ("2026-03", "2026-03", 1, 10_000_000)]
    assert body["periods"][0]["total"] == sum(body["periods"][0]["funds"].values())
    assert body["months"]["si"] == body["months_confirmed"]["si"] == 1


def test_cards_list_reissue_and_lookup(client, world):
    cf.pay(world["employer"], M)
    cards.cards_issue(period=M)
    pid = world["person"].pk
    listed = client.get(f"/api/v1/persons/{pid}/hi-cards").json()
    assert len(listed) == 1 and listed[0]["benefit_level"] == 4 and listed[0]["benefit_share"] == 80
    number = listed[0]["number"]

    response = client.post(f"/api/v1/persons/{pid}/hi-cards/reissue", {"cause": "damaged", "note": "torn"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    new = response.json()
    assert (new["number"], new["reason"], new["replaces_id"]) == (number, "reissue_damaged", listed[0]["id"])
    assert [c["status"] for c in client.get(f"/api/v1/persons/{pid}/hi-cards").json()] == ["issued", "replaced"]

    bad = client.post(f"/api/v1/persons/{pid}/hi-cards/reissue", {"cause": "stolen"}, content_type="application/json")
    assert bad.status_code == 422

    found = client.get(f"/api/v1/hi-cards/{number.lower()}").json()
    assert found["id"] == new["id"] and "valid_today" in found
    assert client.get("/api/v1/hi-cards/DN4").json()["code"] == "wrong_length"
    assert client.get("/api/v1/hi-cards/DN4209999999999").status_code == 404


def test_reissue_without_a_card_is_409(client, world):
    response = client.post(f"/api/v1/persons/{world['person'].pk}/hi-cards/reissue", {"cause": "lost"},
                           content_type="application/json")
    assert response.status_code == 409
    assert response.json()["code"] == "no_current_card"


def test_outside_scope_is_404_everywhere(client, world):
    cf.pay(world["employer"], M)
    cards.cards_issue(period=M)
    number = HICard.objects.get().number
    client.force_login(world["u2"])  # officer of the other province
    pid = world["person"].pk
    for url in (f"/api/v1/persons/{pid}/coverage?month=2026-03", f"/api/v1/persons/{pid}/contribution-history",
                f"/api/v1/persons/{pid}/hi-cards", f"/api/v1/hi-cards/{number}"):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/api/v1/persons/{pid}/hi-cards/reissue", {"cause": "lost"}, content_type="application/json")
    assert response.status_code == 404
    assert HICard.objects.count() == 1


def test_citizen_sees_own_cards_but_cannot_reissue(client, world):
    from ansinh.accounts.models import Role

    cf.pay(world["employer"], M)
    cards.cards_issue(period=M)
    citizen = f.UserFactory(role=Role.CITIZEN, person=world["person"])
    client.force_login(citizen)
    assert client.get(f"/api/v1/persons/{world['person'].pk}/hi-cards").status_code == 200
    response = client.post(f"/api/v1/persons/{world['person'].pk}/hi-cards/reissue", {"cause": "lost"},
                           content_type="application/json")
    assert response.status_code == 403


def test_openapi_lists_the_coverage_paths(client, world):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/persons/{person_id}/coverage", "/api/v1/persons/{person_id}/contribution-history",
                 "/api/v1/persons/{person_id}/hi-cards", "/api/v1/persons/{person_id}/hi-cards/reissue",
                 "/api/v1/hi-cards/{number}"):
        assert path in paths


def test_issue_cards_command_prints_one_line(world, capsys):
    cf.pay(world["employer"], M)
    child = f.PersonFactory(address_commune=world["a2"])
    cf.hi_participation(child, group="TE", payer=Payer.STATE, start=M)
    call_command("issue_cards", "--period", "2026-03")
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "issued 2 (new 2" in out[0]
    call_command("issue_cards", "--period", "2026-03")
    assert "issued 0" in capsys.readouterr().out
