"""Set-up for coverage tests through the real services: participations opened by `participation_open`, months
assessed by the set-based assessment, payments posted to the ledger (Dr cash / Cr receivable), receipts."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from ansinh.analytics.assessment import assess
from ansinh.contributions.models import Account, CollectionAgent, HolderType, LedgerEntry, LedgerTxn, Receipt
from ansinh.contributions.selectors import outstanding_by_month
from ansinh.contributions.services.ledger import Posting, post
from ansinh.core.testing import factories as f
from ansinh.coverage.models import Participation, Payer, Scheme
from ansinh.coverage.services.participation import participation_open
from ansinh.rules.periods import Month

AGENCY = 1
JAN_2025 = Month(2025, 1)
_refs = itertools.count(1)


def employee(employer, *, commune, salary=10_000_000, start=JAN_2025, group="DN", person=None, si=True):
    """An employment with compulsory SI and HI participations from `start`."""
    person = person or f.PersonFactory(address_commune=commune)
    employment = f.EmploymentFactory(person=person, employer=employer, valid_from=start.first_day, salary=salary)
    for scheme in (Scheme.SI, Scheme.HI) if si else (Scheme.HI,):
        participation_open(actor=None, person=person, scheme=scheme, payer=Payer.EMPLOYER_EMPLOYEE, from_month=start,
                           hi_group=group if scheme == Scheme.HI else "", employer=employer, employment=employment,
                           source=Participation.Source.DECLARATION)
    return person


def owed(employer, month: Month) -> dict[str, int]:
    return {r["fund"]: r["amount"] for r in outstanding_by_month(HolderType.EMPLOYER, employer.pk)
            if r["for_period"] == month.first_day}


def pay(employer, month: Month, *, on: dt.date | None = None, share: Decimal = Decimal(1)) -> LedgerTxn:
    """Pay (a share of) what the employer owes for the month: Dr cash / Cr receivable per fund."""
    on = on or (month + 1).first_day + dt.timedelta(days=9)
    postings = []
    for fund, amount in owed(employer, month).items():
        part = int(amount * share)
        if part > 0:
            postings += [Posting(Account.CASH, fund, HolderType.AGENCY, AGENCY, month.first_day, part),
                         Posting(Account.RECEIVABLE, fund, HolderType.EMPLOYER, employer.pk, month.first_day, -part)]
    txn, _ = post(kind=LedgerTxn.Kind.PAYMENT, reference=f"bank-{next(_refs)}", period=Month.of(on), effective_date=on,
                  postings=postings)
    return txn


def assessed(*months: Month) -> None:
    for m in months:
        assess(m)


def agent(commune) -> CollectionAgent:
    n = next(_refs)
    return CollectionAgent.objects.create(code=f"3456789000TH{n:07d}001", name=f"Bưu điện {n}",
                                          kind=CollectionAgent.Kind.POST_OFFICE, commune=commune,
                                          commission_rate=Decimal("0.04"), valid_from=dt.date(2020, 1, 1))


def receipt(*, commune, scheme=Receipt.Scheme.HI_HOUSEHOLD, person=None, household=None, first: Month, last: Month,
            taken_on: dt.date, gross: int = 113_850, income: int | None = None) -> Receipt:
    months = first.months_until(last) + 1
    return Receipt.objects.create(number=f"R{next(_refs):08d}", agent=agent(commune), scheme=scheme, person=person,
                                  household=household, from_month=first.first_day, to_month=last.first_day,
                                  income=income, gross=gross * months, state_support=0, payable=gross * months,
                                  taken_on=taken_on)


def hi_participation(person, *, group: str, payer: str, start: Month, household=None, source=Participation.Source.LIST):
    return participation_open(actor=None, person=person, scheme=Scheme.HI, payer=payer, from_month=start, hi_group=group,
                              household=household, source=source)


def receivable_sum(employer, month: Month) -> int:
    return sum(LedgerEntry.objects.filter(account=Account.RECEIVABLE, holder_type=HolderType.EMPLOYER,
                                          holder_id=employer.pk, for_period=month.first_day)
               .values_list("amount", flat=True))
