"""REST resources of coverage: a person's monthly coverage, contribution history and HI cards; a card by number.
Thin: parse, call a selector or service, shape the answer. Scope: the person is read through
registry.selectors.person_get (outside the user's scope: 404)."""


import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.responses import Status

from ansinh.core.errors import Conflict, InvalidInput
from ansinh.coverage import selectors
from ansinh.coverage.services import cards as card_services
from ansinh.registry.selectors import person_get
from ansinh.rules import hi_card
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError

router = Router()


# --- schemas -------------------------------------------------------------------------------------------------

class SchemeMonthOut(Schema):
    participation_id: int
    scheme: str
    hi_group: str
    payer: str
    employer_id: int | None
    employer_code: str
    employer_name: str
    household_id: int | None
    household_code: str
    valid_from: dt.date
    valid_to: dt.date | None
    confirmed: bool
    basis: str = Field(..., description="employer_ledger, receipt, state_list or no_payer")
    paid_on: dt.date | None
    owed: int
    receipt_number: str


class CoverageOut(Schema):
    person_id: int
    month: str
    confirmed: bool
    schemes: list[SchemeMonthOut]


class PeriodOut(Schema):
    from_month: str
    to_month: str
    months: int
    employer_id: int
    employer_code: str
    employer_name: str
    salary: int
    si_base: int
    ui_base: int
    funds: dict[str, int]
    employer_share: int
    employee_share: int
    total: int
    unconfirmed_months: int


class VoluntaryOut(Schema):
    from_month: str
    to_month: str
    months: int
    scheme: str
    income: int | None
    gross: int
    state_support: int
    payable: int
    receipts: list[str]


class HistoryOut(Schema):
    person_id: int
    periods: list[PeriodOut]
    voluntary: list[VoluntaryOut]
    totals: dict[str, int]
    months: dict[str, int]
    months_confirmed: dict[str, int]


class CardOut(Schema):
    id: int
    person_id: int
    number: str
    group: str
    benefit_level: int
    benefit_share: int = Field(..., description="percent reimbursed within the HI scope for the printed digit")
    province_code: str
    living_area: str
    valid_from: dt.date
    valid_to: dt.date
    primary_care_code: str
    five_years_from: dt.date | None
    status: str
    reason: str
    replaces_id: int | None
    issued_at: dt.datetime

    @staticmethod
    def resolve_benefit_share(obj: Any) -> int:
        return hi_card.BENEFIT_LEVELS[obj.benefit_level].share


class CardLookupOut(CardOut):
    valid_today: bool
    benefit_level_today: int | None = Field(..., description="the digit in force today for the card's group")


class ReissueIn(Schema):
    cause: str = Field(..., pattern="^(lost|damaged)$")
    note: str = Field("", max_length=300)


# --- endpoints -----------------------------------------------------------------------------------------------

def _month(text: str | None) -> Month:
    if not text:
        return Month.of(timezone.localdate())
    try:
        return Month.parse(text)
    except ValueError as exc:
        raise InvalidInput("bad_month", str(exc), field="month") from None


def _plain(obj: Any) -> dict[str, Any]:
    out = {k: (str(v) if isinstance(v, Month) else v) for k, v in vars(obj).items()}
    if hasattr(obj, "total"):
        out["total"] = obj.total
    return out


@router.get("/persons/{person_id}/coverage", response=CoverageOut, summary="Schemes of a month and whether it is paid")
def person_coverage(request: HttpRequest, person_id: int, month: str | None = None) -> Any:
    person = person_get(user=request.user, person_id=person_id)
    cov = selectors.monthly_coverage(person, _month(month))
    return {"person_id": cov.person_id, "month": str(cov.month), "confirmed": cov.confirmed,
            "schemes": [vars(s) for s in cov.schemes]}


@router.get("/persons/{person_id}/contribution-history", response=HistoryOut,
            summary="Contribution history (quá trình đóng) in periods")
def person_history(request: HttpRequest, person_id: int) -> Any:
    history = selectors.contribution_history(person_get(user=request.user, person_id=person_id), request.user)
    return {"person_id": history.person_id, "periods": [_plain(p) for p in history.periods],
            "voluntary": [_plain(v) for v in history.voluntary], "totals": history.totals, "months": history.months,
            "months_confirmed": history.months_confirmed}


@router.get("/persons/{person_id}/hi-cards", response=list[CardOut], summary="Every HI card of the person, newest first")
def person_cards(request: HttpRequest, person_id: int) -> Any:
    return selectors.person_cards(person_get(user=request.user, person_id=person_id), request.user)


@router.post("/persons/{person_id}/hi-cards/reissue", response={201: CardOut},
             summary="Reissue the current card (lost or damaged): same number and validity, a new card row")
def reissue_card(request: HttpRequest, person_id: int, payload: ReissueIn) -> Any:
    person = person_get(user=request.user, person_id=person_id)
    card = selectors.current_card(person)
    if card is None:
        raise Conflict("no_current_card", f"{person} holds no current HI card", field="person_id")
    return Status(201, card_services.card_reissue(actor=request.user, card=card, cause=payload.cause,
                                                  note=payload.note, source="api"))


@router.get("/hi-cards/{number}", response=CardLookupOut, summary="A card by its 15-character number")
def card_lookup(request: HttpRequest, number: str) -> Any:
    try:
        parsed = str(hi_card.parse_card_number(number))
    except RuleError as exc:
        raise InvalidInput(exc.code, exc.message, field="number") from None
    card = selectors.card_by_number(user=request.user, number=parsed)
    today = timezone.localdate()
    try:
        digit_today: int | None = hi_card.benefit_digit(card.group, today).digit
    except RuleError:
        digit_today = None
    card.valid_today = card.status != card.Status.REVOKED and card.valid_from <= today <= card.valid_to \
        and selectors.card_valid_on(card.person, today) == card
    card.benefit_level_today = digit_today
    return card
