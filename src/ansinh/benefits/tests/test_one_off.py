"""Paying one-off benefits: a decided one-off amount becomes a line of the month's payment list (by channel),
settled by the return file like the payroll lines, posted to the ledger balanced and once; corrections upwards pay
the difference, downwards become a recovery."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Sum

from ansinh.benefits.models import PayrollLine, Recovery
from ansinh.benefits.services import claims as svc
from ansinh.benefits.services.payroll import build_payroll
from ansinh.benefits.services.recovery import recovery_repay
from ansinh.contributions.models import Account, HolderType, LedgerEntry, LedgerTxn
from ansinh.core.errors import InvalidInput
from ansinh.core.testing import factories as f
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


def _ledger_balanced() -> None:
    for txn_id, total in LedgerEntry.objects.values_list("txn_id").annotate(s=Sum("amount")):
        assert total == 0, f"txn {txn_id} does not balance"


@pytest.fixture
def person(two_provinces):
    return f.PersonFactory(address_commune=two_provinces["a1"])


def test_decided_one_off_is_listed_paid_and_posted_once(person, officers):
    _, b = officers
    sick = approved_claim(person, kind="sickness", amount=2_345_000)
    funeral = approved_claim(
        person,
        kind="survivor_funeral",
        amount=46_800_000,
        channel="cash_home",
        bank_account="",
        claimant_name="Nguyễn Văn Con",
    )
    svc.claim_decide(actor=b, claim=sick, decided_on=dt.date(2026, 3, 4))
    svc.claim_decide(actor=b, claim=funeral, decided_on=dt.date(2026, 3, 9))
    # decided: an expense owed to the person
    assert _balance(Account.BENEFITS_PAYABLE, HolderType.PERSON, person.pk) == -(2_345_000 + 46_800_000)

    payroll, report = build_payroll(P)
    lines = list(PayrollLine.objects.filter(kind="one_off").order_by("amount"))
    assert [(ln.amount, ln.channel, ln.fund, ln.entitlement_id) for ln in lines] == [
        (2_345_000, "bank_card", "sm", None),
        (46_800_000, "cash_home", "rs", None),
    ]
    assert report.one_off_lines == 2 and payroll.summary["by_kind"]["one_off"]["amount"] == 49_145_000
    # listed: the amount moved from the person to the list; no second expense
    assert _balance(Account.BENEFITS_PAYABLE, HolderType.PERSON, person.pk) == 0
    assert _balance(Account.BENEFITS_PAYABLE, HolderType.AGENCY) == -49_145_000
    assert _balance(Account.BENEFIT_EXPENSE) == 49_145_000
    _ledger_balanced()

    # idempotent: building again (or on demand) lists nothing new, posts nothing
    txns = LedgerTxn.objects.count()
    _, again = build_payroll(P)
    _, on_demand = build_payroll(P, recurring=False)
    assert again.lines == on_demand.lines == 0 and LedgerTxn.objects.count() == txns

    settle(payroll, {lines[0].pk: "paid", lines[1].pk: "uncollected"}, "2026-03-25")
    assert _balance(Account.CASH) == -2_345_000
    assert (
        _balance(Account.BENEFITS_PAYABLE, HolderType.AGENCY) == -46_800_000
    )  # not collected: still payable
    _ledger_balanced()


def test_one_off_waits_for_the_month_it_is_decided_and_for_a_correction(person, officers):
    _, b = officers
    claim = approved_claim(person, kind="maternity", amount=30_000_000)
    svc.claim_decide(actor=b, claim=claim, decided_on=dt.date(2026, 4, 2))
    _, march = build_payroll(P)
    assert march.one_off_lines == 0  # decided in April
    svc.claim_reopen(actor=b, claim=claim, reason="Sửa số ngày nghỉ")
    _, april = build_payroll(P + 1)
    assert april.one_off_lines == 0  # reopened: waits for the corrected decision


def test_corrections_of_a_listed_one_off(person, officers):
    a, b = officers
    claim = approved_claim(person, kind="one_time", amount=80_000_000)
    svc.claim_decide(actor=b, claim=claim, decided_on=dt.date(2026, 3, 2))
    build_payroll(P)
    # upwards: the difference is listed next month
    recorrect(claim, a, amount=86_500_000)
    svc.claim_decide(actor=b, claim=claim, decided_on=dt.date(2026, 4, 3))
    _, april = build_payroll(P + 1)
    assert april.one_off_lines == 1
    assert list(
        PayrollLine.objects.filter(kind="one_off").order_by("id").values_list("amount", flat=True)
    ) == [80_000_000, 6_500_000]
    # downwards after both were listed: 86,500,000 listed, 79,000,000 due → 7,500,000 to recover
    recorrect(claim, a, amount=79_000_000)
    svc.claim_decide(actor=b, claim=claim, decided_on=dt.date(2026, 5, 6))
    rec = Recovery.objects.get()
    assert (rec.cause, rec.amount, rec.entitlement_id, rec.deduct) == ("one_off", 7_500_000, None, False)
    assert rec.months == [{"month": "2026-05", "paid": 86_500_000, "due": 79_000_000, "over": 7_500_000}]
    _, may = build_payroll(P + 2)
    assert may.one_off_lines == 0
    # the ledger holds the receivable as the person's debit balance
    assert _balance(Account.BENEFITS_PAYABLE, HolderType.PERSON, person.pk) == 7_500_000
    with pytest.raises(InvalidInput) as exc:
        recovery_repay(actor=a, recovery=rec, amount=8_000_000, on=dt.date(2026, 5, 20))
    assert exc.value.field == "amount"
    assert _balance(Account.CASH) == 0  # refused: nothing written
    recovery_repay(actor=a, recovery=rec, amount=7_500_000, on=dt.date(2026, 5, 20), reference="GNT 0042")
    rec.refresh_from_db()
    assert rec.status == "settled" and rec.remaining == 0
    assert _balance(Account.BENEFITS_PAYABLE, HolderType.PERSON, person.pk) == 0
    _ledger_balanced()


def test_mixed_list_reconciles_with_the_ledger(two_provinces, officers):
    _, b = officers
    make_entitlements(6, commune=two_provinces["a1"], from_month=P)
    people = [f.PersonFactory(address_commune=two_provinces["a2"]) for _ in range(3)]
    for i, p in enumerate(people):
        svc.claim_decide(
            actor=b,
            claim=approved_claim(p, kind="sickness", amount=1_000_000 * (i + 1)),
            decided_on=dt.date(2026, 3, 10),
        )
    payroll, report = build_payroll(P)
    regular = PayrollLine.objects.filter(kind="regular").aggregate(s=Sum("amount"))["s"]
    one_off = PayrollLine.objects.filter(kind="one_off").aggregate(s=Sum("amount"))["s"]
    assert one_off == 6_000_000 and report.total == payroll.total == regular + one_off
    payroll_expense = int(
        LedgerEntry.objects.filter(account=Account.BENEFIT_EXPENSE, txn__kind="payroll").aggregate(
            s=Sum("amount")
        )["s"]
    )
    assert payroll_expense == regular  # one-offs were expensed when decided
    assert -_balance(Account.BENEFITS_PAYABLE, HolderType.AGENCY) == regular + one_off
    lines = list(PayrollLine.objects.order_by("id"))
    settle(payroll, {ln.pk: ("paid" if i % 2 else "returned") for i, ln in enumerate(lines)})
    paid = PayrollLine.objects.filter(status="paid").aggregate(s=Sum("amount"))["s"]
    assert -_balance(Account.CASH) == paid
    assert (
        -_balance(Account.BENEFITS_PAYABLE, HolderType.AGENCY)
        == (PayrollLine.objects.exclude(status="paid").aggregate(s=Sum("amount"))["s"])
    )
    _ledger_balanced()


def test_command_on_demand_one_off_list(person, officers, capsys):
    _, b = officers
    svc.claim_decide(
        actor=b,
        claim=approved_claim(person, kind="convalescence", amount=1_620_000),
        decided_on=dt.date(2026, 3, 3),
    )
    call_command("payroll", period="2026-03", one_off_only=True)
    out = capsys.readouterr().out
    assert "1 lines" in out and "one_off" in out
    assert not PayrollLine.objects.filter(kind="regular").exists()
