from __future__ import annotations

import pytest
from django.test import Client

from ansinh.places.models import UnitMapping

BASE = "/api/v1/places"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", [BASE, f"{BASE}/province/20", f"{BASE}/communes/06187/mapping", f"{BASE}/offices", f"{BASE}/offices/KV-20"]
)
def test_anonymous_gets_401(url):
    response = Client().get(url)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


@pytest.mark.django_db
def test_list_filters(api, lang_son):
    body = api.get(BASE, {"level": "province"}).json()
    assert body["count"] == 1 and body["items"][0]["valid_from"] == "2025-07-01"
    body = api.get(BASE, {"level": "province", "on": "2024-01-01"}).json()
    assert body["items"][0]["generation"] == "until 2025-06-30"
    body = api.get(BASE, {"level": "district", "on": "2024-01-01", "province": "20"}).json()
    assert body["count"] == 11
    assert api.get(BASE, {"level": "district"}).json()["count"] == 0  # no districts from 2025-07-01
    body = api.get(BASE, {"parent": "183", "on": "2024-01-01", "page_size": 5}).json()
    assert body["count"] == 22 and len(body["items"]) == 5 and body["page_size"] == 5
    body = api.get(BASE, {"q": "CAO LOC", "on": "2024-01-01"}).json()  # accent-insensitive
    assert {i["name"] for i in body["items"]} == {"Thị trấn Cao Lộc", "Huyện Cao Lộc"}
    body = api.get(BASE, {"q": "Cao Lộc"}).json()
    assert [i["name"] for i in body["items"]] == ["Xã Cao Lộc"]
    assert api.get(BASE, {"level": "town"}).status_code == 422
    assert api.get(BASE, {"on": "yesterday"}).status_code == 422


@pytest.mark.django_db
def test_one_unit_as_of_a_date(api, lang_son):
    now = api.get(f"{BASE}/commune/06187").json()
    before = api.get(f"{BASE}/commune/06187", {"on": "2025-06-30"}).json()
    assert now["name"] == "Phường Kỳ Lừa" and now["parent_code"] == "20"
    assert before["name"] == "Thị trấn Cao Lộc" and before["parent_code"] == "183"
    missing = api.get(f"{BASE}/district/183")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert api.get(f"{BASE}/ward/06187").status_code == 422


@pytest.mark.django_db
def test_commune_mapping_both_ways(api, lang_son):
    body = api.get(f"{BASE}/communes/06187/mapping").json()
    assert body["old"]["name"] == "Thị trấn Cao Lộc"
    assert [m["unit"]["code"] for m in body["old_maps_to"]] == ["06187"]
    assert body["new"]["name"] == "Phường Kỳ Lừa"
    assert "06187" in [m["unit"]["code"] for m in body["new_made_from"]]
    assert all(m["unit"]["valid_to"] == "2025-06-30" for m in body["new_made_from"])
    split = UnitMapping.objects.values("old__code").order_by("old__code")
    codes = [r["old__code"] for r in split]
    split_code = next(c for c in codes if codes.count(c) > 1)
    body = api.get(f"{BASE}/communes/{split_code}/mapping").json()
    assert len(body["old_maps_to"]) == 2 and body["old_maps_to"][0]["share"] is None
    assert api.get(f"{BASE}/communes/99999/mapping").status_code == 404


@pytest.mark.django_db
def test_offices(api, lang_son_offices):
    body = api.get(f"{BASE}/offices", {"province": "20"}).json()
    assert body["count"] == 12  # today: the regional office and 11 local offices
    assert {i["kind"] for i in body["items"]} == {"regional", "local"}
    body = api.get(f"{BASE}/offices", {"province": "20", "on": "2024-01-01", "kind": "provincial"}).json()
    assert [i["name"] for i in body["items"]] == ["BHXH tỉnh Lạng Sơn"]
    top = api.get(f"{BASE}/offices/KV-20").json()
    assert len(top["offices"]) == 11 and len(top["communes"]) == 65
    old = api.get(f"{BASE}/offices/BHXH-20-183").json()
    assert old["on"] == "2025-06-30" and len(old["communes"]) == 22
    assert {c["parent_code"] for c in old["communes"]} == {"183"}
    assert api.get(f"{BASE}/offices/NOPE").status_code == 404
