"""Staff pages of benefits: the claims list, receiving a claim, the claim with its explained calculation and the
workflow actions (htmx: each action answers with the claim fragment), the decision PDF, the payroll summary and
its payment files, the entitlement with its months paid, recoveries and arrears (and its actions).
Thin: parse, call a selector or service, render. Outside the user's scope → 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.benefits import intake, selectors, wording
from ansinh.benefits.decision_pdf import decision_pdf
from ansinh.benefits.models import Channel, Claim, ClaimKind, Entitlement, PaymentChannel
from ansinh.benefits.refusals import said
from ansinh.benefits.services import claims as services
from ansinh.benefits.services import entitlements as entitlement_services
from ansinh.benefits.services import payment_files
from ansinh.benefits.services import recovery as recovery_services
from ansinh.core.errors import ApplicationError, InvalidInput, NotFound
from ansinh.registry.selectors import person_get
from ansinh.rules.periods import Month

PAGE_SIZE = 25
NAV = "benefits:claims"


def _fragment(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def _claim_or_404(request: HttpRequest, claim_id: int) -> Claim:
    try:
        return selectors.claim_get(user=request.user, claim_id=claim_id)
    except NotFound:
        raise Http404("claim not found") from None


@login_required
def claim_list(request: HttpRequest) -> HttpResponse:
    status, kind, q = (
        request.GET.get("status", ""),
        request.GET.get("kind", ""),
        request.GET.get("q", "").strip(),
    )
    qs = selectors.claim_list(user=request.user, status=status, kind=kind, q=q)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "kind": kind,
        "q": q,
        "statuses": Claim.Status.choices,
        "kinds": ClaimKind.choices,
        "today": timezone.localdate(),
        "nav_active": NAV,
    }
    template = "benefits/claim_list.html#results" if _fragment(request) else "benefits/claim_list.html"
    return render(request, template, context)


PERSON_RESULTS = 20


def _person_choices(request: HttpRequest, q: str) -> list[Any]:
    """Up to PERSON_RESULTS persons in the user's scope for the intake's search (name, citizen ID or SI number)."""
    from ansinh.registry.selectors import PersonQuery, person_search

    if len(q.strip()) < 2:
        return []
    return list(person_search(user=request.user, query=PersonQuery(q=q))[:PERSON_RESULTS])


def _intake_context(request: HttpRequest, person: Any, kind: str, data: Any, errors: dict[str, str]) -> dict[str, Any]:
    initial = {k: data.get(k) for k in data} if data is not None else {}
    history = selectors.contribution_history(person) if person is not None else None
    return {
        "person": person,
        "kind": kind,
        "fields": intake.fields_of(kind),
        "relatives": intake.relative_rows(kind, initial),
        "initial": initial,
        "errors": errors,
        "history": history,
        "last_salary": _last_salary(history),
        "kinds": ClaimKind.choices,
        "channels": Channel.choices,
        "payment_channels": PaymentChannel.choices,
        "received_on": initial.get("received_on") or timezone.localdate().isoformat(),
        "nav_active": NAV,
    }


def _last_salary(history: Any) -> int | None:
    if history is None:
        return None
    compulsory = [p for p in history.periods if p.kind != "voluntary"]
    return compulsory[-1].salary if compulsory else None


@login_required
def claim_new(request: HttpRequest) -> HttpResponse:
    """Receiving a claim: find the person (name, citizen ID or SI number), choose the benefit, fill that benefit's
    form; the contribution periods and salaries are read from the ledger when the claim is computed."""
    data = request.POST if request.method == "POST" else request.GET
    person = None
    if data.get("person"):
        try:
            person = person_get(user=request.user, person_id=data.get("person"))
        except NotFound:
            raise Http404("person not found") from None
    if person is None:
        q = (data.get("q") or "").strip()[:100]
        context = {"q": q, "found": _person_choices(request, q), "searched": bool(q), "nav_active": NAV}
        if _fragment(request) and request.GET.get("fragment") == "people":
            return render(request, "benefits/claim_new.html#people", context)
        return render(request, "benefits/claim_new.html", context)
    kind = data.get("kind") or ClaimKind.PENSION
    if kind not in ClaimKind.values:
        kind = ClaimKind.PENSION
    errors: dict[str, str] = {}
    if request.method == "POST":
        params, errors = intake.params_from_form(kind, data)
        if not errors:
            try:
                claim = services.claim_receive(
                    actor=request.user,
                    person=person,
                    kind=kind,
                    channel=data.get("channel", ""),
                    received_on=_date(data.get("received_on")),
                    params=params,
                    claimant_name=data.get("claimant_name", "").strip(),
                    payment_channel=data.get("payment_channel", ""),
                    bank_account=data.get("bank_account", "").strip(),
                    bank_name=data.get("bank_name", "").strip(),
                    payment_point=data.get("payment_point", "").strip(),
                    source="web",
                )
            except ApplicationError as exc:
                errors[(exc.field or "form").split(".")[-1]] = said(exc)
            else:
                messages.success(
                    request,
                    _("Claim received; decide by %(day)s.") % {"day": claim.due_on.strftime("%d/%m/%Y")},
                )
                return redirect("benefits:claim_detail", claim.pk)
    context = _intake_context(request, person, kind, data, errors)
    if _fragment(request) and request.GET.get("fragment") == "kind":
        return render(request, "benefits/claim_new.html#kind-fields", context)
    return render(request, "benefits/claim_new.html", context, status=422 if errors else 200)


def _posted_periods(data: Any) -> list[dict[str, Any]]:
    """The history form's rows (periods-N-from/to/salary/kind/scheme); empty rows are dropped."""
    rows = []
    for i in range(services.MAX_PERIODS):
        prefix = f"periods-{i}-"
        if prefix + "from" not in data:
            break
        if not (data.get(prefix + "from") or "").strip():
            continue
        rows.append(
            {
                "from": (data.get(prefix + "from") or "").strip()[:7],
                "to": (data.get(prefix + "to") or "").strip()[:7],
                "salary": (data.get(prefix + "salary") or "").strip(),
                "kind": data.get(prefix + "kind") or "employer",
                "scheme": data.get(prefix + "scheme") or "si_ui",
            }
        )
    return rows


def _date(text: str | None) -> Any:
    import datetime as dt

    from ansinh.core.errors import InvalidInput

    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        raise InvalidInput(
            "bad_date", _("Give the date the claim was received."), field="received_on"
        ) from None


def _history_rows(claim: Claim) -> list[dict[str, Any]]:
    """The periods the claim is computed on: the officer's correction when there is one, else the ledger's."""
    if "periods" in claim.params:
        return list(claim.params["periods"])
    if claim.history:
        return list(claim.history)
    return selectors.contribution_history(claim.person).as_json()


def _detail_context(
    claim: Claim, error: str | None = None, errors: dict[str, str] | None = None, data: Any = None
) -> dict[str, Any]:
    output = (claim.result or {}).get("output") or {}
    lang = translation.get_language() or "vi"
    initial = intake.initial_from_params(claim.kind, claim.params) if data is None else data
    return {
        "claim": claim,
        "person": claim.person,
        "steps": wording.explain_steps(output.get("steps", []), "vi" if lang.startswith("vi") else "en"),
        "params_used": output.get("params", []),
        "fields": intake.fields_of(claim.kind),
        "relatives": intake.relative_rows(claim.kind, initial),
        "initial": initial,
        "errors": errors or {},
        "history_rows": _history_rows(claim),
        "history_corrected": "periods" in claim.params,
        "period_kinds": services.PERIOD_KINDS,
        "period_schemes": services.PERIOD_SCHEMES,
        "calc_input": (claim.result or {}).get("input", {}),
        "decisions": selectors.decisions_of(claim),
        "error": error,
        "entitlement": getattr(claim, "entitlement", None) if claim.pk else None,
        "nav_active": NAV,
    }


@login_required
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _claim_or_404(request, claim_id)
    return render(request, "benefits/claim_detail.html", _detail_context(claim))


@login_required
@require_POST
def claim_action(request: HttpRequest, claim_id: int, action: str) -> HttpResponse:
    claim = _claim_or_404(request, claim_id)
    error, status = None, 200
    errors: dict[str, str] = {}
    form_data = None
    try:
        if action == "compute":
            params, errors = intake.params_from_form(claim.kind, request.POST)
            if errors:
                form_data = {k: request.POST.get(k) for k in request.POST}
                raise InvalidInput("invalid_input", _("Check the fields marked below."), field="form")
            for kept in ("periods", "start_month"):  # the corrected history and a start month given apart
                if kept in claim.params:
                    params[kept] = claim.params[kept]
            services.claim_compute(actor=request.user, claim=claim, params=params, source="web")
        elif action in ("history", "history_reset"):
            services.claim_set_history(
                actor=request.user,
                claim=claim,
                periods=None if action == "history_reset" else _posted_periods(request.POST),
                reason=request.POST.get("reason", ""),
                source="web",
            )
        elif action == "approve":
            services.claim_approve(actor=request.user, claim=claim, source="web")
        elif action == "decide":
            services.claim_decide(actor=request.user, claim=claim, source="web")
        elif action == "refuse":
            services.claim_refuse(
                actor=request.user, claim=claim, reason=request.POST.get("reason", ""), source="web"
            )
        elif action == "reopen":
            services.claim_reopen(
                actor=request.user, claim=claim, reason=request.POST.get("reason", ""), source="web"
            )
        else:
            raise Http404("no such action")
    except ApplicationError as exc:
        error, status = said(exc), exc.status
    claim = _claim_or_404(request, claim_id)
    if _fragment(request):
        return render(
            request,
            "benefits/claim_detail.html#claim",
            _detail_context(claim, error, errors, form_data),
            status=status,
        )
    if error:
        messages.error(request, error)
    return redirect("benefits:claim_detail", claim.pk)


@login_required
def decision_pdf_view(request: HttpRequest, claim_id: int, version: int) -> HttpResponse:
    try:
        decision = selectors.decision_get(user=request.user, claim_id=claim_id, version=version)
    except NotFound:
        raise Http404("decision not found") from None
    response = HttpResponse(decision_pdf(decision), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="QD-{decision.claim_id}-v{decision.version}.pdf"'
    return response


@login_required
def payroll_summary(request: HttpRequest) -> HttpResponse:
    if not (request.user.is_superuser or request.user.is_staff_role):
        raise Http404("not found")
    raw = request.GET.get("period") or ""
    try:
        period = Month.parse(raw) if raw else Month.of(timezone.localdate())
    except ValueError:
        raise Http404("bad period") from None
    payroll, rows = selectors.payroll_summary(period, request.user)
    channels: dict[str, dict[str, Any]] = {}
    for r in rows:
        c = channels.setdefault(
            r.channel, {"label": PaymentChannel(r.channel).label, "lines": 0, "amount": 0, "by_status": {}}
        )
        c["lines"] += r.lines
        c["amount"] += r.amount
        c["by_status"][r.status] = {"lines": r.lines, "amount": r.amount}
    return render(
        request,
        "benefits/payroll.html",
        {
            "period": period,
            "previous": period - 1,
            "next": period + 1,
            "payroll": payroll,
            "channels": channels,
            "statuses": ["built", "paid", "returned", "uncollected"],
            "nav_active": NAV,
            "files": [
                ("bank.csv", _("Bank transfer file (CSV)")),
                ("bank.xlsx", _("Bank transfer file (XLSX)")),
                ("postal.xlsx", _("Postal-service list by commune (XLSX)")),
                ("postal.pdf", _("Postal-service list by commune (PDF)")),
            ],
            "scoped_lines": sum(c["lines"] for c in channels.values()),
            "scoped_total": sum(c["amount"] for c in channels.values()),
        },
    )


@login_required
def payroll_file(request: HttpRequest, period: str, name: str) -> HttpResponse:
    """A payment file of the month's list, limited to the user's localities."""
    if name not in payment_files.FILE_NAMES:
        raise Http404("no such file")
    try:
        payroll = selectors.payroll_for_staff(user=request.user, period=Month.parse(period))
    except (NotFound, ValueError):
        raise Http404("payroll not found") from None
    content, content_type, file_name = payment_files.payment_file(payroll, name, user=request.user)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


# --- entitlements and recoveries -----------------------------------------------------------------------------


def _entitlement_or_404(request: HttpRequest, entitlement_id: int) -> Entitlement:
    try:
        return selectors.entitlement_get(user=request.user, entitlement_id=entitlement_id)
    except NotFound:
        raise Http404("entitlement not found") from None


def _entitlement_context(ent: Entitlement, error: str | None = None) -> dict[str, Any]:
    recoveries = selectors.entitlement_recoveries(ent)
    return {
        "ent": ent,
        "person": ent.person,
        "amounts": list(ent.amounts.order_by("valid_from", "id")),
        "lines": selectors.entitlement_lines(ent),
        "recoveries": recoveries,
        "to_recover": sum(r.remaining for r in recoveries if r.status == "open"),
        "arrears": selectors.entitlement_arrears(ent),
        "error": error,
        "today": timezone.localdate(),
        "nav_active": NAV,
    }


@login_required
def entitlement_detail(request: HttpRequest, entitlement_id: int) -> HttpResponse:
    ent = _entitlement_or_404(request, entitlement_id)
    return render(request, "benefits/entitlement_detail.html", _entitlement_context(ent))


@login_required
@require_POST
def entitlement_action(request: HttpRequest, entitlement_id: int, action: str) -> HttpResponse:
    """suspend | resume | stop the entitlement; repay | deduction on one of its recoveries (`recovery`)."""
    ent = _entitlement_or_404(request, entitlement_id)
    data = request.POST
    error, status = None, 200
    try:
        if action == "suspend":
            entitlement_services.entitlement_suspend(
                actor=request.user,
                entitlement=ent,
                from_month=_month(data.get("month"), "month"),
                reason=data.get("reason", ""),
                source="web",
            )
        elif action == "resume":
            entitlement_services.entitlement_resume(
                actor=request.user, entitlement=ent, reason=data.get("reason", ""), source="web"
            )
        elif action == "stop":
            entitlement_services.entitlement_stop(
                actor=request.user,
                entitlement=ent,
                stop_month=_month(data.get("month"), "month"),
                reason=data.get("reason", ""),
                source="web",
            )
        elif action in ("repay", "deduction"):
            rec = ent.recoveries.filter(pk=_int(data.get("recovery"), "recovery")).first()
            if rec is None:
                raise Http404("recovery not found")
            if action == "repay":
                recovery_services.recovery_repay(
                    actor=request.user,
                    recovery=rec,
                    amount=_int(data.get("amount"), "amount"),
                    on=_day(data.get("on"), "on"),
                    reference=data.get("reference", "").strip(),
                    source="web",
                )
            else:
                recovery_services.recovery_set_deduction(
                    actor=request.user,
                    recovery=rec,
                    deduct=data.get("deduct") == "on",
                    per_month=_int(data.get("per_month") or "0", "per_month"),
                    source="web",
                )
        else:
            raise Http404("no such action")
    except ApplicationError as exc:
        error, status = said(exc), exc.status
    ent = _entitlement_or_404(request, entitlement_id)
    if _fragment(request):
        return render(
            request,
            "benefits/entitlement_detail.html#entitlement",
            _entitlement_context(ent, error),
            status=status,
        )
    if error:
        messages.error(request, error)
    return redirect("benefits:entitlement_detail", ent.pk)


def _month(text: str | None, field: str) -> Month:
    from ansinh.core.errors import InvalidInput

    try:
        return Month.parse((text or "")[:7])
    except ValueError:
        raise InvalidInput("bad_month", _("Give the month as YYYY-MM."), field=field) from None


def _int(text: str | None, field: str) -> int:
    from ansinh.core.errors import InvalidInput

    try:
        return int((text or "").replace(".", "").replace(",", "").strip())
    except ValueError:
        raise InvalidInput("bad_number", _("Give a whole number."), field=field) from None


def _day(text: str | None, field: str) -> Any:
    import datetime as dt

    from ansinh.core.errors import InvalidInput

    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        raise InvalidInput("bad_date", _("Give the date as YYYY-MM-DD."), field=field) from None
