"""The monthly payroll: set-based, idempotent, death and suspension stop from the right month, double month,
arrears, totals reconciling with the ledger, return files validated whole, indexation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Sum

from ansinh.benefits.models import Entitlement, EntitlementAmount, Payroll, PayrollLine
from ansinh.benefits.services.entitlements import entitlement_resume, entitlement_suspend
from ansinh.benefits.services.payroll import build_payroll, index_pensions, settle_payroll
from ansinh.contributions.models import Account, LedgerEntry, LedgerTxn
from ansinh.core.errors import Conflict, FileErrors
from ansinh.rules.periods import Month

from .conftest import make_entitlements

P = Month(2026, 3)


def _ledger(account: str, kind: str) -> int:
    return int(
        LedgerEntry.objects.filter(account=account, txn__kind=kind).aggregate(s=Sum("amount"))["s"] or 0
    )


def test_payroll_is_set_based_and_idempotent(two_provinces, django_assert_max_num_queries):
    make_entitlements(30, commune=two_provinces["a1"], from_month=P)
    # a bound independent of the number of entitlements (PostgreSQL adds a few: sequence moves, locks)
    with django_assert_max_num_queries(25):
        payroll, report = build_payroll(P)
    assert report.lines == 30 and payroll.lines == 30
    assert set(PayrollLine.objects.values_list("for_month", flat=True)) == {P.first_day}
    assert payroll.summary["by_channel"]["bank_card"]["lines"] == 10
    lines, txns, audits = PayrollLine.objects.count(), LedgerTxn.objects.count(), payroll.builds
    with django_assert_max_num_queries(25):
        again, report2 = build_payroll(P)
    assert report2.lines == 0 and PayrollLine.objects.count() == lines and LedgerTxn.objects.count() == txns
    assert again.builds == audits
    # the same number of queries for 3 or 300 entitlements: the build is set-based
    make_entitlements(120, commune=two_provinces["a2"], from_month=P + 1)
    with django_assert_max_num_queries(25):
        _, report3 = build_payroll(P + 1)
    assert report3.lines == 150


def test_totals_reconcile_with_the_ledger(two_provinces):
    make_entitlements(12, commune=two_provinces["a1"], from_month=P)
    payroll, report = build_payroll(P)
    total = PayrollLine.objects.aggregate(s=Sum("amount"))["s"]
    assert total == report.total == payroll.total
    assert _ledger(Account.BENEFIT_EXPENSE, LedgerTxn.Kind.PAYROLL) == total
    assert _ledger(Account.BENEFITS_PAYABLE, LedgerTxn.Kind.PAYROLL) == -total
    by_fund = dict(PayrollLine.objects.values_list("fund").annotate(s=Sum("amount")))
    ledger_by_fund = dict(
        LedgerEntry.objects.filter(account=Account.BENEFIT_EXPENSE, txn__kind=LedgerTxn.Kind.PAYROLL)
        .values_list("fund")
        .annotate(s=Sum("amount"))
    )
    assert by_fund == ledger_by_fund
    lines = list(PayrollLine.objects.order_by("id"))
    csv = "line_id,status,date\n" + "\n".join(
        f"{ln.pk},{['paid', 'paid', 'returned', 'uncollected'][i % 4]},2026-03-10"
        for i, ln in enumerate(lines)
    )
    result = settle_payroll(actor=None, payroll=payroll, data=csv.encode(), file_name="post-2026-03.csv")
    paid = PayrollLine.objects.filter(status="paid").aggregate(s=Sum("amount"))["s"]
    assert result.paid_amount == paid
    assert _ledger(Account.CASH, LedgerTxn.Kind.PAYOUT) == -paid
    payable = LedgerEntry.objects.filter(account=Account.BENEFITS_PAYABLE).aggregate(s=Sum("amount"))["s"]
    assert -payable == PayrollLine.objects.exclude(status="paid").aggregate(s=Sum("amount"))["s"]
    with pytest.raises(Conflict):
        settle_payroll(actor=None, payroll=payroll, data=csv.encode(), file_name="again.csv")


def test_return_file_with_bad_lines_writes_nothing(two_provinces):
    make_entitlements(3, commune=two_provinces["a1"], from_month=P)
    payroll, _ = build_payroll(P)
    ids = list(PayrollLine.objects.order_by("id").values_list("id", flat=True))
    csv = (
        f"line_id,status,date\n{ids[0]},paid,2026-03-10\n{ids[1]},lost,2026-03-10\n"
        f"999999,paid,2026-03-10\n{ids[2]},paid,31/02/2026\n{ids[0]},returned,2026-03-11\n"
    )
    with pytest.raises(FileErrors) as exc:
        settle_payroll(actor=None, payroll=payroll, data=csv.encode(), file_name="bad.csv")
    assert [e["line"] for e in exc.value.details] == [3, 4, 5, 6]
    assert not PayrollLine.objects.exclude(status="built").exists()
    assert not LedgerTxn.objects.filter(kind=LedgerTxn.Kind.PAYOUT).exists()


def test_death_stops_from_the_month_after(two_provinces):
    ents = make_entitlements(2, commune=two_provinces["a1"], from_month=P)
    dead = ents[0]
    dead.person.death_date = dt.date(2026, 4, 17)
    dead.person.save()
    build_payroll(P)
    build_payroll(P + 1)  # April: the month of death is paid (Art 75.5)
    build_payroll(P + 2)  # May: not paid
    months = list(
        PayrollLine.objects.filter(entitlement=dead).order_by("for_month").values_list("for_month", flat=True)
    )
    assert months == [dt.date(2026, 3, 1), dt.date(2026, 4, 1)]
    dead.refresh_from_db()
    assert dead.status == "stopped" and dead.stop_month == dt.date(2026, 5, 1)
    assert PayrollLine.objects.filter(entitlement=ents[1]).count() == 3


def test_death_recorded_late_still_stops_from_the_month_after(two_provinces):
    ents = make_entitlements(1, commune=two_provinces["a1"], from_month=P)
    build_payroll(P)
    person = ents[0].person
    person.death_date = dt.date(2026, 3, 5)
    person.save()
    _, report = build_payroll(P + 1)
    assert report.lines == 0 and report.stopped_by_death == 1


def test_double_month(two_provinces):
    make_entitlements(4, commune=two_provinces["a1"], from_month=Month(2026, 1))
    payroll, report = build_payroll(Month(2026, 1), double=True)  # January + February before Tết
    assert report.months == ["2026-01", "2026-02"] and report.lines == 8 and payroll.double
    _, feb = build_payroll(Month(2026, 2))
    assert feb.lines == 0
    _, mar = build_payroll(Month(2026, 3))
    assert mar.lines == 4
    assert PayrollLine.objects.count() == 12


def test_suspension_and_resumption_pay_the_arrears(two_provinces, officers):
    a, _ = officers
    ent = make_entitlements(1, commune=two_provinces["a1"], from_month=P)[0]
    build_payroll(P)
    entitlement_suspend(actor=a, entitlement=ent, from_month=P + 1, reason="Không xác minh được thông tin")
    _, r = build_payroll(P + 1)
    assert r.lines == 0
    entitlement_resume(actor=a, entitlement=ent, reason="Đã xác minh được thông tin")
    _, r = build_payroll(P + 2)
    assert r.lines == 2 and r.arrears_lines == 1  # April (arrears, Art 75.3) and May


def test_amount_in_force_and_indexation(two_provinces):
    ents = make_entitlements(3, commune=two_provinces["a1"], from_month=Month(2026, 5), amount=3_200_000)
    Entitlement.objects.filter(pk=ents[0].pk).update(retired_before_1995=True)
    report = index_pensions(dt.date(2026, 7, 1))
    assert report.entitlements == 3 and report.decree.startswith("Decree 162")
    again = index_pensions(dt.date(2026, 7, 1))
    assert again.entitlements == 0 and again.already == 3
    new = dict(EntitlementAmount.objects.filter(source="indexation").values_list("entitlement_id", "amount"))
    assert new[ents[0].pk] == 3_456_000 + 300_000  # 3,200,000 × 1.08, then the pre-1995 top-up (D8)
    assert new[ents[1].pk] == round((3_200_000 + 1000) * 1.08)
    build_payroll(Month(2026, 6))
    build_payroll(Month(2026, 7))
    amounts = dict(PayrollLine.objects.filter(entitlement=ents[1]).values_list("for_month", "amount"))
    assert amounts[dt.date(2026, 6, 1)] == 3_201_000 and amounts[dt.date(2026, 7, 1)] == new[ents[1].pk]


def test_commands(two_provinces, capsys):
    make_entitlements(3, commune=two_provinces["a1"], from_month=P)
    call_command("payroll", period="2026-03")
    call_command("payroll", period="2026-03")
    out = capsys.readouterr().out
    assert "3 lines" in out and "nothing new to pay" in out
    assert Payroll.objects.get().lines == 3
