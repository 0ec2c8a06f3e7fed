"""Reads of the ledger: balances are sums of entries, per holder, account, fund and month owed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet, Sum

from ansinh.contributions.models import Account, LedgerEntry


def entries_of(holder_type: str, holder_id: int, *, account: str | None = None) -> QuerySet[LedgerEntry]:
    qs = LedgerEntry.objects.filter(holder_type=holder_type, holder_id=holder_id)
    return qs.filter(account=account) if account else qs


def balance(holder_type: str, holder_id: int, *, account: str = Account.RECEIVABLE, fund: str | None = None,
            through_period: dt.date | None = None) -> int:
    """Σ entries of the holder's account (optionally one fund, through an accounting month)."""
    qs = entries_of(holder_type, holder_id, account=account)
    if fund:
        qs = qs.filter(fund=fund)
    if through_period:
        qs = qs.filter(period__lte=through_period)
    return int(qs.aggregate(s=Sum("amount"))["s"] or 0)


def balances_by_fund(holder_type: str, holder_id: int, *, account: str = Account.RECEIVABLE) -> dict[str, int]:
    rows = entries_of(holder_type, holder_id, account=account).values("fund").annotate(s=Sum("amount"))
    return {r["fund"]: int(r["s"]) for r in rows}


def outstanding_by_month(holder_type: str, holder_id: int, *, account: str = Account.RECEIVABLE) -> list[dict[str, Any]]:
    """What is still owed per month owed and fund (non-zero only), oldest first."""
    rows = (entries_of(holder_type, holder_id, account=account).values("for_period", "fund")
            .annotate(s=Sum("amount")).order_by("for_period", "fund"))
    return [{"for_period": r["for_period"], "fund": r["fund"], "amount": int(r["s"])} for r in rows if r["s"]]
