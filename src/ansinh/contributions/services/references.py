"""Payment references (mã thanh toán): how a citizen pays a payable request — voluntary SI, household HI — by bank
transfer or at a collection agent, without a desk visit. See docs/portal.md "Payment references".

Format: ``AS`` + 9 random digits + 1 Luhn check digit (12 characters, e.g. ``AS4829157306``). Random, so a code
cannot be guessed from another; the check digit catches a mistyped digit or two swapped neighbours (except 09/90) before
any lookup. Written with or without spaces (``AS 482 915 730 6``); letters are case-insensitive.

- ``payment_reference_issue``: the amount from the calculators (voluntary-si, household-hi), the State support,
  valid until (default 15 days), the agency's collection account (setting ``ANSINH_COLLECTION_ACCOUNT``); audited.
- ``payment_reference_find``: the reference a code names (None for a malformed code or a bad check digit).
- ``references_in_texts``: set-based — the open references named by many texts (bank statement lines), one query.
- ``payment_reference_settle``: the payment arrived. ``channel="bank"``: posts Dr cash (agency) + Dr
  state_support / Cr revenue (person for voluntary SI, fund rs; household for household HI, fund hi), reference =
  the bank's reference; ``channel="agent"``: the agent's receipt has posted the money already (receipt_create),
  the reference is only marked paid with the receipt number (the receipt opens the participations). By bank the
  participations of the months paid are opened here (and closed at the last month paid), as for a receipt. Amount must equal; a reference paid,
  cancelled or past its validity is refused (the money then waits in the bank-statement queue for an officer).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.contributions.models import Account, Fund, HolderType, LedgerTxn, PaymentReference
from ansinh.contributions.services.collection import HOUSEHOLD_HI_GROUP, STATE_HOLDER, ReceiptInput, _compute
from ansinh.contributions.services.ledger import Posting, post
from ansinh.core.errors import Conflict, InvalidInput
from ansinh.coverage.models import Participation, Payer, Scheme
from ansinh.coverage.services.participation import participation_close, participation_open
from ansinh.notify import texts
from ansinh.registry.models import Household, HouseholdMember, Person
from ansinh.rules.periods import Month

PREFIX = "AS"
DIGITS = 9
VALID_DAYS = 15
CODE_RE = re.compile(r"AS[\s.\-]?((?:\d[\s.\-]?){9}\d)", re.IGNORECASE)
DEFAULT_ACCOUNT = {
    "bank_name": "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam (BIDV)",
    "bank_bin": "970418",
    "account_no": "12010000999999",
    "account_name": "BẢO HIỂM XÃ HỘI VIỆT NAM - THU BHXH TỰ NGUYỆN, BHYT HỘ GIA ĐÌNH",
}
# the portal's request modes (request contract) → the calculator's voluntary SI modes
VSI_MODE_OF = {"monthly": "monthly", "quarterly": "3_months", "half_year": "6_months", "yearly": "12_months",
               "years_ahead": "advance"}


def luhn_digit(digits: str) -> str:
    """The Luhn check digit of a string of digits."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def normalise(code: str) -> str | None:
    """``AS`` + 10 digits with a right check digit, or None."""
    text = re.sub(r"[\s.\-]", "", code or "").upper()
    if len(text) != len(PREFIX) + DIGITS + 1 or not text.startswith(PREFIX) or not text[2:].isdigit():
        return None
    return text if luhn_digit(text[2:-1]) == text[-1] else None


def new_code() -> str:
    body = "".join(secrets.choice("0123456789") for _ in range(DIGITS))
    return f"{PREFIX}{body}{luhn_digit(body)}"


def grouped(code: str) -> str:
    """For reading aloud and typing: AS 482 915 730 6."""
    return f"{code[:2]} {code[2:5]} {code[5:8]} {code[8:11]} {code[11:]}"


def collection_account() -> dict[str, str]:
    return {**DEFAULT_ACCOUNT, **getattr(settings, "ANSINH_COLLECTION_ACCOUNT", {})}


def qr_text(ref: PaymentReference) -> str:
    """A VietQR-like text (bank BIN, account, amount, description) for a banking app to fill a transfer."""
    return (f"VIETQR|{ref.bank_bin}|{ref.account_no}|{ref.amount}|VND|{ref.code}|"
            f"{ref.account_name}")


def qr_svg(ref: PaymentReference) -> str:
    import segno

    return segno.make(qr_text(ref), error="m").svg_inline(scale=4, title=ref.code)


def _members(household: Household, ids: Sequence[int], month: Month) -> list[int]:
    ids = list(ids)
    if not ids or len(set(ids)) != len(ids):
        raise InvalidInput("bad_members", "members: list each member paid for once, at least one", field="members")
    day = month.first_day
    current = set(HouseholdMember.objects.filter(household=household, person_id__in=ids, valid_from__lte=day)
                  .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day)).values_list("person_id", flat=True))
    missing = [i for i in ids if i not in current]
    if missing:
        raise InvalidInput("not_members", f"members: persons {missing} are not members of household {household.code} "
                                          f"in {month}", field="members")
    return ids


def quote(*, purpose: str, from_month: Month, months: int | None = None, income: int | None = None,
          mode: str = "monthly", support_group: str = "other", members: int = 1) -> dict[str, Any]:
    """What a reference would ask for, without writing: the calculator's result (for the portal's forms)."""
    if purpose == PaymentReference.Purpose.VSI:
        calc_mode = VSI_MODE_OF.get(mode, mode)
        computed = _compute(ReceiptInput(number="-", scheme="vsi", from_month=from_month, taken_on=timezone.localdate(),
                                         income=income, mode=calc_mode, months=months, support_group=support_group),
                            1)
    elif purpose == PaymentReference.Purpose.HI_HOUSEHOLD:
        computed = _compute(ReceiptInput(number="-", scheme="hi_household", from_month=from_month,
                                         taken_on=timezone.localdate(), months=months or 12), members)
    else:
        raise InvalidInput("bad_choice", f"purpose must be one of {', '.join(PaymentReference.Purpose.values)}",
                           field="purpose")
    return {"months": computed.months, "gross": computed.gross, "state_support": computed.support,
            "amount": computed.payable, "detail": computed.detail}


def payment_reference_issue(
    *, actor: Any, purpose: str, person: Person, from_month: Month, months: int | None = None,
    income: int | None = None, mode: str = "monthly", support_group: str = "other",
    household: Household | None = None, members: Sequence[int] = (), dossier: Any = None,
    valid_days: int = VALID_DAYS, today: dt.date | None = None, source: str = "web",
) -> PaymentReference:
    """A payment reference for a payable request; one open reference per dossier (asked again: the same)."""
    today = today or timezone.localdate()
    if dossier is not None:
        existing = PaymentReference.objects.filter(dossier=dossier, status=PaymentReference.Status.OPEN).first()
        if existing is not None:
            return existing
    if purpose == PaymentReference.Purpose.HI_HOUSEHOLD:
        if household is None:
            raise InvalidInput("required", "household: the household is required for household HI", field="household")
        member_ids = _members(household, members, from_month)
    else:
        household, member_ids = None, [person.pk]
    q = quote(purpose=purpose, from_month=from_month, months=months, income=income, mode=mode,
              support_group=support_group, members=len(member_ids))
    if not 1 <= valid_days <= 60:
        raise InvalidInput("bad_days", "valid_days must be 1..60", field="valid_days")
    account = collection_account()
    with transaction.atomic():
        for _ in range(5):
            code = new_code()
            if not PaymentReference.objects.filter(code=code).exists():
                break
        ref = PaymentReference.objects.create(
            code=code, purpose=purpose, person=person, household=household, dossier=dossier, members=member_ids,
            from_month=from_month.first_day, months=q["months"],
            income=income if purpose == PaymentReference.Purpose.VSI else None,
            mode=mode if purpose == PaymentReference.Purpose.VSI else "",
            support_group=support_group if purpose == PaymentReference.Purpose.VSI else "",
            gross=q["gross"], state_support=q["state_support"], amount=q["amount"],
            valid_until=today + dt.timedelta(days=valid_days), detail=q["detail"],
            created_by=actor if getattr(actor, "pk", None) else None, **account,
        )
        audit.record(actor=actor, action="create", obj=ref, after=audit.snapshot(ref), source=source)
    return ref


def payment_reference_find(code: str) -> PaymentReference | None:
    norm = normalise(code)
    return PaymentReference.objects.filter(code=norm).first() if norm else None


def references_in_texts(texts: Sequence[str]) -> list[PaymentReference | None]:
    """For each text, the reference whose well-formed code it carries (one query for all), or None. A text naming
    two different valid codes is left unmatched (never guessed)."""
    found: list[set[str]] = []
    for text in texts:
        codes = set()
        for m in CODE_RE.finditer(text or ""):
            norm = normalise("AS" + m.group(1))
            if norm:
                codes.add(norm)
        found.append(codes)
    every = sorted({c for codes in found for c in codes})
    by_code: dict[str, PaymentReference] = {}
    for i in range(0, len(every), 5000):
        by_code.update({r.code: r for r in PaymentReference.objects.filter(code__in=every[i : i + 5000])})
    return [by_code.get(next(iter(codes))) if len(codes) == 1 else None for codes in found]


def settle_refusal(ref: PaymentReference, amount: int, paid_on: dt.date) -> str | None:
    """Why a payment cannot settle the reference (None: it can)."""
    if ref.status != PaymentReference.Status.OPEN:
        return f"reference {ref.code} is {ref.status}"
    if amount != ref.amount:
        return f"amount {amount:,} differs from the {ref.amount:,} of reference {ref.code}"
    if paid_on > ref.valid_until:
        return f"reference {ref.code} was valid until {ref.valid_until.isoformat()}"
    return None


def settlement_postings(ref: PaymentReference, *, agency_id: int) -> list[Posting]:
    """Dr cash (agency) payable + Dr state_support (State) support / Cr revenue (payer), per the first month."""
    fund = Fund.RS if ref.purpose == PaymentReference.Purpose.VSI else Fund.HI
    holder = ((HolderType.PERSON, ref.person_id) if ref.purpose == PaymentReference.Purpose.VSI
              else (HolderType.HOUSEHOLD, ref.household_id))
    fp = ref.from_month
    return [
        Posting(Account.CASH, fund, HolderType.AGENCY, agency_id, fp, ref.amount),
        Posting(Account.STATE_SUPPORT, fund, HolderType.STATE, STATE_HOLDER, fp, ref.state_support),
        Posting(Account.REVENUE, fund, holder[0], holder[1] or 0, fp, -ref.gross),
    ]


def cover_clash(ref: PaymentReference) -> Participation | None:
    """A participation already covering a month the reference pays for (the payment then waits for an officer)."""
    first = Month.of(ref.from_month)
    last = first + (ref.months - 1)
    schemes = (Scheme.SI, Scheme.VSI) if ref.purpose == PaymentReference.Purpose.VSI else (Scheme.HI,)
    return (Participation.objects.filter(person_id__in=ref.members or [ref.person_id], scheme__in=schemes,
                                         valid_from__lte=last.last_day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first.first_day)).select_related("person").first())


def _open_cover(actor: Any, ref: PaymentReference, *, source: str) -> None:
    first = Month.of(ref.from_month)
    last = first + (ref.months - 1)
    vsi = ref.purpose == PaymentReference.Purpose.VSI
    persons = list(Person.objects.filter(pk__in=ref.members or [ref.person_id]))
    clash = cover_clash(ref)
    if clash is not None:
        raise Conflict("already_covered", f"{clash.person} already participates in {clash.scheme} from "
                                          f"{clash.valid_from} to {clash.valid_to or 'now'}, overlapping {first}..{last}",
                       field="reference")
    for p in persons:
        row = participation_open(
            actor=actor, person=p, scheme=Scheme.VSI if vsi else Scheme.HI, payer=Payer.SELF if vsi else Payer.HOUSEHOLD,
            hi_group="" if vsi else HOUSEHOLD_HI_GROUP, household=ref.household, from_month=first,
            source=Participation.Source.RECEIPT, source_ref=ref.code, audit_source=source)
        participation_close(actor=actor, participation=row, last_month=last,
                            reason=f"paid through {last} (payment reference {ref.code})", audit_source=source)


def mark_paid(*, actor: Any, ref: PaymentReference, paid_on: dt.date, channel: str, paid_ref: str,
              source: str) -> PaymentReference:
    """The reference paid (the money is posted by the caller): by bank, the participations of the months paid opened
    here (at an agent, its receipt opened them); audited; the payer told."""
    before = audit.snapshot(ref)
    if channel == "bank":
        _open_cover(actor, ref, source=source)
    ref.status, ref.paid_on, ref.paid_channel, ref.paid_ref = PaymentReference.Status.PAID, paid_on, channel, paid_ref[:80]
    ref.save(update_fields=["status", "paid_on", "paid_channel", "paid_ref"])
    audit.record(actor=actor, action="update", obj=ref, before=before, after=audit.snapshot(ref), source=source,
                 reason=f"paid by {channel} ({paid_ref})")
    _tell_paid(ref)
    return ref


def _tell_paid(ref: PaymentReference) -> None:
    from ansinh.notify import services as notify

    url = f"/portal/requests/{ref.dossier_id}/" if ref.dossier_id else "/portal/requests/"
    notify.notify(topic="payment.received", person=ref.person, dossier=ref.dossier, url=url,
                  dedupe_key=f"payref-paid:{ref.code}", key="payment.paid",
                  params={"amount": texts.money(ref.amount, words=True), "code": ref.code})


def payment_reference_settle(*, actor: Any, code: str, amount: int, paid_on: dt.date, channel: str, paid_ref: str,
                             agency_id: int = 0, source: str = "web") -> PaymentReference:
    """A payment of a reference arrived by bank (posted here) or at an agent (posted by its receipt)."""
    if channel not in ("bank", "agent"):
        raise InvalidInput("bad_choice", "channel must be bank or agent", field="channel")
    if not (paid_ref or "").strip():
        raise InvalidInput("required", "paid_ref: the bank reference or receipt number is required", field="paid_ref")
    with transaction.atomic():
        norm = normalise(code)
        ref = PaymentReference.objects.select_for_update().filter(code=norm).first() if norm else None
        if ref is None:
            raise InvalidInput("unknown_reference", f"{code} is not a payment reference (check the code)",
                               field="reference")
        if ref.status == PaymentReference.Status.PAID and ref.paid_ref == paid_ref.strip()[:80]:
            return ref  # the same payment again
        why = settle_refusal(ref, amount, paid_on)
        if why:
            raise Conflict("reference_not_payable", why, field="reference")
        if channel == "bank":
            post(kind=LedgerTxn.Kind.PAYMENT, reference=paid_ref.strip(), period=Month.of(paid_on), effective_date=paid_on,
                 postings=settlement_postings(ref, agency_id=agency_id), actor=actor, source=source,
                 memo=f"payment reference {ref.code}")
        return mark_paid(actor=actor, ref=ref, paid_on=paid_on, channel=channel, paid_ref=paid_ref.strip(),
                         source=source)


def payment_reference_cancel(*, actor: Any, ref: PaymentReference, reason: str, source: str = "web") -> PaymentReference:
    """An open reference no longer payable (the request refused or withdrawn, or replaced by a new code)."""
    if not (reason or "").strip():
        raise InvalidInput("required", "reason: say why the reference is cancelled", field="reason")
    with transaction.atomic():
        ref = PaymentReference.objects.select_for_update().get(pk=ref.pk)
        if ref.status != PaymentReference.Status.OPEN:
            raise Conflict("reference_not_open", f"reference {ref.code} is {ref.status}", field="reference")
        before = audit.snapshot(ref)
        ref.status = PaymentReference.Status.CANCELLED
        ref.save(update_fields=["status"])
        audit.record(actor=actor, action="update", obj=ref, before=before, after=audit.snapshot(ref), source=source,
                     reason=reason.strip()[:300])
    return ref


def payment_reference_renew(*, actor: Any, ref: PaymentReference, today: dt.date | None = None,
                            source: str = "web") -> PaymentReference:
    """A new code for a reference past its validity (the same request; the amount computed again for the first
    month not yet past); the old one cancelled. Audited with the actor (the citizen in the portal, the agent's user
    at a collection point, the desk officer on the dossier); the payer is told the new code (ansinh.notify: the
    inbox and an SMS to the payer's phone). A reference still valid is returned as it is."""
    today = today or timezone.localdate()
    if ref.status != PaymentReference.Status.OPEN:
        raise Conflict("reference_not_open", f"reference {ref.code} is {ref.status}", field="reference")
    if ref.valid_until >= today:
        return ref
    with transaction.atomic():
        payment_reference_cancel(actor=actor, ref=ref, reason="expired: replaced by a new code", source=source)
        start = max(Month.of(ref.from_month), Month.of(today))
        new = payment_reference_issue(
            actor=actor, purpose=ref.purpose, person=ref.person, from_month=start,
            months=ref.months if ref.mode in ("", "years_ahead") or ref.purpose != PaymentReference.Purpose.VSI
            else None, income=ref.income, mode=ref.mode or "monthly", support_group=ref.support_group or "other",
            household=ref.household, members=ref.members, dossier=ref.dossier, today=today, source=source)
        _tell_new_code(new, old=ref)
    return new


def _tell_new_code(ref: PaymentReference, *, old: PaymentReference) -> None:
    """The payer's notice of a renewed code: the new code, amount and validity (in the reader's language)."""
    from ansinh.notify import services as notify
    from ansinh.notify.models import Topic

    url = f"/portal/requests/{ref.dossier_id}/" if ref.dossier_id else "/portal/requests/"
    params = {"code": grouped(ref.code), "amount": texts.money(ref.amount, words=True),
              "until": texts.day(ref.valid_until), "old": old.code}
    if ref.dossier_id:
        params["dossier"] = ref.dossier.code  # type: ignore[union-attr]
    notify.notify(topic=Topic.PAYMENT_CODE, person=ref.person, dossier=ref.dossier, url=url,
                  dedupe_key=f"payref-new:{ref.code}",
                  key="payment.code.new_for_dossier" if ref.dossier_id else "payment.code.new", params=params)


def references_of(person: Person) -> Iterable[PaymentReference]:
    """A citizen's references, newest first (the portal)."""
    return PaymentReference.objects.filter(person=person).order_by("-created_at")
