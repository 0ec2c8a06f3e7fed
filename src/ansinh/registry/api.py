"""REST resources of the registry: /api/v1/persons, /households, /employers, /employments.
Thin: parse, call a selector or service, shape the answer. Scope is applied by the selectors."""


import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from ansinh.accounts.scope import sees_person_history
from ansinh.core.api import Pages
from ansinh.core.errors import InvalidInput, NotFound
from ansinh.core.exports import csv_writer
from ansinh.registry import selectors
from ansinh.registry.models import ContractType, Employment, HouseholdMember, SalaryKind
from ansinh.registry.services import employers as employer_services
from ansinh.registry.services import employment as employment_services
from ansinh.registry.services import households as household_services
from ansinh.registry.services import persons as person_services

router = Router()

EXPORT_LIMIT = 100_000


# --- schemas -------------------------------------------------------------------------------------------------

class CommuneRef(Schema):
    id: int
    code: str
    name: str


class PersonOut(Schema):
    id: int
    citizen_id: str | None
    si_code: str | None
    full_name: str
    birth_date: dt.date
    birth_precision: str
    birth_year: int
    sex: str
    ethnicity: str
    nationality: str
    address_commune: CommuneRef
    address_line: str
    phone: str
    death_date: dt.date | None


class PersonIn(Schema):
    full_name: str = Field(..., min_length=2, max_length=120)
    birth_date: dt.date
    birth_precision: str = "D"
    sex: str = Field(..., pattern="^[MF]$")
    address_commune_id: int
    citizen_id: str | None = None
    si_code: str | None = None
    ethnicity: str = "01"
    nationality: str = "VN"
    address_line: str = ""
    phone: str = ""


class PersonPatch(Schema):
    full_name: str | None = None
    birth_date: dt.date | None = None
    birth_precision: str | None = None
    sex: str | None = None
    address_commune_id: int | None = None
    citizen_id: str | None = None
    si_code: str | None = None
    ethnicity: str | None = None
    nationality: str | None = None
    address_line: str | None = None
    phone: str | None = None
    death_date: dt.date | None = None
    reason: str = ""


class PersonFilter(Schema):
    q: str = Field("", description="citizen ID, SI number, or name (accents optional)")
    birth_year: int | None = None
    commune_id: int | None = None


class SalaryOut(Schema):
    id: int
    valid_from: dt.date
    valid_to: dt.date | None
    kind: str
    salary: int
    coefficient: Decimal | None


class EmployerRef(Schema):
    id: int
    unit_code: str
    name: str


class PersonRef(Schema):
    id: int
    full_name: str
    citizen_id: str | None
    si_code: str | None


class EmploymentOut(Schema):
    id: int
    person: PersonRef
    employer: EmployerRef
    valid_from: dt.date
    valid_to: dt.date | None
    position: str
    contract_type: str
    salaries: list[SalaryOut]

    @staticmethod
    def resolve_salaries(obj: Employment) -> list[Any]:
        return sorted(obj.salaries.all(), key=lambda s: s.valid_from)


class EmploymentIn(Schema):
    person_id: int
    employer_id: int
    valid_from: dt.date
    contract_type: str
    salary: int = Field(..., gt=0)
    position: str = ""
    kind: str = SalaryKind.EMPLOYER
    coefficient: Decimal | None = None
    workplace_commune_id: int | None = None


class SalaryChangeIn(Schema):
    valid_from: dt.date
    salary: int = Field(..., gt=0)
    kind: str | None = None
    coefficient: Decimal | None = None
    reason: str = ""


class EmploymentEndIn(Schema):
    valid_to: dt.date
    reason: str = ""


class MemberOut(Schema):
    id: int
    person: PersonRef
    relationship: str
    valid_from: dt.date
    valid_to: dt.date | None


class HouseholdOut(Schema):
    id: int
    code: str
    commune: CommuneRef
    address_line: str
    head: PersonRef | None


class HouseholdDetailOut(HouseholdOut):
    members: list[MemberOut]


class HouseholdIn(Schema):
    code: str = Field(..., min_length=1, max_length=20)
    commune_id: int
    head_person_id: int
    address_line: str = ""
    valid_from: dt.date | None = None


class MemberIn(Schema):
    person_id: int
    relationship: str
    valid_from: dt.date | None = None


class EmployerOut(Schema):
    id: int
    unit_code: str
    tax_code: str | None
    name: str
    ownership_type: str
    sector: str
    address_commune: CommuneRef
    address_line: str
    phone: str
    email: str
    status: str
    start_date: dt.date
    end_date: dt.date | None


class EmployerIn(Schema):
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


class EmployerPatch(Schema):
    name: str | None = None
    ownership_type: str | None = None
    sector: str | None = None
    address_commune_id: int | None = None
    address_line: str | None = None
    phone: str | None = None
    email: str | None = None
    status: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    tax_code: str | None = None
    reason: str = ""


class EmployerFilter(Schema):
    q: str = ""
    commune_id: int | None = None
    status: str | None = None


class AuditOut(Schema):
    id: int
    at: dt.datetime
    actor_name: str
    action: str
    object_type: str
    object_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str
    source: str


def _changes(patch: Schema) -> tuple[dict[str, Any], str]:
    data = patch.dict(exclude_unset=True)
    reason = data.pop("reason", "")
    return data, reason


# --- persons -------------------------------------------------------------------------------------------------

@router.get("/persons", response=list[PersonOut])
@paginate(Pages)
def list_persons(request: HttpRequest, filters: Query[PersonFilter]) -> Any:
    return selectors.person_search(user=request.user, query=selectors.PersonQuery(**filters.dict()))


@router.get("/persons/export.csv", summary="Export the persons matching a search (CSV, within your scope)")
def export_persons(request: HttpRequest, filters: Query[PersonFilter]) -> StreamingHttpResponse:
    rows = selectors.person_search(user=request.user, query=selectors.PersonQuery(**filters.dict()))[:EXPORT_LIMIT]
    return csv_response("persons.csv", person_rows(rows))


def person_rows(rows: Any) -> Any:
    yield ["citizen_id", "si_code", "full_name", "birth", "sex", "ethnicity", "commune_code", "commune", "address", "phone"]
    for p in rows.iterator(chunk_size=2000):
        yield [p.citizen_id or "", p.si_code or "", p.full_name, p.birth_display, p.sex, p.ethnicity,
               p.address_commune.code, p.address_commune.name, p.address_line, p.phone]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, rows: Any) -> StreamingHttpResponse:
    writer = csv_writer(_Echo())
    response = StreamingHttpResponse(
        ("\ufeff" if i == 0 else "") + writer.writerow(row) for i, row in enumerate(rows)
    )
    response["Content-Type"] = "text/csv; charset=utf-8"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.post("/persons", response={201: PersonOut})
def create_person(request: HttpRequest, payload: PersonIn) -> Any:
    person = person_services.person_create(
        actor=request.user, data=person_services.PersonInput(**payload.dict()), source="api"
    )
    return Status(201, selectors.person_get(user=request.user, person_id=person.pk))


@router.get("/persons/{person_id}", response=PersonOut)
def get_person(request: HttpRequest, person_id: int) -> Any:
    return selectors.person_get(user=request.user, person_id=person_id)


@router.patch("/persons/{person_id}", response=PersonOut)
def update_person(request: HttpRequest, person_id: int, payload: PersonPatch) -> Any:
    person = selectors.person_get(user=request.user, person_id=person_id)
    changes, reason = _changes(payload)
    person_services.person_update(actor=request.user, person=person, changes=changes, reason=reason, source="api")
    return selectors.person_get(user=request.user, person_id=person_id)


@router.get("/persons/{person_id}/employments", response=list[EmploymentOut])
def person_employments(request: HttpRequest, person_id: int) -> Any:
    return selectors.person_employments(selectors.person_get(user=request.user, person_id=person_id), request.user)


@router.get("/persons/{person_id}/audit", response=list[AuditOut])
def person_audit(request: HttpRequest, person_id: int) -> Any:
    person = selectors.person_get(user=request.user, person_id=person_id)
    if not sees_person_history(request.user):
        raise NotFound("person", person_id)
    return selectors.audit_trail(person)


# --- households ----------------------------------------------------------------------------------------------

@router.get("/households", response=list[HouseholdOut])
@paginate(Pages)
def list_households(request: HttpRequest, q: str = "", commune_id: int | None = None) -> Any:
    return selectors.household_search(user=request.user, q=q, commune_id=commune_id)


def _household_detail(household: Any) -> dict[str, Any]:
    return {**HouseholdOut.from_orm(household).dict(), "members": selectors.household_members(household, current_only=False)}


@router.get("/households/{household_id}", response=HouseholdDetailOut)
def get_household(request: HttpRequest, household_id: int) -> Any:
    return _household_detail(selectors.household_get(user=request.user, household_id=household_id))


@router.post("/households", response={201: HouseholdDetailOut})
def create_household(request: HttpRequest, payload: HouseholdIn) -> Any:
    head = selectors.person_get(user=request.user, person_id=payload.head_person_id)
    household = household_services.household_create(
        actor=request.user, code=payload.code, commune_id=payload.commune_id, head=head,
        address_line=payload.address_line, valid_from=payload.valid_from, source="api",
    )
    return Status(201, _household_detail(selectors.household_get(user=request.user, household_id=household.pk)))


@router.post("/households/{household_id}/members", response={201: MemberOut})
def add_member(request: HttpRequest, household_id: int, payload: MemberIn) -> Any:
    household = selectors.household_get(user=request.user, household_id=household_id)
    person = selectors.person_get(user=request.user, person_id=payload.person_id)
    member = household_services.household_add_member(
        actor=request.user, household=household, person=person, relationship=payload.relationship,
        valid_from=payload.valid_from, source="api",
    )
    return Status(201, member)


@router.delete("/households/{household_id}/members/{member_id}", response=MemberOut)
def remove_member(request: HttpRequest, household_id: int, member_id: int, valid_to: dt.date | None = None) -> Any:
    household = selectors.household_get(user=request.user, household_id=household_id)
    member = HouseholdMember.objects.select_related("person").filter(household=household, pk=member_id).first()
    if member is None:
        raise NotFound("member", member_id)
    return household_services.household_remove_member(actor=request.user, member=member, valid_to=valid_to, source="api")


# --- employers and employment --------------------------------------------------------------------------------

@router.get("/employers", response=list[EmployerOut])
@paginate(Pages)
def list_employers(request: HttpRequest, filters: Query[EmployerFilter]) -> Any:
    return selectors.employer_search(user=request.user, **filters.dict())


@router.post("/employers", response={201: EmployerOut})
def create_employer(request: HttpRequest, payload: EmployerIn) -> Any:
    employer = employer_services.employer_create(
        actor=request.user, data=employer_services.EmployerInput(**payload.dict()), source="api"
    )
    return Status(201, selectors.employer_get(user=request.user, employer_id=employer.pk))


@router.get("/employers/{employer_id}", response=EmployerOut)
def get_employer(request: HttpRequest, employer_id: int) -> Any:
    return selectors.employer_get(user=request.user, employer_id=employer_id)


@router.patch("/employers/{employer_id}", response=EmployerOut)
def update_employer(request: HttpRequest, employer_id: int, payload: EmployerPatch) -> Any:
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    changes, reason = _changes(payload)
    employer_services.employer_update(actor=request.user, employer=employer, changes=changes, reason=reason, source="api")
    return selectors.employer_get(user=request.user, employer_id=employer_id)


@router.get("/employers/{employer_id}/employees", response=list[EmploymentOut])
@paginate(Pages)
def employer_employees(request: HttpRequest, employer_id: int, current_only: bool = True) -> Any:
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    return selectors.employer_employees(employer, current_only=current_only).select_related("employer").prefetch_related("salaries")


@router.get("/employers/{employer_id}/audit", response=list[AuditOut])
def employer_audit(request: HttpRequest, employer_id: int) -> Any:
    return selectors.audit_trail(selectors.employer_get(user=request.user, employer_id=employer_id))


def _employment(request: HttpRequest, employment_id: int) -> Employment:
    from ansinh.core.errors import NotFound

    employment = Employment.objects.select_related("employer", "person").filter(pk=employment_id).first()
    if employment is None:
        raise NotFound("employment", employment_id)
    selectors.employer_get(user=request.user, employer_id=employment.employer_id)  # scope: raises not found
    return employment


@router.post("/employments", response={201: EmploymentOut})
def start_employment(request: HttpRequest, payload: EmploymentIn) -> Any:
    if payload.contract_type not in ContractType.values:
        raise InvalidInput("bad_choice", f"contract_type must be one of {', '.join(ContractType.values)}", field="contract_type")
    employer = selectors.employer_get(user=request.user, employer_id=payload.employer_id)
    person = selectors.person_get(user=request.user, person_id=payload.person_id)
    data = payload.dict(exclude={"person_id", "employer_id"})
    employment = employment_services.employment_start(actor=request.user, person=person, employer=employer, source="api", **data)
    return Status(201, _employment(request, employment.pk))


@router.post("/employments/{employment_id}/salary", response={201: EmploymentOut})
def change_salary(request: HttpRequest, employment_id: int, payload: SalaryChangeIn) -> Any:
    employment = _employment(request, employment_id)
    employment_services.salary_change(actor=request.user, employment=employment, source="api", **payload.dict())
    return Status(201, _employment(request, employment_id))


@router.post("/employments/{employment_id}/end", response=EmploymentOut)
def end_employment(request: HttpRequest, employment_id: int, payload: EmploymentEndIn) -> Any:
    employment = _employment(request, employment_id)
    employment_services.employment_end(actor=request.user, employment=employment, source="api", **payload.dict())
    return _employment(request, employment_id)
