"""The monthly payroll of recurring benefits against one hand-written SQL statement computing the same totals.

Data (built set-based, reused between runs): N pensioners on the communes of Lạng Sơn, each with one entitlement
(pension, monthly work-injury allowance or monthly survivor allowance), an amount row from January 2026 and, for one
in five, a second row from February; 1 % die in February, 0.5 % are suspended from March; a few start in February.
Optimised: `benefits.services.payroll.build_payroll` (read, expand per month with numpy, write the lines, post the
ledger, stop the deceased). Baseline: one SQL statement that computes the month's totals per fund and channel, without
writing anything. The totals are compared before any time is reported.
"""

from __future__ import annotations

import datetime as dt
import time

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from ansinh.rules.periods import Month
from bench.stats import ms, summary

MONTHS = [Month(2026, 1), Month(2026, 2), Month(2026, 3)]
KINDS = (("pension", "rs", 0.85), ("work_injury", "oaod", 0.05), ("survivor_monthly", "rs", 0.10))
CHANNELS = (("bank_card", 0.6), ("cash_home", 0.15), ("cash_point", 0.25))


def build(n: int, seed: int = 1) -> None:
    from ansinh.benefits.models import Entitlement
    from ansinh.core.bulk import insert_rows, next_ids
    from ansinh.places.models import AdminUnit, Level

    if Entitlement.objects.count() >= n:
        print(f"bench data present ({Entitlement.objects.count():,} entitlements)")
        return
    started = time.monotonic()
    rng = np.random.default_rng(seed)
    communes = list(AdminUnit.objects.current().filter(level=Level.COMMUNE, province__code="20")
                    .values_list("id", flat=True))
    now = timezone.now()
    with transaction.atomic():
        person_ids = next_ids("registry_person", n)
        years = rng.integers(1935, 1966, size=n)
        sexes = rng.choice(["M", "F"], size=n)
        commune = rng.choice(communes, size=n)
        dies = rng.random(n) < 0.01
        insert_rows("registry_person", ("id", "citizen_id", "si_code", "full_name", "name_search", "birth_date",
                                        "birth_precision", "birth_year", "sex", "ethnicity", "nationality",
                                        "address_commune_id", "address_line", "phone", "death_date", "created_at",
                                        "updated_at"),
                    ((pid, None, f"98{i:08d}", f"Người Hưởng {i}", f"nguoi huong {i}", dt.date(int(years[i]), 1, 1),
                      "Y", int(years[i]), str(sexes[i]), "01", "VN", int(commune[i]), "", "",
                      dt.date(2026, 2, 14) if dies[i] else None, now, now) for i, pid in enumerate(person_ids)))
        kind_i = rng.choice(len(KINDS), size=n, p=[k[2] for k in KINDS])
        chan_i = rng.choice(len(CHANNELS), size=n, p=[c[1] for c in CHANNELS])
        late = rng.random(n) < 0.02
        suspended = rng.random(n) < 0.005
        ent_ids = next_ids("benefits_entitlement", n)
        insert_rows("benefits_entitlement", (
            "id", "person_id", "claim_id", "kind", "fund", "from_month", "to_month", "channel", "bank_account",
            "bank_name", "payment_point", "status", "suspended_from", "stop_month", "status_reason", "status_basis",
            "retired_before_1995", "created_at"),
            ((eid, person_ids[i], None, KINDS[int(kind_i[i])][0], KINDS[int(kind_i[i])][1],
              dt.date(2026, 2, 1) if late[i] else dt.date(2026, 1, 1), None, CHANNELS[int(chan_i[i])][0],
              f"{1_000_000_000 + i}" if chan_i[i] == 0 else "", "", "" if chan_i[i] == 0 else "Bưu điện",
              "suspended" if suspended[i] else "active", dt.date(2026, 3, 1) if suspended[i] else None, None, "", "",
              bool(years[i] < 1940), now) for i, eid in enumerate(ent_ids)))
        amount = (np.exp(rng.normal(np.log(5_500_000), 0.45, size=n)) // 1000 * 1000).astype(np.int64)
        second = rng.random(n) < 0.2
        rows = [(ent_ids[i], dt.date(2026, 2, 1) if late[i] else dt.date(2026, 1, 1), int(amount[i]), "decision",
                 None, "", "{}", now) for i in range(n)]
        rows += [(ent_ids[i], dt.date(2026, 2, 1), int(amount[i]) + 150_000, "correction", None, "", "{}", now)
                 for i in np.nonzero(second & ~late)[0].tolist()]
        insert_rows("benefits_entitlementamount", ("entitlement_id", "valid_from", "amount", "source", "decision_id",
                                                   "basis", "detail", "created_at"), rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"built {n:,} entitlements in {time.monotonic() - started:.1f} s")


def reset() -> None:
    """Forget earlier payroll runs of the bench database (lines, payrolls, their ledger txns)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM contributions_ledgerentry WHERE txn_id IN "
                       "(SELECT id FROM contributions_ledgertxn WHERE kind = 'payroll')")
        cursor.execute("DELETE FROM contributions_ledgertxn WHERE kind = 'payroll'")
        cursor.execute("DELETE FROM benefits_payrollline")
        cursor.execute("DELETE FROM benefits_payroll")
        cursor.execute("UPDATE benefits_entitlement SET stop_month = NULL, to_month = NULL, "
                       "status = CASE WHEN suspended_from IS NULL THEN 'active' ELSE 'suspended' END")


BASELINE_SQL = """
SELECT e.fund, e.channel, SUM(a.amount), COUNT(*)
FROM benefits_entitlement e
JOIN registry_person p ON p.id = e.person_id
JOIN benefits_entitlementamount a ON a.entitlement_id = e.id
 AND a.valid_from = (SELECT MAX(a2.valid_from) FROM benefits_entitlementamount a2
                     WHERE a2.entitlement_id = e.id AND a2.valid_from <= %s)
WHERE e.from_month <= %s
  AND (e.suspended_from IS NULL OR e.suspended_from > %s)
  AND (p.death_date IS NULL OR p.death_date >= %s)
GROUP BY e.fund, e.channel
"""


def baseline(month: Month) -> dict[tuple[str, str], tuple[int, int]]:
    d = month.first_day
    with connection.cursor() as cursor:
        cursor.execute(BASELINE_SQL, [d, d, d, d])
        return {(r[0], r[1]): (int(r[2]), int(r[3])) for r in cursor.fetchall()}


def run(*, n: int) -> None:
    from ansinh.benefits.models import Payroll, PayrollLine
    from ansinh.benefits.services.payroll import build_payroll
    from ansinh.contributions.models import Account, LedgerEntry

    reset()
    print(f"\npayroll, {connection.vendor}, {n:,} entitlements")
    fast, rerun, slow = [], [], []
    for month in MONTHS:
        t = time.perf_counter()
        expected = baseline(month)
        slow.append(time.perf_counter() - t)
        t = time.perf_counter()
        payroll, report = build_payroll(month)
        fast.append(time.perf_counter() - t)
        t = time.perf_counter()
        _, again = build_payroll(month)
        rerun.append(time.perf_counter() - t)
        assert again.lines == 0, "re-run changed something"
        got = {(r["fund"], r["channel"]): (int(r["s"]), int(r["n"])) for r in PayrollLine.objects.filter(
            payroll=payroll).values("fund", "channel").annotate(s=Sum("amount"), n=Count("id"))}
        assert got == expected, f"{month}: payroll totals differ from the hand-written SQL\n{got}\n{expected}"
        ledger = LedgerEntry.objects.filter(account=Account.BENEFIT_EXPENSE, period=month.first_day) \
            .aggregate(s=Sum("amount"))["s"]
        assert ledger == report.total, f"{month}: ledger {ledger} ≠ payroll {report.total}"
        print(f"  {month}: {report.lines:,} lines, {report.total:,} VND, {report.stopped_by_death:,} stopped by death")
    assert Payroll.objects.count() == len(MONTHS)
    f_med, r_med, s_med = summary(fast)[0], summary(rerun)[0], summary(slow)[0]
    print(f"{'payroll build (read, lines, ledger)':40} median {ms(f_med)}")
    print(f"{'re-run, nothing to add':40} median {ms(r_med)}")
    print(f"{'hand-written SQL, totals only':40} median {ms(s_med)}   ratio {f_med / s_med:.2f}× (same totals)")
