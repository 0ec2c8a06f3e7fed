"""The API answers refusals as JSON with a code, a message and the field; OpenAPI is served."""

from __future__ import annotations

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_create_person_with_bad_citizen_id_names_the_field(client, two_provinces):
    client.force_login(two_provinces["u1"])
    response = client.post(
        "/api/v1/persons",
        {"full_name": "Lăng Văn Tú", "birth_date": "1979-02-03", "sex": "M", "address_commune_id": two_provinces["a1"].pk,
         "citizen_id": "020179000001"},  # digit 1 = female
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "sex_mismatch"
    assert body["field"] == "citizen_id"


def test_create_person_ok_then_audit_visible(client, two_provinces):
    client.force_login(two_provinces["u1"])
    response = client.post(
        "/api/v1/persons",
        {"full_name": "Lăng Văn Tú", "birth_date": "1979-02-03", "sex": "M", "address_commune_id": two_provinces["a1"].pk,
         "citizen_id": "020079000001", "phone": "0912345678"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pid = response.json()["id"]
    audit = client.get(f"/api/v1/persons/{pid}/audit").json()
    assert audit[0]["action"] == "create"
    assert audit[0]["actor_name"] == "officer_ls"
    assert audit[0]["source"] == "api"


def test_missing_field_is_422_with_field(client, two_provinces):
    client.force_login(two_provinces["u1"])
    response = client.post("/api/v1/persons", {"full_name": "X Y"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert any(e["field"] for e in response.json()["errors"])


def test_openapi_schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/v1/persons", "/api/v1/households", "/api/v1/employers", "/api/v1/places"):
        assert path in paths


def test_migrations_are_complete():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
