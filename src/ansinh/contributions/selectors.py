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


# --- collection agents, bank statements, employer balances (issue #3, collection and payments) ----------------

COLLECTION_ROLES = ("collection_officer", "manager", "administrator")


def is_collection_officer(user: Any) -> bool:
    """Collection officers, managers and administrators (and superusers) work on agents and bank statements."""
    if user is None:  # the system (CLI batch jobs)
        return True
    return bool(getattr(user, "is_superuser", False) or getattr(user, "role", "") in COLLECTION_ROLES)


def staff_agent_ids(user: Any, on: dt.date | None = None) -> set[int]:
    """The agents whose staff the user is (an AgentStaff row linked to the user, in force on the day)."""
    from django.db.models import Q
    from django.utils import timezone

    from ansinh.contributions.models import AgentStaff

    if user is None or not getattr(user, "pk", None):
        return set()
    day = on or timezone.localdate()
    return set(
        AgentStaff.objects.filter(user_id=user.pk, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .values_list("agent_id", flat=True)
    )


def agents_visible(user: Any) -> QuerySet[Any]:
    """Collection officers: the agents of the communes they cover. Agent staff: their own agent(s)."""
    from ansinh.accounts.scope import restrict_by_commune
    from ansinh.contributions.models import CollectionAgent

    qs = CollectionAgent.objects.select_related("commune", "office")
    if user is None:
        return qs
    if is_collection_officer(user):
        return restrict_by_commune(qs, user, "commune_id")
    return qs.filter(pk__in=staff_agent_ids(user))


def agent_get(*, user: Any, agent_id: object) -> Any:
    from ansinh.accounts.scope import get_visible

    return get_visible(agents_visible(user), "agent", agent_id)


def employer_balance_by_fund(*, user: Any, employer_id: int) -> dict[str, dict[str, int]]:
    """What the employer owes per fund: principal (receivable) and late-payment interest; negative = credit.
    One grouped query; the employer must be in the user's scope."""
    from ansinh.accounts.scope import employers_visible, get_visible
    from ansinh.contributions.models import HolderType

    employer = get_visible(employers_visible(user), "employer", employer_id)
    rows = (LedgerEntry.objects.filter(holder_type=HolderType.EMPLOYER, holder_id=employer.pk,
                                       account__in=(Account.RECEIVABLE, Account.INTEREST_RECEIVABLE))
            .values("fund", "account").annotate(s=Sum("amount")))
    out: dict[str, dict[str, int]] = {}
    for r in rows:
        cell = out.setdefault(r["fund"], {"receivable": 0, "interest": 0})
        cell["receivable" if r["account"] == Account.RECEIVABLE else "interest"] += int(r["s"] or 0)
    for cell in out.values():
        cell["total"] = cell["receivable"] + cell["interest"]
    return out


def agent_cash_held(*, user: Any, agent_id: int | None = None) -> list[dict[str, Any]]:
    """Per agent in scope: the cash taken and not yet remitted (Σ agent_cash entries) and the unremitted receipts.
    Two grouped queries, whatever the number of agents."""
    from django.db.models import Count

    from ansinh.contributions.models import HolderType, Receipt

    agents = agents_visible(user)
    if agent_id is not None:
        agents = agents.filter(pk=agent_id)
    agent_rows = list(agents.values("id", "code", "name", "commune_id").order_by("code"))
    ids = [a["id"] for a in agent_rows]
    held = dict(LedgerEntry.objects.filter(account=Account.AGENT_CASH, holder_type=HolderType.AGENT, holder_id__in=ids)
                .values("holder_id").annotate(s=Sum("amount")).values_list("holder_id", "s"))
    pending = {r["agent_id"]: r for r in Receipt.objects.filter(agent_id__in=ids, remittance__isnull=True)
               .values("agent_id").annotate(n=Count("id"), s=Sum("payable"))}
    return [{**a, "cash_held": int(held.get(a["id"]) or 0), "unremitted_receipts": pending.get(a["id"], {}).get("n", 0),
             "unremitted_amount": int(pending.get(a["id"], {}).get("s") or 0)} for a in agent_rows]


def unmatched_queue(*, user: Any) -> QuerySet[Any]:
    """Bank lines waiting for an officer (not matched to an employer), oldest first. Bank lines carry no locality
    until matched, so every collection officer sees the queue; assigning needs the employer in scope."""
    from ansinh.contributions.models import BankStatementLine

    if not is_collection_officer(user):
        return BankStatementLine.objects.none()
    return BankStatementLine.objects.filter(status=BankStatementLine.Status.UNMATCHED).order_by("value_date", "id")


def statement_line_get(*, user: Any, line_id: object) -> Any:
    from ansinh.contributions.models import BankStatementLine
    from ansinh.core.errors import NotFound

    if not is_collection_officer(user):
        raise NotFound("bank statement line", line_id)
    try:
        return BankStatementLine.objects.get(pk=line_id)
    except (BankStatementLine.DoesNotExist, ValueError, TypeError):
        raise NotFound("bank statement line", line_id) from None
