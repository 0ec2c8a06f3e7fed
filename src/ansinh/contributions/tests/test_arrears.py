"""Interest accrual, ageing and the C12-TS identity, against hand-computed figures."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from ansinh.analytics.arrears import accrue_interest, bucket_of, debts, months_overdue
from ansinh.analytics.assessment import assess
from ansinh.contributions.models import Account, Fund, HolderType, LedgerEntry, LedgerTxn
from ansinh.contributions.notice import notice_for
from ansinh.contributions.services.ledger import Posting, UnbalancedTxn, post
from ansinh.core.testing import factories as f
from ansinh.rules.periods import Month

pytestmark = pytest.mark.django_db


def pay(employer, amount: int, day: dt.date, fund: str, for_period: dt.date, ref: str):
    """A payment as the payments service posts it: Dr cash / Cr receivable of the month owed."""
    return post(
        kind=LedgerTxn.Kind.PAYMENT,
        reference=ref,
        period=Month.of(day),
        effective_date=day,
        postings=[
            Posting(Account.CASH, fund, HolderType.AGENCY, 0, for_period, amount),
            Posting(Account.RECEIVABLE, fund, HolderType.EMPLOYER, employer.pk, for_period, -amount),
        ],
    )


def owe(employer, amount: int, for_period: Month, fund: str = Fund.RS, ref: str = "x"):
    return post(
        kind=LedgerTxn.Kind.ASSESSMENT,
        reference=f"test:{ref}:{for_period}",
        period=for_period,
        effective_date=for_period.last_day,
        postings=[
            Posting(Account.RECEIVABLE, fund, HolderType.EMPLOYER, employer.pk, for_period.first_day, amount),
            Posting(Account.REVENUE, fund, HolderType.EMPLOYER, employer.pk, for_period.first_day, -amount),
        ],
    )


def interest_of(employer, period: Month) -> int:
    return int(
        LedgerEntry.objects.filter(
            holder_id=employer.pk, account=Account.INTEREST_RECEIVABLE, period=period.first_day
        ).aggregate(s=Sum("amount"))["s"]
        or 0
    )


def test_unbalanced_txn_is_refused():
    with pytest.raises(UnbalancedTxn):
        post(
            kind="payment",
            reference="bad",
            period=Month(2026, 1),
            effective_date=dt.date(2026, 1, 5),
            postings=[Posting(Account.CASH, Fund.RS, HolderType.AGENCY, 0, dt.date(2026, 1, 1), 100)],
        )
    assert not LedgerTxn.objects.exists()


def test_worked_example_d7_interest_over_a_month(two_provinces):
    # domain-vn D7: 100,000,000 late for 31 days at 0.03%/day = 930,000 (simple interest).
    # Owed for 2025-10: due 2025-11-30, late from 2025-12-01; December has 31 days.
    employer = f.EmployerFactory(address_commune=two_provinces["a1"])
    owe(employer, 100_000_000, Month(2025, 10))
    report = accrue_interest(Month(2025, 12))
    assert interest_of(employer, Month(2025, 12)) == 930_000
    assert report.txns == 1
    # November: not yet late (due on the 30th), no interest.
    assert accrue_interest(Month(2025, 11)).total == 0


def test_payment_mid_month_stops_interest_from_that_day(two_provinces):
    employer = f.EmployerFactory(address_commune=two_provinces["a1"])
    owe(employer, 100_000_000, Month(2025, 10))
    pay(employer, 40_000_000, dt.date(2025, 12, 11), Fund.RS, dt.date(2025, 10, 1), "bank-1")
    accrue_interest(Month(2025, 12))
    # 100M for Dec 1-10 (10 days) + 60M for Dec 11-31 (21 days): (1,000,000,000 + 1,260,000,000) × 0.0003
    assert interest_of(employer, Month(2025, 12)) == 678_000


def test_interest_is_posted_once_and_balances(two_provinces):
    employer = f.EmployerFactory(address_commune=two_provinces["a1"])
    owe(employer, 10_000_000, Month(2025, 9))
    first = accrue_interest(Month(2025, 12))
    again = accrue_interest(Month(2025, 12))
    assert (first.txns, again.txns, again.already_posted) == (1, 0, 1)
    for txn in LedgerTxn.objects.all():
        assert txn.entries.aggregate(s=Sum("amount"))["s"] == 0


def test_monthly_rule_before_july_2025_uses_the_fund_return(two_provinces):
    # 2020: k = 2 × 5.80% / 12 = 0.9667 %/month on the amount overdue on the 1st of the month.
    employer = f.EmployerFactory(address_commune=two_provinces["a1"])
    owe(employer, 30_000_000, Month(2020, 1))
    accrue_interest(Month(2020, 3))
    assert interest_of(employer, Month(2020, 3)) == 290_000  # 30,000,000 × 0.058 × 2 / 12
    report = accrue_interest(Month(2024, 3))  # no 2024 return recorded: reported, not guessed
    assert report.skipped and report.total == 0


def test_a_missing_year_takes_the_rate_the_officer_gives(two_provinces):
    employer = f.EmployerFactory(address_commune=two_provinces["a1"])
    owe(employer, 30_000_000, Month(2024, 1))
    report = accrue_interest(Month(2024, 3), given_returns={"si": Decimal("0.06"), "hi": Decimal("0.06")})
    assert not report.skipped and report.given
    assert interest_of(employer, Month(2024, 3)) == 300_000  # 30,000,000 × 0.06 × 2 / 12
    assert "officer-given rates" in LedgerTxn.objects.get(kind=LedgerTxn.Kind.INTEREST).memo
    # a year the tables hold is never overridden: 2020 stays at 5.80 %
    other = f.EmployerFactory(address_commune=two_provinces["a1"])
    owe(other, 30_000_000, Month(2020, 1), ref="y2020")
    accrue_interest(Month(2020, 3), given_returns={"si": Decimal("0.5")})
    assert interest_of(other, Month(2020, 3)) == 290_000


def test_accrue_interest_command_checks_the_given_rate(two_provinces):
    with pytest.raises(CommandError, match="--si-fund-return"):
        call_command("accrue_interest", period="2024-03", si_fund_return="six")
    out = io.StringIO()
    call_command("accrue_interest", period="2024-03", si_fund_return="0.06", stdout=out)
    assert "officer-given rate" in out.getvalue() and "skipped: hi" in out.getvalue()  # HI rate not given


def test_monthly_rule_2021_and_2023_use_the_announced_rates(two_provinces):
    # 2021: k = 0.8366 %/month (2 × 5.02 % ÷ 12, HCMC notices); 2023: k = 2 × 4.19 % ÷ 12 (VSS Notice 83/TB-BHXH).
    employer = f.EmployerFactory(address_commune=two_provinces["a1"])
    owe(employer, 30_000_000, Month(2021, 1), ref="y2021")
    report = accrue_interest(Month(2021, 3))
    assert not report.skipped
    assert interest_of(employer, Month(2021, 3)) == 251_000  # 30,000,000 × 0.0502 × 2 / 12
    other = f.EmployerFactory(address_commune=two_provinces["a1"])
    owe(other, 30_000_000, Month(2023, 1), ref="y2023")
    accrue_interest(Month(2023, 3))
    assert interest_of(other, Month(2023, 3)) == 209_500  # 30,000,000 × 0.0419 × 2 / 12


def test_ageing_buckets():
    assert months_overdue(dt.date(2026, 1, 1), Month(2026, 2)) == 0  # due end of February
    assert months_overdue(dt.date(2026, 1, 1), Month(2026, 3)) == 1
    assert [bucket_of(n) for n in (0, 1, 2, 3, 5, 6, 11, 12, 40)] == [
        "not_due",
        "lt3",
        "lt3",
        "3to6",
        "3to6",
        "6to12",
        "6to12",
        "ge12",
        "ge12",
    ]


def test_debt_list_and_scope(two_provinces):
    mine = f.EmployerFactory(address_commune=two_provinces["a1"])
    theirs = f.EmployerFactory(address_commune=two_provinces["b1"])
    owe(mine, 5_000_000, Month(2025, 1), ref="m1")
    owe(mine, 7_000_000, Month(2026, 2), ref="m2")
    owe(theirs, 9_000_000, Month(2025, 6), ref="t1")
    rows = debts(Month(2026, 3))
    assert [r.employer_id for r in rows] == [theirs.pk, mine.pk]
    row = next(r for r in rows if r.employer_id == mine.pk)
    assert row.principal == 12_000_000
    assert row.by_bucket["ge12"] == 5_000_000 and row.by_bucket["not_due"] == 7_000_000
    assert row.oldest_month == dt.date(2025, 1, 1) and row.months_overdue == 13
    scoped = debts(Month(2026, 3), commune_ids=frozenset({two_provinces["a1"].pk}))
    assert [r.employer_id for r in scoped] == [mine.pk]


def test_c12_identity_for_every_employer_after_a_run(two_provinces):
    employers = [f.EmployerFactory(address_commune=two_provinces["a1"]) for _ in range(3)]
    for i, employer in enumerate(employers):
        for salary in (6_000_000 + i * 1_000_000, 9_500_000):
            f.EmploymentFactory(
                employer=employer,
                person=f.PersonFactory(address_commune=two_provinces["a1"]),
                valid_from=dt.date(2025, 6, 1),
                salary=salary,
            )
    for month in (Month(2025, 9), Month(2025, 10), Month(2025, 11), Month(2025, 12)):
        assess(month)
        accrue_interest(month)
    pay(employers[0], 3_000_000, dt.date(2025, 12, 5), Fund.RS, dt.date(2025, 9, 1), "b1")
    pay(employers[1], 50_000_000, dt.date(2025, 12, 20), Fund.HI, dt.date(2025, 10, 1), "b2")
    for employer in employers:
        notice = notice_for(employer.pk, Month(2025, 12))
        for line in [*notice.lines, notice.total]:
            assert line.identity_holds(), (employer.pk, line)
        previous = notice_for(employer.pk, Month(2025, 11))
        assert notice.total.brought_forward == previous.total.carried_forward
        assert notice.employees == 2
    n0 = notice_for(employers[0].pk, Month(2025, 12))
    assert n0.total.paid == 3_000_000
    assert n0.total.interest > 0  # September owed since 1 November, unpaid
