"""Fixtures of the benefits tests: two benefits officers in the same province, a person with a contribution history
written as assessment lines (the ledger side), and entitlements made set-based for the payroll tests."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.accounts.models import Role
from ansinh.benefits.models import Entitlement, EntitlementAmount
from ansinh.contributions.models import AssessmentLine
from ansinh.core.testing import factories as f
from ansinh.rules.periods import Month


@pytest.fixture
def officers(two_provinces):
    a = f.UserFactory(username="benefits_a", role=Role.BENEFITS_OFFICER)
    b = f.UserFactory(username="benefits_b", role=Role.BENEFITS_OFFICER)
    a.offices.set([two_provinces["o1"]])
    b.offices.set([two_provinces["o1"]])
    return a, b


def history(person, first: Month, last: Month, salary: int, *, employer=None) -> None:
    """Assessment lines for every month first..last at `salary` (SI and UI paid)."""
    emp = f.EmploymentFactory(
        person=person, employer=employer or f.EmployerFactory(), valid_from=first.first_day, salary=salary
    )
    rows = []
    m = first
    while m <= last:
        rows.append(
            AssessmentLine(
                period=m.first_day,
                for_period=m.first_day,
                employer=emp.employer,
                person=person,
                employment=emp,
                salary=salary,
                si_base=salary,
                ui_base=salary,
                sm_er=salary * 3 // 100,
                oaod_er=salary // 200,
                rs_er=salary * 14 // 100,
                rs_ee=salary * 8 // 100,
                hi_er=salary * 3 // 100,
                hi_ee=salary * 15 // 1000,
                ui_er=salary // 100,
                ui_ee=salary // 100,
            )
        )
        m = m + 1
    AssessmentLine.objects.bulk_create(rows)


@pytest.fixture
def insured(two_provinces):
    """A man born 1964-11-20 in the first province, contributing 2001-06..2026-05 at 10,000,000."""
    person = f.PersonFactory(address_commune=two_provinces["a1"], birth_date=dt.date(1964, 11, 20), sex="M")
    history(person, Month(2001, 6), Month(2026, 5), 10_000_000)
    return person


JANUARY = Month(2026, 1)


def make_entitlements(
    n: int,
    *,
    commune,
    from_month: Month = JANUARY,
    amount: int = 5_000_000,
    channels=("bank_card", "cash_home", "cash_point"),
) -> list[Entitlement]:
    persons = [f.PersonFactory(address_commune=commune) for _ in range(n)]
    ents = Entitlement.objects.bulk_create(
        [
            Entitlement(
                person=p,
                kind="pension",
                fund="rs",
                from_month=from_month.first_day,
                channel=channels[i % len(channels)],
                bank_account="0123456789" if i % 3 == 0 else "",
                payment_point="" if i % 3 != 2 else "Bưu điện Lương Văn Tri",
            )
            for i, p in enumerate(persons)
        ]
    )
    EntitlementAmount.objects.bulk_create(
        [
            EntitlementAmount(
                entitlement=e, valid_from=from_month.first_day, amount=amount + i * 1000, source="decision"
            )
            for i, e in enumerate(ents)
        ]
    )
    return ents


def approved_claim(
    person,
    *,
    kind="sickness",
    amount=0,
    monthly=0,
    start=None,
    channel="bank_card",
    bank_account="0123456789",
    bank_name="Vietcombank",
    payment_point="",
    claimant_name="",
):
    """A claim as if computed and approved (the calculators are tested elsewhere): claim_decide does the rest."""
    from ansinh.benefits.models import Claim

    return Claim.objects.create(
        person=person,
        kind=kind,
        channel="desk",
        received_on=dt.date(2026, 1, 5),
        due_on=dt.date(2026, 1, 14),
        status=Claim.Status.APPROVED,
        eligible=True,
        amount=amount,
        monthly_amount=monthly,
        start_month=start.first_day if start else None,
        payment_channel=channel,
        bank_account=bank_account,
        bank_name=bank_name,
        payment_point=payment_point,
        claimant_name=claimant_name,
        result={},
    )


def recorrect(claim, officer, *, amount=None, monthly=None, reason="Sửa sai số liệu tiền lương"):
    """Reopen a decided claim and bring it back approved with new amounts (as compute + approve would)."""
    from ansinh.benefits.models import Claim
    from ansinh.benefits.services import claims as svc

    svc.claim_reopen(actor=officer, claim=claim, reason=reason)
    claim.refresh_from_db()
    if amount is not None:
        claim.amount = amount
    if monthly is not None:
        claim.monthly_amount = monthly
    claim.status = Claim.Status.APPROVED
    claim.save()
    return claim


def settle(payroll, statuses: dict[int, str], day: str = "2026-03-20") -> None:
    """A return file answering the given lines."""
    from ansinh.benefits.services.payroll import settle_payroll

    body = "line_id,status,date\n" + "\n".join(f"{i},{s},{day}" for i, s in statuses.items())
    settle_payroll(
        actor=None, payroll=payroll, data=body.encode(), file_name=f"{payroll.period}-{len(statuses)}.csv"
    )
