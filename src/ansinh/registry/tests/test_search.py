"""Accent-insensitive search by name (with birth year), by citizen ID and by SI number."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.core.testing import factories as f
from ansinh.registry.selectors import PersonQuery, person_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(two_provinces):
    commune = two_provinces["a1"]
    names = ["Nguyễn Văn An", "Nguyễn Văn Ân", "Nguyễn Văn Anh", "Nguyễn Thị An", "Đỗ Văn An", "Nông Văn Đức"]
    made = {}
    for i, name in enumerate(names):
        made[name] = f.PersonFactory(full_name=name, birth_date=dt.date(1980 + i, 1, 1), address_commune=commune)
    return two_provinces, made


def names(qs) -> list[str]:
    return [p.full_name for p in qs]


def test_name_without_accents_finds_the_accented_name(people):
    world, _ = people
    found = names(person_search(user=world["u1"], query=PersonQuery(q="nguyen van an")))
    # prefix search: 'an' also matches 'anh'; both An and Ân fold to 'an'.
    assert set(found) == {"Nguyễn Văn An", "Nguyễn Văn Ân", "Nguyễn Văn Anh"}


def test_accents_and_case_in_the_query_do_not_matter(people):
    world, _ = people
    assert set(names(person_search(user=world["u1"], query=PersonQuery(q="  NGUYỄN   văn ÂN ")))) == {
        "Nguyễn Văn An", "Nguyễn Văn Ân", "Nguyễn Văn Anh"}
    assert names(person_search(user=world["u1"], query=PersonQuery(q="do van"))) == ["Đỗ Văn An"]
    assert names(person_search(user=world["u1"], query=PersonQuery(q="nong van duc"))) == ["Nông Văn Đức"]


def test_birth_year_narrows(people):
    world, made = people
    year = made["Nguyễn Văn Ân"].birth_year
    assert names(person_search(user=world["u1"], query=PersonQuery(q="nguyen van an", birth_year=year))) == ["Nguyễn Văn Ân"]


def test_by_identifiers(people):
    world, made = people
    p = made["Nguyễn Thị An"]
    assert names(person_search(user=world["u1"], query=PersonQuery(q=p.citizen_id))) == [p.full_name]
    assert names(person_search(user=world["u1"], query=PersonQuery(q=p.si_code))) == [p.full_name]
    assert names(person_search(user=world["u1"], query=PersonQuery(q="12345"))) == []


def test_api_search_and_pagination(client, people):
    world, _ = people
    client.force_login(world["u1"])
    body = client.get("/api/v1/persons", {"q": "nguyen", "page_size": 2}).json()
    assert body["count"] == 4
    assert len(body["items"]) == 2
    second = client.get("/api/v1/persons", {"q": "nguyen", "page_size": 2, "page": 2}).json()
    assert {p["id"] for p in body["items"]}.isdisjoint({p["id"] for p in second["items"]})
    too_big = client.get("/api/v1/persons", {"page_size": 100000})
    assert too_big.status_code == 422
    assert too_big.json()["code"] == "invalid_input"
