"""Declarations (D02-LT): the service applies a good list whole, refuses a list with any bad line whole (every
error reported with its line, nothing written), and a retroactive salary line becomes an adjustment."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.accounts.models import AuditEvent, Role
from ansinh.analytics.assessment import assess
from ansinh.contributions.models import Declaration, DeclarationLine, LedgerTxn
from ansinh.contributions.regions import region_of_commune
from ansinh.contributions.services.declare import DeclarationLineIn, declaration_submit, hi_group_of
from ansinh.core.errors import FileErrors, NotFound
from ansinh.core.testing import factories as f
from ansinh.coverage.models import Participation
from ansinh.registry.models import Employment, Person, SalaryRecord
from ansinh.rules.periods import Month

pytestmark = pytest.mark.django_db

P = Month(2026, 3)


def cid(n: int, sex: str = "M", year: int = 1990) -> str:
    century_sex = (0 if year < 2000 else 2) + (0 if sex == "M" else 1)
    return f"020{century_sex}{year % 100:02d}{n:06d}"


def join_new(n: int, commune, **over) -> DeclarationLineIn:
    values = dict(line=n, action="TM", from_month="03/2026", citizen_id=cid(500 + n), full_name=f"Trần Văn Mới {n}",
                  birth_date="17/05/1990", sex="Nam", commune_code=commune.code, contract_type="indefinite",
                  salary=8_000_000, position="Công nhân")
    values.update(over)
    return DeclarationLineIn(**values)


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (Person, Employment, SalaryRecord, Participation, Declaration,
                                                    DeclarationLine, AuditEvent)}


@pytest.fixture
def unit(two_provinces):
    world = dict(two_provinces)
    world["employer"] = f.EmployerFactory(address_commune=world["a1"], start_date=dt.date(2015, 1, 1))
    world["staying"] = f.EmploymentFactory(employer=world["employer"], person=f.PersonFactory(address_commune=world["a1"]),
                                           valid_from=dt.date(2024, 1, 1), salary=9_000_000)
    world["leaving"] = f.EmploymentFactory(employer=world["employer"], person=f.PersonFactory(address_commune=world["a2"]),
                                           valid_from=dt.date(2024, 1, 1), salary=7_000_000)
    world["known"] = f.PersonFactory(full_name="Lê Thị Đã Có", sex="F", birth_date=dt.date(1995, 2, 3),
                                     address_commune=world["b1"])
    return world


def test_good_list_is_applied(unit):
    employer, officer = unit["employer"], unit["u1"]
    staying, leaving, known = unit["staying"], unit["leaving"], unit["known"]
    before = counts()
    lines = [
        join_new(1, unit["a2"]),
        DeclarationLineIn(line=2, action="join", from_month="2026-03", si_code=known.si_code, contract_type="fixed_12_36",
                          salary="9.500.000", full_name="LÊ THỊ ĐÃ CÓ", birth_date="03/02/1995", sex="Nữ",
                          commune_code=unit["b1"].code),  # not the unit's yet: name and birth date must match
        DeclarationLineIn(line=3, action="DC", from_month="04/2026", citizen_id=staying.person.citizen_id,
                          salary=11_000_000),
        DeclarationLineIn(line=4, action="GH", from_month="03/2026", si_code=leaving.person.si_code),
    ]
    declaration = declaration_submit(actor=officer, employer=employer, period=P, lines=lines, channel="desk")

    assert declaration.status == Declaration.Status.APPLIED and declaration.line_count == 4
    assert declaration.submitted_by == officer
    assert list(declaration.lines.order_by("line_no").values_list("action", flat=True)) == [
        "join", "join", "salary", "leave"]
    new = Person.objects.get(citizen_id=cid(501))
    assert new.full_name == "Trần Văn Mới 1" and new.sex == "M" and new.address_commune == unit["a2"]
    job = Employment.objects.get(person=new, employer=employer)
    assert job.valid_from == dt.date(2026, 3, 1) and job.valid_to is None and job.position == "Công nhân"
    assert job.salaries.get().salary == 8_000_000
    schemes = dict(Participation.objects.filter(employment=job).values_list("scheme", "hi_group"))
    assert schemes == {"si": "", "hi": "DN", "ui": ""}
    assert Participation.objects.filter(employment=job, valid_from=dt.date(2026, 3, 1), valid_to=None,
                                        source="declaration", payer="employer_employee").count() == 3
    assert Employment.objects.get(person=known, employer=employer).salaries.get().salary == 9_500_000
    # Salary change from April: the March salary ends on 31 March.
    salaries = list(staying.salaries.order_by("valid_from").values_list("salary", "valid_from", "valid_to"))
    assert salaries == [(9_000_000, dt.date(2024, 1, 1), dt.date(2026, 3, 31)), (11_000_000, dt.date(2026, 4, 1), None)]
    # Leaving from March: February is the last month contributed.
    leaving.refresh_from_db()
    assert leaving.valid_to == dt.date(2026, 2, 28)
    assert leaving.salaries.get().valid_to == dt.date(2026, 2, 28)

    after = counts()
    assert after["Person"] - before["Person"] == 1
    assert after["Employment"] - before["Employment"] == 2
    assert after["SalaryRecord"] - before["SalaryRecord"] == 3
    assert after["Participation"] - before["Participation"] == 6
    assert after["DeclarationLine"] - before["DeclarationLine"] == 4
    events = AuditEvent.objects.filter(source=f"declaration:{declaration.pk}")
    assert events.filter(object_type="registry.person", action="create").count() == 1
    assert events.filter(object_type="registry.employment", action="create").count() == 2
    assert events.filter(object_type="coverage.participation", action="create").count() == 6
    assert events.exclude(actor=officer).count() == 0
    row = AuditEvent.objects.get(object_type="contributions.declaration", object_id=str(declaration.pk))
    assert row.actor == officer and row.source == "desk"
    assert row.after["summary"]["by_action"] == {"join": 2, "salary": 1, "leave": 1}
    assert row.after["summary"]["new_persons"] == 1


def test_every_bad_line_is_reported_and_nothing_written(unit):
    employer, officer = unit["employer"], unit["u1"]
    staying = unit["staying"]
    lines = [
        join_new(1, unit["a2"]),  # good
        join_new(2, unit["a2"], citizen_id="02009012345"),  # 11 digits
        join_new(3, unit["a2"], sex="Nữ"),  # citizen ID says male
        join_new(4, unit["a2"], salary=1_000_000),  # below the floor
        DeclarationLineIn(line=5, action="TM", from_month="03/2026", citizen_id=staying.person.citizen_id,
                          contract_type="indefinite", salary=9_000_000),  # already employed
        DeclarationLineIn(line=6, action="GH", from_month="03/2026", si_code=unit["known"].si_code),  # not employed
        DeclarationLineIn(line=7, action="DC", from_month="06/2026", citizen_id=staying.person.citizen_id,
                          salary=9_000_000),  # after period + 1
        join_new(8, unit["a2"], citizen_id=cid(501)),  # same person as line 1
        DeclarationLineIn(line=9, action="XX", from_month="13/2026", citizen_id=cid(900)),
        join_new(10, unit["a2"], contract_type="forever", commune_code="99999", full_name=""),
        join_new(11, unit["a2"], action="TD"),
        join_new(12, unit["a2"], salary="8.5 triệu"),
    ]
    before = counts()
    with pytest.raises(FileErrors) as caught:
        declaration_submit(actor=officer, employer=employer, period=P, lines=lines, channel="upload")
    assert counts() == before
    errors = caught.value.details
    got = {(e["line"], e["field"], e["code"]) for e in errors}
    assert {
        (2, "citizen_id", "wrong_length"),
        (3, "citizen_id", "sex_mismatch"),
        (4, "salary", "below_floor"),
        (5, "action", "already_employed"),
        (6, "si_code", "unknown_person"),  # not the unit's employee: said as for an unknown identifier
        (7, "from_month", "too_late"),
        (8, "citizen_id", "duplicate_person"),
        (9, "action", "bad_action"),
        (9, "from_month", "bad_month"),
        (10, "contract_type", "bad_choice"),
        (10, "commune_code", "unknown_commune"),
        (10, "full_name", "required_new_person"),
        (11, "action", "unsupported_plan"),
        (12, "salary", "bad_salary"),
    } <= got
    assert not [e for e in errors if e["line"] == 1]
    assert all(set(e) == {"line", "field", "code", "message"} and e["message"] for e in errors)
    assert [e["line"] for e in errors] == sorted(e["line"] for e in errors)


def test_floor_uses_the_region_of_the_employer(unit):
    # The factories' communes are not in the region annexes: region IV (the default) and its minimum wage.
    assert region_of_commune(unit["a1"].pk, P.first_day) == 4
    employer, officer = unit["employer"], unit["u1"]
    from ansinh.rules.contributions.parameters import month_parameters

    floor = month_parameters(P, region=4).floor
    with pytest.raises(FileErrors):
        declaration_submit(actor=officer, employer=employer, period=P, channel="desk",
                           lines=[join_new(1, unit["a2"], salary=floor - 1)])
    declaration_submit(actor=officer, employer=employer, period=P, channel="desk",
                       lines=[join_new(1, unit["a2"], salary=floor)])


def test_suspend_and_return(unit):
    employer, officer = unit["employer"], unit["u1"]
    declaration_submit(actor=officer, employer=employer, period=P, channel="desk", lines=[join_new(1, unit["a2"])])
    person = Person.objects.get(citizen_id=cid(501))
    declaration_submit(actor=officer, employer=employer, period=Month(2026, 5), channel="desk", lines=[
        DeclarationLineIn(line=1, action="KL", from_month="05/2026", citizen_id=person.citizen_id)])
    rows = Participation.objects.filter(person=person)
    assert set(rows.values_list("valid_to", flat=True)) == {dt.date(2026, 4, 30)}
    with pytest.raises(FileErrors) as caught:  # cannot suspend twice
        declaration_submit(actor=officer, employer=employer, period=Month(2026, 6), channel="desk", lines=[
            DeclarationLineIn(line=1, action="suspend", from_month="06/2026", citizen_id=person.citizen_id)])
    assert caught.value.details[0]["code"] == "not_participating"
    declaration_submit(actor=officer, employer=employer, period=Month(2026, 7), channel="desk", lines=[
        DeclarationLineIn(line=1, action="ON", from_month="07/2026", citizen_id=person.citizen_id)])
    assert rows.filter(valid_from=dt.date(2026, 7, 1), valid_to=None).count() == 3
    assert Employment.objects.get(person=person).valid_to is None


def test_join_with_to_month_and_declaration_type(unit):
    employer, officer = unit["employer"], unit["u1"]
    with pytest.raises(FileErrors) as caught:
        declaration_submit(actor=officer, employer=employer, period=P, channel="desk",
                           lines=[join_new(1, unit["a2"], declaration_type="3")])
    assert caught.value.details[0]["code"] == "type_mismatch"
    declaration_submit(actor=officer, employer=employer, period=P, channel="desk", lines=[
        join_new(1, unit["a2"], declaration_type=1, from_month="01/2026", to_month="02/2026")])
    job = Employment.objects.get(person__citizen_id=cid(501))
    assert (job.valid_from, job.valid_to) == (dt.date(2026, 1, 1), dt.date(2026, 2, 28))
    assert set(Participation.objects.filter(employment=job).values_list("valid_to", flat=True)) == {dt.date(2026, 2, 28)}


def test_state_unit_gets_hi_group_hc(unit):
    employer = f.EmployerFactory(address_commune=unit["a1"], ownership_type="public_service",
                                 start_date=dt.date(2015, 1, 1))
    assert hi_group_of(employer) == "HC"
    declaration_submit(actor=unit["u1"], employer=employer, period=P, channel="desk", lines=[join_new(1, unit["a2"])])
    assert Participation.objects.get(scheme="hi", employer=employer).hi_group == "HC"


def test_retroactive_salary_line_becomes_an_adjustment(unit):
    employer, officer, staying = unit["employer"], unit["u1"], unit["staying"]
    jan, feb = Month(2026, 1), Month(2026, 2)
    assess(jan)
    assess(feb)
    assert not LedgerTxn.objects.filter(kind=LedgerTxn.Kind.ADJUSTMENT).exists()
    # Declared in March: the salary was 10,000,000 from February.
    declaration_submit(actor=officer, employer=employer, period=P, channel="upload", lines=[
        DeclarationLineIn(line=7, action="DC", from_month="02/2026", citizen_id=staying.person.citizen_id,
                          salary=10_000_000)])
    _, report = assess(P)
    adjustment = LedgerTxn.objects.get(kind=LedgerTxn.Kind.ADJUSTMENT)
    assert adjustment.period == P.first_day
    assert {e.for_period for e in adjustment.entries.all()} == {feb.first_day}
    receivable = sum(e.amount for e in adjustment.entries.all() if e.account == "receivable")
    # 1,000,000 more salary × 32% (21.5% employer + 10.5% employee) in February.
    assert receivable == 320_000
    assert "2026-02" in report.months


def test_scope_other_office_employer_is_not_found(unit):
    with pytest.raises(NotFound):
        declaration_submit(actor=unit["u2"], employer=unit["employer"], period=P, channel="desk",
                           lines=[join_new(1, unit["a2"])])
    assert not Declaration.objects.exists()


def test_employer_representative_declares_for_own_unit_only(unit):
    rep = f.UserFactory(role=Role.EMPLOYER_REP, employer=unit["employer"])
    declaration = declaration_submit(actor=rep, employer=unit["employer"], period=P, channel="portal",
                                     lines=[join_new(1, unit["b2"])])
    assert declaration.submitted_by == rep
    created = AuditEvent.objects.get(object_type="registry.employment", source=f"declaration:{declaration.pk}")
    assert created.actor is None and created.actor_name == "system"
    other = f.EmployerFactory(address_commune=unit["a1"])
    with pytest.raises(NotFound):
        declaration_submit(actor=rep, employer=other, period=P, channel="portal", lines=[join_new(2, unit["b2"])])


def test_floor_of_a_foreign_invested_employer_before_2011_10(unit):
    # A foreign-invested employer's floor is its own regional minimum wage until 2011-09 (Decree 98/2009: 1,000,000
    # in region IV in 2010, the domestic 730,000), one level for all from 2011-10 (Decree 70/2011: 1,400,000).
    from ansinh.contributions.services.declare import _Floors, employer_kind
    from ansinh.registry.models import OwnershipType

    employer, commune = unit["employer"], unit["a1"].pk
    assert employer_kind(employer) == "domestic"
    employer.ownership_type = OwnershipType.FOREIGN_INVESTED
    assert employer_kind(employer) == "foreign_invested"
    fdi, domestic = _Floors(employer_kind(employer)), _Floors()
    for floors in (fdi, domestic):
        for m in (Month(2010, 3), Month(2011, 10)):
            floors.want(m, commune)
        floors.load()
    assert fdi.floor(Month(2010, 3), commune) == (1_000_000, 4)
    assert domestic.floor(Month(2010, 3), commune) == (730_000, 4)
    assert fdi.floor(Month(2011, 10), commune) == domestic.floor(Month(2011, 10), commune) == (1_400_000, 4)
