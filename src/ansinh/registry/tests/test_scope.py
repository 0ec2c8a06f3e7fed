"""An officer of one office cannot read another office's person, household or employer: not by URL, API or export."""

from __future__ import annotations

import pytest

from ansinh.accounts.models import ApiToken, Role
from ansinh.core.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(two_provinces):
    w = dict(two_provinces)
    w["mine"] = f.PersonFactory(full_name="Nguyễn Văn An", address_commune=w["a1"])
    w["theirs"] = f.PersonFactory(full_name="Nguyễn Văn An", address_commune=w["b1"])
    w["my_employer"] = f.EmployerFactory(address_commune=w["a2"])
    w["their_employer"] = f.EmployerFactory(address_commune=w["b2"])
    w["my_household"] = f.HouseholdFactory(commune=w["a1"])
    w["their_household"] = f.HouseholdFactory(commune=w["b1"])
    return w


def token_for(user) -> str:
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="test", key_hash=ApiToken.hash_key(key), prefix=key[:8])
    return key


def test_anonymous_gets_401_everywhere(client, world):
    for url in ("/api/v1/persons", f"/api/v1/persons/{world['mine'].pk}", "/api/v1/employers", "/api/v1/households",
                "/api/v1/persons/export.csv"):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response.json()["code"] == "unauthenticated"


def test_bad_token_is_401(client, world):
    response = client.get("/api/v1/persons", HTTP_AUTHORIZATION="Bearer nope")
    assert response.status_code == 401


def test_api_lists_only_the_officers_localities(client, world):
    key = token_for(world["u1"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    persons = client.get("/api/v1/persons", {"q": "nguyen van an"}, **auth).json()
    assert [p["id"] for p in persons["items"]] == [world["mine"].pk]
    employers = client.get("/api/v1/employers", **auth).json()
    assert [e["id"] for e in employers["items"]] == [world["my_employer"].pk]
    households = client.get("/api/v1/households", **auth).json()
    assert [h["id"] for h in households["items"]] == [world["my_household"].pk]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/persons/{theirs}",
        "/api/v1/persons/{theirs}/audit",
        "/api/v1/persons/{theirs}/employments",
        "/api/v1/employers/{their_employer}",
        "/api/v1/employers/{their_employer}/employees",
        "/api/v1/households/{their_household}",
    ],
)
def test_api_detail_outside_scope_is_not_found(client, world, url):
    client.force_login(world["u1"])
    ids = {k: world[k].pk for k in ("theirs", "their_employer", "their_household")}
    response = client.get(url.format(**ids))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_cannot_write_outside_scope(client, world):
    client.force_login(world["u1"])
    response = client.patch(f"/api/v1/persons/{world['theirs'].pk}", {"phone": "0912345678"}, content_type="application/json")
    assert response.status_code == 404
    # Nor move one's own person into a commune one does not cover.
    response = client.patch(
        f"/api/v1/persons/{world['mine'].pk}", {"address_commune_id": world["b1"].pk}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["field"] == "address_commune_id"
    world["mine"].refresh_from_db()
    assert world["mine"].address_commune_id == world["a1"].pk


def test_export_applies_scope(client, world):
    client.force_login(world["u1"])
    response = client.get("/api/v1/persons/export.csv", {"q": "nguyen"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert world["mine"].citizen_id in body
    assert world["theirs"].citizen_id not in body
    assert body.splitlines()[0].startswith("citizen_id,si_code,full_name")


def test_old_commune_of_history_is_visible_to_the_new_communes_office(world):
    from ansinh.accounts.scope import visible_commune_ids

    ids = visible_commune_ids(world["u1"])
    assert world["old"].pk in ids
    assert world["b1"].pk not in ids


def test_province_scope_and_whole_country(world):
    from ansinh.accounts.scope import persons_visible

    manager = f.UserFactory(role=Role.MANAGER, units=[world["p2"]])
    seen = set(persons_visible(manager))
    assert seen == {world["theirs"], world["their_household"].head}
    national = f.UserFactory(role=Role.ADMINISTRATOR, whole_country=True)
    assert persons_visible(national).count() == 4


def test_employer_rep_and_citizen_see_only_their_own(client, world):
    employee = f.EmploymentFactory(employer=world["my_employer"], person=world["mine"])
    rep = f.UserFactory(role=Role.EMPLOYER_REP, employer=world["my_employer"])
    client.force_login(rep)
    assert [p["id"] for p in client.get("/api/v1/persons").json()["items"]] == [employee.person_id]
    assert client.get(f"/api/v1/employers/{world['their_employer'].pk}").status_code == 404
    citizen = f.UserFactory(role=Role.CITIZEN, person=world["theirs"])
    client.force_login(citizen)
    assert [p["id"] for p in client.get("/api/v1/persons").json()["items"]] == [world["theirs"].pk]
    assert client.get(f"/api/v1/persons/{world['mine'].pk}").status_code == 404


def test_provincial_office_covers_the_communes_of_its_local_offices(world):
    from ansinh.accounts.scope import persons_visible
    from ansinh.places.models import Office

    provincial = f.OfficeFactory(province=world["p1"], code="BHXH-20", kind=Office.Kind.PROVINCIAL)
    world["o1"].parent = provincial
    world["o1"].save()
    director = f.UserFactory(role=Role.MANAGER)
    director.offices.set([provincial])
    assert set(persons_visible(director)) == {world["mine"], world["my_household"].head}
