"""What agent staff do: take a payment (voluntary SI or household HI, the amount from the calculators), remit the
day's money to the agency and, once remitted, have the household's HI cards issued. Each is the existing collection
and coverage service (contributions.services.collection, coverage.services.cards), called as the agent's user after
the agent-screen checks: the agent is the user's own, the participant or household lives in the agent's communes.
Audit rows are written by those services in the same transaction (the agent's user as actor, source 'agent')."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction

from ansinh.agents import selectors
from ansinh.contributions.models import CollectionAgent, PaymentReference, Receipt, Remittance
from ansinh.contributions.services import collection, references
from ansinh.core.errors import ApplicationError, Conflict, InvalidInput, NotFound
from ansinh.coverage.services.cards import IssueReport, cards_issue
from ansinh.rules.periods import Month

SOURCE = "agent"
_NUMBER = re.compile(r"^[A-Z0-9-]{6,30}$")


def _require_staff_of(actor: Any, agent: CollectionAgent) -> None:
    from ansinh.contributions.selectors import staff_agent_ids

    if agent.pk not in staff_agent_ids(actor):
        raise NotFound("agent", agent.pk)


def next_receipt_number(agent: CollectionAgent, day: dt.date) -> str:
    """The agent's next receipt number of the day: the point's administrative code and number (the last 10
    characters of its CV 1804 code), the day (yymmdd) and a running number: 2000070001-261206-007."""
    prefix = f"{agent.code[-10:]}-{day:%y%m%d}-"
    used = Receipt.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    top = max((int(n[len(prefix):]) for n in used if n[len(prefix):].isdigit()), default=0)
    return f"{prefix}{top + 1:03d}"


def remittance_reference(agent: CollectionAgent, day: dt.date) -> str:
    prefix = f"NT-{agent.code[-10:]}-{day:%y%m%d}-"
    n = Remittance.objects.filter(reference__startswith=prefix).count()
    return f"{prefix}{n + 1:02d}"


def check_payer(agent: CollectionAgent, data: collection.ReceiptInput) -> None:
    """The participant or household must be in the agent's communes ('not found' otherwise), and for household
    HI every member named must be a member (the collection service checks it again, in the month paid)."""
    if data.scheme == Receipt.Scheme.VSI:
        selectors.person_get(agent, data.person_id)
    elif data.scheme == Receipt.Scheme.HI_HOUSEHOLD:
        selectors.household_get(agent, data.household_id)
    else:
        raise InvalidInput("bad_choice", "scheme must be vsi or hi_household", field="scheme")


def payment_quote(*, actor: Any, agent: CollectionAgent, data: collection.ReceiptInput) -> Any:
    """The amount the calculators give for this payment (nothing written)."""
    _require_staff_of(actor, agent)
    check_payer(agent, data)
    members = len(data.member_ids) if data.scheme == Receipt.Scheme.HI_HOUSEHOLD else 1
    if data.scheme == Receipt.Scheme.HI_HOUSEHOLD and not members:
        raise InvalidInput("bad_members", "member_ids: choose at least one member to pay for", field="member_ids")
    return collection.receipt_quote(data, members)


def payment_take(*, actor: Any, agent: CollectionAgent, data: collection.ReceiptInput,
                 then: Callable[[Receipt], None] | None = None) -> tuple[Receipt, bool]:
    """Take the payment as a receipt of the agent (numbered by the screen; the same form sent twice returns the
    first receipt). A number proposed on the form but taken meanwhile by another payment gets the next free one.
    ``then`` runs in the receipt's transaction (a payment code settled by the receipt)."""
    _require_staff_of(actor, agent)
    check_payer(agent, data)
    number = (data.number or "").strip().upper()
    if not _NUMBER.match(number):
        raise InvalidInput("bad_number", "number: letters, digits and '-', 6 to 30 characters", field="number")
    staff = selectors_staff_id(actor, agent)
    for attempt in range(3):
        inp = collection.ReceiptInput(**{**data.__dict__, "number": number, "staff_id": staff})
        try:
            with transaction.atomic():
                receipt, created = collection.receipt_create(actor=actor, agent=agent, data=inp, source=SOURCE)
                if then is not None:
                    then(receipt)
                return receipt, created
        except Conflict as exc:
            if exc.code != "duplicate_number" or attempt == 2:
                raise
        except IntegrityError:  # two counters numbered the same at once
            if attempt == 2:
                raise
        number = next_receipt_number(agent, data.taken_on)
    raise AssertionError("unreachable")


# --- payment codes (mã thanh toán) -----------------------------------------------------------------------------


def reference_for_agent(agent: CollectionAgent, code: str, *, today: dt.date,
                        paid_by: str = "") -> PaymentReference:
    """The open payment reference a code names, for this agent: the code written with or without spaces, its check
    digit verified; refused (field 'code') when malformed, unknown, the payer outside the agent's communes (checked
    before anything about the reference is said), paid, cancelled or past its validity. ``paid_by``: a receipt
    number whose own earlier settlement is accepted (the same form sent twice)."""
    text = (code or "").strip()[:40]
    if not text:
        raise InvalidInput("required", "code: write the payment code (AS and 10 digits)", field="code")
    norm = references.normalise(text)
    if norm is None:
        raise InvalidInput("bad_reference_code", f"code: {text!r} is not a payment code (AS and 10 digits; check "
                                                 "digit wrong: a digit mistyped?)", field="code")
    ref = PaymentReference.objects.select_related("person", "household").filter(code=norm).first()
    if ref is None:
        raise InvalidInput("unknown_reference", f"code: no payment code {norm} was issued", field="code")
    try:
        if ref.purpose == PaymentReference.Purpose.HI_HOUSEHOLD:
            selectors.household_get(agent, ref.household_id)
        else:
            selectors.person_get(agent, ref.person_id)
    except NotFound:
        raise InvalidInput("reference_elsewhere", f"code: the payer of {norm} lives outside the communes of this "
                                                  "collection point", field="code") from None
    if ref.status == PaymentReference.Status.PAID and not (paid_by and ref.paid_ref == paid_by):
        raise Conflict("reference_paid", f"code: {norm} was paid on {ref.paid_on} ({ref.paid_channel} "
                                         f"{ref.paid_ref})", field="code")
    if ref.status == PaymentReference.Status.CANCELLED:
        raise Conflict("reference_cancelled", f"code: {norm} was cancelled", field="code")
    if ref.status == PaymentReference.Status.OPEN and ref.valid_until < today:
        raise Conflict("reference_expired", f"code: {norm} was valid until {ref.valid_until.isoformat()}",
                       field="code")
    return ref


def reference_renew(*, actor: Any, agent: CollectionAgent, code: str, today: dt.date) -> PaymentReference:
    """A new code for the same request when the code the payer brought is past its validity (the payer is within
    the agent's communes: checked first, as for paying). The service of the portal's "Get a new payment code":
    the amount computed again from the first month not yet past, the old code cancelled, audited with the agent's
    user, the payer told the new code. Any other refusal of the code (malformed, unknown, elsewhere, paid,
    cancelled) is the same as for paying; a code still valid is returned as it is."""
    _require_staff_of(actor, agent)
    try:
        ref = reference_for_agent(agent, code, today=today)
    except Conflict as exc:
        if exc.code != "reference_expired":
            raise
        ref = PaymentReference.objects.select_related("person", "household", "dossier").get(
            code=references.normalise(code))
    else:
        return ref
    return references.payment_reference_renew(actor=actor, ref=ref, today=today, source=SOURCE)


def reference_input(ref: PaymentReference, *, number: str, today: dt.date) -> collection.ReceiptInput:
    """The receipt that pays a reference: exactly its figures (voluntary SI: income, mode or months, first month,
    support group; household HI: the members in the reference's rank order, months, first month)."""
    first = Month.of(ref.from_month)
    if ref.purpose == PaymentReference.Purpose.HI_HOUSEHOLD:
        return collection.ReceiptInput(number=number, scheme=Receipt.Scheme.HI_HOUSEHOLD, from_month=first,
                                       taken_on=today, household_id=ref.household_id,
                                       member_ids=tuple(int(i) for i in ref.members), months=ref.months)
    mode = references.VSI_MODE_OF.get(ref.mode, ref.mode) or "monthly"
    return collection.ReceiptInput(number=number, scheme=Receipt.Scheme.VSI, from_month=first, taken_on=today,
                                   person_id=ref.person_id, income=ref.income, mode=mode,
                                   months=ref.months if mode == "advance" else None,
                                   support_group=ref.support_group or "other")


def reference_take(*, actor: Any, agent: CollectionAgent, code: str, number: str,
                   today: dt.date) -> tuple[Receipt, bool]:
    """Take the payment a code asks for: the agent's receipt with the reference's figures (it posts the money and
    opens the months), and in the same transaction the reference settled (channel 'agent', the receipt number).
    The receipt's amount must equal the reference's (else nothing is written: the code is renewed or the
    payment taken without it). The same form sent twice returns the first receipt."""
    _require_staff_of(actor, agent)
    number = (number or "").strip().upper()
    ref = reference_for_agent(agent, code, today=today, paid_by=number)
    if ref.status == PaymentReference.Status.PAID:  # paid by this very receipt: the form sent again
        earlier = Receipt.objects.filter(agent=agent, number=ref.paid_ref).first()
        if earlier is None:
            raise Conflict("reference_paid", f"code: {ref.code} was paid ({ref.paid_ref})", field="code")
        return earlier, False

    def settle(receipt: Receipt) -> None:
        if receipt.payable != ref.amount:
            raise Conflict("reference_amount_differs", f"the receipt's amount {receipt.payable:,} differs from the "
                                                       f"{ref.amount:,} of {ref.code}", field="code")
        references.payment_reference_settle(actor=actor, code=ref.code, amount=receipt.payable,
                                            paid_on=receipt.taken_on, channel="agent", paid_ref=receipt.number,
                                            source=SOURCE)

    data = reference_input(ref, number=number, today=today)
    try:
        return payment_take(actor=actor, agent=agent, data=data, then=settle)
    except ApplicationError as exc:
        if exc.code == "reference_not_payable":
            raise Conflict("reference_paid", exc.message, field="code") from None
        raise


def selectors_staff_id(actor: Any, agent: CollectionAgent) -> int | None:
    from ansinh.agents.access import staff_row

    row = staff_row(actor)
    return row.pk if row is not None and row.agent_id == agent.pk else None


@dataclass
class RemitResult:
    remittance: Remittance
    created: bool
    cards: list[IssueReport] = field(default_factory=list)

    @property
    def cards_issued(self) -> int:
        return sum(r.issued for r in self.cards)


def remit(*, actor: Any, agent: CollectionAgent, receipt_ids: list[int], day: dt.date,
          amount: int | None = None) -> RemitResult:
    """Hand the receipts listed on the screen (the agent's, not yet remitted) to the agency: the collection
    service marks them remitted and posts Dr cash / Cr agent_cash; then, in the same transaction, the HI cards of
    the members the household receipts paid for are issued (coverage's card issue, limited to those persons,
    for the first month each receipt paid)."""
    _require_staff_of(actor, agent)
    ids = sorted({int(i) for i in receipt_ids})
    if not ids:
        raise InvalidInput("nothing_to_remit", "choose the receipts to remit", field="receipt_ids")
    receipts = list(Receipt.objects.filter(agent=agent, pk__in=ids).values("pk", "number", "scheme", "from_month",
                                                                          "detail", "remittance_id"))
    if len(receipts) != len(ids) or any(r["remittance_id"] for r in receipts):
        raise InvalidInput("unknown_receipts", "some receipts are not this agent's receipts waiting to be remitted",
                           field="receipt_ids")
    with transaction.atomic():
        remittance, created = collection.remittance_create(
            actor=actor, agent=agent, reference=remittance_reference(agent, day), remitted_on=day,
            receipt_numbers=[r["number"] for r in receipts], amount=amount, source=SOURCE)
        result = RemitResult(remittance, created)
        by_month: dict[Month, list[int]] = {}
        for r in receipts:
            if r["scheme"] == Receipt.Scheme.HI_HOUSEHOLD:
                by_month.setdefault(Month.of(r["from_month"]), []).extend(int(i) for i in r["detail"].get("members", []))
        for month, persons in sorted(by_month.items()):
            result.cards.append(cards_issue(period=month, actor=actor, person_ids=persons, source=SOURCE,
                                            reason=f"remittance {remittance.reference}"))
    return result


def receipt_send(*, actor: Any, agent: CollectionAgent, receipt: Receipt) -> tuple[Any, bool]:
    """Send the receipt to the payer (the participant, or the household's head) through the notification service:
    an inbox message in their portal and an SMS where a phone number is on record. Sent once per receipt (the same
    again answers 'already sent'); audited on the receipt. Returns (message or None, sent now)."""
    from ansinh.accounts import audit
    from ansinh.notify import services as notify
    from ansinh.notify import texts

    _require_staff_of(actor, agent)
    if receipt.agent_id != agent.pk:
        raise NotFound("receipt", receipt.pk)
    person = receipt.person if receipt.person_id else (receipt.household.head if receipt.household_id else None)
    if person is None:
        raise InvalidInput("no_recipient", "the household has no head on record to send the receipt to",
                           field="receipt")
    params = {"agent": agent.name, "amount": texts.money(receipt.payable), "from": texts.month(receipt.from_month),
              "to": texts.month(receipt.to_month), "number": receipt.number, "day": texts.day(receipt.taken_on)}
    if receipt.scheme == Receipt.Scheme.VSI:
        key = "receipt.vsi"
    else:
        key, params["household"] = "receipt.household_hi", receipt.household.code  # type: ignore[union-attr]
    with transaction.atomic():
        msg = notify.notify(topic="payment.received", key=key, params=params, person=person,
                            url="/portal/contributions/",
                            dedupe_key=f"receipt:{receipt.number}", subject="Biên lai thu BHXH, BHYT")
        if msg is not None:
            audit.record(actor=actor, action="action", obj=receipt, reason=f"receipt sent (message {msg.pk})",
                         after={"sent_to_person": person.pk, "message": msg.pk,
                                "channels": list(msg.deliveries.values_list("channel", flat=True))},
                         source=SOURCE)
    return msg, msg is not None
