"""REST resources of procedures: the catalogue, online dossiers from the portals (POST /procedures/dossiers), a
dossier with its steps and notifications, the applicant's look-up by receipt code and key, the handler actions.
Thin: parse, call a selector or service, shape the answer. Outside the scope → 404."""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import File, Form, Router, Schema, Status, UploadedFile

from ansinh.accounts.models import Role
from ansinh.accounts.scope import employers_visible, persons_visible
from ansinh.core.errors import NotFound
from ansinh.procedures import selectors
from ansinh.procedures.models import Dossier
from ansinh.procedures.services import dossiers as services
from ansinh.rules import dossier_requests
from ansinh.rules import procedures as catalogue

router = Router()


class DocumentOut(Schema):
    code: str
    name_vi: str
    name_en: str
    required: bool


class ProcedureOut(Schema):
    code: str
    name_vi: str
    name_en: str
    group: str
    limit: int
    unit: str
    channels: list[str]
    department: str
    work: str
    basis: str
    status: str
    valid_from: dt.date
    documents: list[DocumentOut]
    request: dict[str, Any]

    @staticmethod
    def resolve_request(obj: Any) -> dict[str, Any]:
        """The keys a dossier of this procedure may carry in `request` (kind, required, bounds, choices)."""
        return dossier_requests.describe_one(obj.code)


class DossierIn(Schema):
    procedure: str
    person_id: int | None = None
    employer_id: int | None = None
    applicant_name: str = ""
    applicant_phone: str = ""
    applicant_email: str = ""
    applicant_address: str = ""
    documents: list[str] = []
    online_ref: str = ""
    request: dict[str, Any] = {}


class StepOut(Schema):
    at: dt.datetime
    action: str
    from_status: str
    to_status: str
    to_department: str
    actor_name: str
    note: str


class NotificationOut(Schema):
    kind: str
    text: str
    created_at: dt.datetime

    @staticmethod
    def resolve_kind(obj: Any) -> str:
        return obj.topic.removeprefix("dossier.")

    @staticmethod
    def resolve_text(obj: Any) -> str:
        return str(obj.shown_text)  # in the request's language


class DossierOut(Schema):
    id: int
    code: str
    lookup_key: str
    procedure_code: str
    channel: str
    status: str
    department: str
    received_at: dt.datetime
    documents: list[str]
    missing: list[str]
    due_on: dt.date | None
    new_due_on: dt.date | None
    outcome: str
    returned_at: dt.datetime | None
    result_channel: str
    tracking_number: str
    work_type: str
    work_id: int | None


class DossierDetailOut(DossierOut):
    request: dict[str, Any]
    steps: list[StepOut]
    notifications: list[NotificationOut]

    @staticmethod
    def resolve_steps(obj: Dossier) -> list[Any]:
        return list(obj.steps.all())

    @staticmethod
    def resolve_notifications(obj: Dossier) -> list[Any]:
        return list(obj.notifications.all())


class MyNotificationOut(Schema):
    dossier_id: int
    dossier_code: str
    kind: str
    text: str
    created_at: dt.datetime
    read_at: dt.datetime | None

    @staticmethod
    def resolve_dossier_code(obj: Any) -> str:
        return obj.dossier.code

    @staticmethod
    def resolve_kind(obj: Any) -> str:
        return obj.topic.removeprefix("dossier.")

    @staticmethod
    def resolve_text(obj: Any) -> str:
        return str(obj.shown_text)  # in the request's language


class ActionIn(Schema):
    department: str = ""
    note: str = ""
    outcome: str = ""
    reason: str = ""
    new_due_on: dt.date | None = None
    channel: str = ""
    tracking_number: str = ""
    documents: list[str] = []
    missing: list[str] = []


@router.get("/catalogue", response=list[ProcedureOut])
def catalogue_list(request: HttpRequest, on: dt.date | None = None) -> Any:
    return catalogue.procedures_in_force(on or timezone.localdate())


@router.post("/dossiers", response={201: DossierDetailOut})
def dossier_online(request: HttpRequest, payload: DossierIn) -> Any:
    """An online dossier from a portal: citizens and employer representatives for themselves, staff for anyone
    in their localities."""
    user: Any = request.user
    person = employer = None
    if payload.person_id is not None:
        person = persons_visible(user).filter(pk=payload.person_id).first()
        if person is None:
            raise NotFound("person", payload.person_id)
    if payload.employer_id is not None:
        employer = employers_visible(user).filter(pk=payload.employer_id).first()
        if employer is None:
            raise NotFound("employer", payload.employer_id)
    if user.role == Role.CITIZEN and person is None and user.person_id:
        person = user.person
    if user.role == Role.EMPLOYER_REP and employer is None and user.employer_id:
        employer = user.employer
    dossier = services.dossier_receive(
        actor=user, procedure_code=payload.procedure, channel="online", person=person, employer=employer,
        applicant_name=payload.applicant_name, applicant_phone=payload.applicant_phone,
        applicant_email=payload.applicant_email, applicant_address=payload.applicant_address,
        documents=payload.documents, online_ref=payload.online_ref, request=payload.request, source="api")
    return Status(201, dossier)


@router.get("/dossiers/{dossier_id}", response=DossierDetailOut)
def dossier_detail(request: HttpRequest, dossier_id: int) -> Any:
    return selectors.dossier_get(user=request.user, dossier_id=dossier_id)


class FileOut(Schema):
    id: int
    name: str
    document_code: str
    content_type: str
    size: int
    uploaded_at: dt.datetime | None = None


def _files(dossier: Dossier) -> list[Any]:
    return list(dossier.files.defer("content").order_by("id"))


@router.post("/dossiers/{dossier_id}/files", response={201: list[FileOut]},
             summary="Attach scans (multipart `files`, PDF/JPEG/PNG, ≤ 5 MB each, ≤ 20 per dossier)")
def dossier_files_upload(request: HttpRequest, dossier_id: int, files: File[list[UploadedFile]],
                         document_code: Form[str] = "") -> Any:
    """The desk, the handlers, or the applicant for their own open dossier; the same checks as the desk (type by
    content, size, count). A refusal names the file; nothing is written."""
    dossier = selectors.dossier_get(user=request.user, dossier_id=dossier_id)
    uploads = []
    for f in files[: services.MAX_FILES + 1]:
        if f.size is not None and f.size > services.MAX_FILE_BYTES:
            from ansinh.core.errors import InvalidInput

            raise InvalidInput("file_too_large", f"{f.name}: a scan may be at most "
                               f"{services.MAX_FILE_BYTES // (1024 * 1024)} MB", field="files")
        uploads.append(services.Upload(f.name or "scan", f.content_type or "", f.read(), document_code))
    services.dossier_attach(actor=request.user, dossier=dossier, files=uploads, source="api")
    return Status(201, _files(dossier))


@router.get("/dossiers/{dossier_id}/files", response=list[FileOut])
def dossier_files(request: HttpRequest, dossier_id: int) -> Any:
    return _files(selectors.dossier_get(user=request.user, dossier_id=dossier_id))


@router.get("/dossiers/{dossier_id}/files/{file_id}", response={200: None},
            summary="Download one scan (outside the scope: 404)")
def dossier_file(request: HttpRequest, dossier_id: int, file_id: int) -> Any:
    dossier = selectors.dossier_get(user=request.user, dossier_id=dossier_id)
    f = dossier.files.filter(pk=file_id).first()
    if f is None:
        raise NotFound("file", file_id)
    response = HttpResponse(bytes(f.content), content_type=f.content_type)
    response["Content-Disposition"] = f'attachment; filename="{f.name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get("/lookup", response=DossierOut, auth=None)
def dossier_lookup(request: HttpRequest, code: str, key: str) -> Any:
    return selectors.dossier_by_lookup(code=code, key=key)


@router.post("/dossiers/{dossier_id}/{action}", response=DossierDetailOut)
def dossier_action(request: HttpRequest, dossier_id: int, action: str, payload: ActionIn) -> Any:
    user: Any = request.user
    dossier = selectors.dossier_get(user=user, dossier_id=dossier_id)
    if action == "complete":
        services.dossier_complete(actor=user, dossier=dossier, documents=payload.documents, source="api")
    elif action == "supplement":
        services.dossier_request_supplement(actor=user, dossier=dossier, missing=payload.missing, note=payload.note,
                                            source="api")
    elif action == "hand_over":
        services.dossier_hand_over(actor=user, dossier=dossier, department=payload.department, note=payload.note,
                                   source="api")
    elif action == "decide":
        services.dossier_decide(actor=user, dossier=dossier, outcome=payload.outcome, note=payload.note,
                                source="api")
    elif action == "apologise":
        if payload.new_due_on is None:
            from ansinh.core.errors import InvalidInput

            raise InvalidInput("required", "new_due_on is required", field="new_due_on")
        services.dossier_apologise(actor=user, dossier=dossier, reason=payload.reason, new_due_on=payload.new_due_on,
                                   source="api")
    elif action == "return":
        services.dossier_return(actor=user, dossier=dossier, channel=payload.channel,
                                tracking_number=payload.tracking_number, source="api")
    elif action == "withdraw":
        services.dossier_withdraw(actor=user, dossier=dossier, reason=payload.reason, source="api")
    else:
        raise NotFound("action", action)
    return selectors.dossier_get(user=user, dossier_id=dossier_id)


@router.get("/notifications", response=list[MyNotificationOut])
def notifications(request: HttpRequest) -> Any:
    """The notifications of the dossiers the user sees (a citizen: their own), newest first — for the portals."""
    from ansinh.notify.models import Message

    visible = selectors.dossiers_visible(request.user).values("id")
    return list(Message.objects.filter(dossier_id__in=visible).select_related("dossier")[:100])
