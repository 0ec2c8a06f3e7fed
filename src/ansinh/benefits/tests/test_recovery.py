"""Overpayments (late death, double month then death, late stop or suspension, correction downwards) recorded as
recoveries with their months, settled by repayment or deduction from later lines; arrears of a correction upwards;
suspension after 6 months not collected and resumption with the months owed. Worked numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Sum

from ansinh.accounts.models import AuditEvent
from ansinh.benefits.models import (
    Arrears,
    Entitlement,
    EntitlementAmount,
    PayrollLine,
    Recovery,
    RecoveryPayment,
)
from ansinh.benefits.services import claims as svc
from ansinh.benefits.services.entitlements import entitlement_resume, entitlement_stop, entitlement_suspend
from ansinh.benefits.services.payroll import build_payroll
from ansinh.benefits.services.recovery import allocate_deductions, recovery_repay, recovery_set_deduction
from ansinh.contributions.models import Account, HolderType, LedgerEntry
from ansinh.core.errors import Conflict, InvalidInput
from ansinh.rules.periods import Month

from .conftest import approved_claim, make_entitlements, recorrect, settle

P = Month(2026, 3)


def _balance(account: str, holder_type: str | None = None, holder_id: int | None = None) -> int:
    qs = LedgerEntry.objects.filter(account=account)
    if holder_type:
        qs = qs.filter(holder_type=holder_type)
    if holder_id is not None:
        qs = qs.filter(holder_id=holder_id)
    return int(qs.aggregate(s=Sum("amount"))["s"] or 0)


def _balanced() -> None:
    assert not [t for t, s in LedgerEntry.objects.values_list("txn_id").annotate(s=Sum("amount")) if s]


def _unpaid_net() -> int:
    rows = PayrollLine.objects.filter(status__in=["built", "returned", "uncollected"])
    return int(rows.aggregate(s=Sum("amount"))["s"] or 0) - int(rows.aggregate(s=Sum("deduction"))["s"] or 0)


def _one(two_provinces, amount=5_000_000, from_month=P) -> Entitlement:
    ent = make_entitlements(1, commune=two_provinces["a1"], from_month=from_month, amount=amount)[0]
    return Entitlement.objects.select_related("person").get(pk=ent.pk)


def test_late_death_two_months_to_recover(two_provinces):
    ent = _one(two_provinces)
    for m in range(3):  # March, April, May paid at 5,000,000
        build_payroll(P + m)
    ent.person.death_date = dt.date(2026, 3, 10)  # recorded in June
    ent.person.save()
    expense_before = _balance(Account.BENEFIT_EXPENSE)
    _, report = build_payroll(P + 3)
    assert report.lines == 0 and report.stopped_by_death == 1 and report.recoveries == 1
    rec = Recovery.objects.get()
    assert (rec.cause, rec.amount, rec.deduct) == ("death", 10_000_000, False)
    assert rec.months == [
        {"month": "2026-04", "paid": 5_000_000, "due": 0, "over": 5_000_000},
        {"month": "2026-05", "paid": 5_000_000, "due": 0, "over": 5_000_000},
    ]
    assert _balance(Account.BENEFITS_PAYABLE, HolderType.PERSON, ent.person_id) == 10_000_000
    assert _balance(Account.BENEFIT_EXPENSE) == expense_before - 10_000_000 == 5_000_000  # only March was due
    assert AuditEvent.objects.filter(object_type="benefits.recovery", object_id=str(rec.pk)).exists()
    _, again = build_payroll(P + 4)
    assert again.recoveries == 0 and Recovery.objects.count() == 1  # once
    _balanced()


def test_double_month_then_death(two_provinces):
    ent = _one(two_provinces, amount=4_200_000, from_month=Month(2026, 1))
    build_payroll(Month(2026, 1), double=True)  # January + February paid before Tết
    ent.person.death_date = dt.date(2026, 1, 28)
    ent.person.save()
    build_payroll(Month(2026, 3))
    rec = Recovery.objects.get()
    assert rec.amount == 4_200_000 and [m["month"] for m in rec.months] == ["2026-02"]


def test_correction_downwards_recovered_by_deduction(two_provinces, officers):
    a, b = officers
    claim = approved_claim(
        two_provinces and _person(two_provinces), kind="pension", monthly=5_000_000, start=P
    )
    svc.claim_decide(actor=b, claim=claim, decided_on=dt.date(2026, 2, 20))
    for m in range(3):
        build_payroll(P + m)  # March–May at 5,000,000
    recorrect(claim, a, monthly=4_600_000, reason="Tính lại mức bình quân tiền lương")
    svc.claim_decide(actor=b, claim=claim, decided_on=dt.date(2026, 5, 25))
    rec = Recovery.objects.get()
    assert (rec.cause, rec.amount, rec.deduct) == ("correction", 1_200_000, True)  # 3 × 400,000
    assert [m["over"] for m in rec.months] == [400_000] * 3
    assert _balance(Account.BENEFITS_PAYABLE, HolderType.PERSON, claim.person_id) == 1_200_000
    recovery_set_deduction(actor=a, recovery=rec, deduct=True, per_month=500_000)
    build_payroll(P + 3)  # June: 4,600,000 − 500,000
    build_payroll(P + 4)  # July: − 500,000
    build_payroll(P + 5)  # August: − 200,000, settled
    got = list(
        PayrollLine.objects.filter(for_month__gte=dt.date(2026, 6, 1))
        .order_by("for_month")
        .values_list("amount", "deduction")
    )
    assert got == [(4_600_000, 500_000), (4_600_000, 500_000), (4_600_000, 200_000)]
    rec.refresh_from_db()
    assert rec.status == "settled" and rec.recovered == 1_200_000
    assert RecoveryPayment.objects.filter(method="deduction").count() == 3
    assert _balance(Account.BENEFITS_PAYABLE, HolderType.PERSON, claim.person_id) == 0
    assert -_balance(Account.BENEFITS_PAYABLE, HolderType.AGENCY) == _unpaid_net()
    _balanced()


def test_correction_upwards_pays_arrears_once(two_provinces, officers):
    a, b = officers
    claim = approved_claim(_person(two_provinces), kind="pension", monthly=5_000_000, start=P)
    svc.claim_decide(actor=b, claim=claim, decided_on=dt.date(2026, 2, 20))
    for m in range(3):
        build_payroll(P + m)
    recorrect(claim, a, monthly=5_300_000)
    svc.claim_decide(actor=b, claim=claim, decided_on=dt.date(2026, 5, 25))
    arrears = Arrears.objects.get()
    assert arrears.amount == 900_000 and [m["diff"] for m in arrears.months] == [300_000] * 3
    _, june = build_payroll(P + 3)
    assert june.by_kind == {"arrears": 3, "regular": 1} and june.total == 5_300_000 + 900_000
    arrears.refresh_from_db()
    assert arrears.status == "listed"
    _, again = build_payroll(P + 3)
    assert again.lines == 0
    expense = _balance(Account.BENEFIT_EXPENSE)
    assert (
        expense == 3 * 5_000_000 + 900_000 + 5_300_000 == PayrollLine.objects.aggregate(s=Sum("amount"))["s"]
    )
    # a second correction back to 5,300,000 finds nothing more to pay
    recorrect(claim, a, monthly=5_300_000)
    svc.claim_decide(actor=b, claim=claim, decided_on=dt.date(2026, 6, 25))
    assert Arrears.objects.count() == 1 and not Recovery.objects.exists()


def test_late_stop_and_repayment(two_provinces, officers):
    a, _ = officers
    ent = _one(two_provinces, amount=3_000_000)
    for m in range(4):
        build_payroll(P + m)  # March–June
    entitlement_stop(
        actor=a, entitlement=ent, stop_month=P + 2, reason="Kết luận thanh tra: hưởng không đúng"
    )
    rec = Recovery.objects.get()
    assert rec.cause == "stop" and rec.amount == 6_000_000 and rec.deduct is False
    with pytest.raises(InvalidInput) as exc:
        recovery_repay(actor=a, recovery=rec, amount=0, on=dt.date(2026, 7, 1))
    assert exc.value.field == "amount"
    recovery_repay(actor=a, recovery=rec, amount=2_000_000, on=dt.date(2026, 6, 30), reference="UNC 77")
    rec.refresh_from_db()
    assert rec.remaining == 4_000_000 and rec.status == "open"
    assert _balance(Account.BENEFITS_PAYABLE, HolderType.PERSON, ent.person_id) == 4_000_000
    with pytest.raises(Conflict):
        entitlement_stop(actor=a, entitlement=ent, stop_month=P + 1, reason="again and again")
    assert Recovery.objects.count() == 1
    _balanced()


def test_late_suspension_then_resumption_cancels_the_recovery(two_provinces, officers):
    a, _ = officers
    ent = _one(two_provinces)
    for m in range(3):
        build_payroll(P + m)
    entitlement_suspend(actor=a, entitlement=ent, from_month=P + 1, reason="Tòa án tuyên bố mất tích")
    rec = Recovery.objects.get()
    assert rec.cause == "suspension" and rec.amount == 10_000_000
    assert build_payroll(P + 3)[1].lines == 0
    entitlement_resume(actor=a, entitlement=ent, reason="Tòa án hủy quyết định tuyên bố mất tích")
    rec.refresh_from_db()
    assert rec.status == "cancelled" and rec.cancelled == 10_000_000
    assert _balance(Account.BENEFITS_PAYABLE, HolderType.PERSON, ent.person_id) == 0
    _, july = build_payroll(P + 4)
    assert july.lines == 2  # June (the month of the suspension not paid) and July
    _balanced()


def _person(two_provinces):
    from ansinh.core.testing import factories as f

    return f.PersonFactory(address_commune=two_provinces["a1"])


def test_allocate_deductions_is_oldest_first_and_capped():
    deduction, taken = allocate_deductions(
        [1, 1, 2], [10, 11, 10], [1_000, 1_000, 500], [(7, 1, 1_500, 0), (8, 1, 800, 300), (9, 2, 100, 0)]
    )
    assert deduction == [1_000, 800, 100]
    assert taken == [(7, 0, 1_000), (7, 1, 500), (8, 1, 300), (9, 2, 100)]


# --- not collected for 6 months ----------------------------------------------------------------------------------


def test_suspension_after_six_months_not_collected_and_resumption(two_provinces, officers):
    a, _ = officers
    ents = make_entitlements(
        2, commune=two_provinces["a1"], from_month=Month(2026, 1), amount=2_000_000, channels=("cash_home",)
    )
    for m in range(6):  # January–June: the first not collected each month, the second collected
        payroll, _ = build_payroll(Month(2026, 1) + m)
        lines = dict(PayrollLine.objects.filter(payroll=payroll).values_list("entitlement_id", "id"))
        settle(payroll, {lines[ents[0].pk]: "uncollected", lines[ents[1].pk]: "paid"}, f"2026-{m + 1:02d}-25")
    _, july = build_payroll(Month(2026, 7))
    assert july.suspended_uncollected == 1 and july.lines == 1
    ent = Entitlement.objects.get(pk=ents[0].pk)
    assert ent.status == "suspended" and ent.suspended_from == dt.date(2026, 7, 1)
    assert "6 consecutive months" in ent.status_reason and "UNVERIFIED" in ent.status_basis
    assert AuditEvent.objects.filter(
        object_type="benefits.entitlement", object_id=str(ent.pk), source="payroll"
    ).exists()
    # resumed on request: July and August, and the six months not collected paid again
    entitlement_resume(actor=a, entitlement=ent, reason="Người hưởng đề nghị nhận tiếp")
    expense = _balance(Account.BENEFIT_EXPENSE)
    _, august = build_payroll(Month(2026, 8))
    assert august.by_kind == {"regular": 3, "reissue": 6}
    # July and August of the first (2,000,000), August of the second (2,001,000); the reissued months were
    # expensed once, when first built
    assert _balance(Account.BENEFIT_EXPENSE) == expense + 2 * 2_000_000 + 2_001_000
    assert PayrollLine.objects.filter(status="reissued").count() == 6
    assert -_balance(Account.BENEFITS_PAYABLE, HolderType.AGENCY) == _unpaid_net()
    assert build_payroll(Month(2026, 8))[1].lines == 0
    assert Entitlement.objects.get(pk=ent.pk).status == "active"  # the reissued lines break the run
    _balanced()


def test_five_months_not_collected_is_not_suspended(two_provinces):
    ent = make_entitlements(1, commune=two_provinces["a1"], from_month=Month(2026, 1), amount=2_000_000)[0]
    for m in range(6):
        payroll, _ = build_payroll(Month(2026, 1) + m)
        line = PayrollLine.objects.get(payroll=payroll)
        settle(payroll, {line.pk: "paid" if m == 0 else "uncollected"}, f"2026-{m + 1:02d}-25")
    build_payroll(Month(2026, 7))
    assert Entitlement.objects.get(pk=ent.pk).status == "active"


def test_amount_rows_unchanged_by_recovery(two_provinces, officers):
    a, _ = officers
    ent = _one(two_provinces)
    build_payroll(P)
    entitlement_stop(actor=a, entitlement=ent, stop_month=P, reason="Có văn bản từ chối hưởng")
    assert EntitlementAmount.objects.filter(entitlement=ent).count() == 1
    assert Recovery.objects.get().amount == 5_000_000
