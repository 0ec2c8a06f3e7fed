"""REST resources of benefits: /api/v1/benefits/claims (receive, compute, approve, decide, refuse, reopen),
decisions (JSON and PDF), entitlements (suspend, resume, stop), recoveries (repay, deduction), payroll summary and
payment files. Thin: parse, call a selector or service, shape the answer.
Scope through the person (outside it → 404); the services check the roles and the four eyes."""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from ansinh.benefits import selectors
from ansinh.benefits.decision_pdf import decision_pdf
from ansinh.benefits.models import Claim, Decision, Entitlement, Recovery
from ansinh.benefits.services import claims as services
from ansinh.benefits.services import entitlements as entitlement_services
from ansinh.benefits.services import payment_files
from ansinh.benefits.services import recovery as recovery_services
from ansinh.core.api import Pages
from ansinh.core.errors import InvalidInput, NotFound
from ansinh.registry.selectors import person_get
from ansinh.rules.periods import Month

router = Router()


class ClaimIn(Schema):
    person_id: int
    kind: str
    channel: str = "desk"
    received_on: dt.date
    params: dict[str, Any] = {}
    claimant_name: str = ""
    payment_channel: str = "bank_card"
    bank_account: str = ""
    bank_name: str = ""
    payment_point: str = ""


class ClaimOut(Schema):
    id: int
    person_id: int
    kind: str
    channel: str
    status: str
    received_on: dt.date
    due_on: dt.date
    due_basis: str
    params: dict[str, Any]
    eligible: bool | None
    amount: int
    monthly_amount: int
    start_month: dt.date | None
    end_month: dt.date | None
    payment_channel: str
    computed_by_id: int | None
    approved_by_id: int | None
    checks: list[dict[str, Any]]


class ClaimDetailOut(ClaimOut):
    result: dict[str, Any] | None
    history: list[dict[str, Any]]


class ComputeIn(Schema):
    params: dict[str, Any] | None = None


class DecideIn(Schema):
    decided_on: dt.date | None = None


class ReasonIn(Schema):
    reason: str
    decided_on: dt.date | None = None


class DecisionOut(Schema):
    id: int
    claim_id: int
    version: int
    previous_id: int | None
    number: str
    outcome: str
    reason: str
    amount: int
    monthly_amount: int
    start_month: dt.date | None
    end_month: dt.date | None
    payment_channel: str
    computed_by_id: int | None
    approved_by_id: int | None
    decided_by_id: int | None
    decided_on: dt.date
    result: dict[str, Any] | None


class AmountOut(Schema):
    valid_from: dt.date
    amount: int
    source: str
    basis: str


class EntitlementOut(Schema):
    id: int
    person_id: int
    claim_id: int | None
    kind: str
    fund: str
    from_month: dt.date
    to_month: dt.date | None
    channel: str
    status: str
    suspended_from: dt.date | None
    stop_month: dt.date | None
    paid_through: dt.date | None
    amounts: list[AmountOut]

    @staticmethod
    def resolve_paid_through(obj: Entitlement) -> Any:
        return selectors.paid_through(obj)

    @staticmethod
    def resolve_amounts(obj: Entitlement) -> list[Any]:
        return list(obj.amounts.order_by("valid_from", "id"))


class ClaimFilter(Schema):
    status: str = ""
    kind: str = ""
    q: str = ""


class ChannelLineOut(Schema):
    channel: str
    status: str
    lines: int
    amount: int


class PayrollOut(Schema):
    period: str
    double: bool
    builds: int
    lines: int
    total: int
    by_channel: list[ChannelLineOut]


def _claim(request: HttpRequest, claim_id: int) -> Claim:
    return selectors.claim_get(user=request.user, claim_id=claim_id)


@router.get("/benefits/claims", response=list[ClaimOut])
@paginate(Pages)
def list_claims(request: HttpRequest, filters: Query[ClaimFilter]) -> Any:
    return selectors.claim_list(user=request.user, status=filters.status, kind=filters.kind, q=filters.q)


@router.post("/benefits/claims", response={201: ClaimDetailOut})
def receive_claim(request: HttpRequest, payload: ClaimIn) -> Any:
    person = person_get(user=request.user, person_id=payload.person_id)
    claim = services.claim_receive(
        actor=request.user,
        person=person,
        kind=payload.kind,
        channel=payload.channel,
        received_on=payload.received_on,
        params=payload.params,
        claimant_name=payload.claimant_name,
        payment_channel=payload.payment_channel,
        bank_account=payload.bank_account,
        bank_name=payload.bank_name,
        payment_point=payload.payment_point,
        source="api",
    )
    return Status(201, claim)


@router.get("/benefits/claims/{claim_id}", response=ClaimDetailOut)
def get_claim(request: HttpRequest, claim_id: int) -> Any:
    return _claim(request, claim_id)


@router.post("/benefits/claims/{claim_id}/compute", response=ClaimDetailOut)
def compute_claim(request: HttpRequest, claim_id: int, payload: ComputeIn) -> Any:
    return services.claim_compute(
        actor=request.user, claim=_claim(request, claim_id), params=payload.params, source="api"
    )


@router.post("/benefits/claims/{claim_id}/approve", response=ClaimDetailOut)
def approve_claim(request: HttpRequest, claim_id: int) -> Any:
    return services.claim_approve(actor=request.user, claim=_claim(request, claim_id), source="api")


@router.post("/benefits/claims/{claim_id}/decide", response={201: DecisionOut})
def decide_claim(request: HttpRequest, claim_id: int, payload: DecideIn) -> Any:
    decision = services.claim_decide(
        actor=request.user, claim=_claim(request, claim_id), decided_on=payload.decided_on, source="api"
    )
    return Status(201, decision)


@router.post("/benefits/claims/{claim_id}/refuse", response={201: DecisionOut})
def refuse_claim(request: HttpRequest, claim_id: int, payload: ReasonIn) -> Any:
    decision = services.claim_refuse(
        actor=request.user,
        claim=_claim(request, claim_id),
        reason=payload.reason,
        decided_on=payload.decided_on,
        source="api",
    )
    return Status(201, decision)


@router.post("/benefits/claims/{claim_id}/reopen", response=ClaimDetailOut)
def reopen_claim(request: HttpRequest, claim_id: int, payload: ReasonIn) -> Any:
    return services.claim_reopen(
        actor=request.user, claim=_claim(request, claim_id), reason=payload.reason, source="api"
    )


@router.get("/benefits/claims/{claim_id}/decisions", response=list[DecisionOut])
def list_decisions(request: HttpRequest, claim_id: int) -> Any:
    return selectors.decisions_of(_claim(request, claim_id))


@router.get("/benefits/claims/{claim_id}/decisions/{version}", response=DecisionOut)
def get_decision(request: HttpRequest, claim_id: int, version: int) -> Any:
    return selectors.decision_get(user=request.user, claim_id=claim_id, version=version)


@router.get("/benefits/claims/{claim_id}/decisions/{version}/pdf")
def decision_pdf_view(request: HttpRequest, claim_id: int, version: int) -> HttpResponse:
    decision: Decision = selectors.decision_get(user=request.user, claim_id=claim_id, version=version)
    response = HttpResponse(decision_pdf(decision), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="QD-{decision.claim_id}-v{decision.version}.pdf"'
    return response


@router.get("/benefits/entitlements", response=list[EntitlementOut])
@paginate(Pages)
def list_entitlements(request: HttpRequest, status: str = "", person_id: int | None = None) -> Any:
    qs = selectors.entitlements_visible(request.user).order_by("id")
    if status:
        qs = qs.filter(status=status)
    if person_id:
        qs = qs.filter(person_id=person_id)
    return qs


@router.get("/benefits/entitlements/{entitlement_id}", response=EntitlementOut)
def get_entitlement(request: HttpRequest, entitlement_id: int) -> Any:
    return selectors.entitlement_get(user=request.user, entitlement_id=entitlement_id)


@router.get("/benefits/payrolls/{period}", response=PayrollOut)
def payroll_summary(request: HttpRequest, period: str) -> Any:
    if not (request.user.is_superuser or getattr(request.user, "is_staff_role", False)):
        raise NotFound("payroll", period)
    try:
        month = Month.parse(period)
    except ValueError:
        raise InvalidInput("bad_month", "period must be YYYY-MM", field="period") from None
    payroll, rows = selectors.payroll_summary(month, request.user)
    if payroll is None:
        return {"period": str(month), "double": False, "builds": 0, "lines": 0, "total": 0, "by_channel": []}
    return {
        "period": str(month),
        "double": payroll.double,
        "builds": payroll.builds,
        "lines": sum(r.lines for r in rows),
        "total": sum(r.amount for r in rows),
        "by_channel": [r.__dict__ for r in rows],
    }


def _month(value: str, field: str) -> Month:
    try:
        return Month.parse(value[:7])
    except ValueError:
        raise InvalidInput("bad_month", f"{field} must be YYYY-MM", field=field) from None


@router.get("/benefits/payrolls/{period}/files/{name}")
def payroll_file(request: HttpRequest, period: str, name: str) -> HttpResponse:
    """bank.csv | bank.xlsx | postal.xlsx | postal.pdf — the lines still to pay, in the user's localities."""
    if name not in payment_files.FILE_NAMES:
        raise NotFound("file", name)
    payroll = selectors.payroll_for_staff(user=request.user, period=_month(period, "period"))
    content, content_type, file_name = payment_files.payment_file(payroll, name, user=request.user)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


class RecoveryOut(Schema):
    id: int
    person_id: int
    entitlement_id: int | None
    claim_id: int | None
    fund: str
    cause: str
    months: list[dict[str, Any]]
    amount: int
    recovered: int
    cancelled: int
    remaining: int
    deduct: bool
    per_month: int
    status: str
    reason: str
    basis: str

    @staticmethod
    def resolve_remaining(obj: Recovery) -> int:
        return obj.remaining


class ArrearsOut(Schema):
    id: int
    entitlement_id: int
    months: list[dict[str, Any]]
    amount: int
    status: str


class RepayIn(Schema):
    amount: int
    on: dt.date
    reference: str = ""


class DeductionIn(Schema):
    deduct: bool
    per_month: int = 0


class MonthReasonIn(Schema):
    month: str
    reason: str


class ResumeIn(Schema):
    reason: str


@router.get("/benefits/recoveries", response=list[RecoveryOut])
@paginate(Pages)
def list_recoveries(request: HttpRequest, status: str = "", entitlement_id: int | None = None) -> Any:
    qs = selectors.recoveries_visible(request.user).order_by("id")
    if status:
        qs = qs.filter(status=status)
    if entitlement_id:
        qs = qs.filter(entitlement_id=entitlement_id)
    return qs


@router.get("/benefits/recoveries/{recovery_id}", response=RecoveryOut)
def get_recovery(request: HttpRequest, recovery_id: int) -> Any:
    return selectors.recovery_get(user=request.user, recovery_id=recovery_id)


@router.post("/benefits/recoveries/{recovery_id}/repay", response=RecoveryOut)
def repay_recovery(request: HttpRequest, recovery_id: int, payload: RepayIn) -> Any:
    rec = selectors.recovery_get(user=request.user, recovery_id=recovery_id)
    recovery_services.recovery_repay(
        actor=request.user,
        recovery=rec,
        amount=payload.amount,
        on=payload.on,
        reference=payload.reference,
        source="api",
    )
    return selectors.recovery_get(user=request.user, recovery_id=recovery_id)


@router.post("/benefits/recoveries/{recovery_id}/deduction", response=RecoveryOut)
def set_deduction(request: HttpRequest, recovery_id: int, payload: DeductionIn) -> Any:
    rec = selectors.recovery_get(user=request.user, recovery_id=recovery_id)
    return recovery_services.recovery_set_deduction(
        actor=request.user, recovery=rec, deduct=payload.deduct, per_month=payload.per_month, source="api"
    )


@router.get("/benefits/entitlements/{entitlement_id}/arrears", response=list[ArrearsOut])
def list_arrears(request: HttpRequest, entitlement_id: int) -> Any:
    return selectors.entitlement_arrears(
        selectors.entitlement_get(user=request.user, entitlement_id=entitlement_id)
    )


@router.post("/benefits/entitlements/{entitlement_id}/suspend", response=EntitlementOut)
def suspend_entitlement(request: HttpRequest, entitlement_id: int, payload: MonthReasonIn) -> Any:
    ent = selectors.entitlement_get(user=request.user, entitlement_id=entitlement_id)
    return entitlement_services.entitlement_suspend(
        actor=request.user,
        entitlement=ent,
        from_month=_month(payload.month, "month"),
        reason=payload.reason,
        source="api",
    )


@router.post("/benefits/entitlements/{entitlement_id}/resume", response=EntitlementOut)
def resume_entitlement(request: HttpRequest, entitlement_id: int, payload: ResumeIn) -> Any:
    ent = selectors.entitlement_get(user=request.user, entitlement_id=entitlement_id)
    return entitlement_services.entitlement_resume(
        actor=request.user, entitlement=ent, reason=payload.reason, source="api"
    )


@router.post("/benefits/entitlements/{entitlement_id}/stop", response=EntitlementOut)
def stop_entitlement(request: HttpRequest, entitlement_id: int, payload: MonthReasonIn) -> Any:
    ent = selectors.entitlement_get(user=request.user, entitlement_id=entitlement_id)
    return entitlement_services.entitlement_stop(
        actor=request.user,
        entitlement=ent,
        stop_month=_month(payload.month, "month"),
        reason=payload.reason,
        source="api",
    )
