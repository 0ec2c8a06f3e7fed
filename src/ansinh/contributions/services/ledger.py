"""Posting to the double-entry ledger: balanced, once per (kind, reference), audited.

Debit is positive, credit negative; the entries of a txn sum to zero. Posting a txn whose (kind, reference) exists
returns the existing txn and posts nothing (a bank line imported twice, a receipt entered twice).
Balances are sums of entries (see selectors.py); nothing stores a balance apart from the ledger.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.contributions.models import LedgerEntry, LedgerTxn
from ansinh.rules.periods import Month


class UnbalancedTxn(ValueError):
    pass


@dataclass(frozen=True)
class Posting:
    account: str
    fund: str
    holder_type: str
    holder_id: int
    for_period: dt.date
    amount: int


def post(
    *, kind: str, reference: str, period: Month, effective_date: dt.date, postings: list[Posting],
    actor: Any = None, memo: str = "", source: str = "",
) -> tuple[LedgerTxn, bool]:
    """Post one balanced txn; returns (txn, created). Idempotent on (kind, reference)."""
    total = sum(p.amount for p in postings)
    if total != 0:
        raise UnbalancedTxn(f"txn {kind}:{reference} does not balance: entries sum to {total}")
    if any(not isinstance(p.amount, int) or isinstance(p.amount, bool) for p in postings):
        raise TypeError("ledger amounts are whole VND (int)")
    existing = LedgerTxn.objects.filter(kind=kind, reference=reference).first()
    if existing is not None:
        return existing, False
    user = actor if getattr(actor, "pk", None) else None
    try:
        with transaction.atomic():
            txn = LedgerTxn.objects.create(
                kind=kind, reference=reference, period=period.first_day, effective_date=effective_date,
                posted_at=timezone.now(), actor=user, memo=memo[:200],
            )
            LedgerEntry.objects.bulk_create([
                LedgerEntry(txn=txn, account=p.account, fund=p.fund, holder_type=p.holder_type, holder_id=p.holder_id,
                            for_period=p.for_period, period=txn.period, effective_date=effective_date, amount=p.amount)
                for p in postings if p.amount
            ])
            audit.record(
                actor=actor, action="create", obj=txn, source=source,
                after={"kind": kind, "reference": reference, "period": str(period), "effective_date": effective_date.isoformat(),
                       "entries": [[p.account, p.fund, p.holder_type, p.holder_id, p.for_period.isoformat(), p.amount]
                                   for p in postings if p.amount]},
            )
    except IntegrityError:  # posted concurrently by another process: the unique (kind, reference) kept one
        return LedgerTxn.objects.get(kind=kind, reference=reference), False
    return txn, True
