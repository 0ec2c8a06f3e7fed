"""A statement of 10,000 credit lines for 2,000 employers each owing 6 months × 5 funds: timings of the set-based
import. Kept out of the default run: ANSINH_PAYMENT_BENCH=10000 pytest src/ansinh/contributions/tests/test_payments_bench.py -s
"""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from django.db import connection
from django.db.models import Sum

from ansinh.contributions.imports.bank_statement import MB
from ansinh.contributions.models import Account, BankStatementLine, LedgerEntry, LedgerTxn
from ansinh.contributions.services import payments
from ansinh.core.bulk import insert_rows, next_ids
from ansinh.core.testing import factories as f
from ansinh.registry.models import Employer

pytestmark = [pytest.mark.django_db, pytest.mark.slow,
              pytest.mark.skipif(not os.environ.get("ANSINH_PAYMENT_BENCH"), reason="set ANSINH_PAYMENT_BENCH=<lines>")]


def test_import_10000_lines(two_provinces):
    n_lines = int(os.environ.get("ANSINH_PAYMENT_BENCH", "10000"))
    n_employers = max(n_lines // 5, 1)
    commune = two_provinces["a1"]
    template = f.EmployerFactory.build(address_commune=commune)
    Employer.objects.bulk_create([
        Employer(unit_code=f"{1_000_000 + i:07d}HC", tax_code=None, name=f"Đơn vị {i}", name_search=f"don vi {i}",
                 ownership_type="state_agency", sector="O", address_commune=commune, start_date=template.start_date)
        for i in range(n_employers)
    ], batch_size=5000)
    employers = list(Employer.objects.filter(unit_code__endswith="HC").values_list("id", "unit_code"))
    months = [dt.date(2025, m, 1) for m in range(7, 13)]
    funds = {"sm": 300_000, "oaod": 50_000, "rs": 2_200_000, "hi": 450_000, "ui": 200_000}
    txn_ids = next_ids(LedgerTxn._meta.db_table, len(employers))
    now = dt.datetime.now(dt.UTC)
    insert_rows(LedgerTxn._meta.db_table, ("id", "kind", "reference", "period", "effective_date", "posted_at", "memo"),
                ((t, "assessment", f"bench:{e}", months[0], months[0], now, "") for t, (e, _) in zip(txn_ids, employers, strict=True)))
    insert_rows(LedgerEntry._meta.db_table,
                ("txn_id", "account", "fund", "holder_type", "holder_id", "for_period", "period", "effective_date", "amount"),
                ((t, acc, fund, "employer", e, m, m, m, sign * amount)
                 for t, (e, _) in zip(txn_ids, employers, strict=True) for m in months for fund, amount in funds.items()
                 for acc, sign in (("receivable", 1), ("revenue", -1))))
    lines = ["STT,NGÀY GIAO DỊCH,NGÀY HẠCH TOÁN,PHÁT SINH NỢ,PHÁT SINH CÓ,ĐƠN VỊ THỤ HƯỞNG/ĐƠN VỊ CHUYỂN,NỘI DUNG,BÚT TOÁN"]
    for i in range(n_lines):
        _, unit = employers[i % len(employers)]
        text = (f"+BHXH+103+00+{unit}+00000+dong BHXH thang {1 + i % 12:02d}+Don vi" if i % 10 else
                f"CHUYEN TIEN {i} KHONG RO")  # one line in ten has no code: to the queue
        lines.append(f'{i + 1},05/01/2026 09:00:00,05/01/2026,0,"{3_200_000 + i % 7 * 1000:,}",X,"{text}",FT{i:010d}')
    data = ("\n".join(lines) + "\n").encode()
    started = time.perf_counter()
    report = payments.bank_statement_import(actor=None, data=data, file_name="bench.csv", bank="MB", account_no="1",
                                            layout=MB, source="bench")
    total = time.perf_counter() - started
    assert report.credits == n_lines and report.matched + report.unmatched == n_lines
    assert BankStatementLine.objects.count() == n_lines
    assert LedgerEntry.objects.filter(account=Account.CASH).aggregate(s=Sum("amount"))["s"] == \
        report.matched_amount + report.unmatched_amount
    again_started = time.perf_counter()
    again = payments.bank_statement_import(actor=None, data=data, file_name="bench.csv", bank="MB", account_no="1",
                                           layout=MB, source="bench")
    again_total = time.perf_counter() - again_started
    assert len(again.already_imported) == n_lines and again.txns == 0
    print(f"\n{connection.vendor}: {n_lines:,} lines, {len(employers):,} employers: total {total:.2f} s "
          f"({', '.join(f'{k} {v:.2f}' for k, v in report.timings.items())}); matched {report.matched:,}, "
          f"queue {report.unmatched:,}, {report.entries:,} entries; re-import {again_total:.2f} s")
