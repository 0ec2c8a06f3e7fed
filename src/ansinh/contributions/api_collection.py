"""REST resources of collection: /api/v1/agents (collection points, staff, receipts, remittances, cash held),
/api/v1/bank-statements (upload, the unmatched queue) and /api/v1/bank-statement-lines/{id}/assign|ignore.
Thin: parse, call one selector or service, shape the answer. Collection officers work on the agents of the
communes they cover; agent staff (a user named on an AgentStaff row) see and use their own agent only."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from ansinh.contributions import selectors
from ansinh.contributions.imports.bank_statement import layout_for
from ansinh.contributions.services import collection as services
from ansinh.contributions.services import payments
from ansinh.core.api import Pages
from ansinh.core.errors import InvalidInput
from ansinh.rules.periods import Month

router = Router()

MAX_UPLOAD = 20 * 1024 * 1024


# --- schemas -------------------------------------------------------------------------------------------------

class AgentIn(Schema):
    code: str = Field(..., description="CV 1804 point code: 10-char code + TH + 7-digit admin code + 3-digit point")
    name: str
    kind: str = Field(..., description="post_office | commune_point | bank | other")
    commune_id: int
    commission_rate: Decimal = Field(..., ge=0, le=Decimal("0.2"), description="share, e.g. 0.04 for 4%")
    valid_from: dt.date
    office_id: int | None = None


class AgentPatch(Schema):
    name: str | None = None
    valid_to: dt.date | None = None
    office_id: int | None = None
    reason: str = ""


class AgentOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    commune_id: int
    office_id: int | None
    commission_rate: Decimal
    valid_from: dt.date
    valid_to: dt.date | None


class StaffIn(Schema):
    full_name: str
    valid_from: dt.date
    user_id: int | None = None
    person_id: int | None = None


class StaffOut(Schema):
    id: int
    agent_id: int
    full_name: str
    user_id: int | None
    person_id: int | None
    valid_from: dt.date
    valid_to: dt.date | None


class ReceiptIn(Schema):
    number: str = Field(..., max_length=30)
    scheme: str = Field(..., description="vsi (voluntary SI) | hi_household (household HI)")
    from_month: str = Field(..., pattern=r"^\d{4}-\d{2}$")
    taken_on: dt.date
    person_id: int | None = None
    household_id: int | None = None
    member_ids: list[int] = Field(default_factory=list, description="household HI: members paid for, in rank order")
    income: int | None = Field(None, gt=0)
    mode: str = "monthly"
    months: int | None = None
    support_group: str = "other"
    staff_id: int | None = None


class ReceiptOut(Schema):
    id: int
    number: str
    agent_id: int
    scheme: str
    person_id: int | None
    household_id: int | None
    from_month: dt.date
    to_month: dt.date
    gross: int
    state_support: int
    payable: int
    taken_on: dt.date
    remittance_id: int | None
    detail: dict[str, Any]
    created: bool = True


class RemittanceIn(Schema):
    reference: str = Field(..., max_length=60)
    remitted_on: dt.date
    receipt_numbers: list[str] = Field(default_factory=list)
    amount: int | None = None


class RemittanceOut(Schema):
    id: int
    agent_id: int
    reference: str
    remitted_on: dt.date
    amount: int
    receipts: list[str]
    created: bool = True


class CashOut(Schema):
    id: int
    code: str
    name: str
    commune_id: int
    cash_held: int
    unremitted_receipts: int
    unremitted_amount: int


class LineOut(Schema):
    id: int
    bank: str
    account_no: str
    reference: str
    value_date: dt.date
    amount: int
    text: str
    payer_name: str
    employer_id: int | None
    status: str


class AssignIn(Schema):
    employer_id: int
    reason: str = ""


class IgnoreIn(Schema):
    reason: str


class ImportOut(Schema):
    file_name: str
    bank: str
    account_no: str
    layout: str
    lines: int
    debits_skipped: int
    credits: int
    already_imported: list[dict[str, Any]]
    matched: int
    matched_amount: int
    unmatched: int
    unmatched_amount: int
    ambiguous: list[dict[str, Any]]
    txns: int
    entries: int
    opening_balance: int | None
    closing_balance: int | None
    dry_run: bool
    timings: dict[str, float]
    allocation_rule: str


def _month(text: str, field: str) -> Month:
    try:
        return Month.parse(text)
    except ValueError as exc:
        raise InvalidInput("bad_month", str(exc), field=field) from None


def _receipt_out(receipt: Any, created: bool) -> dict[str, Any]:
    return {**{f: getattr(receipt, f) for f in ReceiptOut.model_fields if f != "created"}, "created": created}


def _remittance_out(remittance: Any, created: bool) -> dict[str, Any]:
    return {"id": remittance.pk, "agent_id": remittance.agent_id, "reference": remittance.reference,
            "remitted_on": remittance.remitted_on, "amount": remittance.amount,
            "receipts": sorted(remittance.receipts.values_list("number", flat=True)), "created": created}


# --- agents --------------------------------------------------------------------------------------------------

@router.get("/agents", response=list[AgentOut])
@paginate(Pages)
def list_agents(request: HttpRequest, commune_id: int | None = None) -> Any:
    qs = selectors.agents_visible(request.user).order_by("code")
    return qs.filter(commune_id=commune_id) if commune_id else qs


@router.post("/agents", response={201: AgentOut})
def create_agent(request: HttpRequest, payload: AgentIn) -> Any:
    agent = services.agent_create(actor=request.user, data=services.AgentInput(**payload.dict()), source="api")
    return Status(201, agent)


@router.get("/agents/cash", response=list[CashOut], summary="Cash held by each agent in scope, not yet remitted")
def agents_cash(request: HttpRequest) -> Any:
    return selectors.agent_cash_held(user=request.user)


@router.get("/agents/{agent_id}", response=AgentOut)
def get_agent(request: HttpRequest, agent_id: int) -> Any:
    return selectors.agent_get(user=request.user, agent_id=agent_id)


@router.patch("/agents/{agent_id}", response=AgentOut)
def update_agent(request: HttpRequest, agent_id: int, payload: AgentPatch) -> Any:
    agent = selectors.agent_get(user=request.user, agent_id=agent_id)
    data = payload.dict(exclude_unset=True)
    reason = data.pop("reason", "")
    return services.agent_update(actor=request.user, agent=agent, changes=data, reason=reason, source="api")


@router.post("/agents/{agent_id}/staff", response={201: StaffOut})
def add_staff(request: HttpRequest, agent_id: int, payload: StaffIn) -> Any:
    agent = selectors.agent_get(user=request.user, agent_id=agent_id)
    user = services.assignable_user(actor=request.user, user_id=payload.user_id) if payload.user_id else None
    person = services.assignable_person(actor=request.user, person_id=payload.person_id) if payload.person_id else None
    staff = services.agent_staff_add(actor=request.user, agent=agent, full_name=payload.full_name,
                                     valid_from=payload.valid_from, user=user, person=person, source="api")
    return Status(201, staff)


@router.post("/agents/{agent_id}/receipts", response={201: ReceiptOut, 200: ReceiptOut},
             summary="Take a voluntary SI or household HI payment at the agent (the agent screen)")
def create_receipt(request: HttpRequest, agent_id: int, payload: ReceiptIn) -> Any:
    agent = selectors.agent_get(user=request.user, agent_id=agent_id)
    data = payload.dict()
    data["from_month"] = _month(data["from_month"], "from_month")
    data["member_ids"] = tuple(data["member_ids"])
    receipt, created = services.receipt_create(actor=request.user, agent=agent, data=services.ReceiptInput(**data),
                                               source="api")
    return Status(201 if created else 200, _receipt_out(receipt, created))


@router.get("/agents/{agent_id}/receipts", response=list[ReceiptOut])
@paginate(Pages)
def list_receipts(request: HttpRequest, agent_id: int, unremitted: bool = False) -> Any:
    agent = selectors.agent_get(user=request.user, agent_id=agent_id)
    qs = agent.receipts.order_by("-taken_on", "-id")
    return qs.filter(remittance__isnull=True) if unremitted else qs


@router.post("/agents/{agent_id}/remittances", response={201: RemittanceOut, 200: RemittanceOut})
def create_remittance(request: HttpRequest, agent_id: int, payload: RemittanceIn) -> Any:
    agent = selectors.agent_get(user=request.user, agent_id=agent_id)
    remittance, created = services.remittance_create(
        actor=request.user, agent=agent, reference=payload.reference, remitted_on=payload.remitted_on,
        receipt_numbers=payload.receipt_numbers or None, amount=payload.amount, source="api",
    )
    return Status(201 if created else 200, _remittance_out(remittance, created))


# --- bank statements -----------------------------------------------------------------------------------------

@router.post("/bank-statements", response={201: ImportOut, 200: ImportOut},
             summary="Upload a bank statement (CSV or XLSX): credit lines matched, allocated and posted")
def upload_statement(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008 - Ninja's way of declaring an upload
    bank: str = Form("MB"),
    account_no: str = Form(""),
    layout_config: UploadedFile | None = File(None),  # noqa: B008
    layout_bank: str = Form(""),
    agency_id: int = Form(0),
    dry_run: bool = Form(False),
) -> Any:
    if file.size and file.size > MAX_UPLOAD:
        raise InvalidInput("too_large", f"file: at most {MAX_UPLOAD // 1_048_576} MB", field="file")
    try:
        config = layout_config.read().decode("utf-8-sig") if layout_config is not None else None
        layout = layout_for(bank, config, layout_bank or None)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("bad_layout", str(exc), field="layout_config") from None
    report = payments.bank_statement_import(
        actor=request.user, data=file.read(), file_name=file.name or "statement", bank=bank, account_no=account_no,
        layout=layout, agency_id=agency_id, dry_run=dry_run, source="api",
    )
    return Status(200 if dry_run else 201, report)


@router.get("/bank-statements/unmatched", response=list[LineOut], summary="The queue of lines waiting for an officer")
@paginate(Pages)
def unmatched(request: HttpRequest) -> Any:
    return selectors.unmatched_queue(user=request.user)


@router.post("/bank-statement-lines/{line_id}/assign", response=LineOut)
def assign_line(request: HttpRequest, line_id: int, payload: AssignIn) -> Any:
    line = selectors.statement_line_get(user=request.user, line_id=line_id)
    row, _ = payments.statement_line_assign(actor=request.user, line=line, employer_id=payload.employer_id,
                                            reason=payload.reason, source="api")
    return row


@router.post("/bank-statement-lines/{line_id}/ignore", response=LineOut)
def ignore_line(request: HttpRequest, line_id: int, payload: IgnoreIn) -> Any:
    line = selectors.statement_line_get(user=request.user, line_id=line_id)
    return payments.statement_line_ignore(actor=request.user, line=line, reason=payload.reason, source="api")
