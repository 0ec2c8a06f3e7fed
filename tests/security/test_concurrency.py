"""Concurrency and crashes on PostgreSQL (skipped on SQLite, which serialises every writer): two imports of one
bank statement at once, two assessments of one month at once, and a payroll killed with SIGKILL part-way. After
each, the ledger invariants hold: every transaction balances to zero, nothing is posted twice, and what was
killed left nothing half-written (running it again completes it)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from django.db import connection, connections
from django.db.models import Count, Sum

from ansinh.contributions.imports.bank_statement import MB
from ansinh.contributions.models import BankStatementLine, LedgerEntry, LedgerTxn
from ansinh.core.errors import Conflict
from ansinh.rules.periods import Month

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency and crash tests run on PostgreSQL only (SQLite serialises every writer): "
                    "set DATABASE_URL to run them")


def assert_ledger_invariants() -> None:
    unbalanced = (LedgerEntry.objects.values("txn_id").annotate(s=Sum("amount")).exclude(s=0).count())
    assert unbalanced == 0, f"{unbalanced} unbalanced ledger transactions"
    twice = (LedgerTxn.objects.values("kind", "reference").exclude(reference="")
             .annotate(n=Count("id")).filter(n__gt=1).count())
    assert twice == 0, "a reference is posted twice"


def _together(n: int, work) -> list[object]:
    """Run `work(i)` in n threads released at the same moment; each result or exception."""
    barrier = threading.Barrier(n)
    results: list[object] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def _statement(lines: int = 300) -> bytes:
    head = "STT,NGÀY GIAO DỊCH,NGÀY HẠCH TOÁN,PHÁT SINH NỢ,PHÁT SINH CÓ,ĐƠN VỊ THỤ HƯỞNG/ĐƠN VỊ CHUYỂN,NỘI DUNG,BÚT TOÁN"
    rows = [f'{i},02/04/2026 10:00:00,02/04/2026,"0","{1_000_000 + i:,}",Cong ty {i},"BHXH {i}",FT{i:06d}'
            for i in range(1, lines + 1)]
    return ("\n".join([head, *rows]) + "\n").encode()


def test_two_imports_of_one_statement(two_provinces):
    from ansinh.contributions.services import payments

    data = _statement()
    results = _together(2, lambda i: payments.bank_statement_import(
        actor=two_provinces["u1"], data=data, file_name=f"s{i}.csv", bank="MB", account_no="123", layout=MB))
    unexpected = [r for r in results if isinstance(r, Exception) and not isinstance(r, Conflict)]
    assert not unexpected, unexpected  # the loser gets a clear conflict (409), never an IntegrityError (500)
    assert BankStatementLine.objects.count() == 300
    assert LedgerTxn.objects.filter(kind=LedgerTxn.Kind.PAYMENT).count() == 300
    assert_ledger_invariants()


def test_two_assessments_of_one_month(two_provinces):
    import datetime as dt

    from ansinh.analytics.assessment import assess
    from ansinh.core.testing import factories as f

    employer = f.EmployerFactory(address_commune=two_provinces["a1"], start_date=dt.date(2015, 1, 1))
    for _ in range(5):
        f.EmploymentFactory(employer=employer, person=f.PersonFactory(address_commune=two_provinces["a1"]),
                            valid_from=dt.date(2024, 1, 1), salary=9_000_000)
    period = Month(2026, 3)
    results = _together(2, lambda i: assess(period))
    assert not [r for r in results if isinstance(r, Exception)], results  # serialised: both finish
    once = LedgerTxn.objects.filter(kind="assessment").count()
    assess(period)  # and again: nothing new
    assert LedgerTxn.objects.filter(kind="assessment").count() == once
    assert_ledger_invariants()


def test_a_killed_payroll_leaves_nothing_half_written(two_provinces):
    from ansinh.benefits.models import PayrollLine
    from ansinh.benefits.tests.conftest import make_entitlements

    make_entitlements(300, commune=two_provinces["a1"], from_month=Month(2026, 3))
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url}
    command = [sys.executable, "-m", "ansinh", "payroll", "--period", "2026-03"]
    for delay in (1.0, 2.5):
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(30)
        lines = PayrollLine.objects.count()
        assert lines in (0, 300), f"a killed payroll left {lines} of 300 lines"
        assert_ledger_invariants()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert PayrollLine.objects.count() == 300
    assert_ledger_invariants()
