"""The employer portal's pages beyond the unit, employees and C12 (ansinh.portal.views): D02-LT lists (template,
upload, typing lines, errors per line and field, submission, status, result), money (payments and their
allocation, debt, transfer reference), the unit's users and API tokens, and the activation of an invited user.
Every page reads the signed-in user's own unit; a list id from the URL is looked up inside that unit only."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ansinh.core.errors import ApplicationError, FileErrors
from ansinh.core.presentation import refusal
from ansinh.portal import selectors as portal_selectors
from ansinh.portal.access import employer_page
from ansinh.portal.unit import selectors, services
from ansinh.portal.unit.models import Submission, UnitRole
from ansinh.procedures.models import DossierStep
from ansinh.registry.models import ContractType
from ansinh.rules.periods import Month

MAX_UPLOAD = 10 * 1024 * 1024

FIELD_LABELS = {
    "file": gettext_lazy("File"),
    "lines": gettext_lazy("Lines"),
    "line": gettext_lazy("Line number"),
    "period": gettext_lazy("Period"),
    "unit_code": gettext_lazy("Unit code"),
    "action": gettext_lazy("Action"),
    "declaration_type": gettext_lazy("Declaration type"),
    "citizen_id": gettext_lazy("Personal ID number"),
    "si_code": gettext_lazy("SI number"),
    "full_name": gettext_lazy("Full name"),
    "birth_date": gettext_lazy("Date of birth"),
    "sex": gettext_lazy("Sex"),
    "commune_code": gettext_lazy("Commune code"),
    "address_line": gettext_lazy("Address"),
    "ethnicity": gettext_lazy("Ethnicity"),
    "nationality": gettext_lazy("Nationality"),
    "phone": gettext_lazy("Phone"),
    "salary": gettext_lazy("Salary"),
    "contract_type": gettext_lazy("Contract type"),
    "position": gettext_lazy("Position"),
    "from_month": gettext_lazy("From month"),
    "to_month": gettext_lazy("To month"),
    "note": gettext_lazy("Note"),
}
ACTIONS = (
    ("TM", gettext_lazy("TM — joins")),
    ("GH", gettext_lazy("GH — leaves")),
    ("DC", gettext_lazy("DC — salary change")),
    ("KL", gettext_lazy("KL — unpaid leave")),
    ("ON", gettext_lazy("ON — returns to work")),
)
FORM_FIELDS = ("action", "citizen_id", "si_code", "full_name", "birth_date", "sex", "commune_code", "address_line",
               "contract_type", "salary", "position", "from_month", "to_month", "note")


def _errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Errors as people read them: line, the field's name, the sentence for the code in the page's language (the
    service's English message as the detail)."""
    out = []
    for e in errors:
        text, detail = refusal(str(e.get("code", "")), str(e.get("message", "")), area="declarations")
        out.append({"line": e.get("line") or 0, "field": e.get("field") or "",
                    "field_label": FIELD_LABELS.get(e.get("field") or "", e.get("field") or ""),
                    "code": e.get("code"), "text": text, "detail": detail})
    return out


def _refused(exc: ApplicationError) -> list[dict[str, Any]]:
    if isinstance(exc, FileErrors):
        return _errors(list(exc.details or []))  # type: ignore[arg-type]
    return _errors([{"line": 0, "field": exc.field or "", "code": exc.code, "message": exc.message}])


def _forbidden(request: HttpRequest, capability: str) -> HttpResponse | None:
    if services.can(request.user, capability):
        return None
    return render(request, "portal/unit/forbidden.html", {"nav": ""}, status=403)


# --- declarations ----------------------------------------------------------------------------------------------

@employer_page
def declarations(request: HttpRequest) -> HttpResponse:
    """The unit's lists and their status; upload a file or start a list to type."""
    employer = request.user.employer
    errors: list[dict[str, Any]] = []
    status = 200
    current = Month.of(timezone.localdate())
    period_text = (request.POST.get("period") or "").strip()[:7] if request.method == "POST" else ""
    if request.method == "POST":
        if (denied := _forbidden(request, "declare")) is not None:
            return denied
        try:
            if request.POST.get("do") == "upload":
                upload = request.FILES.get("file")
                if upload is None:
                    raise FileErrors([{"line": 0, "field": "file", "code": "required", "message": "choose a file"}])
                if upload.size > MAX_UPLOAD:
                    raise FileErrors([{"line": 0, "field": "file", "code": "too_large",
                                       "message": "the file is larger than 10 MB"}])
                submission = services.submission_from_file(actor=request.user, data=upload.read(),
                                                           file_name=upload.name or "", period=period_text or None)
            else:
                submission = services.submission_new(actor=request.user, period=period_text or str(current))
            return redirect("portal:unit_declaration", submission_id=submission.pk)
        except ApplicationError as exc:
            errors, status = _refused(exc), 422
    return render(request, "portal/unit/declarations.html", {
        "employer": employer, "submissions": selectors.submissions(employer)[:50], "errors": errors,
        "period": period_text or f"{current.month:02d}/{current.year}", "can_declare": services.can(request.user, "declare"),
        "nav": "declarations",
    }, status=status)


@employer_page
def declaration_template(request: HttpRequest) -> HttpResponse:
    """The current D02-LT template (XLSX) with the unit's code and name and this month as the period."""
    from ansinh.contributions.imports.d02lt import write_xlsx

    employer = request.user.employer
    month = Month.of(timezone.localdate())
    data = write_xlsx([], unit_code=employer.unit_code, unit_name=employer.name, period=month)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="D02-LT-{employer.unit_code}-{month}.xlsx"'
    return response


def _line_errors(submission: Submission) -> tuple[dict[int, list[dict[str, Any]]], list[dict[str, Any]]]:
    by_line: dict[int, list[dict[str, Any]]] = {}
    general = []
    for e in _errors(list(submission.errors or [])):
        if e["line"]:
            by_line.setdefault(int(e["line"]), []).append(e)
        else:
            general.append(e)
    return by_line, general


@employer_page
def declaration(request: HttpRequest, submission_id: int) -> HttpResponse:
    """One list: its lines with the errors of each (line, field, what is wrong), the line form, submit; once
    submitted its receipt number and status; once decided the applied result or the officer's reasons."""
    try:
        submission = services.submission_get(user=request.user, submission_id=submission_id)
    except ApplicationError:
        raise Http404 from None
    refused: list[dict[str, Any]] = []
    status = 200
    form_values: dict[str, Any] = {}
    editing: int | None = None
    if request.method == "POST":
        if (denied := _forbidden(request, "declare")) is not None:
            return denied
        do = request.POST.get("do")
        try:
            if do == "save_line":
                editing = int(request.POST["line"]) if request.POST.get("line") else None
                form_values = {k: (request.POST.get(k) or "").strip()[:200] for k in FORM_FIELDS}
                services.submission_line_save(actor=request.user, submission=submission, values=form_values,
                                              line=editing)
            elif do == "remove_line":
                services.submission_line_remove(actor=request.user, submission=submission,
                                                line=int(request.POST.get("line") or 0))
            elif do == "submit":
                services.submission_submit(actor=request.user, submission=submission)
            elif do == "discard":
                services.submission_discard(actor=request.user, submission=submission)
                return redirect("portal:unit_declarations")
            elif do == "copy":
                copy = services.submission_copy(actor=request.user, submission=submission)
                return redirect("portal:unit_declaration", submission_id=copy.pk)
            return redirect(reverse("portal:unit_declaration", args=[submission.pk]) + "#lines")
        except (ValueError, KeyError):
            raise Http404 from None
        except ApplicationError as exc:
            refused, status = _refused(exc), 422
            submission = services.submission_get(user=request.user, submission_id=submission_id)
    elif request.GET.get("edit"):
        try:
            editing = int(request.GET["edit"])
        except ValueError:
            editing = None
        row = next((r for r in submission.lines if int(r["line"]) == editing), None)
        if row is None:
            editing = None
        else:
            form_values = {k: row.get(k, "") for k in FORM_FIELDS}
    by_line, general = _line_errors(submission)
    lines = [{"row": r, "errors": by_line.get(int(r["line"]), [])} for r in submission.lines]
    steps = []
    if submission.dossier_id:
        steps = list(DossierStep.objects.filter(dossier_id=submission.dossier_id).order_by("at", "id"))
    applied = None
    if submission.declaration_id:
        from django.db.models import Count

        applied = list(submission.declaration.lines.values("action").annotate(n=Count("id")).order_by("action"))
    return render(request, "portal/unit/declaration.html", {
        "employer": request.user.employer, "s": submission, "lines": lines, "general": general,
        "refused": refused, "error_count": len(submission.errors or []), "form": form_values, "editing": editing,
        "actions": ACTIONS, "contract_types": ContractType.choices, "steps": steps, "applied": applied,
        "can_declare": services.can(request.user, "declare"), "nav": "declarations",
        "draft": submission.status == Submission.Status.DRAFT,
    }, status=status)


# --- money -----------------------------------------------------------------------------------------------------

@employer_page
def money(request: HttpRequest) -> HttpResponse:
    """Debt with interest, the transfer reference, payments received and how each was allocated; C12 linked."""
    if (denied := _forbidden(request, "money")) is not None:
        return denied
    employer = request.user.employer
    month = Month.of(timezone.localdate())
    return render(request, "portal/unit/money.html", {
        "employer": employer, "debt": portal_selectors.unit_debt(employer),
        "reference": selectors.transfer_reference(employer, month - 1), "period": month - 1,
        "payments": selectors.payments(employer), "nav": "money",
    })


# --- users and API tokens --------------------------------------------------------------------------------------

@employer_page
def users(request: HttpRequest) -> HttpResponse:
    """The administrator's page: the unit's users (invite, change role, disable/enable, new activation link) and
    the API tokens of its payroll software (create, revoke)."""
    if (denied := _forbidden(request, "manage")) is not None:
        return denied
    refused: list[dict[str, Any]] = []
    status = 200
    shown_key = shown_link = ""
    sent_to: list[dict[str, str]] = []
    invite: dict[str, str] = {}
    if request.method == "POST":
        do = request.POST.get("do")
        try:
            if do == "invite":
                invite = {k: (request.POST.get(k) or "").strip()[:150]
                          for k in ("username", "full_name", "email", "phone", "unit_role")}
                member, key = services.member_invite(actor=request.user, **invite)
                shown_link = request.build_absolute_uri(reverse("portal:unit_activate", args=[key]))
                sent_to = services.member_activation_send(actor=request.user, member=member, link=shown_link)
                invite = {}
            elif do in ("role", "disable", "enable", "reinvite"):
                member = services.member_of_unit(actor=request.user, member_id=request.POST.get("member"))
                if do == "role":
                    services.member_change(actor=request.user, member=member,
                                           unit_role=request.POST.get("unit_role") or "")
                elif do == "reinvite":
                    key = services.member_reinvite(actor=request.user, member=member)
                    shown_link = request.build_absolute_uri(reverse("portal:unit_activate", args=[key]))
                    sent_to = services.member_activation_send(actor=request.user, member=member, link=shown_link)
                else:
                    services.member_change(actor=request.user, member=member, enabled=do == "enable")
            elif do == "token":
                days_text = (request.POST.get("days") or "").strip()
                days = int(days_text) if days_text.isdigit() else None
                shown_key = services.unit_token_create(actor=request.user, name=request.POST.get("name") or "",
                                                       days=days)
            elif do == "revoke":
                services.unit_token_revoke(actor=request.user, token_id=request.POST.get("token"))
            if not (shown_key or shown_link):
                return redirect("portal:unit_users")
        except ApplicationError as exc:
            refused, status = _refused(exc), 422
    employer = request.user.employer
    return render(request, "portal/unit/users.html", {
        "employer": employer, "members": services.members(employer), "tokens": services.unit_tokens(actor=request.user),
        "roles": UnitRole.choices, "refused": refused, "shown_key": shown_key, "shown_link": shown_link,
        "sent_to": sent_to,
        "invite": invite, "now": timezone.now(), "me": request.user, "nav": "unit",
    }, status=status)


def activate(request: HttpRequest, key: str) -> HttpResponse:
    """An invited user sets their password with the one-time link (no sign-in needed; the key is spent)."""
    refused: list[dict[str, Any]] = []
    status = 200
    if request.method == "POST":
        password = request.POST.get("password") or ""
        if password != (request.POST.get("password2") or ""):
            refused, status = _errors([{"line": 0, "field": "password", "code": "password_mismatch",
                                        "message": "the two passwords differ"}]), 422
        else:
            try:
                services.member_activate(key=key, password=password)
                return render(request, "portal/unit/activated.html", {})
            except ApplicationError as exc:
                refused, status = _refused(exc), 422
    return render(request, "portal/unit/activate.html", {"refused": refused}, status=status)
