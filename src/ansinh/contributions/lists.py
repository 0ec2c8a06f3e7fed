"""Scoped reads behind the collection lists of the staff app: declarations, bank lines waiting for an officer, an
employer's account (what was due, paid and owed by month, and its payments)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet, Sum

from ansinh.accounts.scope import employers_visible
from ansinh.contributions.models import (
    Account,
    BankStatementLine,
    Declaration,
    HolderType,
    LedgerEntry,
    LedgerTxn,
)
from ansinh.rules.periods import Month


def declarations_visible(user: Any) -> QuerySet[Declaration]:
    return Declaration.objects.filter(employer__in=employers_visible(user))


def declaration_list(user: Any, *, status: str = "", q: str = "") -> QuerySet[Declaration]:
    qs = declarations_visible(user).select_related("employer", "submitted_by")
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(employer__unit_code__icontains=q) | qs.filter(employer__name__icontains=q)
    return qs.order_by("-submitted_at", "-id")


def bank_lines(*, status: str = BankStatementLine.Status.UNMATCHED) -> QuerySet[BankStatementLine]:
    """Bank lines carry no locality until matched: the queue is the agency's, shown to collection staff."""
    qs = BankStatementLine.objects.select_related("employer")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-value_date", "-id")


@dataclass
class AccountMonth:
    month: Month
    due: int = 0  # assessments and adjustments posted for the month
    interest: int = 0
    paid: int = 0  # payments and allocations (positive)
    balance: int = 0  # owed at the end of the month (principal + interest); negative = paid in advance


@dataclass
class EmployerAccount:
    months: list[AccountMonth] = field(default_factory=list)
    payments: list[dict[str, Any]] = field(default_factory=list)
    balance: int = 0


RECEIVABLES = (Account.RECEIVABLE, Account.INTEREST_RECEIVABLE)


def employer_account(employer_id: int, last: Month, months: int = 12, payments: int = 30) -> EmployerAccount:
    """The employer's receivable by accounting month over `months` months up to `last`, and its latest payments.
    Two grouped queries whatever the history's length."""
    first = last - (months - 1)
    entries = LedgerEntry.objects.filter(holder_type=HolderType.EMPLOYER, holder_id=employer_id,
                                         account__in=RECEIVABLES)
    opening = entries.filter(period__lt=first.first_day).aggregate(s=Sum("amount"))["s"] or 0
    rows = (entries.filter(period__gte=first.first_day, period__lte=last.first_day)
            .values_list("period", "txn__kind", "account").annotate(s=Sum("amount")).order_by())
    by_month = {first + i: AccountMonth(first + i) for i in range(months)}
    for period, kind, account, amount in rows:
        m = by_month[Month.of(period)]
        if kind in (LedgerTxn.Kind.PAYMENT, LedgerTxn.Kind.MATCH):
            m.paid -= amount
        elif account == Account.INTEREST_RECEIVABLE and kind == LedgerTxn.Kind.INTEREST:
            m.interest += amount
        else:
            m.due += amount
    balance = opening
    for m in by_month.values():
        balance += m.due + m.interest - m.paid
        m.balance = balance
    paid = (entries.filter(txn__kind__in=[LedgerTxn.Kind.PAYMENT, LedgerTxn.Kind.MATCH])
            .values("txn_id", "txn__effective_date", "txn__reference", "txn__memo", "txn__kind")
            .annotate(amount=Sum("amount")).order_by("-txn__effective_date", "-txn_id")[:payments])
    out = [{"date": p["txn__effective_date"], "reference": p["txn__reference"], "memo": p["txn__memo"],
            "kind": p["txn__kind"], "amount": -p["amount"]} for p in paid]
    total = entries.aggregate(s=Sum("amount"))["s"] or 0
    return EmployerAccount(months=list(by_month.values())[::-1], payments=out, balance=total)


def last_closed_month(today: dt.date) -> Month:
    return Month.of(today) - 1
