"""Arrears: late-payment interest accrued monthly, ageing by months overdue, debt lists. Set-based.

Due date of a month owed F (employers paying monthly): the last day of the month after F (Law 41/2024 Art 34.4.a);
from the day after it the amount is late.

Interest of an accounting month P, per employer and fund, over every month owed F with F ≤ P − 2:
- from 2025-07-01 (Law 41/2024 Art 40.1, rules table late_interest_daily): simple interest
  rate × Σ over the days d of P after the due date of the outstanding amount at the end of day d
  (a payment on day d stops the interest from day d on). Amounts still unpaid on 2025-06-30 fall under this rule
  from 2025-07-01 (Art 141.12).
- 2016-01 .. 2025-06 (Law 58/2014 Art 122.3, Decision 595/QĐ-BHXH): on the first day of P, the amount then
  overdue × k, k = 2 × the previous year's fund return ÷ 12 (HI: 2 × the 9-month interbank rate ÷ 12); months
  whose rate is not in the rules tables are reported and skipped, never guessed.
Rounding: per employer and fund, the sum over months owed, half up to the whole đồng. Interest is simple: it is
never charged on interest. Posted once per employer and month (reference interest:<employer>:<YYYY-MM>).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction

from ansinh.contributions.models import Account, Fund, HolderType, LedgerTxn
from ansinh.contributions.services.ledger import BatchTxn, Posting, post_batch
from ansinh.rules.contributions.parameters import rate_fraction
from ansinh.rules.params.contribution_rates import FUND_RETURN, HI_INTERBANK_RATE, LATE_INTEREST_DAILY
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError

MONTHLY_RULE_FROM = Month(2016, 1)


@dataclass
class InterestReport:
    period: str
    rule: str = ""
    employers: int = 0
    txns: int = 0
    already_posted: int = 0
    total: int = 0
    skipped: list[str] = field(default_factory=list)
    given: list[str] = field(default_factory=list)


def _day_sums(period: Month) -> list[tuple[int, str, int]]:
    """(employer, fund, Σ over months owed of amount × days late in the month), daily rule."""
    first, last = period.first_day, period.last_day
    if connection.vendor == "postgresql":
        days = ("(%s::date - GREATEST(%s::date, (for_period + INTERVAL '2 month')::date, effective_date) + 1)")
    else:
        days = "CAST(julianday(%s) - julianday(MAX(%s, date(for_period, '+2 months'), effective_date)) + 1 AS INTEGER)"
    sql = f"""
        SELECT holder_id, fund, for_period, SUM(amount * {days})
        FROM contributions_ledgerentry
        WHERE account = %s AND holder_type = %s AND for_period <= %s AND effective_date <= %s
        GROUP BY holder_id, fund, for_period
    """
    latest_owed = (period - 2).first_day
    with connection.cursor() as cursor:
        cursor.execute(sql, [last, first, Account.RECEIVABLE, HolderType.EMPLOYER, latest_owed, last])
        rows = cursor.fetchall()
    totals: dict[tuple[int, str], int] = defaultdict(int)
    for employer_id, fund, _for_period, day_sum in rows:
        if day_sum and day_sum > 0:  # an overpaid month earns no interest and does not offset another month
            totals[(int(employer_id), fund)] += int(day_sum)
    return [(e, f, s) for (e, f), s in totals.items()]


def _overdue_on_first_day(period: Month) -> list[tuple[int, str, int]]:
    """(employer, fund, amount overdue on the first day of the month), monthly rule."""
    sql = """
        SELECT holder_id, fund, for_period, SUM(amount) FROM contributions_ledgerentry
        WHERE account = %s AND holder_type = %s AND for_period <= %s AND effective_date < %s
        GROUP BY holder_id, fund, for_period
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [Account.RECEIVABLE, HolderType.EMPLOYER, (period - 2).first_day, period.first_day])
        rows = cursor.fetchall()
    totals: dict[tuple[int, str], int] = defaultdict(int)
    for employer_id, fund, _for_period, amount in rows:
        if amount and amount > 0:
            totals[(int(employer_id), fund)] += int(amount)
    return [(e, f, s) for (e, f), s in totals.items()]


def _half_up(amount: int, rate: Decimal) -> int:
    n, d = rate_fraction(rate)
    return (2 * amount * n + d) // (2 * d)


def interest_amounts(period: Month, report: InterestReport,
                     given_returns: dict[str, Decimal] | None = None) -> dict[tuple[int, str], int]:
    """Interest per (employer, fund) for the accounting month, by the rule in force that month.
    `given_returns` ({"si": r, "hi": r}, yearly, as the VSS notice states them): for a month of the monthly rule
    whose year the rules tables lack, the officer gives the announced rate (SI/UI fund return, HI interbank rate);
    a rate held in the tables is never overridden."""
    out: dict[tuple[int, str], int] = {}
    if period.first_day >= LATE_INTEREST_DAILY.first_day:
        rate = LATE_INTEREST_DAILY.at(period.first_day)
        report.rule = f"daily {rate:%} ({LATE_INTEREST_DAILY.entry(period.first_day).basis})"
        for employer_id, fund, day_sum in _day_sums(period):
            out[(employer_id, fund)] = _half_up(day_sum, rate)
    elif period >= MONTHLY_RULE_FROM:
        report.rule = "monthly: 2 × previous year's return ÷ 12 (Law 58/2014 Art 122.3)"
        rates: dict[str, Decimal | None] = {}
        for fund in Fund.values:
            table = HI_INTERBANK_RATE if fund == Fund.HI else FUND_RETURN
            given = (given_returns or {}).get("hi" if fund == Fund.HI else "si")
            try:
                rates[fund] = 2 * table.at(period.first_day) / 12
            except RuleError:
                rates[fund] = None if given is None else 2 * given / 12
                if given is None:
                    report.skipped.append(f"{fund}: no {table.name} recorded for {period.year}")
                else:
                    report.given.append(f"{fund}: {table.name} {given:%} given for {period.year}")
        for employer_id, fund, amount in _overdue_on_first_day(period):
            k = rates.get(fund)
            if k is not None:
                out[(employer_id, fund)] = _half_up(amount, k)
    else:
        report.skipped.append(f"no late-interest rule modelled before {MONTHLY_RULE_FROM}")
    return {k: v for k, v in out.items() if v > 0}


def accrue_interest(period: Month, *, actor: Any = None,
                    given_returns: dict[str, Decimal] | None = None) -> InterestReport:
    """Post the month's interest for every employer, once (`given_returns`: see `interest_amounts`)."""
    report = InterestReport(period=str(period))
    with transaction.atomic():
        amounts = interest_amounts(period, report, given_returns)
        by_employer: dict[int, dict[str, int]] = defaultdict(dict)
        for (employer_id, fund), amount in amounts.items():
            by_employer[employer_id][fund] = amount
        references = {e: f"interest:{e}:{period}" for e in by_employer}
        posted = set(LedgerTxn.objects.filter(kind=LedgerTxn.Kind.INTEREST, reference__in=list(references.values()))
                     .values_list("reference", flat=True))
        batch = []
        for employer_id in by_employer:
            if references[employer_id] in posted:
                continue
            postings = []
            for fund, amount in sorted(by_employer[employer_id].items()):
                report.total += amount
                postings += [
                    Posting(Account.INTEREST_RECEIVABLE, fund, HolderType.EMPLOYER, employer_id, period.first_day, amount),
                    Posting(Account.INTEREST_REVENUE, fund, HolderType.EMPLOYER, employer_id, period.first_day, -amount),
                ]
            batch.append(BatchTxn(LedgerTxn.Kind.INTEREST, references[employer_id], period.last_day, tuple(postings)))
        report.already_posted = len(by_employer) - len(batch)
        memo = f"late-payment interest {period}"
        if report.given:
            memo += f"; officer-given rates: {', '.join(report.given)}"
        report.txns = post_batch(batch, period=period, actor=actor, memo=memo[:200])
        report.employers = len(by_employer)
    return report


# --- ageing and debt lists ---------------------------------------------------------------------------------------

BUCKETS = (("not_due", None, 0), ("lt3", 1, 3), ("3to6", 3, 6), ("6to12", 6, 12), ("ge12", 12, None))


def months_overdue(for_period: dt.date, as_of: Month) -> int:
    """Whole months late at the end of `as_of`: 0 while not yet due (due = last day of the month after)."""
    return max(0, Month.of(for_period).months_until(as_of) - 1)


def bucket_of(overdue: int) -> str:
    if overdue <= 0:
        return "not_due"
    if overdue < 3:
        return "lt3"
    if overdue < 6:
        return "3to6"
    if overdue < 12:
        return "6to12"
    return "ge12"


@dataclass
class DebtRow:
    employer_id: int
    principal: int = 0
    interest: int = 0
    by_bucket: dict[str, int] = field(default_factory=lambda: {b[0]: 0 for b in BUCKETS})
    by_fund: dict[str, int] = field(default_factory=dict)
    oldest_month: dt.date | None = None
    months_overdue: int = 0

    @property
    def overdue(self) -> int:
        return self.principal - self.by_bucket["not_due"]


def debts(as_of: Month, *, commune_ids: frozenset[int] | None = None, employer_ids: list[int] | None = None) -> list[DebtRow]:
    """Outstanding per employer at the end of `as_of` (entries of accounting months ≤ as_of), aged by month owed.
    Two grouped queries: principal by (employer, fund, month owed), interest by employer."""
    where = ["e.account = %s", "e.holder_type = %s", "e.period <= %s"]
    params: list[Any] = [Account.RECEIVABLE, HolderType.EMPLOYER, as_of.first_day]
    join = ""
    if commune_ids is not None:
        join = " JOIN registry_employer er ON er.id = e.holder_id"
        where.append(f"er.address_commune_id IN ({', '.join(str(int(c)) for c in commune_ids) or 'NULL'})")
    if employer_ids is not None:
        where.append(f"e.holder_id IN ({', '.join(str(int(c)) for c in employer_ids) or 'NULL'})")
    sql = (f"SELECT e.holder_id, e.fund, e.for_period, SUM(e.amount) FROM contributions_ledgerentry e{join} "
           f"WHERE {' AND '.join(where)} GROUP BY e.holder_id, e.fund, e.for_period")
    rows: dict[int, DebtRow] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for employer_id, fund, for_period, amount in cursor.fetchall():
            if not amount:
                continue
            row = rows.setdefault(int(employer_id), DebtRow(int(employer_id)))
            for_period = for_period if isinstance(for_period, dt.date) else dt.date.fromisoformat(str(for_period))
            late = months_overdue(for_period, as_of)
            row.principal += int(amount)
            row.by_bucket[bucket_of(late)] += int(amount)
            row.by_fund[fund] = row.by_fund.get(fund, 0) + int(amount)
            if amount > 0 and late > 0 and (row.oldest_month is None or for_period < row.oldest_month):
                row.oldest_month, row.months_overdue = for_period, late
        interest_sql = (f"SELECT e.holder_id, SUM(e.amount) FROM contributions_ledgerentry e{join} "
                        f"WHERE {' AND '.join(where)} GROUP BY e.holder_id")
        cursor.execute(interest_sql, [Account.INTEREST_RECEIVABLE, *params[1:]])
        for employer_id, amount in cursor.fetchall():
            if amount:
                rows.setdefault(int(employer_id), DebtRow(int(employer_id))).interest += int(amount)
    return sorted((r for r in rows.values() if r.principal or r.interest), key=lambda r: -(r.overdue + r.interest))
