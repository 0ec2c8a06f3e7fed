"""Register and change persons. One transaction per call, with its audit row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from django.db import IntegrityError, transaction

from ansinh.accounts import audit
from ansinh.core.errors import Conflict, InvalidInput
from ansinh.core.identifiers import validate_citizen_id, validate_phone, validate_si_code
from ansinh.core.text import fold, normalise_name
from ansinh.registry.codes import ETHNICITIES
from ansinh.registry.models import BirthPrecision, Person
from ansinh.registry.services.common import current_commune, not_future, require_staff, update_audited


@dataclass(frozen=True)
class PersonInput:
    full_name: str
    birth_date: dt.date
    sex: str
    address_commune_id: int
    birth_precision: str = BirthPrecision.DAY
    citizen_id: str | None = None
    si_code: str | None = None
    ethnicity: str = "01"
    nationality: str = "VN"
    address_line: str = ""
    phone: str = ""


EDITABLE = ("full_name", "birth_date", "birth_precision", "sex", "citizen_id", "si_code", "ethnicity",
            "nationality", "address_commune_id", "address_line", "phone", "death_date")


def _clean(values: dict[str, Any], *, actor: Any) -> dict[str, Any]:
    out = dict(values)
    name = normalise_name(out.get("full_name") or "")
    if len(name) < 2:
        raise InvalidInput("required", "full_name is required", field="full_name")
    out["full_name"] = name
    if out.get("sex") not in ("M", "F"):
        raise InvalidInput("bad_sex", "sex must be M or F", field="sex")
    birth = out.get("birth_date")
    if not isinstance(birth, dt.date):
        raise InvalidInput("required", "birth_date is required", field="birth_date")
    not_future(birth, "birth_date")
    if birth.year < 1900:
        raise InvalidInput("bad_birth_date", "birth_date before 1900", field="birth_date")
    precision = out.get("birth_precision") or BirthPrecision.DAY
    if precision not in BirthPrecision.values:
        raise InvalidInput("bad_precision", "birth_precision must be D, M or Y", field="birth_precision")
    # A year-only birth is stored as 1 January, a month-year birth as the 1st of the month.
    if precision == BirthPrecision.YEAR:
        birth = birth.replace(month=1, day=1)
    elif precision == BirthPrecision.MONTH:
        birth = birth.replace(day=1)
    out["birth_date"], out["birth_precision"] = birth, precision
    if out.get("citizen_id"):
        out["citizen_id"] = validate_citizen_id(out["citizen_id"], sex=out["sex"], birth_year=birth.year)
    else:
        out["citizen_id"] = None
    out["si_code"] = validate_si_code(out["si_code"]) if out.get("si_code") else None
    if not out["citizen_id"] and not out["si_code"]:
        raise InvalidInput("no_identifier", "a citizen ID or an SI number is required", field="citizen_id")
    if out.get("ethnicity", "01") not in ETHNICITIES:
        raise InvalidInput("bad_ethnicity", f"ethnicity {out.get('ethnicity')!r} is not one of the 54 group codes", field="ethnicity")
    out["phone"] = validate_phone(out["phone"]) if out.get("phone") else ""
    nationality = (out.get("nationality") or "VN").upper()
    if len(nationality) != 2 or not nationality.isalpha():
        raise InvalidInput("bad_nationality", "nationality must be a 2-letter country code", field="nationality")
    out["nationality"] = nationality
    current_commune(out.get("address_commune_id"), field="address_commune_id", actor=actor)
    death = out.get("death_date")
    if death is not None:
        not_future(death, "death_date")
        if death < birth:
            raise InvalidInput("death_before_birth", "death_date is before birth_date", field="death_date")
    out["address_line"] = (out.get("address_line") or "").strip()
    return out


def _unique_check(values: dict[str, Any], exclude_pk: int | None = None) -> None:
    for key, label in (("citizen_id", "citizen ID"), ("si_code", "SI number")):
        if values.get(key):
            clash = Person.objects.filter(**{key: values[key]}).exclude(pk=exclude_pk).values_list("pk", flat=True).first()
            if clash:
                raise Conflict("duplicate", f"{label} {values[key]} is already registered (person {clash})", field=key)


def person_create(*, actor: Any, data: PersonInput, source: str = "web") -> Person:
    require_staff(actor)
    values = _clean({f.name: getattr(data, f.name) for f in fields(data)}, actor=actor)
    _unique_check(values)
    with transaction.atomic():
        try:
            person = Person.objects.create(
                **values, name_search=fold(values["full_name"]), birth_year=values["birth_date"].year
            )
        except IntegrityError as exc:  # a concurrent insert of the same identifier
            raise Conflict("duplicate", f"a person with this identifier already exists ({exc})") from None
        audit.record(actor=actor, action="create", obj=person, after=audit.snapshot(person), source=source)
    return person


def person_update(*, actor: Any, person: Person, changes: dict[str, Any], reason: str = "", source: str = "web") -> Person:
    require_staff(actor)

    def derive(p: Person) -> None:
        p.name_search = fold(p.full_name)
        p.birth_year = p.birth_date.year

    return update_audited(actor=actor, obj=person, changes=changes, editable=EDITABLE, clean=_clean,
                          unique_check=_unique_check, derive=derive, reason=reason, source=source)
