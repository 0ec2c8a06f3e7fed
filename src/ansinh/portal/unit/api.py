"""The unit's payroll software (a unit API token, or a portal session): send a D02-LT file for an officer's review
and follow it. Mounted at /api/v1/unit/. Only the caller's own unit: there is no unit id to give."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from ansinh.core.errors import FileErrors, NotFound
from ansinh.portal.unit import selectors, services

router = Router()


class SubmissionOut(Schema):
    id: int
    period: str
    status: str
    source: str
    file_name: str
    lines: int
    errors: list[dict[str, Any]]
    receipt_number: str | None
    dossier_status: str | None
    declaration_id: int | None
    return_reasons: str


def _out(s: Any) -> dict[str, Any]:
    return {"id": s.pk, "period": f"{s.period:%Y-%m}", "status": s.status, "source": s.source,
            "file_name": s.file_name, "lines": len(s.lines), "errors": s.errors,
            "receipt_number": s.dossier.code if s.dossier_id else None,
            "dossier_status": s.dossier.status if s.dossier_id else None, "declaration_id": s.declaration_id,
            "return_reasons": s.return_reasons}


def _unit(request: HttpRequest) -> Any:
    if services.unit_role(request.user) is None:
        raise NotFound("unit", "")
    return request.user.employer


@router.get("/declarations", response=list[SubmissionOut], summary="The unit's D02-LT lists and their status")
def list_submissions(request: HttpRequest) -> Any:
    return [_out(s) for s in selectors.submissions(_unit(request))[:100]]


@router.get("/declarations/{submission_id}", response=SubmissionOut, summary="One list: status, receipt, result")
def get_submission(request: HttpRequest, submission_id: int) -> Any:
    return _out(services.submission_get(user=request.user, submission_id=submission_id))


@router.post("/declarations", response={201: SubmissionOut},
             summary="Send a D02-LT file (XLSX or XML) for review: checked whole; without error it is submitted "
                     "as a dossier (receipt number), with errors 422 lists every one and nothing is submitted")
def send_submission(request: HttpRequest, file: File[UploadedFile], period: Form[str] = "") -> Any:
    _unit(request)
    submission = services.submission_from_file(actor=request.user, data=file.read(), file_name=file.name or "",
                                               period=period or None, source="api")
    if submission.errors:
        raise FileErrors(list(submission.errors))
    return Status(201, _out(services.submission_submit(actor=request.user, submission=submission, source="api")))
