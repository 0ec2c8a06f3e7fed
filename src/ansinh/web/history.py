"""The change history of a registry object as staff read it: the object's own audit rows and those of the rows
that hang off it (a person's household memberships, employments and salaries; a household's members), with
each changed field named, and ids and codes shown as what they stand for.

A read-only companion of registry.selectors.audit_trail, kept here until the registry offers the related rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import AuditEvent
from ansinh.places.models import AdminUnit
from ansinh.registry.codes import ETHNICITIES
from ansinh.registry.models import (
    BirthPrecision,
    ContractType,
    Employer,
    EmployerStatus,
    Employment,
    Household,
    HouseholdMember,
    OwnershipType,
    Person,
    Relationship,
    SalaryKind,
    SalaryRecord,
    Sex,
)
from ansinh.web.templatetags.web_format import money

OBJECT_LABELS = {
    "registry.person": _("Person"),
    "registry.household": _("Household"),
    "registry.householdmember": _("Household member"),
    "registry.employer": _("Employer"),
    "registry.employment": _("Employment"),
    "registry.salaryrecord": _("Salary"),
}

FIELD_LABELS = {
    "citizen_id": _("Personal ID number"),
    "si_code": _("SI number"),
    "full_name": _("Full name"),
    "birth_date": _("Date of birth"),
    "birth_precision": _("Date of birth is known to"),
    "birth_year": _("Birth year"),
    "sex": _("Sex"),
    "ethnicity": _("Ethnicity"),
    "nationality": _("Nationality"),
    "address_commune_id": _("Commune"),
    "address_line": _("House number, street, hamlet"),
    "phone": _("Phone"),
    "death_date": _("Date of death"),
    "unit_code": _("Unit code"),
    "tax_code": _("Tax code"),
    "name": _("Name"),
    "ownership_type": _("Ownership type"),
    "sector": _("Economic sector (VSIC)"),
    "email": _("Email"),
    "status": _("Status"),
    "start_date": _("Start date"),
    "end_date": _("End date"),
    "code": _("Household code"),
    "commune_id": _("Commune"),
    "head_id": _("Head of household"),
    "household_id": _("Household"),
    "person_id": _("Person"),
    "relationship": _("Relationship"),
    "valid_from": _("From"),
    "valid_to": _("To"),
    "employer_id": _("Employer"),
    "employment_id": _("Employment"),
    "position": _("Position"),
    "contract_type": _("Contract type"),
    "workplace_commune_id": _("Workplace commune"),
    "kind": _("Salary kind"),
    "salary": _("Salary (VND per month)"),
    "coefficient": _("Pay-scale coefficient"),
    "allowance_coefficient": _("Allowance coefficient"),
}

CHOICES: dict[str, dict[str, Any]] = {
    "sex": dict(Sex.choices),
    "birth_precision": dict(BirthPrecision.choices),
    "ethnicity": ETHNICITIES,
    "ownership_type": dict(OwnershipType.choices),
    "status": dict(EmployerStatus.choices),
    "relationship": dict(Relationship.choices),
    "contract_type": dict(ContractType.choices),
    "kind": dict(SalaryKind.choices),
}

COMMUNE_FIELDS = frozenset({"address_commune_id", "commune_id", "workplace_commune_id"})
HIDDEN = frozenset({"id"})


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Entry:
    event: AuditEvent
    object_label: str
    changes: list[Change]


def _targets(obj: Any) -> dict[str, list[object]]:
    """The (type → ids) whose audit rows make up the object's history."""
    label = obj._meta.label_lower
    out: dict[str, list[object]] = {label: [obj.pk]}
    if isinstance(obj, Person):
        out["registry.householdmember"] = list(HouseholdMember.objects.filter(person=obj).values_list("pk", flat=True))
        employments = list(Employment.objects.filter(person=obj).values_list("pk", flat=True))
        out["registry.employment"] = employments
        out["registry.salaryrecord"] = list(
            SalaryRecord.objects.filter(employment_id__in=employments).values_list("pk", flat=True)
        )
    elif isinstance(obj, Household):
        out["registry.householdmember"] = list(HouseholdMember.objects.filter(household=obj).values_list("pk", flat=True))
    elif isinstance(obj, Employer):
        pass  # its employees' joins and leaves are in their own histories
    return out


def events_for(obj: Any) -> QuerySet[AuditEvent]:
    condition = Q(pk__in=[])
    for object_type, ids in _targets(obj).items():
        if ids:
            condition |= Q(object_type=object_type, object_id__in=[str(i) for i in ids])
    return AuditEvent.objects.filter(condition).select_related("actor").order_by("-at", "-id")


def _show(field: str, value: Any, communes: dict[int, str]) -> str:
    if value is None or value == "":
        return "—"
    if field in COMMUNE_FIELDS and isinstance(value, int):
        return communes.get(value, f"#{value}")
    if field in CHOICES:
        return str(CHOICES[field].get(value, value))
    if field == "salary" and isinstance(value, int):
        return money(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def describe(events: list[AuditEvent]) -> list[Entry]:
    """Each event with its changed fields labelled and its values readable (one query for the communes named)."""
    commune_ids: set[int] = set()
    for event in events:
        for side in (event.before or {}, event.after or {}):
            commune_ids.update(v for k, v in side.items() if k in COMMUNE_FIELDS and isinstance(v, int))
    communes = dict(AdminUnit.objects.filter(pk__in=commune_ids).values_list("pk", "name")) if commune_ids else {}
    out = []
    for event in events:
        changes = [
            Change(key, str(FIELD_LABELS.get(key, key)), _show(key, before, communes), _show(key, after, communes))
            for key, before, after in event.changed_fields()
            if key not in HIDDEN
        ]
        changes = [c for c in changes if c.before != c.after]
        label = OBJECT_LABELS.get(event.object_type, event.object_type)
        out.append(Entry(event=event, object_label=f"{label} #{event.object_id}", changes=changes))
    return out
