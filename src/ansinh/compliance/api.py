"""REST API of the compliance area (mounted at /api/v1/compliance): lists in, the review queue, detection and
findings, reminders, check cases. Scoped like the pages; refusals are ApplicationError (4xx)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status, UploadedFile

from ansinh.accounts.scope import get_visible
from ansinh.compliance import selectors
from ansinh.compliance.services import enforcement
from ansinh.compliance.services.detect import detect, finding_follow_up
from ansinh.compliance.services.lists import entry_review, list_import
from ansinh.core.errors import InvalidInput
from ansinh.rules.periods import Month

router = Router()
MAX_UPLOAD = 10 * 1024 * 1024


class ListOut(Schema):
    id: int
    kind: str
    source: str
    source_date: dt.date
    file_name: str
    rows: int
    summary: dict[str, int]


class EntryOut(Schema):
    id: int
    line_no: int
    name: str
    tax_code: str
    citizen_id: str
    match_method: str
    match_score: int | None
    employer_id: int | None
    person_id: int | None


class FindingOut(Schema):
    id: int
    rule: str
    period: dt.date
    key: str
    subject: str
    commune_id: int
    school: str
    basis: str
    workers: int
    status: str
    detail: dict[str, Any]


class FollowUpIn(Schema):
    status: str
    note: str = ""


class DetectIn(Schema):
    province: str
    period: str


class RecordIn(Schema):
    act: str
    act_date: dt.date
    record_on: dt.date
    employees_not_enrolled: int = 0
    wages_under_declared: int = 0
    amount: int = 0
    interest: int = 0
    months_evaded: int = 0
    offender: str = "organisation"
    circumstance: str = "none"
    fined_before: bool = False
    ongoing: bool = False


class CheckIn(Schema):
    employer_id: int
    kind: str
    opened_on: dt.date
    scope: str
    team: str
    documents: str = ""


class CheckOut(Schema):
    id: int
    number: str
    employer_id: int
    kind: str
    status: str
    act: str
    fine: int
    penal_flag: bool
    remedy_by: dt.date | None
    paid: int
    outstanding: int
    fine_detail: dict[str, Any]


def _month(text: str) -> Month:
    try:
        return Month.parse(text)
    except ValueError:
        raise InvalidInput("bad_month", "period must be YYYY-MM", field="period") from None


@router.post("/lists", response={201: ListOut}, summary="Import a list from another body (CSV or XLSX)")
def upload_list(request: HttpRequest, file: UploadedFile = File(...),  # noqa: B008
                kind: str = Form(...), source: str = Form(...), source_date: dt.date = Form(...),  # noqa: B008
                province: str = Form(...)) -> Any:
    if file.size and file.size > MAX_UPLOAD:
        raise InvalidInput("too_large", "file: at most 10 MB", field="file")
    sl = list_import(actor=request.user, kind=kind, source=source, source_date=source_date, province_code=province,
                     file_name=file.name or "list", data=file.read())
    return Status(201, sl)


@router.get("/lists", response=list[ListOut], summary="Lists received (the latest 200)")
def lists(request: HttpRequest) -> Any:
    return list(selectors.lists_visible(request.user)[:200])


@router.get("/review", response=list[EntryOut], summary="Uncertain matches waiting for an officer (first 500)")
def review_queue(request: HttpRequest) -> Any:
    return list(selectors.review_queue(request.user)[:500])


@router.post("/review/{entry_id}", response=EntryOut, summary="Confirm (accept=true) or reject an uncertain match")
def review(request: HttpRequest, entry_id: int, accept: bool) -> Any:
    entry = get_visible(selectors.entries_visible(request.user), "line", entry_id)
    return entry_review(actor=request.user, entry=entry, accept=accept)


@router.post("/detect", summary="Run the detection rules for a province and month; counts per rule")
def run_detect(request: HttpRequest, payload: DetectIn) -> Any:
    return detect(actor=request.user, province_code=payload.province, period=_month(payload.period))


@router.get("/findings", response=list[FindingOut], summary="Findings of a month (first 1,000), by rule or commune")
def findings(request: HttpRequest, period: str, rule: str = "", commune: int | None = None, status: str = "") -> Any:
    return list(selectors.finding_list(request.user, _month(period), rule=rule, commune_id=commune,
                                       status=status)[:1000])


@router.post("/findings/{finding_id}", response=FindingOut, summary="Record the follow-up of a finding")
def follow_up(request: HttpRequest, finding_id: int, payload: FollowUpIn) -> Any:
    finding = get_visible(selectors.findings_visible(request.user), "finding", finding_id)
    return finding_follow_up(actor=request.user, finding=finding, status=payload.status, note=payload.note)


@router.post("/checks", response={201: CheckOut}, summary="Open a check of a unit")
def open_check(request: HttpRequest, payload: CheckIn) -> Any:
    case = enforcement.check_open(actor=request.user, employer_id=payload.employer_id, kind=payload.kind,
                                  opened_on=payload.opened_on, scope=payload.scope, team=payload.team,
                                  documents=payload.documents)
    return Status(201, case)


@router.get("/checks/{case_id}", response=CheckOut, summary="A check case")
def get_check(request: HttpRequest, case_id: int) -> Any:
    return selectors.check_get(request.user, case_id)


@router.post("/checks/{case_id}/record", response=CheckOut,
             summary="Findings and record: the fine by the decree in force on the date of the act")
def record_check(request: HttpRequest, case_id: int, payload: RecordIn) -> Any:
    case = selectors.check_get(request.user, case_id)
    return enforcement.check_record(actor=request.user, case=case, **payload.dict())
