"""Employment and salary history: never overwritten; a change closes a row and opens the next."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from ansinh.accounts import audit
from ansinh.core import bounds
from ansinh.core.errors import Conflict, InvalidInput
from ansinh.registry.models import ContractType, Employer, Employment, Person, SalaryKind, SalaryRecord
from ansinh.registry.services.common import current_commune, require_staff

ONE_DAY = dt.timedelta(days=1)


def _check_salary(salary: int, kind: str, coefficient: Decimal | None) -> None:
    if isinstance(salary, bool) or not isinstance(salary, int) or salary <= 0:
        raise InvalidInput("bad_salary", "salary must be a positive whole number of VND", field="salary")
    bounds.check_salary(salary)
    bounds.check_coefficient(coefficient)
    if kind not in SalaryKind.values:
        raise InvalidInput("bad_choice", f"kind must be one of {', '.join(SalaryKind.values)}", field="kind")
    if kind == SalaryKind.STATE and not coefficient:
        raise InvalidInput("required", "a state-scale salary needs its coefficient", field="coefficient")


def employment_start(
    *, actor: Any, person: Person, employer: Employer, valid_from: dt.date, contract_type: str, salary: int,
    position: str = "", kind: str = SalaryKind.EMPLOYER, coefficient: Decimal | None = None,
    workplace_commune_id: int | None = None, source: str = "web",
) -> Employment:
    require_staff(actor)
    if contract_type not in ContractType.values:
        raise InvalidInput("bad_choice", f"contract_type must be one of {', '.join(ContractType.values)}", field="contract_type")
    _check_salary(salary, kind, coefficient)
    if valid_from < employer.start_date:
        raise InvalidInput("before_employer", f"the employer started on {employer.start_date}", field="valid_from")
    if workplace_commune_id is not None:
        current_commune(workplace_commune_id, field="workplace_commune_id", actor=None)
    with transaction.atomic():
        overlapping = Employment.objects.filter(person=person, employer=employer, valid_from__lte=valid_from).filter(
            valid_to__isnull=True
        )
        if overlapping.exists():
            raise Conflict("already_employed", f"{person} is already employed by {employer}", field="person_id")
        employment = Employment.objects.create(
            person=person, employer=employer, valid_from=valid_from, contract_type=contract_type,
            position=position.strip(), workplace_commune_id=workplace_commune_id,
        )
        record = SalaryRecord.objects.create(
            employment=employment, valid_from=valid_from, salary=salary, kind=kind, coefficient=coefficient
        )
        audit.record(actor=actor, action="create", obj=employment, after=audit.snapshot(employment), source=source)
        audit.record(actor=actor, action="create", obj=record, after=audit.snapshot(record), source=source)
    return employment


def salary_change(
    *, actor: Any, employment: Employment, valid_from: dt.date, salary: int, kind: str | None = None,
    coefficient: Decimal | None = None, reason: str = "", source: str = "web",
) -> SalaryRecord:
    require_staff(actor)
    with transaction.atomic():
        employment = Employment.objects.select_for_update().get(pk=employment.pk)
        last = employment.salaries.order_by("-valid_from").first()
        kind = kind or (last.kind if last else SalaryKind.EMPLOYER)
        _check_salary(salary, kind, coefficient)
        if valid_from < employment.valid_from or (employment.valid_to and valid_from > employment.valid_to):
            raise InvalidInput("outside_employment", "the new salary must start within the employment", field="valid_from")
        if last is not None:
            if valid_from <= last.valid_from:
                raise InvalidInput(
                    "not_after_last", f"a salary change must start after the current one ({last.valid_from})", field="valid_from"
                )
            before = audit.snapshot(last)
            last.valid_to = valid_from - ONE_DAY
            last.save(update_fields=["valid_to", "recorded_at"])
            audit.record(actor=actor, action="update", obj=last, before=before, after=audit.snapshot(last), reason=reason, source=source)
        record = SalaryRecord.objects.create(
            employment=employment, valid_from=valid_from, valid_to=employment.valid_to, salary=salary, kind=kind, coefficient=coefficient
        )
        audit.record(actor=actor, action="create", obj=record, after=audit.snapshot(record), reason=reason, source=source)
    return record


def employment_end(*, actor: Any, employment: Employment, valid_to: dt.date, reason: str = "", source: str = "web") -> Employment:
    require_staff(actor)
    with transaction.atomic():
        employment = Employment.objects.select_for_update().get(pk=employment.pk)
        if employment.valid_to is not None:
            raise Conflict("already_ended", f"the employment ended on {employment.valid_to}", field="employment_id")
        if valid_to < employment.valid_from:
            raise InvalidInput("bad_date", "valid_to is before the employment started", field="valid_to")
        later = employment.salaries.filter(valid_from__gt=valid_to)
        if later.exists():
            raise InvalidInput("salary_after_end", "a salary change starts after that date", field="valid_to")
        before = audit.snapshot(employment)
        employment.valid_to = valid_to
        employment.save(update_fields=["valid_to", "updated_at"])
        open_salary = employment.salaries.filter(valid_to__isnull=True).first()
        if open_salary is not None:
            s_before = audit.snapshot(open_salary)
            open_salary.valid_to = valid_to
            open_salary.save(update_fields=["valid_to", "recorded_at"])
            audit.record(actor=actor, action="update", obj=open_salary, before=s_before, after=audit.snapshot(open_salary), source=source)
        audit.record(actor=actor, action="update", obj=employment, before=before, after=audit.snapshot(employment), reason=reason, source=source)
    return employment
