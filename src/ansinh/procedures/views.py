"""Staff pages of the one-stop desk and the handlers: the desk queue, receiving a dossier, the dossier with its
actions (htmx: each action answers with the dossier fragment), the handler queue, the forms as PDF, the scans, the
calendar entries and the report. Thin: parse, call a selector or service, render. Outside the scope → 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.accounts.models import Role, User
from ansinh.accounts.scope import employers_visible, persons_visible
from ansinh.core import presentation
from ansinh.core.errors import ApplicationError, InvalidInput, NotFound
from ansinh.core.presentation import refusal
from ansinh.procedures import forms_pdf, request_form, selectors
from ansinh.procedures.models import Apology, CalendarEntry, Channel, Department, Dossier, Status
from ansinh.procedures.services import dossiers as services
from ansinh.rules import procedures as catalogue
from ansinh.rules.tables import RuleError

PAGE_SIZE = 25
NAV = "procedures:desk"
ROLE_DEPARTMENT = {role: dept for dept, role in services.DEPARTMENT_ROLES.items()}


def _step_labels() -> dict[str, str]:
    return {"receive": _("Received"), "complete": _("Documents completed"), "request_supplement":
            _("Supplement requested"), "hand_over": _("Handed over"), "decide": _("Decided"),
            "apologise": _("Apology and new date"), "return": _("Result returned"), "withdraw": _("Withdrawn")}


def _fragment(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def _lang() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def _dossier_or_404(request: HttpRequest, dossier_id: int) -> Dossier:
    try:
        return selectors.dossier_get(user=request.user, dossier_id=dossier_id)
    except NotFound:
        raise Http404("dossier not found") from None


def _procedures(on: dt.date) -> list[tuple[str, str, str]]:
    lang = _lang()
    return [(p.code, p.name(lang), p.group) for p in catalogue.procedures_in_force(on)]


def _names() -> dict[str, str]:
    lang = _lang()
    return {p.code: p.name(lang) for p in catalogue.CATALOGUE}


def _decorate(rows: list[Dossier], today: dt.date) -> list[Dossier]:
    cal = services.calendar()
    names = _names()
    for d in rows:
        d.flags = selectors.flags(d, today, cal)  # type: ignore[attr-defined]
        d.procedure_name = names.get(d.procedure_code, d.procedure_code)  # type: ignore[attr-defined]
    return rows


def _list(request: HttpRequest, queue: str, template: str, extra: dict[str, Any]) -> HttpResponse:
    g = request.GET
    q, status, department = g.get("q", "").strip(), g.get("status", ""), g.get("department", extra.get("dept", ""))
    office, channel, procedure = g.get("office", ""), g.get("channel", ""), g.get("procedure", "")
    qs = selectors.dossier_search(user=request.user, q=q, status=status, department=department,
                                  office_id=office or None, channel=channel, procedure=procedure,
                                  queue="" if q or status else queue)
    page = Paginator(qs, PAGE_SIZE).get_page(g.get("page"))
    today = timezone.localdate()
    _decorate(list(page.object_list), today)
    from ansinh.places.models import Office

    offices = Office.objects.filter(pk__in=selectors.dossiers_visible(request.user).values("office_id"))
    context = {
        "page": page, "q": q, "status": status, "department": department, "office": office, "channel": channel,
        "procedure": procedure, "statuses": Status.choices, "departments": Department.choices,
        "channels": Channel.choices, "procedures": _procedures(today), "offices": offices, "today": today,
        "counts": selectors.queue_counts(request.user), "nav_active": NAV, "queue": queue,
        "warnings": selectors.warning_counts(request.user, today, services.calendar()), **extra,
    }
    return render(request, f"{template}#results" if _fragment(request) else template, context)


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    return _list(request, "desk", "procedures/desk.html", {})


@login_required
def handler_queue(request: HttpRequest) -> HttpResponse:
    return _list(request, "handler", "procedures/handler.html",
                 {"dept": ROLE_DEPARTMENT.get(getattr(request.user, "role", ""), "")})


def _find_subject(request: HttpRequest, data: Any) -> tuple[Any, Any, list[Any]]:
    """The person (by citizen ID / SI number / name) or unit (by unit or tax code / name) the dossier is about."""
    person = employer = None
    matches: list[Any] = []
    if data.get("person"):
        person = persons_visible(request.user).filter(pk=data.get("person")).first()
        if person is None:
            raise Http404("person not found")
    elif data.get("employer"):
        employer = employers_visible(request.user).filter(pk=data.get("employer")).first()
        if employer is None:
            raise Http404("employer not found")
    elif data.get("who", "").strip():
        who = data.get("who").strip()
        from django.db.models import Q

        if data.get("subject") == "employer":
            matches = list(employers_visible(request.user).filter(
                Q(unit_code=who) | Q(tax_code=who) | Q(name__icontains=who)).order_by("name")[:10])
        else:
            matches = list(persons_visible(request.user).filter(
                Q(citizen_id=who) | Q(si_code=who) | Q(full_name__icontains=who)).order_by("full_name")[:10])
    return person, employer, matches


@login_required
def receive(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    today = timezone.localdate()
    code = data.get("procedure", "")
    proc = None
    if code:
        try:
            proc = catalogue.procedure(code, today)
        except RuleError:
            proc = None
    person, employer, matches = _find_subject(request, data)
    error = None
    if request.method == "POST" and data.get("receive"):
        try:
            postal_date = dt.date.fromisoformat(data["postal_date"]) if data.get("postal_date") else None
        except ValueError:
            postal_date = None
        try:
            files = [services.Upload(f.name, f.content_type or "", f.read(), data.get("file_document", ""))
                     for f in request.FILES.getlist("files")]
            if data.get("postal_date") and postal_date is None:
                raise InvalidInput("bad_date", _("Give the postal date as a date."), field="postal_date")
            dossier = services.dossier_receive(
                actor=request.user, procedure_code=code, channel=data.get("channel", ""), person=person,
                employer=employer, applicant_name=data.get("applicant_name", ""),
                applicant_phone=data.get("applicant_phone", ""), applicant_email=data.get("applicant_email", ""),
                applicant_address=data.get("applicant_address", ""), documents=data.getlist("documents"),
                refusal_reason=data.get("refusal_reason", "") if data.get("receive") == "refuse" else "",
                postal_receipt=data.get("postal_receipt", ""), postal_date=postal_date, files=files,
                request=request_form.parse(code, data) if proc else None, source="web")
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, _("Dossier %(code)s received.") % {"code": dossier.code})
            return redirect("procedures:detail", dossier.pk)
    template = "procedures/receive.html#form" if _fragment(request) and request.method == "GET" \
        else "procedures/receive.html"
    lang = _lang()
    return render(request, template, {
        "data": data, "procedure": proc, "procedures": _procedures(today), "person": person, "employer": employer,
        "matches": matches, "error": error, "channels": Channel.choices, "nav_active": NAV,
        "documents": [(d.code, d.name_vi if lang == "vi" else d.name_en, d.required) for d in proc.documents]
        if proc else [],
        "ticked": data.getlist("documents") if hasattr(data, "getlist") else [],
        "subject": data.get("subject", "employer" if proc and proc.subject == "employer" else "person"),
        "request_fields": request_form.fields(code, request_form.parse(code, data)) if proc else [],
        "register_person_url": reverse("web:person_new"),
        "register_unit_url": reverse("web:employer_new"),
    }, status=422 if error else 200)


def _detail_context(request: HttpRequest, dossier: Dossier, error: str | None = None) -> dict[str, Any]:
    today = timezone.localdate()
    _decorate([dossier], today)
    proc = services.procedure_of(dossier)
    lang = _lang()
    docs = [(d.code, d.name_vi if lang == "vi" else d.name_en, d.required, d.code in dossier.documents,
             d.code in dossier.missing) for d in proc.documents]
    handlers = User.objects.filter(is_active=True, role__in=[r for r in services.DEPARTMENT_ROLES.values()]) \
        .order_by("username")[:50]
    labels = _step_labels()
    departments = dict(Department.choices)
    steps = list(dossier.steps.select_related("to_handler"))
    outcomes = dict(Dossier.Outcome.choices)
    cal = services.calendar()
    for step in steps:
        step.label = labels.get(step.action, step.action)  # type: ignore[attr-defined]
        step.department_label = departments.get(step.to_department, "")  # type: ignore[attr-defined]
        step.note = _step_note(step, proc, lang, cal)
        if step.action == "decide" and dossier.outcome:
            step.label = f"{step.label} ({outcomes.get(dossier.outcome, dossier.outcome)})"  # type: ignore[attr-defined]
    user = request.user
    is_super = user.is_superuser or user.role in (Role.MANAGER, Role.ADMINISTRATOR)
    return {
        "dossier": dossier, "proc": proc, "proc_name": proc.name(lang), "docs": docs, "error": error,
        "limit_unit": {"working_days": _("working days"), "days": _("days"),
                       "days_excluding_holidays": _("days excluding holidays")}.get(proc.unit, proc.unit),
        "is_desk": is_super or user.role == Role.DESK_CLERK,
        "is_handler": is_super or services.DEPARTMENT_ROLES.get(dossier.department) == user.role,
        "steps": steps, "apologies": list(dossier.apologies.all()),
        "notifications": list(dossier.notifications.all()[:20]), "files": list(dossier.files.defer("content")),
        "work_status": services.work_status(dossier), "departments": Department.choices, "channels": Channel.choices,
        "handlers": handlers, "today": today, "nav_active": NAV,
        "apology_deadline": _apology_deadline(dossier, cal),
        "outcomes": Dossier.Outcome.choices,
        "request_fields": request_form.fields(dossier.procedure_code, dossier.request),
        "request_shown": _request_shown(dossier),
        "work_label": _work_labels().get(dossier.work_type, dossier.work_type),
        "work_state_label": _work_state_labels().get(services.work_status(dossier) or "", ""),
        "work_detail": _work_detail(dossier),
        **_payment_code(dossier, today),
    }


def _step_note(step: Any, proc: catalogue.Procedure, lang: str, cal: Any) -> str:
    """A step's note in the page's language. The services store what the officer typed as it was typed; what they
    add themselves is shown again from its source: document codes as the documents' names, the outcome (shown in
    the step's label) without its code, the after-hours explanation in the page's language."""
    note = step.note or ""
    if step.action == "decide":
        for code in Dossier.Outcome.values:
            if note == code or note.startswith(f"{code}: "):
                return note[len(code) + 2:]
        return note
    names = {d.code: (d.name_vi if lang == "vi" else d.name_en) for d in proc.documents}
    codes = note.split(", ") if note else []
    if codes and all(c in names for c in codes):
        return "; ".join(names[c] for c in codes)
    if note and step.at:  # the moment the dossier became complete (received, or documents completed)
        try:
            receipt = services.received_day(step.at, cal)
        except RuleError:
            return note
        if receipt.after_hours and note in (receipt.explanation_vi, receipt.explanation):
            return receipt.explanation_vi if lang == "vi" else receipt.explanation
    return note


def _payment_code(dossier: Dossier, today: dt.date) -> dict[str, Any]:
    """The dossier's current payment code (the newest not cancelled), and whether it is past its validity."""
    from ansinh.contributions.models import PaymentReference
    from ansinh.contributions.services.references import grouped

    ref = (PaymentReference.objects.filter(dossier_id=dossier.pk).exclude(status=PaymentReference.Status.CANCELLED)
           .order_by("-id").first())
    return {"payment_ref": ref, "payment_ref_grouped": grouped(ref.code) if ref else "",
            "payment_ref_expired": bool(ref and ref.status == PaymentReference.Status.OPEN and ref.valid_until < today)}


def _work_labels() -> dict[str, str]:
    return {"registry.person": _("Registry: the person"), "registry.employer": _("Registry: the unit"),
            "registry.household": _("Household HI enrolment"), "coverage.hicard": _("HI card"),
            "contributions.receipt": _("Voluntary SI enrolment"), "benefits.entitlement": _("Benefit in payment"),
            "registration": _("Registration"), "change_info": _("Change of information"),
            "card_issue": _("HI card"), "card_reissue": _("HI card"), "enrolment": _("Enrolment"),
            "payment_change": _("Benefit in payment"), "pension_resume": _("Benefit in payment")}


def _work_state_labels() -> dict[str, str]:
    return {"ready": _("ready for the decision"), "waiting_payment": _("waiting for the payment"),
            "problem": _("cannot go on"), "applied": _("done")}


def _request_shown(dossier: Dossier) -> list[tuple[Any, str]]:
    """The stored request as label/value lines for the dossier page."""
    rows: list[tuple[Any, str]] = []
    for key, value in (dossier.request or {}).items():
        if key == "changes":
            for name, new in value.items():
                rows.append((_("New value: %(what)s") % {"what": request_form.LABELS.get(name, name)}, str(new)))
            continue
        if key.endswith("month") and isinstance(value, str) and len(value) == 7 and value[4] == "-":
            shown = presentation.month(value)  # 11/2026, Nov 2026
        else:
            shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(
                request_form.CHOICE_LABELS.get(str(value), value))
        rows.append((request_form.LABELS.get(key, key), shown))
    return rows


def _work_detail(dossier: Dossier) -> dict[str, Any]:
    detail = dict(dossier.work_detail or {})
    problem = detail.get("problem", "")
    if problem and detail.get("problem_code"):  # the service's English record → the sentence for its code
        problem = refusal(detail["problem_code"], problem)[0]
    return {"problem": problem, "payable": detail.get("payable"),
            "state_support": detail.get("state_support"), "reference": detail.get("reference", ""),
            "months": detail.get("months"), "start_month": detail.get("start_month", ""),
            "by_rank": detail.get("by_rank") or [], "card": detail.get("card", ""),
            "applied": detail.get("applied", ""), "from_month": detail.get("from_month", ""),
            "receipt": detail.get("receipt", "")}


def _apology_deadline(dossier: Dossier, cal: Any) -> dt.date | None:
    from ansinh.rules.dossier_states import apology_deadline

    due = dossier.new_due_on or dossier.due_on
    return apology_deadline(due, cal) if due else None


@login_required
def detail(request: HttpRequest, dossier_id: int) -> HttpResponse:
    dossier = _dossier_or_404(request, dossier_id)
    return render(request, "procedures/detail.html", _detail_context(request, dossier))


@login_required
@require_POST
def action(request: HttpRequest, dossier_id: int, action: str) -> HttpResponse:
    dossier = _dossier_or_404(request, dossier_id)
    p = request.POST
    error, status = None, 200
    try:
        if action == "complete":
            services.dossier_complete(actor=request.user, dossier=dossier, documents=p.getlist("documents"))
        elif action == "supplement":
            services.dossier_request_supplement(actor=request.user, dossier=dossier, missing=p.getlist("missing"),
                                                note=p.get("note", ""))
        elif action == "hand_over":
            handler = User.objects.filter(pk=p.get("handler")).first() if p.get("handler") else None
            services.dossier_hand_over(actor=request.user, dossier=dossier, department=p.get("department", ""),
                                       handler=handler, note=p.get("note", ""))
        elif action == "decide":
            services.dossier_decide(actor=request.user, dossier=dossier, outcome=p.get("outcome", ""),
                                    note=p.get("note", ""))
        elif action == "apologise":
            try:
                new_due = dt.date.fromisoformat(p.get("new_due_on", ""))
            except ValueError:
                raise InvalidInput("bad_date", _("Give the new return date."), field="new_due_on") from None
            services.dossier_apologise(actor=request.user, dossier=dossier, reason=p.get("reason", ""),
                                       new_due_on=new_due)
        elif action == "return":
            services.dossier_return(actor=request.user, dossier=dossier, channel=p.get("channel", ""),
                                    tracking_number=p.get("tracking_number", ""))
        elif action == "withdraw":
            services.dossier_withdraw(actor=request.user, dossier=dossier, reason=p.get("reason", ""))
        elif action == "attach":
            files = [services.Upload(f.name, f.content_type or "", f.read(), p.get("document_code", ""))
                     for f in request.FILES.getlist("files")]
            if not files:
                raise InvalidInput("required", _("Choose a file."), field="files")
            services.dossier_attach(actor=request.user, dossier=dossier, files=files)
        elif action == "request":
            services.dossier_set_request(actor=request.user, dossier=dossier,
                                         request=request_form.parse(dossier.procedure_code, p))
        elif action == "follow":
            services.dossiers_follow_work(actor=request.user, source="web")
        elif action == "renew_code":
            services.dossier_payment_code_renew(actor=request.user, dossier=dossier, source="web")
        else:
            raise Http404("no such action")
    except ApplicationError as exc:
        error, status = exc.message, exc.status
        if action == "renew_code":  # a sentence in the page's language (web refusals), not the English detail
            error = refusal(exc.code, exc.message)[0]
    dossier = _dossier_or_404(request, dossier_id)
    if _fragment(request):
        return render(request, "procedures/detail.html#dossier", _detail_context(request, dossier, error),
                      status=status)
    if error:
        messages.error(request, error)
    return redirect("procedures:detail", dossier.pk)


@login_required
def pdf(request: HttpRequest, dossier_id: int, kind: str, number: int = 0) -> HttpResponse:
    dossier = _dossier_or_404(request, dossier_id)
    if kind == "receipt":
        body = forms_pdf.receipt_pdf(dossier)
    elif kind == "control":
        body = forms_pdf.control_pdf(dossier)
    elif kind == "apology":
        apology = Apology.objects.filter(dossier=dossier, number=number).first()
        if apology is None:
            raise Http404("apology not found")
        body = forms_pdf.apology_pdf(apology)
    else:
        raise Http404("no such form")
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dossier.code}-{kind}{number or ""}.pdf"'
    return response


@login_required
def scan(request: HttpRequest, dossier_id: int, file_id: int) -> HttpResponse:
    dossier = _dossier_or_404(request, dossier_id)
    f = dossier.files.filter(pk=file_id).first()
    if f is None:
        raise Http404("file not found")
    response = HttpResponse(bytes(f.content), content_type=f.content_type)
    response["Content-Disposition"] = f'inline; filename="{f.name}"'
    return response


@login_required
def calendar_view(request: HttpRequest) -> HttpResponse:
    error = None
    if request.method == "POST":
        from ansinh.procedures.services.calendar import calendar_entry_add

        try:
            calendar_entry_add(actor=request.user, day=request.POST.get("day", ""), kind=request.POST.get("kind", ""),
                               reason=request.POST.get("reason", ""))
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, _("Calendar entry saved."))
            return redirect("procedures:calendar")
    from ansinh.rules.working_days import LAST_YEAR, holiday_year

    today = timezone.localdate()
    lang = _lang()
    years = [y for y in (today.year, today.year + 1) if y <= LAST_YEAR]
    holidays = []
    for y in years:
        hy = holiday_year(y)
        names = hy.names_vi if lang == "vi" else hy.names_en
        holidays += [(d, n) for d, n in sorted(names.items())]
        holidays += [(d, _("Weekend day worked")) for d in sorted(hy.weekend_workdays)]
    return render(request, "procedures/calendar.html", {
        "entries": CalendarEntry.objects.all(), "kinds": CalendarEntry.Kind.choices, "holidays": sorted(holidays),
        "error": error, "nav_active": NAV, "can_edit": request.user.is_superuser or request.user.role in (
            Role.MANAGER, Role.ADMINISTRATOR)}, status=422 if error else 200)
