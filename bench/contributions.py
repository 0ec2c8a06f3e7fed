"""Monthly assessment and interest accrual against one hand-written SQL statement computing the same amounts.

Optimised: `analytics.assessment.assess` (read, compute per employee with numpy, write the lines and the ledger)
and `analytics.arrears.accrue_interest` (one grouped query, post). Baseline: one SQL statement, written by hand
with the month's parameters as literals, that computes the same per-employer totals (assessment) or interest,
without writing anything. Both results are compared before any time is reported.
"""

from __future__ import annotations

import time

from django.db import connection
from django.db.models import Sum

from ansinh.rules.periods import Month
from bench.stats import ms, summary

MONTHS = [Month(2026, 1), Month(2026, 2), Month(2026, 3)]


def _baseline_assessment_sql(month: Month) -> tuple[str, list[object]]:
    from ansinh.contributions.regions import regions_of_communes
    from ansinh.rules.contributions.parameters import month_parameters, rate_fraction

    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT address_commune_id FROM registry_employer")
        communes = [r[0] for r in cursor.fetchall()]
    regions = regions_of_communes(communes, month.first_day)
    by_region = {r: [c for c, rr in regions.items() if rr == r] for r in set(regions.values())}
    params = {r: month_parameters(month, region=r) for r in by_region}
    region_case = "CASE " + " ".join(
        f"WHEN er.address_commune_id IN ({', '.join(map(str, ids))}) THEN {r}" for r, ids in by_region.items()) + " END"
    any_p = next(iter(params.values()))
    ui_cap = "CASE region " + " ".join(f"WHEN {r} THEN {p.ui_cap}" for r, p in params.items()) + " END"
    cols = []
    for column, value in any_p.rates().items():
        n, d = rate_fraction(value)
        base = "ui" if column.startswith("ui") else "si"
        cols.append(f"SUM((2 * {base} * {n} + {d}) / {2 * d})")
    sql = f"""
        SELECT employer_id, {' + '.join(cols)} FROM (
          SELECT employer_id, CASE WHEN salary < {any_p.si_cap} THEN salary ELSE {any_p.si_cap} END AS si,
                 CASE WHEN salary < {ui_cap} THEN salary ELSE {ui_cap} END AS ui
          FROM (SELECT e.employer_id, s.salary, {region_case} AS region
                FROM registry_employment e
                JOIN registry_employer er ON er.id = e.employer_id
                JOIN registry_salaryrecord s ON s.employment_id = e.id AND s.valid_from <= %s
                     AND (s.valid_to IS NULL OR s.valid_to >= %s)
                WHERE e.valid_from <= %s AND (e.valid_to IS NULL OR e.valid_to >= %s)) x
        ) y GROUP BY employer_id
    """
    return sql, [month.last_day, month.first_day, month.first_day, month.last_day]


def _run_sql(sql: str, params: list[object]) -> dict[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {int(r[0]): int(r[1]) for r in cursor.fetchall()}


def _interest_baseline_sql(month: Month) -> tuple[str, list[object]]:
    if connection.vendor == "postgresql":
        days = "(%s::date - GREATEST(%s::date, (for_period + INTERVAL '2 month')::date, effective_date) + 1)"
    else:
        days = "CAST(julianday(%s) - julianday(MAX(%s, date(for_period, '+2 months'), effective_date)) + 1 AS INTEGER)"
    # The day sums are whole numbers; PostgreSQL's SUM of bigint is numeric, so cast back for integer division.
    day_sum = "CAST(SUM(amount * {days}) AS BIGINT)" if connection.vendor == "postgresql" else "SUM(amount * {days})"
    sql = f"""
        SELECT holder_id, SUM((2 * s * 3 + 10000) / 20000) FROM (
          SELECT holder_id, fund, {day_sum.format(days=days)} AS s FROM contributions_ledgerentry
          WHERE account = 'receivable' AND holder_type = 'employer' AND for_period <= %s AND effective_date <= %s
          GROUP BY holder_id, fund) x
        GROUP BY holder_id
    """
    return sql, [month.last_day, month.first_day, (month - 2).first_day, month.last_day]


def _reset() -> None:
    """Forget earlier runs on this database: every run measures the first assessment of its months."""
    tables = ("contributions_assessmentline", "contributions_ledgerentry", "contributions_ledgertxn",
              "contributions_assessmentrun")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
            cursor.execute("ANALYZE")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")


def run(*, employees: int) -> None:
    from ansinh.analytics.arrears import accrue_interest
    from ansinh.analytics.assessment import assess
    from ansinh.contributions.models import Account, AssessmentLine, LedgerEntry

    _reset()
    print(f"\ncontributions, {connection.vendor}, {employees:,} employees")
    fast, slow, rerun = [], [], []
    for month in MONTHS:
        AssessmentLine.objects.filter(period=month.first_day).exists()
        t = time.perf_counter()
        _, report = assess(month)
        fast.append(time.perf_counter() - t)
        t = time.perf_counter()
        _, again = assess(month)
        rerun.append(time.perf_counter() - t)
        assert again.lines_written == again.txns == 0, "re-run changed something"
        sql, params = _baseline_assessment_sql(month)
        t = time.perf_counter()
        expected = _run_sql(sql, params)
        slow.append(time.perf_counter() - t)
        got = {int(r["holder_id"]): int(r["s"]) for r in LedgerEntry.objects.filter(
            account=Account.RECEIVABLE, for_period=month.first_day).values("holder_id").annotate(s=Sum("amount"))}
        assert got == expected, f"{month}: assessment totals differ from the hand-written SQL"
        print(f"  {month}: {report.lines_due:,} lines, {report.txns:,} txns")
    f_med, s_med, r_med = summary(fast)[0], summary(slow)[0], summary(rerun)[0]
    print(f"{'assessment (write lines + ledger)':40} median {ms(f_med)}")
    print(f"{'re-run, nothing changed':40} median {ms(r_med)}")
    print(f"{'hand-written SQL, totals only':40} median {ms(s_med)}   ratio {f_med / s_med:.2f}× (same totals)")

    i_fast, i_slow = [], []
    for month in (Month(2026, 3), Month(2026, 4), Month(2026, 5)):
        sql, params = _interest_baseline_sql(month)
        t = time.perf_counter()
        expected = {k: v for k, v in _run_sql(sql, params).items() if v}
        i_slow.append(time.perf_counter() - t)
        t = time.perf_counter()
        report = accrue_interest(month)
        i_fast.append(time.perf_counter() - t)
        got = {int(r["holder_id"]): int(r["s"]) for r in LedgerEntry.objects.filter(
            account=Account.INTEREST_RECEIVABLE, period=month.first_day).values("holder_id").annotate(s=Sum("amount"))}
        assert got == expected, f"{month}: interest differs from the hand-written SQL"
        print(f"  interest {month}: {report.txns:,} employers, {report.total:,} VND")
    fi, si = summary(i_fast)[0], summary(i_slow)[0]
    print(f"{'interest accrual (compute + post)':40} median {ms(fi)}")
    print(f"{'hand-written SQL, interest only':40} median {ms(si)}   ratio {fi / si:.2f}× (same amounts)")
