"""Employer payments from the agency's bank statements: import, match to employers, allocate, post; the queue of
unmatched lines and its resolution by an officer. See docs/collection.md.

Import (set-based, for statements of 10,000 lines): the whole file is parsed and validated first (any bad row: a
FileErrors listing every one, nothing written); debit lines are left out (money leaving the account is not a
contribution); credit lines whose bank reference is already stored are skipped and reported as already imported.
Then, in one transaction: one query reads the employers named by any unit code or tax code found in the texts, one
grouped query reads what each of them owes per month, account and fund, the allocation is computed in memory, and
the lines, txns, entries and audit rows are inserted in bulk.

Matching (codes.payment_text_codes): an employer whose unit code appears in the text (the "+BHXH+" reference's unit
field, or a CV 1804 unit code anywhere in the text with spaces removed); failing that, an employer whose tax code
appears. Exactly one employer: matched. Two or more at the same level (e.g. two unit codes of different employers,
or one tax code shared by no unit code and two branch codes): **ambiguous**, the line goes to the queue with the
candidates named in the import report; never guessed. None: unmatched, to the queue.

Allocation (ALLOCATION_RULE; the order is the table rules.params.contribution_rates.PAYMENT_ALLOCATION_ORDER in force
on the value date — see docs/legal-sources.md "Collection: allocating a unit's payment"): credits the employer already
holds (an earlier overpayment, a reduction by re-assessment) are used first; then the money goes through the steps
of the order — HI, UI, OA/OD, then sickness & maternity with retirement & survivorship in proportion to what each is
owed (Decision 60/2015/QĐ-TTg; Decision 595/QĐ-BHXH as amended by 505/QĐ-BHXH); from 2025-08-26 HI, UI, sickness &
maternity, OA/OD, retirement & survivorship (Decree 233/2025/NĐ-CP Art 7.4.b). Each step takes the fund's amount
due, oldest month first, then its late-payment interest, oldest month first (the months' order is the project's:
the texts name none). What is left over stays as a credit on the latest month owed (the month of the payment when
nothing is owed), fund UNALLOCATED_FUND. Not modelled: the texts first pay what is owed for employees who are due a
benefit or have left, a per-person split the ledger does not hold.

Postings: a matched line: Dr cash (agency, per fund as allocated) / Cr receivable and interest_receivable
(employer, per month and fund), kind=payment, reference = the bank reference. An unmatched line: Dr cash / Cr
suspense (agency), fund UNALLOCATED_FUND. Assigned later: Dr suspense / Cr receivable as allocated, with the cash
moved from UNALLOCATED_FUND to the funds paid, kind=match, same reference. Ignored: stays in suspense, audited with
the officer's reason.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.accounts.models import AuditEvent
from ansinh.accounts.scope import employers_visible, get_visible
from ansinh.contributions.imports.bank_statement import Layout, Statement, StatementLine, read_statement
from ansinh.contributions.models import Account, BankStatementLine, Fund, HolderType, LedgerEntry, LedgerTxn
from ansinh.contributions.services import references
from ansinh.contributions.services.collection import require_officer
from ansinh.contributions.services.ledger import Posting, post
from ansinh.core import bounds
from ansinh.core.bulk import insert_rows
from ansinh.core.errors import Conflict, FileErrors, InvalidInput
from ansinh.registry.models import Employer
from ansinh.rules.params.contribution_rates import PAYMENT_ALLOCATION_ORDER
from ansinh.rules.periods import Month

# Steps of funds by value date (rules/params); a payment dated before its first entry (2016) uses the first entry.
ALLOCATION_ORDER = PAYMENT_ALLOCATION_ORDER
UNALLOCATED_FUND = Fund.RS
ALLOCATION_RULE = (
    "earlier credits first; then the steps of payment_allocation_order in force on the value date "
    "(to 2025-08-25: hi > ui > oaod > sm+rs pro rata — Decision 60/2015/QĐ-TTg, 595/505/QĐ-BHXH; "
    "from 2025-08-26: hi > ui > sm > oaod > rs — Decree 233/2025/NĐ-CP Art 7.4.b), each step the "
    "amount due oldest month first, then its interest oldest month first; overpayment stays as a "
    "credit on the latest month"
)
OWED_ACCOUNTS = (Account.INTEREST_RECEIVABLE, Account.RECEIVABLE)
CHUNK = 20_000


# --- allocation (pure) ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """What one employer owes (positive) or holds as credit (negative) in one month owed, account and fund."""

    for_period: dt.date
    account: str
    fund: str
    balance: int


@dataclass(frozen=True)
class Move:
    for_period: dt.date
    account: str
    fund: str
    amount: int  # ledger sign: negative = credit (paid), positive = debit (a credit used)


def allocation_order(paid_on: dt.date) -> tuple[tuple[str, ...], ...]:
    """The steps of funds in force on the value date (the first entry's for an earlier date)."""
    return ALLOCATION_ORDER.at(max(paid_on, ALLOCATION_ORDER.first_day))


def _pro_rata(take: int, dues: Sequence[int]) -> list[int]:
    """`take` (≤ Σ dues) shared in proportion to `dues`: each share rounded down, the đồng left over one each to
    the first funds of the step still short. Σ shares = take; no share exceeds its due."""
    total = sum(dues)
    shares = [take * due // total for due in dues]
    left = take - sum(shares)
    for i, due in enumerate(dues):
        if left and shares[i] < due:
            shares[i] += 1
            left -= 1
    return shares


def _owed_in_order(owed: Sequence[Cell], steps: Sequence[Sequence[str]]) -> list[list[Cell]]:
    """Groups of cells paid together, in order: per step, the amounts due per month (oldest first), then the
    interest per month (oldest first); cells of a fund no step names come last, in the same way."""
    named = {fund for step in steps for fund in step}
    rest = tuple(sorted({c.fund for c in owed} - named))
    groups: list[list[Cell]] = []
    for step in [*steps, *((fund,) for fund in rest)]:
        for account in (Account.RECEIVABLE, Account.INTEREST_RECEIVABLE):
            by_month: dict[dt.date, list[Cell]] = defaultdict(list)
            for c in owed:
                if c.account == account and c.fund in step:
                    by_month[c.for_period].append(c)
            for month in sorted(by_month):
                groups.append(sorted(by_month[month], key=lambda c: step.index(c.fund)))
    return groups


def allocate(amount: int, cells: Iterable[Cell], *, paid_on: dt.date) -> list[Move]:
    """The entries on the employer's accounts for a payment of `amount` (> 0). Σ moves = −amount."""
    if amount <= 0:
        raise ValueError("a payment allocates a positive amount")
    cells = [c for c in cells if c.balance]
    owed = [c for c in cells if c.balance > 0]
    credits = sorted((c for c in cells if c.balance < 0), key=lambda c: (c.for_period, c.account, c.fund))
    need = sum(c.balance for c in owed)
    moves: list[Move] = []
    from_credits = 0
    for c in credits:  # earlier credits pay first, as far as something is owed
        use = min(-c.balance, need - from_credits)
        if use <= 0:
            break
        moves.append(Move(c.for_period, c.account, c.fund, use))
        from_credits += use
    available = amount + from_credits
    for group in _owed_in_order(owed, allocation_order(paid_on)):
        if available <= 0:
            break
        dues = [c.balance for c in group]
        take = min(sum(dues), available)
        shares = dues if take == sum(dues) else _pro_rata(take, dues)
        moves += [
            Move(c.for_period, c.account, c.fund, -share)
            for c, share in zip(group, shares, strict=True)
            if share
        ]
        available -= take
    if available:
        latest = max((c.for_period for c in cells), default=Month.of(paid_on).first_day)
        moves.append(Move(latest, Account.RECEIVABLE, UNALLOCATED_FUND, -available))
    return moves


def _payment_postings(
    moves: Sequence[Move], *, employer_id: int, agency_id: int, amount: int, paid_on: dt.date
) -> list[Posting]:
    """Employer entries as moved, and the cash debited per fund by the net amount each fund received."""
    cash: dict[str, int] = defaultdict(int)
    out = []
    for m in moves:
        out.append(Posting(m.account, m.fund, HolderType.EMPLOYER, employer_id, m.for_period, m.amount))
        cash[m.fund] -= m.amount
    if sum(cash.values()) != amount:
        raise AssertionError("allocation does not add up to the payment")
    fp = Month.of(paid_on).first_day
    out += [
        Posting(Account.CASH, fund, HolderType.AGENCY, agency_id, fp, v)
        for fund, v in sorted(cash.items())
        if v
    ]
    return out


def _cells_by_employer(employer_ids: Sequence[int]) -> dict[int, dict[tuple[dt.date, str, str], int]]:
    """One grouped query: per employer, what is owed per month owed, account and fund (non-zero)."""
    out: dict[int, dict[tuple[dt.date, str, str], int]] = defaultdict(dict)
    for i in range(0, len(employer_ids), CHUNK):
        rows = (
            LedgerEntry.objects.filter(
                holder_type=HolderType.EMPLOYER,
                holder_id__in=employer_ids[i : i + CHUNK],
                account__in=OWED_ACCOUNTS,
            )
            .values("holder_id", "for_period", "account", "fund")
            .annotate(s=Sum("amount"))
        )
        for r in rows:
            if r["s"]:
                out[r["holder_id"]][(r["for_period"], r["account"], r["fund"])] = int(r["s"])
    return out


def _apply(cells: dict[tuple[dt.date, str, str], int], moves: Sequence[Move]) -> None:
    for m in moves:
        key = (m.for_period, m.account, m.fund)
        cells[key] = cells.get(key, 0) + m.amount


def _as_cells(cells: dict[tuple[dt.date, str, str], int]) -> list[Cell]:
    return [Cell(fp, acc, fund, v) for (fp, acc, fund), v in cells.items() if v]


# --- matching ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchResult:
    employer_id: int | None
    reason: str  # unit_code | tax_code | none | ambiguous
    candidates: tuple[str, ...] = ()


def match_lines(lines: Sequence[StatementLine]) -> list[MatchResult]:
    """Employers named by the lines' texts: one query for all unit codes and tax codes found."""
    codes = [line.codes for line in lines]
    units = sorted({u for c in codes for u in c.unit_codes})
    taxes = sorted({t for c in codes for t in c.tax_codes})
    by_unit: dict[str, tuple[int, str]] = {}
    by_tax: dict[str, tuple[int, str]] = {}
    step = CHUNK // 2
    for i in range(0, max(len(units), len(taxes)), step):
        cond = Q(unit_code__in=units[i : i + step]) | Q(tax_code__in=taxes[i : i + step])
        for pk, unit, tax in Employer.objects.filter(cond).values_list("id", "unit_code", "tax_code"):
            by_unit[unit] = (pk, unit)
            if tax:
                by_tax[tax] = (pk, unit)
    out = []
    for c in codes:
        for level, found in (
            ("unit_code", [by_unit[u] for u in c.unit_codes if u in by_unit]),
            ("tax_code", [by_tax[t] for t in c.tax_codes if t in by_tax]),
        ):
            ids = {pk for pk, _ in found}
            if len(ids) == 1:
                out.append(MatchResult(ids.pop(), level))
                break
            if len(ids) > 1:
                out.append(MatchResult(None, "ambiguous", tuple(sorted({u for _, u in found}))))
                break
        else:
            out.append(MatchResult(None, "none"))
    return out


# --- import --------------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    file_name: str
    bank: str
    account_no: str
    layout: str
    lines: int = 0
    debits_skipped: int = 0
    credits: int = 0
    already_imported: list[dict[str, object]] = field(default_factory=list)
    matched: int = 0
    matched_amount: int = 0
    references: int = 0  # lines that paid a citizen's payment reference (counted in matched too)
    unmatched: int = 0
    unmatched_amount: int = 0
    ambiguous: list[dict[str, object]] = field(default_factory=list)
    txns: int = 0
    entries: int = 0
    opening_balance: int | None = None
    closing_balance: int | None = None
    dry_run: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    allocation_rule: str = ALLOCATION_RULE


def bank_statement_import(**kwargs: Any) -> ImportReport:
    """Import a bank statement (see `_bank_statement_import`). Two imports of one statement at the same time: the
    first writes, the other is refused as a conflict (409) with nothing written, never an IntegrityError (500);
    run again, it reports the lines as already imported."""
    try:
        return _bank_statement_import(**kwargs)
    except IntegrityError:
        raise Conflict("import_conflict", "lines of this statement were imported by another request at the same "
                       "time; nothing of this import was written: run it again to import what is left",
                       field="file") from None


def _bank_statement_import(
    *,
    actor: Any,
    data: bytes,
    file_name: str,
    bank: str,
    account_no: str,
    layout: Layout,
    agency_id: int = 0,
    dry_run: bool = False,
    source: str = "web",
) -> ImportReport:
    require_officer(actor)
    bank = (bank or "").strip().upper()
    account_no = (account_no or "").strip()
    if not bank:
        raise InvalidInput("required", "bank is required", field="bank")
    t0 = time.perf_counter()
    statement: Statement = read_statement(
        data, file_name=file_name, layout=layout, bank=bank, account_no=account_no
    )
    if statement.errors:
        raise FileErrors(statement.errors)
    if account_no and statement.account_no and _digits(statement.account_no) != _digits(account_no):
        raise FileErrors(
            [
                {
                    "line": None,
                    "field": "account_no",
                    "message": f"the statement is of account {statement.account_no}, not {account_no}",
                }
            ]
        )
    account_no = account_no or statement.account_no
    if not account_no:
        raise InvalidInput(
            "required", "account_no is required (the statement does not name its account)", field="account_no"
        )
    report = ImportReport(
        file_name=file_name,
        bank=bank,
        account_no=account_no,
        layout=layout.name,
        lines=len(statement.lines),
        opening_balance=statement.opening_balance,
        closing_balance=statement.closing_balance,
        dry_run=dry_run,
    )
    credits = statement.credits
    report.debits_skipped = report.lines - len(credits)
    report.credits = len(credits)
    report.timings["parse_s"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    with transaction.atomic():
        refs = [x.reference for x in credits]
        stored: set[str] = set()
        for i in range(0, len(refs), CHUNK):
            stored.update(
                BankStatementLine.objects.filter(reference__in=refs[i : i + CHUNK]).values_list(
                    "reference", flat=True
                )
            )
            stored.update(
                LedgerTxn.objects.filter(
                    kind=LedgerTxn.Kind.PAYMENT, reference__in=refs[i : i + CHUNK]
                ).values_list("reference", flat=True)
            )
        report.already_imported = [
            {"line": x.line_no, "reference": x.reference} for x in credits if x.reference in stored
        ]
        new = sorted(
            (x for x in credits if x.reference not in stored), key=lambda x: (x.value_date, x.line_no)
        )
        # a line carrying a valid payment reference (AS + 10 digits) pays it when the amount and the date fit;
        # otherwise it goes on to the employer matching (and, failing that, to the queue)
        paying = references.references_in_texts([x.text for x in new])
        claimed: set[int] = set()
        for i, (x, ref) in enumerate(zip(new, paying, strict=True)):
            if ref is None or ref.pk in claimed or references.settle_refusal(ref, x.credit, x.value_date) \
                    or references.cover_clash(ref):
                paying[i] = None
            else:
                claimed.add(ref.pk)
        matches = match_lines(new)
        employer_ids = sorted({m.employer_id for m in matches if m.employer_id})
        cells = _cells_by_employer(employer_ids)
        report.timings["match_s"] = time.perf_counter() - t1

        t2 = time.perf_counter()
        now = timezone.now()
        user = actor if getattr(actor, "pk", None) else None
        line_rows: list[BankStatementLine] = []
        txn_rows: list[LedgerTxn] = []
        postings: list[list[Posting]] = []
        for x, m, ref in zip(new, matches, paying, strict=True):
            if ref is not None:
                m = MatchResult(None, "reference")
            status = (BankStatementLine.Status.MATCHED if m.employer_id or ref is not None
                      else BankStatementLine.Status.UNMATCHED)
            line_rows.append(
                BankStatementLine(
                    bank=bank,
                    account_no=account_no,
                    reference=x.reference,
                    value_date=x.value_date,
                    amount=x.credit,
                    text=x.text,
                    payer_name=x.payer_name,
                    employer_id=m.employer_id,
                    payment_reference=ref,
                    status=status,
                    file_name=file_name[:200],
                    imported_at=now,
                )
            )
            month = Month.of(x.value_date)
            if ref is not None:
                postings.append(references.settlement_postings(ref, agency_id=agency_id))
                report.matched += 1
                report.matched_amount += x.credit
                report.references += 1
            elif m.employer_id:
                employer_cells = cells.setdefault(m.employer_id, {})
                moves = allocate(x.credit, _as_cells(employer_cells), paid_on=x.value_date)
                _apply(employer_cells, moves)
                postings.append(
                    _payment_postings(
                        moves,
                        employer_id=m.employer_id,
                        agency_id=agency_id,
                        amount=x.credit,
                        paid_on=x.value_date,
                    )
                )
                report.matched += 1
                report.matched_amount += x.credit
            else:
                postings.append(_suspense_postings(x.credit, agency_id=agency_id, paid_on=x.value_date))
                report.unmatched += 1
                report.unmatched_amount += x.credit
                if m.reason == "ambiguous":
                    report.ambiguous.append(
                        {"line": x.line_no, "reference": x.reference, "candidates": list(m.candidates)}
                    )
            txn_rows.append(
                LedgerTxn(
                    kind=LedgerTxn.Kind.PAYMENT,
                    reference=x.reference,
                    period=month.first_day,
                    effective_date=x.value_date,
                    posted_at=now,
                    actor=user,
                    memo=f"{bank} {account_no}: {x.text}"[:200],
                )
            )
        if dry_run:
            transaction.set_rollback(True)
            report.txns = len(txn_rows)
            report.entries = sum(len(p) for p in postings)
            report.timings["write_s"] = 0.0
            return report
        report.timings["allocate_s"] = time.perf_counter() - t2
        tw = time.perf_counter()
        BankStatementLine.objects.bulk_create(line_rows, batch_size=2000)
        report.timings["insert_lines_s"] = time.perf_counter() - tw
        tw = time.perf_counter()
        LedgerTxn.objects.bulk_create(txn_rows, batch_size=2000)
        report.timings["insert_txns_s"] = time.perf_counter() - tw
        tw = time.perf_counter()
        if connection.vendor != "postgresql" and any(
            t.pk is None for t in txn_rows
        ):  # very old SQLite: no RETURNING
            ids = dict(
                LedgerTxn.objects.filter(
                    kind=LedgerTxn.Kind.PAYMENT, reference__in=[t.reference for t in txn_rows]
                ).values_list("reference", "id")
            )
            for t in txn_rows:
                t.pk = ids[t.reference]
        report.entries = insert_rows(
            LedgerEntry._meta.db_table,
            (
                "txn_id",
                "account",
                "fund",
                "holder_type",
                "holder_id",
                "for_period",
                "period",
                "effective_date",
                "amount",
            ),
            (
                (
                    t.pk,
                    p.account,
                    p.fund,
                    p.holder_type,
                    p.holder_id,
                    p.for_period,
                    t.period,
                    t.effective_date,
                    p.amount,
                )
                for t, ps in zip(txn_rows, postings, strict=True)
                for p in ps
                if p.amount
            ),
        )
        report.txns = len(txn_rows)
        report.timings["insert_entries_s"] = time.perf_counter() - tw
        tw = time.perf_counter()
        actor_name = getattr(user, "username", "") or (str(actor) if actor else "system")
        # one audit row per line, inserted in one stream (COPY on PostgreSQL); the entries are in the ledger
        insert_rows(
            AuditEvent._meta.db_table,
            (
                "at",
                "actor_id",
                "actor_name",
                "action",
                "object_type",
                "object_id",
                "object_repr",
                "after",
                "reason",
                "source",
            ),
            (
                (
                    now,
                    user.pk if user else None,
                    actor_name,
                    AuditEvent.Action.CREATE,
                    BankStatementLine._meta.label_lower,
                    str(line.pk),
                    line.reference,
                    json.dumps(
                        {
                            "reference": line.reference,
                            "amount": line.amount,
                            "value_date": line.value_date.isoformat(),
                            "status": line.status,
                            "employer_id": line.employer_id,
                            "txn_id": t.pk,
                            "kind": t.kind,
                        }
                    ),
                    "",
                    source,
                )
                for line, t in zip(line_rows, txn_rows, strict=True)
            ),
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.ACTION,
            object_type="contributions.bankstatement",
            object_id=file_name[:64],
            source=source,
            after={
                "bank": bank,
                "account_no": account_no,
                "lines": report.lines,
                "credits": report.credits,
                "matched": report.matched,
                "unmatched": report.unmatched,
                "already_imported": len(report.already_imported),
            },
        )
        report.timings["insert_audit_s"] = time.perf_counter() - tw
        for x, ref in zip(new, paying, strict=True):
            if ref is not None:  # money posted above; the months paid opened, the payer told
                references.mark_paid(actor=actor, ref=ref, paid_on=x.value_date, channel="bank", paid_ref=x.reference,
                                     source=source)
        report.timings["write_s"] = time.perf_counter() - t2
    return report


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _suspense_postings(amount: int, *, agency_id: int, paid_on: dt.date) -> list[Posting]:
    fp = Month.of(paid_on).first_day
    return [
        Posting(Account.CASH, UNALLOCATED_FUND, HolderType.AGENCY, agency_id, fp, amount),
        Posting(Account.SUSPENSE, UNALLOCATED_FUND, HolderType.AGENCY, agency_id, fp, -amount),
    ]


def employer_payment_post(
    *,
    actor: Any,
    employer: Employer,
    amount: int,
    reference: str,
    paid_on: dt.date,
    agency_id: int = 0,
    source: str = "web",
) -> tuple[LedgerTxn, bool]:
    """One payment of a known employer (a desk payment, a single bank line): allocated as above and posted as
    kind=payment; the same reference posts once."""
    require_officer(actor)
    if amount <= 0:
        raise InvalidInput("bad_amount", "amount must be positive", field="amount")
    bounds.check_amount(amount)
    bounds.check_date(paid_on, field="paid_on")
    with transaction.atomic():
        existing = LedgerTxn.objects.filter(kind=LedgerTxn.Kind.PAYMENT, reference=reference).first()
        if existing is not None:
            return existing, False
        Employer.objects.select_for_update().filter(
            pk=employer.pk
        ).first()  # one payment of an employer at a time
        cells = _cells_by_employer([employer.pk]).get(employer.pk, {})
        moves = allocate(amount, _as_cells(cells), paid_on=paid_on)
        return post(
            kind=LedgerTxn.Kind.PAYMENT,
            reference=reference,
            period=Month.of(paid_on),
            effective_date=paid_on,
            postings=_payment_postings(
                moves, employer_id=employer.pk, agency_id=agency_id, amount=amount, paid_on=paid_on
            ),
            actor=actor,
            source=source,
            memo=f"payment of {employer.unit_code}",
        )


# --- the queue -----------------------------------------------------------------------------------------------


def _agency_of(line: BankStatementLine) -> int:
    row = (
        LedgerEntry.objects.filter(
            txn__kind=LedgerTxn.Kind.PAYMENT, txn__reference=line.reference, account=Account.SUSPENSE
        )
        .values_list("holder_id", flat=True)
        .first()
    )
    return int(row or 0)


def statement_line_assign(
    *, actor: Any, line: BankStatementLine, employer_id: int, reason: str = "", source: str = "web"
) -> tuple[BankStatementLine, LedgerTxn]:
    """An officer names the employer of an unmatched line: Dr suspense / Cr receivable as allocated (kind=match)."""
    require_officer(actor)
    employer = (
        get_visible(employers_visible(actor), "employer", employer_id)
        if actor is not None
        else Employer.objects.get(pk=employer_id)
    )
    with transaction.atomic():
        row = BankStatementLine.objects.select_for_update().get(pk=line.pk)
        if row.status != BankStatementLine.Status.UNMATCHED:
            raise Conflict(
                "not_unmatched",
                f"line {row.reference} is {row.status}, not waiting for an officer",
                field="line_id",
            )
        agency_id = _agency_of(row)
        cells = _cells_by_employer([employer.pk]).get(employer.pk, {})
        moves = allocate(row.amount, _as_cells(cells), paid_on=row.value_date)
        postings = _payment_postings(
            moves, employer_id=employer.pk, agency_id=agency_id, amount=row.amount, paid_on=row.value_date
        )
        fp = Month.of(row.value_date).first_day
        postings += [
            Posting(Account.SUSPENSE, UNALLOCATED_FUND, HolderType.AGENCY, agency_id, fp, row.amount),
            Posting(Account.CASH, UNALLOCATED_FUND, HolderType.AGENCY, agency_id, fp, -row.amount),
        ]
        txn, _ = post(
            kind=LedgerTxn.Kind.MATCH,
            reference=row.reference,
            period=Month.of(timezone.localdate()),
            effective_date=row.value_date,
            postings=postings,
            actor=actor,
            source=source,
            memo=f"assigned to {employer.unit_code}: {row.text}",
        )
        before = audit.snapshot(row)
        row.employer = employer
        row.status = BankStatementLine.Status.MATCHED
        row.resolved_by = actor if getattr(actor, "pk", None) else None
        row.resolved_at = timezone.now()
        row.save(update_fields=["employer", "status", "resolved_by", "resolved_at"])
        audit.record(
            actor=actor,
            action="update",
            obj=row,
            before=before,
            after=audit.snapshot(row),
            reason=reason,
            source=source,
        )
    return row, txn


def statement_line_ignore(
    *, actor: Any, line: BankStatementLine, reason: str, source: str = "web"
) -> BankStatementLine:
    """Not a contribution (e.g. sent to the wrong account, to be returned): the money stays in suspense; the
    officer's reason is kept in the audit row."""
    require_officer(actor)
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise InvalidInput(
            "required",
            "reason: say why the line is not a contribution (at least 5 characters)",
            field="reason",
        )
    with transaction.atomic():
        row = BankStatementLine.objects.select_for_update().get(pk=line.pk)
        if row.status != BankStatementLine.Status.UNMATCHED:
            raise Conflict(
                "not_unmatched",
                f"line {row.reference} is {row.status}, not waiting for an officer",
                field="line_id",
            )
        before = audit.snapshot(row)
        row.status = BankStatementLine.Status.IGNORED
        row.resolved_by = actor if getattr(actor, "pk", None) else None
        row.resolved_at = timezone.now()
        row.save(update_fields=["status", "resolved_by", "resolved_at"])
        audit.record(
            actor=actor,
            action="update",
            obj=row,
            before=before,
            after=audit.snapshot(row),
            reason=reason,
            source=source,
        )
    return row
