"""The monthly payroll of recurring benefits, set-based; the return files of the bank and the postal service;
pension indexation.

build_payroll(period): one query reads every entitlement with something left to pay up to the period (or the
next month too, `double`) with all its amount rows in force by then and the person's death date; numpy expands
each entitlement into the months to pay — every month after the last one on a payroll (arrears of a late decision or of a
resumed suspension, Art 75.3) up to the period, not after `to_month`, not from `suspended_from`, not after the month
of death — and picks the amount in force each month; the lines are bulk-inserted; the ledger gets one txn per
fund (Dr benefit_expense / Cr benefits_payable, entries per month paid). A month already on a payroll is never
paid again (unique entitlement × month), so building the same period twice adds nothing.

settle_payroll(file): the CSV return file (line_id, status paid|returned|uncollected, date) is validated whole;
any bad line → nothing written. Paid lines post Dr benefits_payable / Cr cash; returned and not-collected lines
stay payable.

index_pensions(on): the `pension-indexation` calculator applied to the amount in force the month before, for every
pension and monthly work-injury allowance in payment, written as new amount rows (never overwriting).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.accounts.models import AuditEvent
from ansinh.benefits.models import (
    Arrears,
    ClaimKind,
    Entitlement,
    EntitlementAmount,
    Payroll,
    PayrollLine,
    PayrollSettlement,
    Recovery,
    RecoveryPayment,
)
from ansinh.benefits.services.recovery import (
    RECOVERY_BASIS,
    allocate_deductions,
    months_claimed,
    recovery_postings,
)
from ansinh.contributions.models import Account, HolderType, LedgerTxn
from ansinh.contributions.services.ledger import BatchTxn, Posting, post, post_batch
from ansinh.core.bulk import insert_columns, next_ids
from ansinh.core.errors import Conflict, FileErrors, InvalidInput
from ansinh.core.progress import Progress, progress_or_none
from ansinh.rules.benefits import indexation
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError

NO_MONTH = -(10**9)
ANY_MONTH = 10**9
EPOCH = 1970 * 12  # numpy datetime64[M] counts months from 1970-01


@dataclass
class PayrollReport:
    period: str
    months: list[str]
    entitlements_read: int = 0
    lines: int = 0
    total: int = 0
    arrears_lines: int = 0
    stopped_by_death: int = 0
    txns: int = 0
    suspended_uncollected: int = 0
    recoveries: int = 0
    deducted: int = 0
    reissued: int = 0
    one_off_lines: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)
    by_fund: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)


_READ_SQL = """
SELECT x.id, x.person_id, x.fund, x.channel, CAST(x.from_month AS TEXT), CAST(x.to_month AS TEXT),
       CAST(x.suspended_from AS TEXT), CAST(x.stop_month AS TEXT), CAST(x.paid AS TEXT), CAST(x.death_date AS TEXT),
       x.status, CAST(a.valid_from AS TEXT), a.amount
FROM (SELECT e.id, e.person_id, e.fund, e.channel, e.from_month, e.to_month, e.suspended_from, e.stop_month,
             e.status, p.death_date,
             (SELECT MAX(l.for_month) FROM benefits_payrollline l
              WHERE l.entitlement_id = e.id AND l.kind = 'regular') AS paid
      FROM benefits_entitlement e
      JOIN registry_person p ON p.id = e.person_id
      WHERE e.from_month <= %s{fence}) x
JOIN benefits_entitlementamount a ON a.entitlement_id = x.id AND a.valid_from <= %s
WHERE x.to_month IS NULL OR x.to_month > COALESCE(x.paid, %s)
ORDER BY x.id, a.valid_from, a.id
"""


def _month_index(texts: list[Any] | tuple[Any, ...], missing: int) -> np.ndarray:
    """'YYYY-MM-DD' (or None) → months since year 0 (Month.index)."""
    arr = np.array([t[:10] if t else "1970-01-01" for t in texts], dtype="datetime64[D]")
    out = arr.astype("datetime64[M]").astype(np.int64) + EPOCH
    mask = np.array([not t for t in texts], dtype=bool)
    out[mask] = missing
    return out


def _dates_of(month_idx: np.ndarray) -> np.ndarray:
    """Months → 'YYYY-MM-01' strings, formatted column-wise (both databases parse them into a date column)."""
    return np.datetime_as_string(
        (month_idx - EPOCH).astype("datetime64[M]").astype("datetime64[D]"), unit="D"
    )


def read_entitlements(last: Month) -> dict[str, np.ndarray]:
    """Every entitlement that may have something left to pay up to `last` (not ended, or ended after the last month
    on a payroll), one row per amount row in force by then, with the last month already on a payroll (an index
    probe of payroll_line_month_uniq per entitlement)."""
    first_of_last = last.first_day
    with connection.cursor() as cursor:
        # PostgreSQL: OFFSET 0 keeps the inner query as it is written (the last month paid is probed once per
        # entitlement, before the join with the amount rows); SQLite evaluates it that way by itself.
        fence = " OFFSET 0" if connection.vendor == "postgresql" else ""
        cursor.execute(_READ_SQL.format(fence=fence), [first_of_last, first_of_last, dt.date(1900, 1, 1)])
        rows = cursor.fetchall()
    if not rows:
        return {}
    cols = list(zip(*rows, strict=True))
    return {
        "id": np.array(cols[0], dtype=np.int64),
        "person_id": np.array(cols[1], dtype=np.int64),
        "fund": np.array(cols[2], dtype=object),
        "channel": np.array(cols[3], dtype=object),
        "from": _month_index(cols[4], NO_MONTH),
        "to": _month_index(cols[5], ANY_MONTH),
        "suspended": _month_index(cols[6], ANY_MONTH),
        "stop": _month_index(cols[7], ANY_MONTH),
        "paid_through": _month_index(cols[8], NO_MONTH),
        "death": _month_index(cols[9], ANY_MONTH),
        "status": np.array(cols[10], dtype=object),
        "valid_from": _month_index(cols[11], NO_MONTH),
        "amount": np.array(cols[12], dtype=np.int64),
    }


def compute_lines(frame: dict[str, np.ndarray], last: Month) -> dict[str, np.ndarray]:
    """The months to pay per entitlement, with the amount in force each month (pure numpy)."""
    if not frame:
        return {}
    ids = frame["id"]
    uniq, first = np.unique(ids, return_index=True)
    ent = {k: v[first] for k, v in frame.items() if k not in ("valid_from", "amount")}
    start = np.maximum(ent["from"], ent["paid_through"] + 1)
    end = np.minimum.reduce(
        [np.full(len(uniq), last.index), ent["to"], ent["stop"] - 1, ent["suspended"] - 1, ent["death"]]
    )
    n = np.clip(end - start + 1, 0, None)
    total = int(n.sum())
    pos = np.repeat(np.arange(len(uniq)), n)
    offsets = np.arange(total) - np.repeat(np.cumsum(n) - n, n)
    month = np.repeat(start, n) + offsets
    # The amount in force: the last amount row of the entitlement with valid_from ≤ month (rows are ordered by
    # entitlement, valid_from, id: on a tie the latest written wins).
    group = np.searchsorted(uniq, ids)
    span = np.int64(ANY_MONTH) * 4
    keys = group * span + (frame["valid_from"] - NO_MONTH)
    target = pos * span + (month - NO_MONTH)
    row = np.searchsorted(keys, target, side="right") - 1
    ok = (row >= 0) & (group[np.maximum(row, 0)] == pos)
    pos, month, row = pos[ok], month[ok], row[ok]
    return {
        "entitlement_id": uniq[pos],
        "person_id": ent["person_id"][pos],
        "fund": ent["fund"][pos],
        "channel": ent["channel"][pos],
        "month": month,
        "amount": frame["amount"][row],
        "dead": (ent["death"] != ANY_MONTH),
        "ent_ids": uniq,
        "death": ent["death"],
        "stop": ent["stop"],
        "status": ent["status"],
        "ent_person": ent["person_id"],
        "ent_fund": ent["fund"],
    }


ONE_OFF_SQL = """
SELECT d.id, c.person_id, c.kind, c.params, d.payment_channel, d.amount - COALESCE(x.listed, 0)
FROM benefits_decision d
JOIN benefits_claim c ON c.id = d.claim_id
LEFT JOIN (SELECT d2.claim_id AS claim_id, SUM(l.amount) AS listed
           FROM benefits_payrollline l JOIN benefits_decision d2 ON d2.id = l.decision_id
           GROUP BY d2.claim_id) x ON x.claim_id = d.claim_id
WHERE d.outcome = 'grant' AND d.amount > COALESCE(x.listed, 0) AND d.decided_on <= %s AND c.status = 'decided'
  AND d.version = (SELECT MAX(v.version) FROM benefits_decision v WHERE v.claim_id = d.claim_id)
ORDER BY d.id
"""

REISSUE_SQL = """
SELECT l.id, l.entitlement_id, l.person_id, CAST(l.for_month AS TEXT), l.amount, l.deduction, l.fund,
       COALESCE(e.channel, d.payment_channel, l.channel)
FROM benefits_payrollline l
LEFT JOIN benefits_entitlement e ON e.id = l.entitlement_id
LEFT JOIN benefits_decision d ON d.id = l.decision_id
WHERE l.status = 'reissued' AND (e.id IS NULL OR e.status <> 'suspended')
  AND NOT EXISTS (SELECT 1 FROM benefits_payrollline r WHERE r.reissue_of_id = l.id)
ORDER BY l.id
"""

LINE_COLUMNS = (
    "kind",
    "entitlement_id",
    "decision_id",
    "arrears_id",
    "reissue_of_id",
    "person_id",
    "for_month",
    "amount",
    "deduction",
    "fund",
    "channel",
)


class _Lines:
    """The lines of one build, column-wise (regular lines arrive as numpy columns, the others row by row)."""

    def __init__(self) -> None:
        self.cols: dict[str, list[Any]] = {k: [] for k in LINE_COLUMNS}
        self.month_idx: list[int] = []

    @property
    def n(self) -> int:
        return len(self.cols["amount"])

    def add(self, **row: Any) -> None:
        for k in LINE_COLUMNS:
            self.cols[k].append(row.get(k))
        self.month_idx.append(Month.parse(str(row["for_month"])[:7]).index)

    def extend_regular(self, lines: dict[str, np.ndarray]) -> None:
        n = len(lines["month"])
        c = self.cols
        c["kind"] += [PayrollLine.Kind.REGULAR] * n
        c["entitlement_id"] += lines["entitlement_id"].tolist()
        c["decision_id"] += [None] * n
        c["arrears_id"] += [None] * n
        c["reissue_of_id"] += [None] * n
        c["person_id"] += lines["person_id"].tolist()
        c["for_month"] += _dates_of(lines["month"]).tolist()
        c["amount"] += lines["amount"].tolist()
        c["deduction"] += [0] * n
        c["fund"] += lines["fund"].tolist()
        c["channel"] += lines["channel"].tolist()
        self.month_idx += lines["month"].tolist()


def build_payroll(
    period: Month, *, double: bool = False, actor: Any = None, recurring: bool = True, one_off: bool = True,
    progress: Progress | None = None,
) -> tuple[Payroll, PayrollReport]:
    """Build (or complete) the month's payment list: the recurring benefits' months (with the arrears of
    corrections and the lines to pay again), and the one-off amounts decided by the end of the month. Set-based;
    building again adds only what is new. `recurring=False`: the one-off amounts only (an on-demand list).
    `progress` hears the phases: read and compute, arrears and one-off amounts, write, post."""
    progress = progress_or_none(progress)
    now = timezone.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(727005)")  # one payroll build at a time
                # The read's estimated cost (a correlated MAX per entitlement) makes PostgreSQL JIT-compile it,
                # which costs more than the query; its sort of ~100,000 rows fits in memory with 64 MB.
                cursor.execute("SET LOCAL jit = off")
                cursor.execute("SET LOCAL work_mem = '64MB'")
        payroll, _ = Payroll.objects.get_or_create(period=period.first_day)
        if double and not payroll.double:
            payroll.double = True
            payroll.save(update_fields=["double"])
        last = period + 1 if payroll.double else period
        report = PayrollReport(
            period=str(period), months=[str(period)] + ([str(last)] if last != period else [])
        )
        out = _Lines()
        progress.start(4, "phases")
        if recurring:
            from ansinh.benefits.services.entitlements import suspend_uncollected

            report.suspended_uncollected = suspend_uncollected(last, actor=actor, now=now)
            lines = compute_lines(read_entitlements(last), last)
            report.entitlements_read = len(lines.get("ent_ids", []))
            if lines:
                report.stopped_by_death, report.recoveries = _stop_deaths(lines, actor, now)
            if len(lines.get("month", [])):
                out.extend_regular(lines)
                report.arrears_lines = int((lines["month"] < period.index).sum())
            arrears_ids = _add_arrears(out)
        else:
            arrears_ids = []
        progress.advance(1)
        report.reissued = _add_reissues(out)
        if one_off:
            report.one_off_lines = _add_one_offs(out, period)
        n = out.n
        progress.advance(1)
        if n == 0:
            progress.advance(2)
            return payroll, report
        kinds = out.cols["kind"]
        taken = _deductions(out) if recurring else []
        ids = list(next_ids(PayrollLine._meta.db_table, n))
        insert_columns(
            PayrollLine._meta.db_table,
            {
                "id": ids,
                "payroll_id": payroll.pk,
                **out.cols,
                "status": PayrollLine.Status.BUILT,
            },
            n,
        )
        if arrears_ids:
            Arrears.objects.filter(pk__in=arrears_ids).update(status=Arrears.Status.LISTED, payroll=payroll)
        if taken:
            report.deducted = _record_deductions(taken, ids, period, actor, now)
        report.lines = n
        report.total = sum(out.cols["amount"])
        payroll.builds += 1
        progress.advance(1)
        report.txns = _post_build(payroll, period, out, actor, report)
        progress.advance(1)
        totals = (
            PayrollLine.objects.filter(payroll=payroll)
            .values("channel", "kind")
            .annotate(n=Count("id"), s=Sum("amount"), d=Sum("deduction"))
            .order_by("channel", "kind")
        )
        summary: dict[str, dict[str, int]] = {}
        by_kind: dict[str, dict[str, int]] = {}
        for r in totals:
            for key, target in ((r["channel"], summary), (r["kind"], by_kind)):
                t = target.setdefault(key, {"lines": 0, "amount": 0, "deduction": 0})
                t["lines"] += int(r["n"])
                t["amount"] += int(r["s"] or 0)
                t["deduction"] += int(r["d"] or 0)
        report.by_channel = {k: v["amount"] for k, v in summary.items()}
        report.by_kind = {k: sum(1 for x in kinds if x == k) for k in sorted(set(kinds))}
        payroll.lines = sum(v["lines"] for v in summary.values())
        payroll.total = sum(v["amount"] for v in summary.values())
        payroll.summary = {"by_channel": summary, "by_kind": by_kind, "last_build": dict(report.__dict__)}
        payroll.built_at, payroll.built_by = now, actor if getattr(actor, "pk", None) else None
        payroll.save()
        audit.record(
            actor=actor,
            action="action",
            obj=payroll,
            source="cli" if actor is None else "web",
            after={
                "build": payroll.builds,
                "lines": n,
                "total": report.total,
                "double": payroll.double,
                "by_fund": report.by_fund,
                "by_kind": report.by_kind,
                "deducted": report.deducted,
                "arrears": len(arrears_ids),
            },
        )
    return payroll, report


def _add_arrears(out: _Lines) -> list[int]:
    """Arrears of upward corrections not yet listed (not while the entitlement is suspended): one line a month."""
    rows = (
        Arrears.objects.filter(status=Arrears.Status.PENDING)
        .exclude(entitlement__status=Entitlement.Status.SUSPENDED)
        .values_list(
            "id",
            "entitlement_id",
            "entitlement__person_id",
            "entitlement__fund",
            "entitlement__channel",
            "months",
        )
        .order_by("id")
    )
    ids = []
    for aid, ent, person, fund, channel, months in rows:
        ids.append(aid)
        for m in months:
            if int(m["diff"]) > 0:
                out.add(
                    kind=PayrollLine.Kind.ARREARS,
                    entitlement_id=ent,
                    arrears_id=aid,
                    person_id=person,
                    for_month=f"{m['month']}-01",
                    amount=int(m["diff"]),
                    deduction=0,
                    fund=fund,
                    channel=channel,
                )
    return ids


def _add_reissues(out: _Lines) -> int:
    """Returned or not-collected lines marked to be paid again (e.g. on resumption): a new line each, same month,
    amount and deduction; the liability is already in benefits_payable, so nothing more is posted."""
    with connection.cursor() as cursor:
        cursor.execute(REISSUE_SQL)
        rows = cursor.fetchall()
    for lid, ent, person, month, amount, deduction, fund, channel in rows:
        out.add(
            kind=PayrollLine.Kind.REISSUE,
            entitlement_id=ent,
            reissue_of_id=lid,
            person_id=person,
            for_month=str(month)[:10],
            amount=int(amount),
            deduction=int(deduction),
            fund=fund,
            channel=channel,
        )
    return len(rows)


def _add_one_offs(out: _Lines, period: Month) -> int:
    """The one-off amounts decided by the end of the period and not yet listed in full (per claim: the current
    decision's amount − every one-off line of the claim), a line each on the current decision. A claim being
    corrected (reopened) waits for its new decision."""
    import json

    from ansinh.benefits.services.claims import fund_of

    with connection.cursor() as cursor:
        cursor.execute(ONE_OFF_SQL, [period.last_day])
        rows = cursor.fetchall()
    day = period.first_day.isoformat()
    for did, person, kind, params, channel, due in rows:
        if kind == ClaimKind.CONVALESCENCE and isinstance(params, str):
            params = json.loads(params or "{}")
        out.add(
            kind=PayrollLine.Kind.ONE_OFF,
            decision_id=did,
            person_id=person,
            for_month=day,
            amount=int(due),
            deduction=0,
            fund=fund_of(kind, params if isinstance(params, dict) else None),
            channel=channel,
        )
    return len(rows)


def _deductions(out: _Lines) -> list[tuple[int, int, int]]:
    """Open recoveries set to be deducted, taken from the regular and arrears lines of their entitlement."""
    ents = out.cols["entitlement_id"]
    wanted = {
        e
        for e, k in zip(ents, out.cols["kind"], strict=True)
        if e is not None and k in (PayrollLine.Kind.REGULAR, PayrollLine.Kind.ARREARS)
    }
    if not wanted:
        return []
    recs = [
        r
        for r in Recovery.objects.filter(status=Recovery.Status.OPEN, deduct=True, entitlement__isnull=False)
        .values_list("id", "entitlement_id", "amount", "recovered", "cancelled", "per_month")
        .order_by("id")
        if r[1] in wanted
    ]
    if not recs:
        return []
    chosen = [
        i
        for i, (e, k) in enumerate(zip(ents, out.cols["kind"], strict=True))
        if e is not None
        and k in (PayrollLine.Kind.REGULAR, PayrollLine.Kind.ARREARS)
        and e in {r[1] for r in recs}
    ]
    deduction, taken = allocate_deductions(
        [ents[i] for i in chosen],
        [out.month_idx[i] for i in chosen],
        [out.cols["amount"][i] for i in chosen],
        [
            (rid, ent, amount - recovered - cancelled, per_month)
            for rid, ent, amount, recovered, cancelled, per_month in recs
        ],
    )
    for j, i in enumerate(chosen):
        out.cols["deduction"][i] = deduction[j]
    return [(rid, chosen[j], amount) for rid, j, amount in taken]


def _record_deductions(
    taken: list[tuple[int, int, int]], ids: list[int], period: Month, actor: Any, now: dt.datetime
) -> int:
    user = actor if getattr(actor, "pk", None) else None
    RecoveryPayment.objects.bulk_create(
        [
            RecoveryPayment(
                recovery_id=rid,
                method=RecoveryPayment.Method.DEDUCTION,
                amount=amount,
                on=period.first_day,
                line_id=ids[i],
                created_at=now,
                created_by=user,
            )
            for rid, i, amount in taken
        ]
    )
    per: dict[int, int] = defaultdict(int)
    for rid, _, amount in taken:
        per[rid] += amount
    recs = list(Recovery.objects.filter(pk__in=list(per)))
    events = []
    for r in recs:
        before = {"recovered": r.recovered, "status": r.status}
        r.recovered += per[r.pk]
        if r.remaining == 0:
            r.status = Recovery.Status.SETTLED
        after = {"recovered": r.recovered, "status": r.status, "deducted": per[r.pk], "payroll": str(period)}
        events.append(audit.event(actor=user, action=AuditEvent.Action.UPDATE, object_type="benefits.recovery",
                                  object_id=r.pk, before=before, after=after, reason="deducted from the payroll",
                                  source="payroll", at=now))
    Recovery.objects.bulk_update(recs, ["recovered", "status"])
    audit.record_bulk(events)
    return sum(per.values())


def _post_build(payroll: Payroll, period: Month, out: _Lines, actor: Any, report: PayrollReport) -> int:
    """One `payroll` txn per fund: Dr benefit_expense / Cr benefits_payable (agency) per month of the regular and
    arrears lines; one-off lines move the amount owed from the person to the list (Dr benefits_payable person /
    Cr benefits_payable agency); deductions settle the person's receivable (Dr benefits_payable agency / Cr
    benefits_payable person)."""
    expense: dict[tuple[str, int], int] = defaultdict(int)
    moved: dict[tuple[str, int, int], int] = defaultdict(int)  # (fund, person, month) → one-off amount listed
    deducted: dict[tuple[str, int, int], int] = defaultdict(int)
    c = out.cols
    for kind, person, month, amount, deduction, fund in zip(
        c["kind"], c["person_id"], out.month_idx, c["amount"], c["deduction"], c["fund"], strict=True
    ):
        if kind in (PayrollLine.Kind.REGULAR, PayrollLine.Kind.ARREARS):
            expense[(fund, month)] += amount
        elif kind == PayrollLine.Kind.ONE_OFF:
            moved[(fund, person, month)] += amount
        if deduction and kind != PayrollLine.Kind.REISSUE:
            deducted[(fund, person, month)] += deduction
    batch = []
    funds = sorted({k[0] for k in expense} | {k[0] for k in moved} | {k[0] for k in deducted})
    for fund in funds:
        postings: list[Posting] = []
        for (f, m), amount in sorted(expense.items()):
            if f == fund:
                day = Month.from_index(m).first_day
                postings += [
                    Posting(Account.BENEFIT_EXPENSE, fund, HolderType.AGENCY, 0, day, amount),
                    Posting(Account.BENEFITS_PAYABLE, fund, HolderType.AGENCY, 0, day, -amount),
                ]
                report.by_fund[fund] = report.by_fund.get(fund, 0) + amount
        for (f, person, m), amount in sorted(moved.items()):
            if f == fund:
                day = Month.from_index(m).first_day
                postings += [
                    Posting(Account.BENEFITS_PAYABLE, fund, HolderType.PERSON, person, day, amount),
                    Posting(Account.BENEFITS_PAYABLE, fund, HolderType.AGENCY, 0, day, -amount),
                ]
        for (f, person, m), amount in sorted(deducted.items()):
            if f == fund:
                day = Month.from_index(m).first_day
                postings += [
                    Posting(Account.BENEFITS_PAYABLE, fund, HolderType.AGENCY, 0, day, amount),
                    Posting(Account.BENEFITS_PAYABLE, fund, HolderType.PERSON, person, day, -amount),
                ]
        if postings:
            batch.append(
                BatchTxn(
                    LedgerTxn.Kind.PAYROLL,
                    f"payroll:{period}:{payroll.builds}:{fund}",
                    period.first_day,
                    tuple(postings),
                )
            )
    return post_batch(batch, period=period, actor=actor, memo=f"payroll {period} build {payroll.builds}")


def _stop_deaths(lines: dict[str, np.ndarray], actor: Any, now: dt.datetime) -> tuple[int, int]:
    """Mark the entitlements of persons who died as stopped from the month after death (set-based: one UPDATE per
    distinct stop month, an audit row each); months already paid after the death (a death recorded late, a double
    month) become recoveries."""
    death, status = lines["death"], lines["status"]
    mask = (death != ANY_MONTH) & (status != Entitlement.Status.STOPPED)
    if not mask.any():
        return 0, 0
    ids, stops = lines["ent_ids"][mask], death[mask] + 1
    events = []
    with connection.cursor() as cursor:
        for s in np.unique(stops).tolist():
            chosen = ids[stops == s].tolist()
            stop_day, last_day = Month.from_index(s).first_day, Month.from_index(s - 1).first_day
            for i in range(0, len(chosen), 900):
                chunk = chosen[i : i + 900]
                cursor.execute(
                    "UPDATE benefits_entitlement SET status = %s, stop_month = %s, "
                    "to_month = CASE WHEN to_month IS NULL OR to_month > %s THEN %s ELSE to_month END, "
                    "status_reason = %s, status_basis = %s "
                    f"WHERE id IN ({', '.join(['%s'] * len(chunk))})",
                    [
                        Entitlement.Status.STOPPED,
                        stop_day,
                        last_day,
                        last_day,
                        "death recorded in the registry",
                        "Law 41/2024 Art 75.2.a, 75.5, 87.3",
                        *chunk,
                    ],
                )
            user = actor if getattr(actor, "pk", None) else None
            events += [
                audit.event(actor=user, action=AuditEvent.Action.UPDATE, object_type="benefits.entitlement",
                            object_id=i, after={"status": "stopped", "stop_month": stop_day.isoformat()},
                            reason="death recorded in the registry", source="payroll", at=now)
                for i in chosen
            ]
    audit.record_bulk(events)
    stop_of = dict(zip(ids.tolist(), stops.tolist(), strict=True))
    return len(events), _death_recoveries(stop_of, lines, actor, now)


def _death_recoveries(
    stop_of: dict[int, int], lines: dict[str, np.ndarray], actor: Any, now: dt.datetime
) -> int:
    """Months on a payroll from the stop month on (counted lines), less what earlier recoveries claim: a recovery
    per entitlement with its months (set-based: two reads, one insert, one batch of ledger txns)."""
    ids = list(stop_of)
    paid: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    earliest = Month.from_index(min(stop_of.values())).first_day
    with connection.cursor() as cursor:
        for i in range(0, len(ids), 900):
            chunk = ids[i : i + 900]
            cursor.execute(
                "SELECT entitlement_id, CAST(for_month AS TEXT), SUM(amount) FROM benefits_payrollline "
                f"WHERE entitlement_id IN ({', '.join(['%s'] * len(chunk))}) AND for_month >= %s "
                "AND status IN ('built', 'paid') AND kind IN ('regular', 'arrears', 'reissue') "
                "GROUP BY entitlement_id, for_month",
                [*chunk, earliest],
            )
            for ent, month, total in cursor.fetchall():
                if Month.parse(str(month)[:7]).index >= stop_of[ent]:
                    paid[ent][str(month)[:7]] += int(total)
    if not paid:
        return 0
    prior: dict[int, list[Recovery]] = defaultdict(list)
    for r in Recovery.objects.filter(entitlement_id__in=list(paid)):
        prior[r.entitlement_id].append(r)
    person_of = dict(zip(lines["ent_ids"].tolist(), lines["ent_person"].tolist(), strict=True))
    fund_of_ent = dict(zip(lines["ent_ids"].tolist(), lines["ent_fund"].tolist(), strict=True))
    user = actor if getattr(actor, "pk", None) else None
    recs = []
    for ent, months in sorted(paid.items()):
        claimed = months_claimed(prior[ent])
        rows = [
            {"month": k, "paid": v - claimed.get(k, 0), "due": 0, "over": v - claimed.get(k, 0)}
            for k, v in sorted(months.items())
            if v - claimed.get(k, 0) > 0
        ]
        if rows:
            recs.append(
                Recovery(
                    person_id=person_of[ent],
                    entitlement_id=ent,
                    fund=fund_of_ent[ent],
                    cause=Recovery.Cause.DEATH,
                    months=rows,
                    amount=sum(r["over"] for r in rows),
                    deduct=False,
                    reason="death recorded after months were paid",
                    basis=RECOVERY_BASIS[Recovery.Cause.DEATH],
                    created_at=now,
                    created_by=user,
                )
            )
    if not recs:
        return 0
    Recovery.objects.bulk_create(recs)
    today = timezone.localdate()
    post_batch(
        [
            BatchTxn(LedgerTxn.Kind.ADJUSTMENT, f"recovery:{r.pk}", today, tuple(recovery_postings(r)))
            for r in recs
        ],
        period=Month.of(today),
        actor=actor,
        memo="overpayments after a death",
    )
    audit.record_bulk([
        audit.event(actor=user, action=AuditEvent.Action.CREATE, object_type="benefits.recovery", object_id=r.pk,
                    after=audit.snapshot(r), reason=r.reason, source="payroll", at=now)
        for r in recs
    ])
    return len(recs)


# --- return files --------------------------------------------------------------------------------------------

SETTLE_STATUSES = {
    "paid": PayrollLine.Status.PAID,
    "returned": PayrollLine.Status.RETURNED,
    "uncollected": PayrollLine.Status.UNCOLLECTED,
}


@dataclass
class SettlementReport:
    lines: int
    by_status: dict[str, int]
    paid_amount: int


def settle_payroll(
    *, actor: Any, payroll: Payroll, data: bytes, file_name: str, source: str = ""
) -> SettlementReport:
    """Import a return file: CSV with a header `line_id,status,date` (status paid | returned | uncollected, date
    YYYY-MM-DD or DD/MM/YYYY). The whole file is checked first; any error → FileErrors and nothing is written."""
    digest = hashlib.sha256(data).hexdigest()
    if PayrollSettlement.objects.filter(file_sha256=digest).exists():
        raise Conflict("already_imported", "This file was already imported.")
    from ansinh.core import files

    text = files.decode_text(data)
    reader = files.limited_rows(csv.reader(io.StringIO(text)))
    header = [str(h).strip().lower() for h in next(reader, ())]
    if header[:3] != ["line_id", "status", "date"]:
        raise FileErrors([{"line": 1, "message": "the header must be: line_id,status,date"}])
    parsed: list[tuple[int, int, str, dt.date]] = []
    errors: list[dict[str, object]] = []
    seen: dict[int, int] = {}
    for line_no, row in enumerate(reader, start=2):
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) < 3:
            errors.append({"line": line_no, "message": "expected 3 columns: line_id,status,date"})
            continue
        raw_id, raw_status, raw_date = (c.strip() for c in row[:3])
        if not raw_id.isdigit() or len(raw_id) > 18:
            errors.append({"line": line_no, "field": "line_id", "message": f"not a line number: {raw_id[:40]!r}"})
            continue
        status = SETTLE_STATUSES.get(raw_status.lower())
        if status is None:
            errors.append(
                {
                    "line": line_no,
                    "field": "status",
                    "message": f"status must be paid, returned or uncollected, got {raw_status!r}",
                }
            )
            continue
        day = _parse_day(raw_date)
        if day is None:
            errors.append({"line": line_no, "field": "date", "message": f"not a date: {raw_date!r}"})
            continue
        line_id = int(raw_id)
        if line_id in seen:
            errors.append(
                {
                    "line": line_no,
                    "field": "line_id",
                    "message": f"line {line_id} already given on line {seen[line_id]}",
                }
            )
            continue
        seen[line_id] = line_no
        parsed.append((line_no, line_id, status, day))
    known: dict[int, tuple[str, str, dt.date, int]] = {}
    ids = [p[1] for p in parsed]
    for i in range(0, len(ids), 900):
        for pk, st, fund, month, amount, deduction in PayrollLine.objects.filter(
            payroll=payroll, pk__in=ids[i : i + 900]
        ).values_list("id", "status", "fund", "for_month", "amount", "deduction"):
            known[pk] = (st, fund, month, int(amount) - int(deduction))  # what the payee receives
    for line_no, line_id, _status, day in parsed:
        if line_id not in known:
            errors.append(
                {
                    "line": line_no,
                    "field": "line_id",
                    "message": f"line {line_id} is not on the payroll of {payroll.period:%Y-%m}",
                }
            )
        elif known[line_id][0] != PayrollLine.Status.BUILT:
            errors.append(
                {
                    "line": line_no,
                    "field": "line_id",
                    "message": f"line {line_id} is already settled ({known[line_id][0]})",
                }
            )
        elif day < payroll.period:
            errors.append(
                {"line": line_no, "field": "date", "message": "the date is before the payroll month"}
            )
    if errors:
        raise FileErrors(sorted(errors, key=lambda e: int(e["line"])))  # type: ignore[call-overload]
    if not parsed:
        raise FileErrors([{"line": 1, "message": "the file has no lines"}])
    now = timezone.now()
    by_status: dict[str, int] = defaultdict(int)
    paid: dict[tuple[str, dt.date], int] = defaultdict(int)
    groups: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
    for _, line_id, status, day in parsed:
        groups[(status, day)].append(line_id)
        by_status[status] += 1
        if status == PayrollLine.Status.PAID:
            _, fund, month, amount = known[line_id]
            paid[(fund, month)] += amount
    with transaction.atomic():
        settlement = PayrollSettlement.objects.create(
            payroll=payroll,
            file_name=file_name[:200],
            file_sha256=digest,
            imported_at=now,
            imported_by=actor if getattr(actor, "pk", None) else None,
            counts=dict(by_status),
        )
        with connection.cursor() as cursor:
            for (status, day), chosen in groups.items():
                for i in range(0, len(chosen), 900):
                    chunk = chosen[i : i + 900]
                    cursor.execute(
                        "UPDATE benefits_payrollline SET status = %s, settled_on = %s, settlement_id = %s "
                        f"WHERE status = %s AND id IN ({', '.join(['%s'] * len(chunk))})",
                        [status, day, settlement.pk, PayrollLine.Status.BUILT, *chunk],
                    )
                    if cursor.rowcount != len(chunk):
                        raise Conflict(
                            "concurrent_change", "Some lines were settled meanwhile; nothing written."
                        )
        paid_total = sum(paid.values())
        if paid_total:
            postings = []
            for (fund, month), amount in sorted(paid.items()):
                postings += [
                    Posting(Account.BENEFITS_PAYABLE, fund, HolderType.AGENCY, 0, month, amount),
                    Posting(Account.CASH, fund, HolderType.AGENCY, 0, month, -amount),
                ]
            last_day = max(p[3] for p in parsed)
            post(
                kind=LedgerTxn.Kind.PAYOUT,
                reference=f"settlement:{settlement.pk}",
                period=Month.of(last_day),
                effective_date=last_day,
                postings=postings,
                actor=actor,
                memo=f"return file {file_name}"[:200],
                source=source,
            )
        audit.record(
            actor=actor,
            action="create",
            obj=settlement,
            source=source,
            after={"file": file_name, "lines": len(parsed), "by_status": dict(by_status), "paid": paid_total},
        )
    return SettlementReport(len(parsed), dict(by_status), paid_total)


def _parse_day(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 — a calendar date, no time
        except ValueError:
            continue
    return None


def payroll_export_rows(payroll: Payroll, channel: str = "") -> list[tuple[Any, ...]]:
    """The lines to pay, for the bank or the postal service (the return file answers by line_id)."""
    qs = PayrollLine.objects.filter(payroll=payroll)
    if channel:
        qs = qs.filter(channel=channel)
    return list(
        qs.order_by("channel", "id").values_list(
            "id",
            "person__si_code",
            "person__citizen_id",
            "person__full_name",
            "for_month",
            "amount",
            "channel",
            "entitlement__bank_account",
            "entitlement__bank_name",
            "entitlement__payment_point",
            "status",
        )
    )


# --- indexation ----------------------------------------------------------------------------------------------

INDEXED_KINDS = (ClaimKind.PENSION, ClaimKind.WORK_INJURY)


@dataclass
class IndexationReport:
    on: str
    decree: str = ""
    entitlements: int = 0
    already: int = 0
    before: int = 0
    after: int = 0


def index_pensions(on: dt.date, *, actor: Any = None) -> IndexationReport:
    """Apply the indexation in force on `on` to every pension and monthly work-injury allowance in payment: the
    amount in force in the month before → a new amount row from the month of `on`. Monthly survivor allowances
    follow the reference level instead (Circular 14/2026 Art 3.3) and are not indexed here. Idempotent."""
    month = Month.of(on)
    if on != month.first_day:
        raise InvalidInput("bad_date", "indexation starts on the first day of a month", field="on")
    try:
        probe = indexation.calculate(indexation.IndexationInput(on=on, amount_before=1_000_000))
    except RuleError as exc:
        raise InvalidInput(exc.code, exc.message, field="on") from None
    report = IndexationReport(on=on.isoformat(), decree=probe.decree)
    if probe.effective != on:
        raise InvalidInput(
            "not_an_adjustment_date",
            f"no adjustment starts on {on}; the one in force started {probe.effective}",
            field="on",
        )
    sql = """
        SELECT e.id, e.retired_before_1995, a.valid_from, a.amount, a.source
        FROM benefits_entitlement e
        JOIN benefits_entitlementamount a ON a.entitlement_id = e.id AND a.valid_from <= %s
        WHERE e.status IN ('active', 'suspended') AND e.kind IN (%s, %s) AND e.from_month < %s
          AND (e.to_month IS NULL OR e.to_month >= %s)
        ORDER BY e.id, a.valid_from, a.id
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, [on, *INDEXED_KINDS, on, on])
            rows = cursor.fetchall()
        if not rows:
            return report
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        pre1995 = np.array([bool(r[1]) for r in rows], dtype=bool)
        on_text = on.isoformat()
        at_on = np.array(
            [str(r[2])[:10] == on_text and r[4] == EntitlementAmount.Source.INDEXATION for r in rows]
        )
        before_on = np.array([str(r[2])[:10] < on_text for r in rows])
        amount = np.array([r[3] for r in rows], dtype=np.int64)
        uniq = np.unique(ids)
        done = np.unique(ids[at_on])
        report.already = len(done)
        # The amount of the month before: the last row (by valid_from, id) starting before `on`.
        idx = np.nonzero(before_on)[0]
        last_of = {}
        for i in idx.tolist():  # rows are ordered: the last wins
            last_of[int(ids[i])] = i
        done_set = set(done.tolist())
        todo = [e for e in uniq.tolist() if e not in done_set and e in last_of]
        if not todo:
            return report
        rows_i = np.array([last_of[e] for e in todo], dtype=np.int64)
        olds, flags = amount[rows_i], pre1995[rows_i]
        cache: dict[tuple[int, bool], int] = {}
        news = np.empty(len(todo), dtype=np.int64)
        for k, (old, flag) in enumerate(zip(olds.tolist(), flags.tolist(), strict=True)):
            key = (old, flag)
            if key not in cache:
                cache[key] = indexation.calculate(
                    indexation.IndexationInput(on=on, amount_before=old, retired_before_1995=flag)
                ).amount_after
            news[k] = cache[key]
        n = len(todo)
        insert_columns(
            EntitlementAmount._meta.db_table,
            {
                "entitlement_id": todo,
                "valid_from": on,
                "amount": news,
                "source": EntitlementAmount.Source.INDEXATION,
                "decision_id": None,
                "basis": f"{probe.decree} (+{probe.indexed - 1_000_000:,} per 1,000,000)"[:200],
                "detail": "{}",
                "created_at": timezone.now(),
            },
            n,
        )
        report.entitlements, report.before, report.after = n, int(olds.sum()), int(news.sum())
        audit.record(
            actor=actor,
            action="action",
            object_type="benefits.indexation",
            object_id=on.isoformat(),
            after={"decree": probe.decree, "entitlements": n, "before": report.before, "after": report.after},
            source="cli",
        )
    return report
