"""REST resources of declarations (D02-LT): /api/v1/employers/{id}/declarations and /api/v1/declarations/{id}.
Thin: parse, call the service, shape the answer. Scope: the employer must be visible to the user (staff of its
localities, or its own representatives); anything else is "not found". A list with any bad line is refused whole:
422 {"code": "file_invalid", "details": [{"line", "field", "code", "message"}, ...]}."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from ansinh.accounts.scope import employers_visible, get_visible
from ansinh.contributions.models import Declaration
from ansinh.contributions.services.declare import (
    DeclarationLineIn,
    declaration_submit,
    declaration_upload,
    parse_month,
)
from ansinh.core.api import Pages
from ansinh.core.errors import Forbidden, InvalidInput
from ansinh.registry.selectors import employer_get
from ansinh.rules.periods import Month

router = Router()


class LineIn(Schema):
    line: int | None = Field(None, description="Number to report errors with; 1, 2 … in order when absent")
    action: str = Field(..., description="join, leave, salary, suspend, return, or a plan code TM, GH, DC, KL, ON")
    from_month: str = Field(..., description="YYYY-MM or MM/YYYY")
    to_month: str | None = None
    citizen_id: str = ""
    si_code: str = ""
    full_name: str = ""
    birth_date: str | None = Field(None, description="dd/mm/yyyy, yyyy-mm-dd, mm/yyyy or yyyy")
    sex: str = Field("", description="M or F (Nam / Nữ)")
    commune_code: str = Field("", description="5-digit code of the person's current commune (new persons)")
    address_line: str = ""
    ethnicity: str = ""
    nationality: str = ""
    phone: str = ""
    salary: int | None = None
    contract_type: str = ""
    position: str = ""
    declaration_type: str | None = None
    note: str = ""


class DeclarationIn(Schema):
    period: str = Field(..., description="The declaration's month, YYYY-MM")
    lines: list[LineIn]


class PersonRef(Schema):
    id: int
    full_name: str
    citizen_id: str | None
    si_code: str | None


class DeclarationLineOut(Schema):
    line_no: int
    action: str
    person: PersonRef
    employment_id: int | None
    from_month: dt.date
    to_month: dt.date | None
    salary: int | None
    contract_type: str
    position: str
    note: str


class DeclarationOut(Schema):
    id: int
    employer_id: int
    period: dt.date
    form: str
    channel: str
    status: str
    file_name: str
    file_sha256: str
    submitted_by: str | None
    submitted_at: dt.datetime
    line_count: int

    @staticmethod
    def resolve_submitted_by(obj: Declaration) -> str | None:
        return obj.submitted_by.username if obj.submitted_by else None


class DeclarationDetailOut(DeclarationOut):
    lines: list[DeclarationLineOut]

    @staticmethod
    def resolve_lines(obj: Declaration) -> list[Any]:
        return list(obj.lines.select_related("person").order_by("line_no"))


def _period(text: str | None) -> Month | None:
    if text is None or not text.strip():
        return None
    try:
        return parse_month(text)
    except ValueError as exc:
        raise InvalidInput("bad_month", str(exc), field="period") from None


UNIT_ENDPOINT = "/api/v1/unit/declarations"


def _staff_only(request: HttpRequest) -> None:
    """A list sent here is applied to the registry at once: staff only. An employer representative or a unit API
    token (portal users) sends it to /api/v1/unit/declarations, where an officer reviews it before anything is
    applied; here it is refused (403) with nothing written."""
    from ansinh.portal.access import is_portal_user

    if is_portal_user(request.user):
        raise Forbidden("review_required", f"a unit's list is applied only after an officer's review: send it to "
                                           f"POST {UNIT_ENDPOINT} (nothing was written)", field="file")


def _visible(request: HttpRequest) -> QuerySet[Declaration]:
    return Declaration.objects.filter(employer__in=employers_visible(request.user)).select_related("submitted_by")


@router.post("/employers/{employer_id}/declarations", response={201: DeclarationDetailOut})
def submit_declaration(request: HttpRequest, employer_id: int, payload: DeclarationIn) -> Any:
    employer = employer_get(user=request.user, employer_id=employer_id)
    _staff_only(request)
    period = _period(payload.period)
    assert period is not None
    lines = [DeclarationLineIn(**{**item.dict(exclude={"line"}), "line": item.line or i})
             for i, item in enumerate(payload.lines, start=1)]
    declaration = declaration_submit(actor=request.user, employer=employer, period=period, lines=lines,
                                     channel=Declaration.Channel.API)
    return Status(201, get_visible(_visible(request), "declaration", declaration.pk))


@router.post("/employers/{employer_id}/declarations/upload", response={201: DeclarationDetailOut},
             summary="Upload a D02-LT list (XLSX or XML); the period is taken from the file when not given")
def upload_declaration(request: HttpRequest, employer_id: int, file: File[UploadedFile],
                       period: Form[str] = "") -> Any:
    employer = employer_get(user=request.user, employer_id=employer_id)
    _staff_only(request)
    declaration = declaration_upload(actor=request.user, employer=employer, data=file.read(),
                                     file_name=file.name or "", period=_period(period))
    return Status(201, get_visible(_visible(request), "declaration", declaration.pk))


@router.get("/employers/{employer_id}/declarations", response=list[DeclarationOut])
@paginate(Pages)
def list_declarations(request: HttpRequest, employer_id: int) -> Any:
    employer = employer_get(user=request.user, employer_id=employer_id)
    return _visible(request).filter(employer=employer).order_by("-submitted_at", "-id")


@router.get("/declarations/{declaration_id}", response=DeclarationDetailOut)
def get_declaration(request: HttpRequest, declaration_id: int) -> Any:
    return get_visible(_visible(request), "declaration", declaration_id)
