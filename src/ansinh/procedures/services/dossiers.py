"""Dossier use cases: receive (desk, post, online), complete, request a supplement, hand over, decide, apologise,
return, withdraw; follow the work started elsewhere. One transaction and one audit row per use case; every change
of state is a step of the processing control record (Mẫu 05) and, where the applicant must know, a notification.
The other apps' services are called from here (the dossier's work); they never call back."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.accounts.models import Role
from ansinh.core.errors import ApplicationError, Conflict, Forbidden, InvalidInput
from ansinh.notify import texts
from ansinh.procedures.models import (
    Apology,
    CalendarEntry,
    Channel,
    Dossier,
    DossierDocument,
    DossierStep,
    Status,
)
from ansinh.rules import dossier_requests
from ansinh.rules import dossier_states as st
from ansinh.rules import procedures as catalogue
from ansinh.rules.tables import RuleError
from ansinh.rules.working_days import Calendar, explain_due

DESK_ROLES = frozenset({Role.DESK_CLERK, Role.MANAGER, Role.ADMINISTRATOR})
DEPARTMENT_ROLES = {
    catalogue.DEPT_COLLECTION: Role.COLLECTION_OFFICER,
    catalogue.DEPT_BENEFITS: Role.BENEFITS_OFFICER,
    catalogue.DEPT_HEALTH: Role.HI_OFFICER,
}
HANDLER_ROLES = frozenset({*DEPARTMENT_ROLES.values(), Role.MANAGER, Role.ADMINISTRATOR})
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_FILES = 20
FILE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})
KEY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


# --- helpers --------------------------------------------------------------------------------------------------


def calendar() -> Calendar:
    """The rules' calendar with the agency's entries on top."""
    off: dict[dt.date, str] = {}
    work: dict[dt.date, str] = {}
    for day, kind, reason in CalendarEntry.objects.values_list("day", "kind", "reason"):
        (off if kind == CalendarEntry.Kind.OFF else work)[day] = reason
    return Calendar(extra_off=off, extra_work=work)


def _is_super(actor: Any) -> bool:
    return bool(getattr(actor, "is_superuser", False))


def _require(actor: Any, roles: Iterable[str], what: str) -> None:
    if _is_super(actor) or getattr(actor, "role", None) in set(roles):
        return
    raise Forbidden("not_allowed", f"Your role may not {what}.")


def _require_handler(actor: Any, dossier: Dossier, what: str) -> None:
    """Handlers act on their own department's dossiers; managers and administrators on all."""
    if _is_super(actor) or getattr(actor, "role", None) in (Role.MANAGER, Role.ADMINISTRATOR):
        return
    if getattr(actor, "role", None) != DEPARTMENT_ROLES.get(dossier.department):
        raise Forbidden("not_allowed", f"Only the {dossier.department} department may {what}.")


def _uid(actor: Any) -> int | None:
    return actor.pk if getattr(actor, "pk", None) else None


def _refuse(exc: RuleError, field: str | None = None) -> InvalidInput:
    return InvalidInput(exc.code, exc.message, field=field or exc.field)


def _lock(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().get(pk=dossier.pk)


def _transition(dossier: Dossier, action: str) -> str:
    try:
        return st.next_state(dossier.status, action)
    except RuleError as exc:
        raise Conflict(exc.code, exc.message, field="status") from None


def _moment(at: dt.datetime | None, dossier: Dossier) -> dt.datetime:
    """The moment of an action: now, or a given earlier moment (imports, the demo) not before the receipt."""
    now = timezone.now()
    if at is None:
        return now
    if at > now + dt.timedelta(minutes=5):
        raise InvalidInput("future_date", "the moment is in the future", field="at")
    if at < dossier.received_at:
        raise InvalidInput("before_receipt", "the moment is before the dossier was received", field="at")
    return at


def _step(dossier: Dossier, actor: Any, action: str, before: str, *, at: dt.datetime, note: str = "",
          from_department: str = "", to_department: str = "", to_handler: Any = None) -> None:
    DossierStep.objects.create(
        dossier=dossier, at=at, actor_id=_uid(actor),
        actor_name=(getattr(actor, "get_full_name", lambda: "")() or getattr(actor, "username", ""))[:150],
        action=action, from_status=before, to_status=dossier.status, from_department=from_department,
        to_department=to_department, to_handler_id=getattr(to_handler, "pk", None), note=note[:500])


def portal_link(dossier: Dossier) -> str:
    """Where the applicant follows the dossier: the portal's dossier page when the portal has one, else the
    citizen's or the unit's portal home."""
    from django.urls import NoReverseMatch, reverse

    for name, args in (("portal:dossier", [dossier.pk]), ("portal:unit_home" if dossier.employer_id and not
                                                           dossier.person_id else "portal:home", [])):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return ""


def _document_names(proc: Any, codes: Sequence[str]) -> dict[str, str]:
    """The names of a procedure's documents, in both languages, as a value of a notification's text."""
    docs = [d for d in proc.documents if d.code in codes]
    return texts.both("; ".join(d.name_vi for d in docs), "; ".join(d.name_en for d in docs))


def _notify(dossier: Dossier, kind: str, key: str, params: dict[str, Any], at: dt.datetime) -> None:
    """The applicant's message (portal inbox, and SMS/e-mail through the notification service) with the portal
    link and the look-up code: the text `key` of notify.texts with its values, so that the inbox shows it in the
    reader's language (what is sent is in the applicant's preferred language, Vietnamese by default). An applicant
    not yet in the registry (a registration received before the person or unit is registered) gets it directly at
    the phone or e-mail given at the desk, where a gateway serves it."""
    from ansinh.notify import services as notify
    from ansinh.notify.backends import backend_for

    url = portal_link(dossier)
    if dossier.person_id or dossier.employer_id:
        notify.notify(topic=f"dossier.{kind}", key=key, params=params, person=dossier.person,
                      employer=dossier.employer, dossier=dossier, url=url, at=at)
        return
    text = texts.render(key, params, "vi")
    for channel, address in (("sms", dossier.applicant_phone), ("email", dossier.applicant_email)):
        if address and backend_for(channel) is not None:
            notify.deliver(channel=channel, address=address, subject=f"BHXH — {dossier.code}", text=text)


def _audit(actor: Any, dossier: Dossier, before: dict[str, Any], action: str, *, source: str,
           reason: str = "") -> None:
    audit.record(actor=actor, action=action, obj=dossier, before=before, after=audit.snapshot(dossier),
                 reason=reason[:300], source=source)


def _office_for(commune_id: int, actor: Any, on: dt.date) -> Any:
    from ansinh.places.models import AdminUnit, Office, OfficeCommune

    served = (OfficeCommune.objects.filter(commune_id=commune_id, valid_from__lte=on)
              .exclude(valid_to__lt=on).select_related("office").order_by("-office__kind", "office__code").first())
    if served is not None:
        return served.office
    mine = actor.offices.order_by("code").first() if getattr(actor, "pk", None) else None
    if mine is not None:
        return mine
    province_id = AdminUnit.objects.filter(pk=commune_id).values_list("province_id", flat=True).first()
    office = Office.objects.filter(province_id=province_id, kind=Office.Kind.PROVINCIAL).order_by("code").first()
    if office is None:
        raise InvalidInput("no_office", "no office serves the applicant's commune", field="person")
    return office


def received_day(moment: dt.datetime | dt.date, cal: Calendar) -> catalogue.ReceivedDay:
    """The day a dossier complete at `moment` counts as received. After office hours or on a non-working day, the
    agency's after-hours rule (setting ANSINH_AFTER_HOURS, default the conservative same_day; office hours end at
    ANSINH_OFFICE_END) decides (rules.procedures.received_day)."""
    from django.conf import settings

    if isinstance(moment, dt.datetime):
        local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        moment = local.replace(tzinfo=None)
    return catalogue.received_day(
        moment, calendar=cal, rule=getattr(settings, "ANSINH_AFTER_HOURS", catalogue.SAME_DAY),
        office_end=dt.time.fromisoformat(getattr(settings, "ANSINH_OFFICE_END", "17:00")))


def _set_due(dossier: Dossier, proc: catalogue.Procedure, complete_at: dt.datetime | dt.date, cal: Calendar) -> str:
    """The due date from the moment the dossier became complete (`received_day`). Returns the after-hours
    explanation ('' in office hours)."""
    receipt = received_day(complete_at, cal)
    due = explain_due(receipt.counted_day, proc.limit, proc.unit, calendar=cal, basis=proc.basis)
    dossier.complete_on = receipt.counted_day
    dossier.due_on = due.due
    unit = {"working_days": "working days", "days_excluding_holidays": "days excluding holidays"}.get(
        proc.unit, proc.unit)
    dossier.due_basis = f"{proc.limit} {unit} — {proc.basis} [{proc.status}]"[:300]
    return receipt.explanation_vi


def procedure_of(dossier: Dossier) -> catalogue.Procedure:
    return catalogue.procedure(dossier.procedure_code, dossier.procedure_from)


# --- receive --------------------------------------------------------------------------------------------------


@dataclass
class Upload:
    name: str
    content_type: str
    content: bytes
    document_code: str = ""


MAGIC = {"application/pdf": (b"%PDF-",), "image/jpeg": (b"\xff\xd8\xff",), "image/png": (b"\x89PNG\r\n\x1a\n",)}


def _check_files(files: Sequence[Upload], existing: int = 0) -> None:
    """Scans: at most MAX_FILES per dossier, each PDF, JPEG or PNG by its content (the declared type must match the
    bytes), not empty and within MAX_FILE_BYTES (and the agency's file size limit, core.files). The same checks for
    the desk and the API; a refusal names the file."""
    from ansinh.core.errors import FileErrors
    from ansinh.core.files import check_size

    if existing + len(files) > MAX_FILES:
        raise InvalidInput("too_many_files", f"at most {MAX_FILES} files per dossier", field="files")
    for f in files:
        if f.content_type not in FILE_TYPES:
            raise InvalidInput("bad_file_type", f"{f.name}: only PDF, JPEG or PNG scans are accepted", field="files")
        try:
            check_size(f.content)
        except FileErrors as exc:
            raise InvalidInput("bad_file", f"{f.name}: {exc.message}", field="files") from None
        if len(f.content) > MAX_FILE_BYTES:
            raise InvalidInput("file_too_large", f"{f.name}: a scan may be at most {MAX_FILE_BYTES // (1024 * 1024)} "
                               "MB", field="files")
        if not f.content.startswith(MAGIC[f.content_type]):
            raise InvalidInput("bad_file_content", f"{f.name}: the content is not a {f.content_type.split('/')[1].upper()}"
                               " file", field="files")


def _save_files(dossier: Dossier, files: Sequence[Upload], actor: Any) -> None:
    DossierDocument.objects.bulk_create([
        DossierDocument(dossier=dossier, document_code=f.document_code[:40], name=f.name[:200],
                        content_type=f.content_type, size=len(f.content), content=f.content,
                        uploaded_by_id=_uid(actor)) for f in files])


def dossier_receive(
    *,
    actor: Any,
    procedure_code: str,
    channel: str,
    person: Any = None,
    employer: Any = None,
    applicant_name: str = "",
    applicant_phone: str = "",
    applicant_email: str = "",
    applicant_address: str = "",
    documents: Sequence[str] = (),
    refusal_reason: str = "",
    postal_receipt: str = "",
    postal_date: dt.date | None = None,
    online_ref: str = "",
    received_at: dt.datetime | None = None,
    files: Sequence[Upload] = (),
    request: Any = None,
    source: str = "web",
) -> Dossier:
    """A dossier arrives, with what the applicant asks for (`request`, validated per procedure by
    rules.dossier_requests; a refusal names `request.<key>`). Complete → received with its due date (receipt, Mẫu 01); documents missing → supplement
    requested listing them (Mẫu 02); refused → refused with the reasons (Mẫu 03)."""
    if channel == Channel.ONLINE:
        # the portals: citizens and employer representatives file for themselves
        _require(actor, DESK_ROLES | HANDLER_ROLES | {Role.CITIZEN, Role.EMPLOYER_REP}, "receive dossiers")
        role = getattr(actor, "role", None)
        if not _is_super(actor) and role == Role.CITIZEN and (person is None or person.pk != actor.person_id
                                                             or employer is not None):
            raise Forbidden("not_allowed", "A citizen files dossiers about themselves.")
        if not _is_super(actor) and role == Role.EMPLOYER_REP and (employer is None or employer.pk !=
                                                                  actor.employer_id):
            raise Forbidden("not_allowed", "An employer representative files dossiers of their unit.")
    else:
        _require(actor, DESK_ROLES, "receive dossiers")
    if channel not in Channel.values:
        raise InvalidInput("bad_choice", f"channel must be one of {', '.join(Channel.values)}", field="channel")
    now = received_at or timezone.now()
    if now > timezone.now() + dt.timedelta(minutes=5):
        raise InvalidInput("future_date", "the moment received is in the future", field="received_at")
    day = timezone.localtime(now).date() if timezone.is_aware(now) else now.date()
    try:
        proc = catalogue.procedure(procedure_code, day)
    except RuleError as exc:
        raise _refuse(exc, "procedure") from None
    if channel not in proc.channels:
        raise InvalidInput("channel_not_allowed", f"{proc.code} is not received by {channel}", field="channel")
    try:
        wanted = dossier_requests.validate(proc.code, request)
    except RuleError as exc:
        raise _refuse(exc) from None
    # a registration may arrive before the person or unit is in the registry: the request carries their data
    new_subject = proc.work == catalogue.WORK_REGISTRATION and all(wanted.get(k) for k in (
        dossier_requests.REG_EMPLOYER_DATA if proc.subject == "employer" else dossier_requests.REG_PERSON_DATA))
    if proc.subject == "employer" and employer is None and not new_subject:
        raise InvalidInput("required", "this procedure is filed by an employer: choose the unit", field="employer")
    if proc.subject == "person" and person is None and not new_subject:
        raise InvalidInput("required", "choose the person the dossier is about", field="person")
    if channel == Channel.POST and (not postal_receipt.strip() or postal_date is None):
        raise InvalidInput("required", "a dossier by post needs the postal receipt number and date",
                           field="postal_receipt")
    if postal_date and postal_date > day:
        raise InvalidInput("future_date", "the postal date is after the day received", field="postal_date")
    known = {d.code for d in proc.documents}
    unknown = [c for c in documents if c not in known]
    if unknown:
        raise InvalidInput("unknown_document", f"not a document of {proc.code}: {', '.join(unknown)}",
                           field="documents")
    _check_files(files)
    subject = employer if proc.subject == "employer" else person
    if subject is not None:
        commune_id = subject.address_commune_id
    else:
        from ansinh.registry.services.common import current_commune

        commune_id = current_commune(wanted["address_commune"], field="request.address_commune",
                                     actor=None if channel == Channel.ONLINE else actor).pk
    name = (applicant_name.strip() or (employer.name if employer is not None else "")
            or (person.full_name if person is not None else "") or wanted.get("full_name") or wanted.get("name")
            or "")[:120]
    missing = [d.code for d in proc.documents if d.required and d.code not in documents]
    cal = calendar()
    with transaction.atomic():
        office = _office_for(commune_id, actor, day)
        dossier = Dossier(
            code=secrets.token_hex(8), lookup_key="".join(secrets.choice(KEY_ALPHABET) for _ in range(8)),
            procedure_code=proc.code, procedure_from=proc.valid_from, channel=channel, office=office,
            commune_id=commune_id, department=proc.department, person=person, employer=employer,
            applicant_name=name, applicant_phone=applicant_phone.strip()[:20],
            applicant_email=applicant_email.strip()[:120], applicant_address=applicant_address.strip()[:300],
            received_at=now, received_by_id=_uid(actor), postal_receipt=postal_receipt.strip()[:40],
            postal_date=postal_date, online_ref=online_ref.strip()[:60], documents=list(dict.fromkeys(documents)),
            missing=missing, request=wanted, work_type=proc.work,
        )
        after_hours = ""
        if refusal_reason.strip():
            dossier.status, dossier.refusal_reason, kind = Status.REFUSED, refusal_reason.strip()[:500], "refusal"
            text_key, values = "dossier.intake.refused", {"reason": dossier.refusal_reason}
        elif missing:
            dossier.status, kind = Status.SUPPLEMENT, "supplement"
            text_key, values = "dossier.intake.supplement", {"documents": _document_names(proc, missing)}
        else:
            dossier.status, kind = Status.RECEIVED, "receipt"
            after_hours = _set_due(dossier, proc, now, cal)
            text_key, values = "dossier.intake.received", {"due": texts.day(dossier.due_on)}
        dossier.save()
        dossier.code = f"{office.code}-{day:%y%m}-{dossier.pk:06d}"
        dossier.save(update_fields=["code"])
        _save_files(dossier, files, actor)
        _step(dossier, actor, "receive", "", at=now, to_department=proc.department if not missing else "",
              note=dossier.refusal_reason or ", ".join(missing) or after_hours)
        _notify(dossier, kind, text_key, {**values, "procedure": texts.both(proc.name_vi, proc.name_en),
                                          "lookup": dossier.lookup_key}, now)
        audit.record(actor=actor, action="create", obj=dossier, after=audit.snapshot(dossier), source=source)
    return dossier


def dossier_attach(*, actor: Any, dossier: Dossier, files: Sequence[Upload], source: str = "web") -> None:
    """Scans added to a dossier: by the desk and the handlers, or by the applicant (portal, API) to their own open
    dossier."""
    role = getattr(actor, "role", None)
    if role in (Role.CITIZEN, Role.EMPLOYER_REP) and not _is_super(actor):
        own = (dossier.person_id is not None and dossier.person_id == getattr(actor, "person_id", None)) if \
            role == Role.CITIZEN else (dossier.employer_id is not None and dossier.employer_id == getattr(
                actor, "employer_id", None))
        if not own:
            raise Forbidden("not_allowed", "Applicants attach scans to their own dossiers.")
        if not dossier.is_open:
            raise Conflict("bad_state", "the dossier is closed: no more scans", field="status")
    else:
        _require(actor, DESK_ROLES | HANDLER_ROLES, "attach scans")
    if not files:
        raise InvalidInput("required", "choose at least one file", field="files")
    with transaction.atomic():
        dossier = _lock(dossier)
        _check_files(files, existing=dossier.files.count())
        _save_files(dossier, files, actor)
        audit.record(actor=actor, action="update", obj=dossier, after={"files": [f.name for f in files]},
                     source=source, reason="scans attached")


def dossier_complete(*, actor: Any, dossier: Dossier, documents: Sequence[str], source: str = "web", at: dt.datetime | None = None) -> Dossier:
    """The applicant brings what was missing: the dossier is received as complete today, its time limit runs."""
    _require(actor, DESK_ROLES, "receive documents")
    with transaction.atomic():
        dossier = _lock(dossier)
        before = audit.snapshot(dossier)
        target = _transition(dossier, "complete")
        proc = procedure_of(dossier)
        have = list(dict.fromkeys([*dossier.documents, *documents]))
        missing = [d.code for d in proc.documents if d.required and d.code not in have]
        if missing:
            raise InvalidInput("still_missing", f"still missing: {', '.join(missing)}", field="documents")
        now = _moment(at, dossier)
        prev = dossier.status
        dossier.status, dossier.documents, dossier.missing = target, have, []
        _set_due(dossier, proc, now, calendar())
        dossier.save()
        _step(dossier, actor, "complete", prev, at=now, to_department=dossier.department)
        _notify(dossier, "receipt", "dossier.complete", {"code": dossier.code, "due": texts.day(dossier.due_on)},
                now)
        _audit(actor, dossier, before, "action", source=source, reason="documents completed")
    return dossier


def dossier_request_supplement(*, actor: Any, dossier: Dossier, missing: Sequence[str], note: str = "",
                               source: str = "web", at: dt.datetime | None = None) -> Dossier:
    """The department (or the desk) finds documents missing: the time limit stops until they are brought."""
    _require(actor, DESK_ROLES | HANDLER_ROLES, "request documents")
    with transaction.atomic():
        dossier = _lock(dossier)
        before = audit.snapshot(dossier)
        target = _transition(dossier, "request_supplement")
        proc = procedure_of(dossier)
        known = {d.code for d in proc.documents}
        if not missing or any(c not in known for c in missing):
            raise InvalidInput("unknown_document", "name the missing documents of this procedure", field="missing")
        prev, now = dossier.status, _moment(at, dossier)
        dossier.status = target
        dossier.missing = list(dict.fromkeys(missing))
        dossier.documents = [c for c in dossier.documents if c not in missing]
        dossier.due_on, dossier.complete_on, dossier.new_due_on = None, None, None
        dossier.save()
        _step(dossier, actor, "request_supplement", prev, at=now, note=note or ", ".join(missing))
        _notify(dossier, "supplement", "dossier.supplement",
                {"code": dossier.code, "documents": _document_names(proc, missing), "note": note.strip()}, now)
        _audit(actor, dossier, before, "action", source=source, reason=note or "supplement requested")
    return dossier


def dossier_hand_over(*, actor: Any, dossier: Dossier, department: str = "", handler: Any = None, note: str = "",
                      source: str = "web", at: dt.datetime | None = None) -> Dossier:
    """Hand the dossier to a department (from the desk) or to another handler/department. The first hand-over
    into processing starts the dossier's work where ansinh carries it out."""
    _require(actor, DESK_ROLES | HANDLER_ROLES, "hand dossiers over")
    department = department or dossier.department
    if department not in catalogue.DEPARTMENTS:
        raise InvalidInput("bad_choice", f"department must be one of {', '.join(catalogue.DEPARTMENTS)}",
                           field="department")
    if handler is not None and not _is_super(handler) and handler.role not in (
            DEPARTMENT_ROLES[department], Role.MANAGER, Role.ADMINISTRATOR):
        raise InvalidInput("wrong_department", "the handler does not work in that department", field="handler")
    with transaction.atomic():
        dossier = _lock(dossier)
        before = audit.snapshot(dossier)
        target = _transition(dossier, "hand_over")
        prev, prev_dept, now = dossier.status, dossier.department, _moment(at, dossier)
        dossier.status, dossier.department = target, department
        dossier.handler = handler
        dossier.save()
        if prev == Status.RECEIVED and dossier.work_id is None:
            _start_work(actor, dossier, source=source)
        _step(dossier, actor, "hand_over", prev, at=now, from_department=prev_dept, to_department=department,
              to_handler=handler, note=note)
        _audit(actor, dossier, before, "action", source=source, reason=note or "handed over")
    return dossier


def _start_work(actor: Any, dossier: Dossier, *, source: str) -> None:
    """The work the dossier is for (services/works.py): a benefit claim, a registry change, a card, an enrolment's
    amount due, the benefit whose payment changes or resumes, a registration."""
    from ansinh.procedures.services import works

    works.start(actor, dossier, source=source)


def work_status(dossier: Dossier) -> str | None:
    """The state of the work the dossier started: the benefit claim's status, else the work's state (ready,
    waiting_payment, problem, applied), or None when ansinh carries no work for the procedure."""
    if dossier.work_type == "benefits.claim" and dossier.work_id:
        from ansinh.benefits.models import Claim

        return Claim.objects.filter(pk=dossier.work_id).values_list("status", flat=True).first()
    from ansinh.procedures.services import works

    return works.state(dossier)


def dossier_set_request(*, actor: Any, dossier: Dossier, request: Any, source: str = "web") -> Dossier:
    """The desk or the handler types in (or corrects) what the applicant asks for, from the dossier's forms; in
    processing, the work starts again from it."""
    _require(actor, DESK_ROLES | HANDLER_ROLES, "change the request of a dossier")
    try:
        wanted = dossier_requests.validate(dossier.procedure_code, request, complete=True)
    except RuleError as exc:
        raise _refuse(exc) from None
    with transaction.atomic():
        dossier = _lock(dossier)
        if dossier.status not in (Status.RECEIVED, Status.SUPPLEMENT, Status.IN_PROCESSING):
            raise Conflict("bad_state", "the request can no longer change: the dossier is decided", field="status")
        before = audit.snapshot(dossier)
        dossier.request = wanted
        dossier.save(update_fields=["request", "updated_at"])
        if dossier.status == Status.IN_PROCESSING and dossier.work_type != "benefits.claim":
            _start_work(actor, dossier, source=source)
        _audit(actor, dossier, before, "action", source=source, reason="request entered")
    return dossier


def dossier_decide(*, actor: Any, dossier: Dossier, outcome: str, note: str = "", source: str = "web", at: dt.datetime | None = None,
                   follow: bool = False) -> Dossier:
    """The department's decision. Where the dossier started a claim, the decision is the claim's."""
    if not follow:
        _require(actor, HANDLER_ROLES, "decide dossiers")
        _require_handler(actor, dossier, "decide this dossier")
    if outcome not in Dossier.Outcome.values:
        raise InvalidInput("bad_choice", "outcome must be granted or refused", field="outcome")
    if outcome == Dossier.Outcome.REFUSED and not note.strip():
        raise InvalidInput("required", "a refusal states its reasons", field="note")
    with transaction.atomic():
        dossier = _lock(dossier)
        before = audit.snapshot(dossier)
        target = _transition(dossier, "decide")
        state = work_status(dossier)
        if not follow and dossier.work_type == "benefits.claim" and state not in ("decided", "refused"):
            raise Conflict("work_not_decided", "the benefit claim of this dossier is not decided yet: decide it in "
                           "Benefits", field="status")
        if not follow and outcome == Dossier.Outcome.GRANTED and state in ("problem", "waiting_payment"):
            why = (dossier.work_detail or {}).get("problem") or "the contribution is not paid yet"
            raise Conflict(f"work_{state}", f"the work cannot be granted: {why}", field="status")
        prev, now = dossier.status, _moment(at, dossier)
        if outcome == Dossier.Outcome.GRANTED and not follow:
            from ansinh.procedures.services import works

            works.apply(actor, dossier, source=source)
        dossier.status, dossier.outcome, dossier.decision_note = target, outcome, note.strip()[:500]
        dossier.decided_at, dossier.decided_by_id = now, _uid(actor)
        dossier.save()
        _step(dossier, actor, "decide", prev, at=now, note=f"{outcome}: {note}".strip(": "))
        if outcome == Dossier.Outcome.REFUSED:
            _cancel_payment_codes(actor, dossier, f"refused: {dossier.decision_note}", source)
        granted = outcome == Dossier.Outcome.GRANTED
        _notify(dossier, "decided", "dossier.decided.granted" if granted else "dossier.decided.refused",
                {"code": dossier.code, "lookup": dossier.lookup_key, "note": dossier.decision_note}, now)
        _audit(actor, dossier, before, "action", source=source, reason=note or outcome)
    return dossier


def dossier_apologise(*, actor: Any, dossier: Dossier, reason: str, new_due_on: dt.date,
                      today: dt.date | None = None, source: str = "web", at: dt.datetime | None = None) -> Apology:
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả: no later than one working day before the due date."""
    _require(actor, HANDLER_ROLES | DESK_ROLES, "apologise for a late result")
    if not reason.strip():
        raise InvalidInput("required", "state the reason for the delay", field="reason")
    if at is not None:
        today = timezone.localtime(at).date()
    today = today or timezone.localdate()
    with transaction.atomic():
        dossier = _lock(dossier)
        before = audit.snapshot(dossier)
        due = dossier.new_due_on or dossier.due_on
        if due is None:
            raise Conflict("bad_state", "the dossier has no due date (it is not complete)", field="status")
        try:
            st.check_apology(state=dossier.status, due=due, today=today, new_due=new_due_on, calendar=calendar())
        except RuleError as exc:
            raise InvalidInput(exc.code, exc.message, field="new_due_on" if exc.field == "new_due" else "reason") \
                from None
        now = _moment(at, dossier)
        apology = Apology.objects.create(dossier=dossier, number=dossier.apologies.count() + 1,
                                         reason=reason.strip()[:500], previous_due_on=due, new_due_on=new_due_on,
                                         created_at=now, created_by_id=_uid(actor))
        dossier.new_due_on = new_due_on
        dossier.save()
        _step(dossier, actor, "apologise", dossier.status, at=now,
              note=f"{due:%d/%m/%Y} → {new_due_on:%d/%m/%Y}: {reason}")
        _notify(dossier, "apology", "dossier.apology",
                {"code": dossier.code, "reason": reason.strip(), "due": texts.day(new_due_on)}, now)
        _audit(actor, dossier, before, "action", source=source, reason=f"apology: {reason}")
    return apology


def dossier_return(*, actor: Any, dossier: Dossier, channel: str, tracking_number: str = "",
                   source: str = "web", at: dt.datetime | None = None) -> Dossier:
    """The result goes back to the applicant: at the desk, by post (tracking number) or online."""
    _require(actor, DESK_ROLES, "return results")
    if channel not in Channel.values:
        raise InvalidInput("bad_choice", f"channel must be one of {', '.join(Channel.values)}", field="channel")
    if channel == Channel.POST and not tracking_number.strip():
        raise InvalidInput("required", "a result sent by post needs its tracking number", field="tracking_number")
    with transaction.atomic():
        dossier = _lock(dossier)
        before = audit.snapshot(dossier)
        target = _transition(dossier, "return")
        prev, now = dossier.status, _moment(at, dossier)
        dossier.status, dossier.result_channel = target, channel
        dossier.tracking_number, dossier.returned_at = tracking_number.strip()[:40], now
        dossier.save()
        _step(dossier, actor, "return", prev, at=now, note=tracking_number)
        _notify(dossier, "returned", f"dossier.returned.{channel}",
                {"code": dossier.code, "tracking": tracking_number.strip()}, now)
        _audit(actor, dossier, before, "action", source=source, reason=f"returned {channel}")
    return dossier


def _cancel_payment_codes(actor: Any, dossier: Dossier, reason: str, source: str) -> None:
    """A refused or withdrawn request is no longer payable: its open payment codes are cancelled (audited)."""
    from ansinh.contributions.models import PaymentReference
    from ansinh.contributions.services.references import payment_reference_cancel

    for ref in PaymentReference.objects.filter(dossier_id=dossier.pk, status=PaymentReference.Status.OPEN):
        payment_reference_cancel(actor=actor, ref=ref, reason=f"dossier {dossier.code}: {reason}"[:300],
                                 source=source)


def dossier_payment_code_renew(*, actor: Any, dossier: Dossier, source: str = "web", today: dt.date | None = None) -> Any:
    """A new payment code for the dossier's expired one (desk clerks and handlers): the same request, the amount
    computed again from the first month not yet past, the old code cancelled, audited with the officer, the payer
    told the new code (contributions.services.references.payment_reference_renew)."""
    from ansinh.contributions.models import PaymentReference
    from ansinh.contributions.services.references import payment_reference_renew

    _require(actor, DESK_ROLES | HANDLER_ROLES, "renew payment codes")
    if not dossier.is_open or dossier.status in (Status.REFUSED, Status.WITHDRAWN):
        raise Conflict("dossier_closed", f"dossier {dossier.code} is {dossier.status}: nothing to pay", field="reference")
    today = today or timezone.localdate()
    ref = PaymentReference.objects.filter(dossier_id=dossier.pk, status=PaymentReference.Status.OPEN).order_by("-id").first()
    if ref is None:
        raise Conflict("reference_not_open", f"dossier {dossier.code} has no open payment code", field="reference")
    if ref.valid_until >= today:
        raise Conflict("reference_still_valid", f"payment code {ref.code} is valid until {ref.valid_until.isoformat()}",
                       field="reference")
    return payment_reference_renew(actor=actor, ref=ref, today=today, source=source)


def dossier_withdraw(*, actor: Any, dossier: Dossier, reason: str, source: str = "web", at: dt.datetime | None = None) -> Dossier:
    _require(actor, DESK_ROLES, "withdraw dossiers")
    if not reason.strip():
        raise InvalidInput("required", "state the applicant's request", field="reason")
    with transaction.atomic():
        dossier = _lock(dossier)
        before = audit.snapshot(dossier)
        target = _transition(dossier, "withdraw")
        prev, now = dossier.status, _moment(at, dossier)
        dossier.status = target
        dossier.save()
        _step(dossier, actor, "withdraw", prev, at=now, note=reason)
        _cancel_payment_codes(actor, dossier, f"withdrawn: {reason}", source)
        _audit(actor, dossier, before, "action", source=source, reason=reason)
    return dossier


def dossiers_follow_work(*, actor: Any = None, source: str = "cli") -> int:
    """Dossiers in processing whose benefit claim is decided or refused become decided (their status follows the
    work). Returns how many changed."""
    from ansinh.benefits.models import Claim

    waiting = dict(Dossier.objects.filter(status=Status.IN_PROCESSING, work_type="benefits.claim",
                                          work_id__isnull=False).values_list("work_id", "pk"))
    if not waiting:
        return 0
    done = Claim.objects.filter(pk__in=list(waiting), status__in=["decided", "refused"]).values_list("pk", "status")
    changed = 0
    for claim_id, status in done:
        dossier = Dossier.objects.get(pk=waiting[claim_id])
        try:
            dossier_decide(actor=actor, dossier=dossier, follow=True, source=source,
                           outcome="granted" if status == "decided" else "refused",
                           note="" if status == "decided" else f"claim {claim_id} refused")
        except ApplicationError:
            continue
        changed += 1
    return changed
