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
from ansinh.contributions.models import Account, Fund, HolderType, LedgerEntry, LedgerTxn
from ansinh.rules.periods import Month


class UnbalancedTxn(ValueError):
    pass


class UnknownLedgerName(ValueError):
    """A kind, account, fund or holder type that is not one of the ledger's choices."""


def _validate(kind: str, postings: list[Posting]) -> None:
    if kind not in LedgerTxn.Kind.values:
        raise UnknownLedgerName(f"txn kind {kind!r} is not a ledger kind")
    for p in postings:
        if p.account not in Account.values:
            raise UnknownLedgerName(f"account {p.account!r} is not a ledger account")
        if p.fund not in Fund.values:
            raise UnknownLedgerName(f"fund {p.fund!r} is not a ledger fund")
        if p.holder_type not in HolderType.values:
            raise UnknownLedgerName(f"holder type {p.holder_type!r} is not a ledger holder type")


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
    """Post one balanced txn; returns (txn, created). Idempotent on (kind, reference). Every name must be one of
    the ledger's choices (UnknownLedgerName otherwise)."""
    _validate(kind, postings)
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


@dataclass(frozen=True)
class BatchTxn:
    kind: str
    reference: str
    effective_date: dt.date
    postings: tuple[Posting, ...]


def post_batch(txns: list[BatchTxn], *, period: Month, actor: Any = None, memo: str = "") -> int:
    """Set-based posting for batch jobs (assessment, interest, payroll): every txn balanced, inserted with its
    entries in two bulk statements. The caller leaves out the (kind, reference) pairs already posted; a duplicate
    still fails on the unique constraint and rolls the whole batch back. The ledger rows carry the actor and the
    time; the batch job records its run."""
    from ansinh.core.bulk import insert_columns, next_ids

    if not txns:
        return 0
    for t in txns:
        total = sum(p.amount for p in t.postings)
        if total != 0:
            raise UnbalancedTxn(f"txn {t.kind}:{t.reference} does not balance: entries sum to {total}")
    now = timezone.now()
    ids = next_ids(LedgerTxn._meta.db_table, len(txns))
    insert_columns(LedgerTxn._meta.db_table, {
        "id": list(ids), "kind": [t.kind for t in txns], "reference": [t.reference for t in txns],
        "period": period.first_day, "effective_date": [t.effective_date for t in txns], "posted_at": now,
        "actor_id": actor.pk if getattr(actor, "pk", None) else None, "memo": memo[:200],
    }, len(txns))
    columns: dict[str, list[Any]] = {k: [] for k in ("txn_id", "account", "fund", "holder_type", "holder_id",
                                                     "for_period", "effective_date", "amount")}
    for txn_id, t in zip(ids, txns, strict=True):
        for p in t.postings:
            if p.amount:
                for name, value in zip(columns, (txn_id, p.account, p.fund, p.holder_type, p.holder_id, p.for_period,
                                                 t.effective_date, p.amount), strict=True):
                    columns[name].append(value)
    insert_columns(LedgerEntry._meta.db_table, {**columns, "period": period.first_day}, len(columns["amount"]))
    return len(txns)
