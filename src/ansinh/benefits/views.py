"""Staff pages of benefits: the claims list, receiving a claim, the claim with its explained calculation and the
workflow actions (htmx: each action answers with the claim fragment), the decision PDF, the payroll summary and
its payment files, the entitlement with its months paid, recoveries and arrears (and its actions).
Thin: parse, call a selector or service, render. Outside the user's scope → 404."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.benefits import selectors
from ansinh.benefits.decision_pdf import STEP_VI, decision_pdf
from ansinh.benefits.models import Channel, Claim, ClaimKind, Entitlement, PaymentChannel
from ansinh.benefits.services import claims as services
from ansinh.benefits.services import entitlements as entitlement_services
from ansinh.benefits.services import payment_files
from ansinh.benefits.services import recovery as recovery_services
from ansinh.core.errors import ApplicationError, NotFound
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


@login_required
def claim_new(request: HttpRequest) -> HttpResponse:
    person = None
    error = None
    data = request.POST if request.method == "POST" else request.GET
    person_id = data.get("person", "")
    if person_id:
        try:
            person = person_get(user=request.user, person_id=person_id)
        except NotFound:
            raise Http404("person not found") from None
    if request.method == "POST" and person is not None:
        try:
            params = json.loads(data.get("params") or "{}")
            claim = services.claim_receive(
                actor=request.user,
                person=person,
                kind=data.get("kind", ""),
                channel=data.get("channel", ""),
                received_on=_date(data.get("received_on")),
                params=params,
                claimant_name=data.get("claimant_name", ""),
                payment_channel=data.get("payment_channel", ""),
                bank_account=data.get("bank_account", "").strip(),
                bank_name=data.get("bank_name", "").strip(),
                payment_point=data.get("payment_point", "").strip(),
                source="web",
            )
        except json.JSONDecodeError:
            error = _("The calculation inputs must be a JSON object.")
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(
                request, _("Claim received; decide by %(day)s.") % {"day": claim.due_on.strftime("%d/%m/%Y")}
            )
            return redirect("benefits:claim_detail", claim.pk)
    return render(
        request,
        "benefits/claim_new.html",
        {
            "person": person,
            "error": error,
            "data": data,
            "kinds": ClaimKind.choices,
            "channels": Channel.choices,
            "payment_channels": PaymentChannel.choices,
            "today": timezone.localdate(),
            "nav_active": NAV,
        },
        status=422 if error else 200,
    )


def _date(text: str | None) -> Any:
    import datetime as dt

    from ansinh.core.errors import InvalidInput

    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        raise InvalidInput(
            "bad_date", _("Give the date the claim was received."), field="received_on"
        ) from None


def _detail_context(claim: Claim, error: str | None = None) -> dict[str, Any]:
    output = (claim.result or {}).get("output") or {}
    steps = [{**s, "label_vi": STEP_VI.get(s.get("label", ""), "")} for s in output.get("steps", [])]
    return {
        "claim": claim,
        "person": claim.person,
        "steps": steps,
        "params_used": output.get("params", []),
        "calc_input": (claim.result or {}).get("input", {}),
        "decisions": selectors.decisions_of(claim),
        "params_json": json.dumps(claim.params, ensure_ascii=False, indent=1),
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
    try:
        if action == "compute":
            raw = request.POST.get("params")
            params = json.loads(raw) if raw else None
            services.claim_compute(actor=request.user, claim=claim, params=params, source="web")
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
    except json.JSONDecodeError:
        error, status = _("The calculation inputs must be a JSON object."), 422
    except ApplicationError as exc:
        error, status = exc.message, exc.status
    claim = _claim_or_404(request, claim_id)
    if _fragment(request):
        return render(
            request, "benefits/claim_detail.html#claim", _detail_context(claim, error), status=status
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
        error, status = exc.message, exc.status
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
