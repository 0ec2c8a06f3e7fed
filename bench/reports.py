"""Reports on a generated province: building the monthly summaries, then every report and dashboard, against one
hand-written SQL query over the raw tables computing the same aggregation, in the same run.

Data: `ansinh generate --persons N` and `ansinh simulate --months 36` (participations, assessments, payments,
receipts), offices and synthetic population of Lạng Sơn; `refresh_statistics` builds every month once.
Optimised: the pages and API answers, read from `reports.MonthlySummary` (a handful of indexed queries).
Baseline: one SQL statement over the raw tables (coverage_participation ⋈ registry_person, contributions ledger)
giving the same figures as the page's table by commune — participants per commune and scheme in the month, debt
(principal) and late-payment interest owed per commune at its end. Both are compared before any time is reported.
"""

from __future__ import annotations

import time
from typing import Any

from django.db import connection

from bench.stats import ms, summary, timed

MONTHS = 36


def ensure_data(*, persons: int, seed: int) -> None:
    from django.core.management import call_command

    from ansinh.places.models import Population

    t = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_places", province="20", verbosity=0)
    call_command("load_offices", province="20", verbosity=0)
    if not Population.objects.exists():
        call_command("demo_population", province="20", years="2019-2025", seed=seed, verbosity=0)
    call_command("generate", persons=persons, seed=seed, province="20", verbosity=1)
    call_command("simulate", months=MONTHS, seed=seed, verbosity=1)  # reuses an earlier run with the same arguments
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"data ready ({persons:,} persons, {MONTHS} months) in {time.monotonic() - t:.1f} s")


def _raw_sql(month: Any) -> tuple[str, list[Any]]:
    """Participants per (commune as recorded, scheme) covering the month — the table by commune, from the raw rows."""
    sql = """
        SELECT p.address_commune_id, pa.scheme, COUNT(DISTINCT pa.person_id)
        FROM coverage_participation pa JOIN registry_person p ON p.id = pa.person_id
        WHERE pa.valid_from <= %s AND (pa.valid_to IS NULL OR pa.valid_to >= %s)
        GROUP BY p.address_commune_id, pa.scheme
    """
    return sql, [month.last_day, month.first_day]


def _raw_debt_sql(month: Any) -> tuple[str, list[Any]]:
    """Principal (receivable) and late-payment interest (interest_receivable) owed per (commune, account) at the end
    of the month: positive balances per employer and scheme, each account apart."""
    sql = """
        SELECT er.address_commune_id, d.account, SUM(d.balance) FROM (
            SELECT holder_id, account, CASE WHEN fund IN ('hi', 'ui') THEN fund ELSE 'si' END AS scheme,
                   SUM(amount) AS balance
            FROM contributions_ledgerentry
            WHERE account IN ('receivable', 'interest_receivable') AND holder_type = 'employer' AND period <= %s
            GROUP BY holder_id, account, CASE WHEN fund IN ('hi', 'ui') THEN fund ELSE 'si' END
            HAVING SUM(amount) > 0) d
        JOIN registry_employer er ON er.id = d.holder_id
        GROUP BY er.address_commune_id, d.account
    """
    return sql, [month.first_day]


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def run(*, persons: int, repeat: int) -> None:
    from django.test import Client

    from ansinh.accounts.models import Role, User
    from ansinh.analytics import statistics
    from ansinh.places.models import AdminUnit, Level, Office
    from ansinh.reports.models import MonthlySummary, SummaryState
    from ansinh.rules.periods import Month

    span = statistics.data_months()
    assert span is not None, "no data"
    first = max(span[0], span[1] - (MONTHS + 1))
    months = statistics.month_range(first, span[1])
    print(f"\nreports, {connection.vendor}, {persons:,} persons, months {months[0]}..{months[-1]}")
    counts = _fetch("SELECT (SELECT COUNT(*) FROM coverage_participation), (SELECT COUNT(*) FROM "
                    "contributions_ledgerentry), (SELECT COUNT(*) FROM coverage_hicard)", [])[0]
    print(f"  source rows: {counts[0]:,} participations, {counts[1]:,} ledger entries, {counts[2]:,} HI cards")

    t = time.perf_counter()
    built = statistics.refresh(months)
    if built:
        print(f"  first build of {len(built)} months: {time.perf_counter() - t:.1f} s "
              f"({max(r.seconds for r in built):.2f} s the slowest month)")
    t = time.perf_counter()
    dirty = statistics.dirty_months(months)
    print(f"{'dirty check, ' + str(len(months)) + ' months (none dirty)':44} {ms(time.perf_counter() - t)}")
    assert not dirty, f"still dirty: {dirty}"
    month = SummaryState.objects.order_by("-period").values_list("period", flat=True)[1]
    month = Month.of(month)
    geo = statistics.Geography.load()
    builds = []
    for m in (month - 2, month - 1, month):
        report = statistics.build_month(m, geo)
        builds.append(report.seconds)
    print(f"{'build one month (read + roll up + write)':44} median {ms(summary(builds)[0])}  max {ms(max(builds))}  "
          f"({report.rows:,} rows)")

    # the same aggregation from the raw tables, compared with the summaries before timing
    sql, params = _raw_sql(month)
    raw = {(int(c), s): int(n) for c, s, n in _fetch(sql, params)}
    province = AdminUnit.objects.get(level=Level.PROVINCE, code="20", valid_to__isnull=True)
    # the generated persons live in today's communes: their summary rows are the raw counts
    stored_current = {(r[0], r[1]): r[2] for r in MonthlySummary.objects.filter(
        period=month.first_day, unit_kind="commune", group="").values_list("unit_id", "scheme", "participants") if r[2]}
    old_ids = set(AdminUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=False).values_list("id", flat=True))
    raw_current = {k: v for k, v in raw.items() if k[0] not in old_ids}
    assert raw_current == stored_current, "participants by commune differ from the raw tables"
    sql_d, params_d = _raw_debt_sql(month)
    raw_owed = {(int(c), a): int(v) for c, a, v in _fetch(sql_d, params_d)}
    raw_debt = {c: v for (c, a), v in raw_owed.items() if a == "receivable"}
    raw_interest = {c: v for (c, a), v in raw_owed.items() if a == "interest_receivable"}
    stored_debt: dict[int, int] = {}
    stored_interest: dict[int, int] = {}
    for unit_id, debt, interest in MonthlySummary.objects.filter(
            period=month.first_day, unit_kind="commune", group="", scheme__in=["si", "ui", "hi"]).values_list(
            "unit_id", "debt", "debt_interest"):
        if debt:
            stored_debt[unit_id] = stored_debt.get(unit_id, 0) + debt
        if interest:
            stored_interest[unit_id] = stored_interest.get(unit_id, 0) + interest
    assert raw_debt == stored_debt, "debt by commune differs from the raw ledger"
    assert raw_interest == stored_interest, "late-payment interest by commune differs from the raw ledger"
    print(f"  checked: {len(raw_current):,} (commune, scheme) participant counts, {len(raw_debt):,} commune debts "
          f"and {len(raw_interest):,} commune interest amounts equal the raw tables for {month}")
    baseline = timed(lambda: _fetch(sql, params), max(3, repeat // 8))
    baseline_debt = timed(lambda: _fetch(sql_d, params_d), max(3, repeat // 8))

    # users: a provincial officer, a commune officer
    boss, _ = User.objects.get_or_create(username="bench-reports-province", defaults={"role": Role.MANAGER})
    boss.offices.set(Office.objects.filter(code="KV-20"))
    commune = AdminUnit.objects.filter(level=Level.COMMUNE, province=province, valid_to__isnull=True).order_by(
        "code").first()
    clerk, _ = User.objects.get_or_create(username="bench-reports-commune", defaults={"role": Role.COLLECTION_OFFICER})
    clerk.units.set([commune])
    p, c = f"province:{province.pk}", f"commune:{commune.pk}"
    period = f"period={month}"
    pages = [
        ("dashboard, province (65 communes)", boss, f"/reports/?unit={p}&{period}"),
        ("dashboard, commune officer", clerk, f"/reports/?{period}"),
        ("steering report page, province", boss, f"/reports/steering/?unit={p}&{period}"),
        ("steering report PDF, province", boss, f"/reports/steering.pdf?unit={p}&{period}"),
        ("steering report XLSX, province", boss, f"/reports/steering.xlsx?unit={p}&{period}"),
        ("largest debts, province", boss, f"/reports/lists/debt/?unit={p}&{period}"),
        ("furthest behind target, province", boss, f"/reports/lists/behind/?unit={p}&{period}"),
        ("coverage lapsed, commune (page)", clerk, f"/reports/lists/lapsed/?unit={c}&{period}"),
        ("coverage lapsed, province (CSV, all)", boss, f"/reports/lists/lapsed/?unit={p}&{period}&format=csv"),
        ("API figures, province", boss, f"/api/v1/reports/figures?unit={p}&{period}"),
        ("API statistics, commune, 36 months", clerk, f"/api/v1/reports/statistics?unit={c}"),
    ]
    clients: dict[str, Client] = {}
    base_med, base_p95 = summary(baseline)
    print(f"{'baseline: one SQL, participants by commune':44} median {ms(base_med)}  p95 {ms(base_p95)}")
    debt_med, _ = summary(baseline_debt)
    print(f"{'baseline: one SQL, debt and interest by commune':44} median {ms(debt_med)}")
    build_med = summary(builds)[0]
    print(f"{'build one month ÷ the two baseline queries':44} {build_med / (base_med + debt_med):.2f}× "
          "(it computes 7 aggregations and writes them)")
    worst = 0.0
    for label, user, url in pages:
        client = clients.setdefault(user.username, Client())
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        times = timed(lambda client=client, url=url: client.get(url), repeat)
        med, p95 = summary(times)
        worst = max(worst, p95)
        print(f"{label:44} median {ms(med)}  p95 {ms(p95)}  ratio to baseline {med / base_med:.3f}×")
    print(f"{'slowest p95':44} {ms(worst)}  ({'under' if worst < 0.3 else 'OVER'} 300 ms)")
