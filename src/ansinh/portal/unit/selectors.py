"""Reads of the employer portal, always for the signed-in user's own unit (passed in by the view from the account,
never from the request): payments received and how each was allocated, the transfer reference, the unit's lists."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import QuerySet

from ansinh.contributions.models import Account, HolderType, LedgerEntry, LedgerTxn
from ansinh.core.text import fold
from ansinh.portal.unit.models import Submission
from ansinh.rules.periods import Month

PAYMENT_KINDS = (LedgerTxn.Kind.PAYMENT, LedgerTxn.Kind.MATCH)


def payments(employer: Any, limit: int = 24) -> list[dict[str, Any]]:
    """The unit's latest payments (a bank payment matched at once, or a payment first held unmatched and then
    assigned), newest first, each with what it paid per month owed and fund (contributions, then interest) and
    any credit left over. Two queries."""
    txns = list(
        LedgerTxn.objects.filter(kind__in=PAYMENT_KINDS, entries__holder_type=HolderType.EMPLOYER,
                                 entries__holder_id=employer.pk)
        .distinct().order_by("-effective_date", "-id")[:limit]
        .values("id", "kind", "reference", "effective_date", "posted_at", "memo"))
    if not txns:
        return []
    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for e in (LedgerEntry.objects.filter(txn_id__in=[t["id"] for t in txns], holder_type=HolderType.EMPLOYER,
                                         holder_id=employer.pk)
              .order_by("for_period", "account", "fund").values("txn_id", "account", "fund", "for_period", "amount")):
        rows[e["txn_id"]].append(e)
    out = []
    for t in txns:
        cells: dict[tuple[dt.date, str], dict[str, int]] = defaultdict(lambda: {"contribution": 0, "interest": 0})
        for e in rows[t["id"]]:
            key = "interest" if e["account"] == Account.INTEREST_RECEIVABLE else "contribution"
            cells[(e["for_period"], e["fund"])][key] += -int(e["amount"])  # a credit to the unit = paid
        allocation = [{"month": Month.of(m), "fund": f, **v, "total": v["contribution"] + v["interest"]}
                      for (m, f), v in sorted(cells.items())]
        out.append({**t, "amount": sum(a["total"] for a in allocation), "allocation": allocation})
    return out


def transfer_reference(employer: Any, period: Month) -> str:
    """What the unit writes in the content of its bank transfer so the agency's statement import matches it to the
    unit at once (contributions.codes.payment_text_codes reads the unit code in it): the unit code, the month paid
    and the unit's name without accents."""
    name = fold(employer.name).upper()[:40]
    return f"BHXH {employer.unit_code} dong BHXH T{period.month:02d}/{period.year} {name}".strip()


def submissions(employer: Any) -> QuerySet[Submission]:
    return (Submission.objects.filter(employer=employer).select_related("dossier", "declaration", "submitted_by")
            .order_by("-created_at", "-id"))
