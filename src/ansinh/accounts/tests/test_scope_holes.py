"""Issue 9, findings 1, 2 and 8: an employer sees its current employees only, and of them only what concerns it;
a D02-LT join cannot pull a stranger in by citizen ID alone, and its refusals do not tell whether an ID exists;
an officer cannot make any account (a citizen's, another province's) staff of a collection agent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ansinh.accounts.models import Role
from ansinh.contributions.services import collection as svc
from ansinh.contributions.services.declare import DeclarationLineIn, validate_lines
from ansinh.core.testing import factories as f
from ansinh.registry.models import Employment
from ansinh.rules.periods import Month

pytestmark = pytest.mark.django_db

P = Month(2026, 3)


@pytest.fixture
def unit(two_provinces):
    w = dict(two_provinces)
    w["employer"] = f.EmployerFactory(address_commune=w["a1"], start_date=dt.date(2005, 1, 1))
    w["other_employer"] = f.EmployerFactory(address_commune=w["b1"], start_date=dt.date(2005, 1, 1))
    w["current"] = f.EmploymentFactory(employer=w["employer"], person=f.PersonFactory(address_commune=w["a1"]),
                                       valid_from=dt.date(2024, 1, 1), salary=9_000_000)
    # Left in 2011; now works (and earns) elsewhere.
    w["former"] = f.EmploymentFactory(employer=w["employer"], person=f.PersonFactory(address_commune=w["b1"]),
                                      valid_from=dt.date(2008, 1, 1), valid_to=dt.date(2011, 6, 30), salary=5_000_000)
    w["former_now"] = f.EmploymentFactory(employer=w["other_employer"], person=w["former"].person,
                                          valid_from=dt.date(2012, 1, 1), salary=30_000_000)
    # The current employee also holds a second job elsewhere: none of the unit's business.
    w["second_job"] = f.EmploymentFactory(employer=w["other_employer"], person=w["current"].person,
                                          valid_from=dt.date(2024, 1, 1), salary=12_000_000)
    w["stranger"] = f.PersonFactory(full_name="Lê Thị Người Lạ", sex="F", birth_date=dt.date(1991, 4, 9),
                                    address_commune=w["b2"])
    w["rep"] = f.UserFactory(role=Role.EMPLOYER_REP, employer=w["employer"])
    return w


def test_employer_sees_current_employees_only(client, unit):
    client.force_login(unit["rep"])
    ids = [p["id"] for p in client.get("/api/v1/persons?page_size=500").json()["items"]]
    assert ids == [unit["current"].person_id]
    assert client.get(f"/api/v1/persons/{unit['former'].person_id}").status_code == 404
    assert client.get(f"/persons/{unit['former'].person_id}/").status_code == 404
    rows = b"".join(client.get("/api/v1/persons/export.csv").streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(rows) == 2  # header + the one current employee


def test_employer_sees_only_what_concerns_the_unit(client, unit):
    client.force_login(unit["rep"])
    person_id = unit["current"].person_id
    jobs = client.get(f"/api/v1/persons/{person_id}/employments").json()
    assert [j["employer"]["id"] for j in jobs] == [unit["employer"].pk]
    assert client.get(f"/api/v1/persons/{person_id}/audit").status_code == 404
    assert client.get(f"/audit/person/{person_id}/").status_code == 404
    page = client.get(f"/persons/{person_id}/").content.decode()
    assert unit["other_employer"].name not in page
    # Staff of the commune still see every employment.
    client.force_login(unit["u1"])
    jobs = client.get(f"/api/v1/persons/{person_id}/employments").json()
    assert {j["employer"]["id"] for j in jobs} == {unit["employer"].pk, unit["other_employer"].pk}


def _join(n: int, unit, **over) -> DeclarationLineIn:
    values = dict(line=n, action="TM", from_month="03/2026", contract_type="indefinite", salary=8_000_000)
    values.update(over)
    return DeclarationLineIn(**values)


def _refusals(unit, line: DeclarationLineIn) -> set[tuple[str, str, str]]:
    checked = validate_lines(employer=unit["employer"], period=P, lines=[line])
    return {(e["field"], e["code"], e["message"]) for e in checked.errors}


def _unused_citizen_id(person) -> str:
    cid = person.citizen_id
    return cid[:-6] + f"{(int(cid[-6:]) + 777_777) % 1_000_000:06d}"


def test_citizen_id_alone_does_not_attach_a_stranger_and_says_nothing_about_existence(unit):
    stranger = unit["stranger"]
    existing = _refusals(unit, _join(1, unit, citizen_id=stranger.citizen_id))
    unknown = _refusals(unit, _join(1, unit, citizen_id=_unused_citizen_id(stranger)))
    assert existing and existing == unknown
    assert not any(stranger.full_name in m or "no person has" in m for _, _, m in existing)


def test_a_wrong_name_or_birth_date_gives_one_uniform_refusal(unit):
    stranger = unit["stranger"]
    full = dict(sex="Nữ", commune_code=unit["b2"].code)
    wrong_name = _refusals(unit, _join(1, unit, citizen_id=stranger.citizen_id, full_name="Lê Thị Đoán Bừa",
                                       birth_date="09/04/1991", **full))
    wrong_day = _refusals(unit, _join(1, unit, citizen_id=stranger.citizen_id, full_name=stranger.full_name,
                                      birth_date="10/04/1991", **full))
    year_only = _refusals(unit, _join(1, unit, citizen_id=stranger.citizen_id, full_name=stranger.full_name,
                                      birth_date="1991", **full))
    si_only = _refusals(unit, _join(1, unit, si_code="0" + stranger.si_code[1:] if stranger.si_code[0] != "0"
                                    else "9" + stranger.si_code[1:], full_name=stranger.full_name,
                                    birth_date="09/04/1991", **full))
    assert wrong_name == wrong_day == year_only
    assert {(c, m) for _, c, m in si_only} == {(c, m) for _, c, m in wrong_name}
    codes = {c for _, c, _ in wrong_name | wrong_day | year_only}
    assert codes == {"person_not_matched"}
    assert len({m for _, _, m in wrong_name | wrong_day | year_only | si_only}) == 1


def test_name_and_birth_date_attach_the_person(unit):
    stranger = unit["stranger"]
    checked = validate_lines(employer=unit["employer"], period=P, lines=[_join(
        1, unit, citizen_id=stranger.citizen_id, full_name="LE THI NGUOI LA", birth_date="09/04/1991", sex="Nữ",
        commune_code=unit["b2"].code)])
    assert checked.errors == []
    assert checked.lines[0].person == stranger


def test_other_actions_on_a_stranger_answer_as_for_an_unknown_id(unit):
    stranger = unit["stranger"]
    existing = _refusals(unit, DeclarationLineIn(line=1, action="GH", from_month="03/2026",
                                                 citizen_id=stranger.citizen_id))
    unknown = _refusals(unit, DeclarationLineIn(line=1, action="GH", from_month="03/2026",
                                                citizen_id=_unused_citizen_id(stranger)))
    assert existing == unknown and {c for _, c, _ in existing} == {"unknown_person"}
    assert not Employment.objects.filter(person=stranger, employer=unit["employer"]).exists()


@pytest.fixture
def agent(two_provinces):
    a1 = two_provinces["a1"]
    return svc.agent_create(actor=two_provinces["u1"], data=svc.AgentInput(
        code=f"3456789000TH20{a1.code}001", name="Bưu điện Lương Văn Tri", kind="post_office", commune_id=a1.pk,
        commission_rate=Decimal("0.04"), valid_from=dt.date(2025, 7, 1)))


def test_officer_cannot_make_any_account_staff_of_an_agent(client, two_provinces, agent):
    w = two_provinces
    client.force_login(w["u1"])
    url = f"/api/v1/agents/{agent.pk}/staff"
    citizen = f.UserFactory(role=Role.CITIZEN, person=f.PersonFactory(address_commune=w["a1"]))
    clerk_elsewhere = f.UserFactory(role=Role.DESK_CLERK)
    clerk_elsewhere.offices.set([w["o2"]])
    answers = []
    for user_id in (citizen.pk, clerk_elsewhere.pk, w["u2"].pk, 10**9, 2**63 + 5):
        r = client.post(url, {"full_name": "Ai Đó", "valid_from": "2026-01-01", "user_id": user_id},
                        content_type="application/json")
        assert r.status_code == 422, (user_id, r.content)
        body = r.json()
        answers.append((body["code"], body.get("field"), body["message"]))
    assert len(set(answers)) == 1 and answers[0][:2] == ("user_not_assignable", "user_id")
    clerk_here = f.UserFactory(role=Role.DESK_CLERK)
    clerk_here.offices.set([w["o1"]])
    r = client.post(url, {"full_name": "Nông Thị Hoa", "valid_from": "2026-01-01", "user_id": clerk_here.pk},
                    content_type="application/json")
    assert r.status_code == 201, r.content
