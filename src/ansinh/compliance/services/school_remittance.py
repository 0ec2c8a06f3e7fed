"""A school hands the pupils' HI money to the agency (Decree 146/2018 Art 9.5.a: pupils pay their share through the
school; the State's and the province's shares come from the budgets, Art 9.5.b). The officer records what the school
remitted, for which pupils' payments (their receipt numbers, or every payment of the school's year not yet remitted
and taken on or before the day), and it is posted to the ledger in one balanced txn:

    Dr cash            (agency: the office serving the school's commune, 0 if none)   the pupils' share
    Dr state_support   (state 0: the central budget)                                   the State's share
    Dr state_support   (state NN: the provincial budget of province NN, its GSO code)  the province's share
    Cr revenue         (each pupil, person)                                            the premium
    fund HI, per month of the card period's first day (for_period); kind `remittance`,
    reference `school:<school code>:<reference>`.

Set-based: a fixed number of queries for a whole school (one UPDATE marks the payments, one bulk insert writes the
entries). Once: the same reference for the same school returns the first remittance and posts nothing; a payment
already remitted cannot be remitted again (refused, naming the receipts). Audited: the remittance (with its receipt
numbers) and the ledger txn."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.compliance import selectors
from ansinh.compliance.models import SchoolPayment, SchoolRemittance
from ansinh.contributions.models import Account, Fund, HolderType, LedgerTxn
from ansinh.contributions.services.collection import STATE_HOLDER
from ansinh.contributions.services.ledger import Posting, post
from ansinh.core.errors import Conflict, InvalidInput, NotFound
from ansinh.rules.periods import Month

MAX_REFERENCE = 40


def ledger_reference(school_code: str, reference: str) -> str:
    return f"school:{school_code}:{reference}"


def province_holder(province_code: str | None) -> int:
    """The provincial budget as a ledger holder: state holder NN for province NN (the central budget is 0)."""
    return int(province_code) if province_code and province_code.isdigit() else STATE_HOLDER


def _agency_of(commune_id: int | None) -> int:
    from ansinh.places.models import OfficeCommune

    if not commune_id:
        return 0
    office = (OfficeCommune.objects.filter(commune_id=commune_id, valid_to__isnull=True)
              .order_by("office_id").values_list("office_id", flat=True).first())
    return int(office or 0)


def _numbers(receipts: Iterable[str], limit: int = 5) -> str:
    items = sorted(receipts)
    more = len(items) - limit
    return ", ".join(items[:limit]) + (f" and {more} more" if more > 0 else "")


def school_remittance_record(*, actor: Any, school_code: str, year: int, reference: str, remitted_on: dt.date,
                             receipt_numbers: Iterable[str] | None = None, amount: int | None = None,
                             source: str = "web") -> tuple[SchoolRemittance, bool]:
    """Record and post what school `school_code` remitted for academic year `year`. Returns (remittance, created);
    the same reference for the same school again returns the first and writes nothing."""
    reference = (reference or "").strip()
    if not reference:
        raise InvalidInput("required", "reference: the school's transfer or receipt reference is required",
                           field="reference")
    if len(reference) > MAX_REFERENCE:
        raise InvalidInput("too_long", f"reference: at most {MAX_REFERENCE} characters", field="reference")
    if remitted_on > timezone.localdate():
        raise InvalidInput("future_date", f"remitted on {remitted_on}: a date in the future", field="remitted_on")
    if amount is not None and amount < 0:
        raise InvalidInput("negative", "amount: a remittance is not negative", field="amount")
    entries = selectors.school_entries(actor, year).filter(school_code=school_code)
    first = entries.values("school_name", "commune_id", "source_list__province__code").order_by("id").first()
    if first is None:
        raise NotFound("school", school_code)
    existing = SchoolRemittance.objects.filter(school_code=school_code, reference=reference).first()
    if existing is not None:
        return existing, False
    wanted = None
    if receipt_numbers is not None:
        wanted = {n.strip().upper() for n in receipt_numbers if n and n.strip()}
        if not wanted:
            raise InvalidInput("required", "receipt_numbers: name at least one receipt", field="receipt_numbers")
    try:
        return _record(actor, school_code, year, reference, remitted_on, wanted, amount, first, entries, source), True
    except IntegrityError:  # the same reference recorded meanwhile by another request: the unique constraint kept one
        existing = SchoolRemittance.objects.filter(school_code=school_code, reference=reference).first()
        if existing is None:
            raise
        return existing, False


def _record(actor: Any, school_code: str, year: int, reference: str, remitted_on: dt.date, wanted: set[str] | None,
            amount: int | None, first: dict[str, Any], entries: Any, source: str) -> SchoolRemittance:
    user = actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        qs = (SchoolPayment.objects.select_for_update()
              .filter(school_code=school_code, academic_year=year, status=SchoolPayment.Status.PAID,
                      entry_id__in=entries.values("id")))
        if wanted is not None:
            rows = list(qs.filter(receipt_number__in=wanted)
                        .values("id", "receipt_number", "person_id", "paid_on", "valid_from", "premium", "state",
                                "province", "amount", "remittance_id"))
            unknown = wanted - {r["receipt_number"] for r in rows}
            if unknown:
                raise InvalidInput("school_unknown_receipts", f"receipt_numbers: not payments of school {school_code} "
                                   f"for {year}–{year + 1}: {_numbers(unknown)}", field="receipt_numbers")
            done = [r for r in rows if r["remittance_id"]]
            if done:
                refs = SchoolRemittance.objects.filter(pk__in={r["remittance_id"] for r in done}).values_list(
                    "reference", flat=True)
                raise Conflict("already_remitted", f"receipt_numbers: already remitted ({', '.join(sorted(refs))}): "
                               + _numbers(r["receipt_number"] for r in done), field="receipt_numbers")
            late = [r for r in rows if r["paid_on"] > remitted_on]
            if late:
                raise InvalidInput("remitted_before_paid", f"remitted_on: {remitted_on} is before the payment of "
                                   f"{_numbers(r['receipt_number'] for r in late)}", field="remitted_on")
        else:
            rows = list(qs.filter(remittance__isnull=True, paid_on__lte=remitted_on)
                        .values("id", "receipt_number", "person_id", "paid_on", "valid_from", "premium", "state",
                                "province", "amount"))
        if not rows:
            raise InvalidInput("school_nothing_to_remit", f"school {school_code} has no payment for {year}–{year + 1} "
                               f"taken on or before {remitted_on} and not yet remitted", field="receipt_numbers")
        total = sum(r["amount"] for r in rows)
        if amount is not None and amount != total:
            raise InvalidInput("school_amount_mismatch", f"amount {amount:,} differs from the pupils' share of the "
                               f"{len(rows)} payments, {total:,}", field="amount")
        remittance = SchoolRemittance.objects.create(
            school_code=school_code, school_name=first["school_name"], academic_year=year, reference=reference,
            remitted_on=remitted_on, pupils=len(rows), amount=total, state=sum(r["state"] for r in rows),
            province=sum(r["province"] for r in rows), recorded_by=user, recorded_at=timezone.now())
        marked = (SchoolPayment.objects.filter(pk__in=[r["id"] for r in rows], remittance__isnull=True)
                  .update(remittance=remittance))
        if marked != len(rows):  # remitted meanwhile by another request: nothing of this one stays
            raise Conflict("already_remitted", "receipt_numbers: some payments were remitted meanwhile; try again",
                           field="receipt_numbers")
        agency = _agency_of(first["commune_id"])
        provincial = province_holder(first["source_list__province__code"])
        cells: dict[dt.date, list[int]] = {}
        revenue: dict[tuple[int, dt.date], int] = {}
        for r in rows:
            fp = Month.of(r["valid_from"]).first_day
            c = cells.setdefault(fp, [0, 0, 0])
            c[0] += r["amount"]
            c[1] += r["state"]
            c[2] += r["province"]
            revenue[(r["person_id"], fp)] = revenue.get((r["person_id"], fp), 0) + r["premium"]
        postings = []
        for fp, (pupils, state, province) in sorted(cells.items()):
            postings += [Posting(Account.CASH, Fund.HI, HolderType.AGENCY, agency, fp, pupils),
                         Posting(Account.STATE_SUPPORT, Fund.HI, HolderType.STATE, STATE_HOLDER, fp, state),
                         Posting(Account.STATE_SUPPORT, Fund.HI, HolderType.STATE, provincial, fp, province)]
        postings += [Posting(Account.REVENUE, Fund.HI, HolderType.PERSON, pid, fp, -value)
                     for (pid, fp), value in sorted(revenue.items())]
        txn, created = post(kind=LedgerTxn.Kind.REMITTANCE, reference=ledger_reference(school_code, reference),
                            period=Month.of(remitted_on), effective_date=remitted_on, postings=postings, actor=actor,
                            source=source, memo=f"school {school_code} {year}-{year + 1}: {len(rows)} pupils")
        if not created:
            raise Conflict("school_remittance_posted", f"reference: {reference} is already posted to the ledger",
                           field="reference")
        SchoolRemittance.objects.filter(pk=remittance.pk).update(txn=txn)
        remittance.txn = txn
        audit.record(actor=actor, action="create", obj=remittance, source=source,
                     after={**audit.snapshot(remittance),
                            "receipts": sorted(r["receipt_number"] for r in rows)})
    return remittance
