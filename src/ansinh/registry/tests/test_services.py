"""Registry services: validation with the field named, audit rows with before/after, nothing half-written."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.accounts.models import AuditEvent
from ansinh.core.errors import Conflict, InvalidInput
from ansinh.core.testing import factories as f
from ansinh.registry.models import Employment, HouseholdMember, Person, SalaryRecord
from ansinh.registry.services import employment as employment_services
from ansinh.registry.services import households as household_services
from ansinh.registry.services.persons import PersonInput, person_create, person_update

pytestmark = pytest.mark.django_db


def person_input(world, **kw) -> PersonInput:
    values = dict(full_name="Hoàng Thị Thuý", birth_date=dt.date(1990, 3, 4), sex="F",
                  address_commune_id=world["a1"].pk, citizen_id="020190001234", phone="0912 345 678")
    values.update(kw)
    return PersonInput(**values)


def test_create_writes_person_and_audit_in_one_go(two_provinces):
    person = person_create(actor=two_provinces["u1"], data=person_input(two_provinces))
    assert person.name_search == "hoang thi thuy"
    assert person.phone == "0912345678"
    event = AuditEvent.objects.get(object_type="registry.person", object_id=str(person.pk))
    assert event.action == "create"
    assert event.actor == two_provinces["u1"]
    assert event.before is None
    assert event.after["citizen_id"] == "020190001234"
    assert event.after["full_name"] == "Hoàng Thị Thuý"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"citizen_id": "020090001234"}, "citizen_id"),  # encodes a male
        ({"citizen_id": "020191001234"}, "citizen_id"),  # encodes 1991
        ({"phone": "12345"}, "phone"),
        ({"sex": "X"}, "sex"),
        ({"birth_date": dt.date(2999, 1, 1)}, "birth_date"),
        ({"citizen_id": None, "si_code": None}, "citizen_id"),
        ({"ethnicity": "99"}, "ethnicity"),
        ({"address_commune_id": 0}, "address_commune_id"),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(two_provinces, change, field):
    with pytest.raises(InvalidInput) as exc:
        person_create(actor=two_provinces["u1"], data=person_input(two_provinces, **change))
    assert exc.value.field == field
    assert Person.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_duplicate_citizen_id_is_a_conflict(two_provinces):
    person_create(actor=two_provinces["u1"], data=person_input(two_provinces))
    with pytest.raises(Conflict) as exc:
        person_create(actor=two_provinces["u1"], data=person_input(two_provinces, full_name="Other"))
    assert exc.value.field == "citizen_id"
    assert Person.objects.count() == 1


def test_year_only_birth(two_provinces):
    person = person_create(
        actor=two_provinces["u1"],
        data=person_input(two_provinces, birth_date=dt.date(1990, 7, 9), birth_precision="Y"),
    )
    assert person.birth_date == dt.date(1990, 1, 1)
    assert person.birth_display == "1990"


def test_update_audits_before_and_after(two_provinces):
    person = person_create(actor=two_provinces["u1"], data=person_input(two_provinces))
    person_update(actor=two_provinces["u1"], person=person, changes={"phone": "0987654321", "address_line": "Thôn Nà Phạ"},
                  reason="citizen called")
    event = AuditEvent.objects.filter(action="update").get()
    assert event.reason == "citizen called"
    changed = {k: (b, a) for k, b, a in event.changed_fields()}
    assert changed == {"phone": ("0912345678", "0987654321"), "address_line": ("", "Thôn Nà Phạ")}


def test_update_without_change_writes_no_audit(two_provinces):
    person = person_create(actor=two_provinces["u1"], data=person_input(two_provinces))
    person_update(actor=two_provinces["u1"], person=person, changes={"phone": "0912345678"})
    assert AuditEvent.objects.filter(action="update").count() == 0


def test_failed_update_leaves_person_unchanged(two_provinces):
    person = person_create(actor=two_provinces["u1"], data=person_input(two_provinces))
    with pytest.raises(InvalidInput):
        person_update(actor=two_provinces["u1"], person=person, changes={"address_line": "new", "phone": "bad"})
    person.refresh_from_db()
    assert person.address_line == ""
    assert AuditEvent.objects.filter(action="update").count() == 0


def test_salary_history_is_never_overwritten(two_provinces):
    employer = f.EmployerFactory(address_commune=two_provinces["a1"])
    person = f.PersonFactory(address_commune=two_provinces["a1"])
    actor = two_provinces["u1"]
    employment = employment_services.employment_start(
        actor=actor, person=person, employer=employer, valid_from=dt.date(2024, 1, 1), contract_type="indefinite", salary=6_000_000
    )
    employment_services.salary_change(actor=actor, employment=employment, valid_from=dt.date(2025, 1, 1), salary=7_000_000)
    rows = list(SalaryRecord.objects.filter(employment=employment).order_by("valid_from").values_list("valid_from", "valid_to", "salary"))
    assert rows == [(dt.date(2024, 1, 1), dt.date(2024, 12, 31), 6_000_000), (dt.date(2025, 1, 1), None, 7_000_000)]
    with pytest.raises(InvalidInput) as exc:
        employment_services.salary_change(actor=actor, employment=employment, valid_from=dt.date(2024, 6, 1), salary=1)
    assert exc.value.field in ("salary", "valid_from")
    employment_services.employment_end(actor=actor, employment=employment, valid_to=dt.date(2025, 6, 30))
    assert SalaryRecord.objects.get(valid_from=dt.date(2025, 1, 1)).valid_to == dt.date(2025, 6, 30)
    kinds = list(AuditEvent.objects.order_by("id").values_list("object_type", "action"))
    assert kinds.count(("registry.salaryrecord", "update")) == 2
    assert ("registry.employment", "update") in kinds
    assert Employment.objects.get().valid_to == dt.date(2025, 6, 30)


def test_household_membership_moves(two_provinces):
    actor = two_provinces["u1"]
    head = f.PersonFactory(address_commune=two_provinces["a1"])
    child = f.PersonFactory(address_commune=two_provinces["a1"])
    h1 = household_services.household_create(actor=actor, code="hk-1", commune_id=two_provinces["a1"].pk, head=head,
                                              valid_from=dt.date(2020, 1, 1))
    assert h1.code == "HK-1"
    household_services.household_add_member(actor=actor, household=h1, person=child, relationship="child",
                                            valid_from=dt.date(2020, 1, 1))
    head2 = f.PersonFactory(address_commune=two_provinces["a2"])
    h2 = household_services.household_create(actor=actor, code="HK-2", commune_id=two_provinces["a2"].pk, head=head2,
                                              valid_from=dt.date(2024, 1, 1))
    household_services.household_add_member(actor=actor, household=h2, person=child, relationship="spouse",
                                            valid_from=dt.date(2024, 5, 1))
    history = list(HouseholdMember.objects.filter(person=child).order_by("valid_from").values_list("household__code", "valid_to"))
    assert history == [("HK-1", dt.date(2024, 4, 30)), ("HK-2", None)]
    with pytest.raises(Conflict):
        household_services.household_add_member(actor=actor, household=h2, person=head, relationship="other",
                                                valid_from=dt.date(2024, 6, 1))
