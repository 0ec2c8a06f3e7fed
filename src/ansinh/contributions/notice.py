"""The monthly contribution notice to an employer (C12-TS): per fund, brought forward + due + adjustments +
interest − paid = carried forward. Computed from the ledger in one grouped query; the identity holds by
construction because every entry of the employer's receivable accounts falls in exactly one column."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection

from ansinh.contributions.models import Account, AssessmentLine, Fund, HolderType, LedgerTxn
from ansinh.rules.periods import Month

FUNDS = (Fund.SM, Fund.OAOD, Fund.RS, Fund.HI, Fund.UI)
COLUMN_OF_KIND = {
    LedgerTxn.Kind.ASSESSMENT: "due",
    LedgerTxn.Kind.ADJUSTMENT: "adjustments",
    LedgerTxn.Kind.REVERSAL: "adjustments",
    LedgerTxn.Kind.INTEREST: "interest",
    LedgerTxn.Kind.PAYMENT: "paid",
    LedgerTxn.Kind.MATCH: "paid",
}
COLUMNS = ("brought_forward", "due", "adjustments", "interest", "paid", "carried_forward")


@dataclass
class NoticeLine:
    fund: str
    brought_forward: int = 0
    due: int = 0
    adjustments: int = 0
    interest: int = 0
    paid: int = 0  # shown positive: what was paid in the month
    carried_forward: int = 0

    def identity_holds(self) -> bool:
        return self.brought_forward + self.due + self.adjustments + self.interest - self.paid == self.carried_forward


@dataclass
class Notice:
    employer_id: int
    period: Month
    lines: list[NoticeLine]
    employees: int = 0
    salary_fund: int = 0
    si_base_total: int = 0
    total: NoticeLine = field(default_factory=lambda: NoticeLine("total"))


def notice_for(employer_id: int, period: Month) -> Notice:
    lines = {f: NoticeLine(f) for f in FUNDS}
    sql = """
        SELECT e.fund, t.kind, CASE WHEN e.period < %s THEN 0 ELSE 1 END, SUM(e.amount)
        FROM contributions_ledgerentry e JOIN contributions_ledgertxn t ON t.id = e.txn_id
        WHERE e.holder_type = %s AND e.holder_id = %s AND e.account IN (%s, %s) AND e.period <= %s
        GROUP BY e.fund, t.kind, CASE WHEN e.period < %s THEN 0 ELSE 1 END
    """
    first = period.first_day
    with connection.cursor() as cursor:
        cursor.execute(sql, [first, HolderType.EMPLOYER, employer_id, Account.RECEIVABLE, Account.INTEREST_RECEIVABLE,
                             first, first])
        for fund, kind, in_month, amount in cursor.fetchall():
            line = lines.setdefault(fund, NoticeLine(fund))
            amount = int(amount)
            if not in_month:
                line.brought_forward += amount
            else:
                column = COLUMN_OF_KIND.get(kind, "adjustments")
                if column == "paid":
                    line.paid -= amount
                else:
                    setattr(line, column, getattr(line, column) + amount)
            line.carried_forward += amount
    notice = Notice(employer_id, period, list(lines.values()))
    for column in COLUMNS:
        setattr(notice.total, column, sum(getattr(line, column) for line in notice.lines))
    stats = _month_stats(employer_id, first)
    notice.employees, notice.salary_fund, notice.si_base_total = stats
    return notice


def _month_stats(employer_id: int, first: dt.date) -> tuple[int, int, int]:
    from django.db.models import Count, Sum

    agg = AssessmentLine.objects.filter(employer_id=employer_id, for_period=first).aggregate(
        n=Count("id"), salary=Sum("salary"), base=Sum("si_base"))
    return int(agg["n"] or 0), int(agg["salary"] or 0), int(agg["base"] or 0)
