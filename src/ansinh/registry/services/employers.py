"""Employers (contributing units)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from django.db import transaction

from ansinh.accounts import audit
from ansinh.core.errors import Conflict, InvalidInput
from ansinh.core.identifiers import validate_phone, validate_tax_code, validate_unit_code
from ansinh.core.text import fold, normalise_name
from ansinh.registry.models import Employer, EmployerStatus, OwnershipType
from ansinh.registry.services.common import current_commune, not_future, require_staff, update_audited

SECTIONS = frozenset("ABCDEFGHIJKLMNOPQRSTU")  # VSIC 2018 (Decision 27/2018/QĐ-TTg) sections


@dataclass(frozen=True)
class EmployerInput:
    unit_code: str
    name: str
    ownership_type: str
    sector: str
    address_commune_id: int
    start_date: dt.date
    tax_code: str | None = None
    address_line: str = ""
    phone: str = ""
    email: str = ""
    status: str = EmployerStatus.ACTIVE


EDITABLE = ("name", "ownership_type", "sector", "address_commune_id", "address_line", "phone", "email", "status",
            "start_date", "end_date", "tax_code")


def _clean(values: dict[str, Any], *, actor: Any) -> dict[str, Any]:
    out = dict(values)
    out["unit_code"] = validate_unit_code(out.get("unit_code") or "")
    out["name"] = normalise_name(out.get("name") or "")
    if len(out["name"]) < 2:
        raise InvalidInput("required", "name is required", field="name")
    if out.get("ownership_type") not in OwnershipType.values:
        raise InvalidInput("bad_choice", f"ownership_type must be one of {', '.join(OwnershipType.values)}", field="ownership_type")
    sector = (out.get("sector") or "").upper()
    if sector not in SECTIONS:
        raise InvalidInput("bad_sector", "sector must be a VSIC section letter A-U", field="sector")
    out["sector"] = sector
    if out.get("status", EmployerStatus.ACTIVE) not in EmployerStatus.values:
        raise InvalidInput("bad_choice", f"status must be one of {', '.join(EmployerStatus.values)}", field="status")
    out["tax_code"] = validate_tax_code(out["tax_code"]) if out.get("tax_code") else None
    if out["tax_code"] and out["unit_code"][:10].isdigit() and out["unit_code"][:10] != out["tax_code"][:10]:
        raise InvalidInput("unit_tax_mismatch", "the unit code must start with the unit's 10-digit tax code", field="unit_code")
    out["phone"] = validate_phone(out["phone"]) if out.get("phone") else ""
    if not isinstance(out.get("start_date"), dt.date):
        raise InvalidInput("required", "start_date is required", field="start_date")
    not_future(out["start_date"], "start_date")
    end = out.get("end_date")
    if end is not None and end < out["start_date"]:
        raise InvalidInput("bad_date", "end_date is before start_date", field="end_date")
    current_commune(out.get("address_commune_id"), field="address_commune_id", actor=actor)
    return out


def _unique_check(values: dict[str, Any], exclude_pk: int | None = None) -> None:
    for key, label in (("unit_code", "unit code"), ("tax_code", "tax code")):
        if values.get(key) and Employer.objects.filter(**{key: values[key]}).exclude(pk=exclude_pk).exists():
            raise Conflict("duplicate", f"{label} {values[key]} is already registered", field=key)


def employer_create(*, actor: Any, data: EmployerInput, source: str = "web") -> Employer:
    require_staff(actor)
    values = _clean({f.name: getattr(data, f.name) for f in fields(data)}, actor=actor)
    _unique_check(values)
    with transaction.atomic():
        employer = Employer.objects.create(**values, name_search=fold(values["name"]))
        audit.record(actor=actor, action="create", obj=employer, after=audit.snapshot(employer), source=source)
    return employer


def employer_update(*, actor: Any, employer: Employer, changes: dict[str, Any], reason: str = "", source: str = "web") -> Employer:
    require_staff(actor)

    def derive(e: Employer) -> None:
        e.name_search = fold(e.name)

    return update_audited(actor=actor, obj=employer, changes=changes, editable=EDITABLE, clean=_clean,
                          unique_check=_unique_check, derive=derive, reason=reason, source=source,
                          also_read=("unit_code",))
