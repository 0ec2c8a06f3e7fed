"""The month's HI claims assessment at scale: `python -m bench claims --lines 1000000`.

Builds (once per size) a generated month of claims for province 20 with planted errors, then in the same run:
  1. the application's set-based assessment on the database (ansinh.healthcare.services.assess_month: delete the
     undecided findings, one INSERT … SELECT per check, keep the decided ones);
  2. the same check statements on DuckDB (pip `duckdb`, the `bench` extra) over the same tables copied in (the
     copy is not timed) — as PostgreSQL runs them; SQLite runs its episodes' checks with subqueries inside the
     episodes' pass (`checks.probes_per_row`), a shape slower on DuckDB, which is not given it;
and reports both times and whether the findings are equal (episode, line, check, outcome, amount)."""

from __future__ import annotations

import csv
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

from django.db import connection

from ansinh.healthcare import checks
from ansinh.rules.periods import Month

MONTH = Month(2025, 9)  # every check in force (Decision 3276 patient kinds from 2025-07-01)
LINES_PER_VISIT = 4.57  # measured: 8,620,448 lines from 1,886,792 cards (each visits once)

TABLES = {
    "e": ("healthcare_episode", ["id", "facility_code", "ma_lk", "current", "period", "name_key", "birth_date", "sex",
                                 "card_number", "card_problem", "card_pct", "card_from_day", "card_to_day",
                                 "registered_code", "referred_from", "patient_kind", "exempt_day", "visit_type",
                                 "referral_number", "slip_number", "slip_valid_day",
                                 "admitted", "admitted_day", "admitted_date", "discharged", "discharged_day",
                                 "treatment_days", "threshold", "t_tongchi_bv", "t_tongchi_bh", "t_bncct", "t_bhtt",
                                 "inpatient_from", "first_order", "last_order"]),
    "l": ("healthcare_line", ["id", "episode_id", "table", "stt", "code", "group", "scope", "qty_milli", "price_milli",
                              "amount_bv", "amount_bh", "calc_bh", "benefit", "t_bhtt", "ordered", "ordered_day",
                              "practitioner", "package", "package_cap", "card_number", "performed", "resulted"]),
    "apt": ("healthcare_appointmentslip", ["episode_id", "number", "appointment", "issued_day"]),
    "prac": ("healthcare_practitioner", ["facility_code", "certificate_number", "from_day", "to_day"]),
    "cat": ("healthcare_catalogueitem", ["facility_code", "code", "price_milli", "from_day", "to_day"]),
    "fac": ("healthcare_facility", ["code", "level", "valid_from", "valid_to"]),
    "card": ("coverage_hicard", ["number", "person_id", "status", "valid_from", "valid_to"]),
    "person": ("registry_person", ["id", "name_search", "birth_date", "sex"]),
}
TYPES = {"current": "BOOLEAN", "period": "DATE", "birth_date": "DATE", "admitted_date": "DATE", "valid_from": "DATE",
         "valid_to": "DATE"}
TEXT = {"facility_code", "ma_lk", "name_key", "sex", "card_number", "card_problem", "registered_code", "referred_from",
        "patient_kind", "visit_type", "table", "code", "level", "number", "status", "name_search",
        "referral_number", "slip_number", "practitioner", "package", "certificate_number"}


def ensure_claims(lines: int, seed: int) -> None:
    from ansinh.healthcare.models import Line
    from ansinh.healthcare.simulate import claims_generate

    have = Line.objects.filter(episode__period=MONTH.first_day, episode__current=True).count()
    if have >= lines * 0.9:
        print(f"claims ready: {have:,} lines in {MONTH}")
        return
    t, cpu = time.monotonic(), time.process_time()
    cards = max(100, int(lines / LINES_PER_VISIT))
    planted = claims_generate(province_code="20", month=MONTH, cards=cards, seed=seed,
                              errors_per_kind=max(1, lines // 20_000), visits_per_year=12, assess=False)
    have = Line.objects.filter(episode__period=MONTH.first_day, episode__current=True).count()
    print(f"generated {have:,} lines ({cards:,} cards, {len(planted):,} planted errors) in "
          f"{time.monotonic() - t:.1f} s wall, {time.process_time() - cpu:.1f} s CPU of this process "
          f"(load average {' '.join(f'{x:.1f}' for x in os.getloadavg())})")


def _export(duck, tmp: Path) -> None:
    q = connection.ops.quote_name
    for alias, (table, cols) in TABLES.items():
        path = tmp / f"{alias}.csv"
        with connection.cursor() as cur, path.open("w", newline="") as fh:
            select = ", ".join(f"CASE WHEN {q(c)} THEN 1 ELSE 0 END" if c == "current" else q(c) for c in cols)
            cur.execute(f"SELECT {select} FROM {q(table)}")
            w = csv.writer(fh)
            while rows := cur.fetchmany(50_000):
                w.writerows(rows)
        types = {c: ("INTEGER" if c == "current" else TYPES.get(c, "VARCHAR" if c in TEXT else "BIGINT")) for c in cols}
        spec = ", ".join(f"'{c}': '{t}'" for c, t in types.items())
        duck.execute(f"CREATE TABLE {alias}_raw ({', '.join(f'{chr(34)}{c}{chr(34)} {t}' for c, t in types.items())})")
        if path.stat().st_size:
            duck.execute(f"INSERT INTO {alias}_raw SELECT * FROM read_csv('{path}', header=false, auto_detect=false, "
                         f"delim=',', quote='\"', columns={{{spec}}}, nullstr='')")
        fix = ", ".join(f'("{c}" = 1) AS "{c}"' if c == "current" else
                        (f"COALESCE(\"{c}\", '') AS \"{c}\"" if c in TEXT else f'"{c}"') for c in cols)
        duck.execute(f"CREATE TABLE {table} AS SELECT {fix} FROM {alias}_raw")
        duck.execute(f"DROP TABLE {alias}_raw")


def run_duckdb(sel: str, runs: int) -> tuple[list[float], set[tuple], dict[str, float]]:
    """The same checks on DuckDB, `runs` times (the findings table emptied between runs), in the shape that suits it
    (as PostgreSQL's: the checks with subqueries apart, each hashed once). SQLite's shape
    (`checks.probes_per_row`: those checks inside the episodes' pass) would cost DuckDB about 0.7 s more at a million
    lines and flatter the ratio."""
    import duckdb

    duck = duckdb.connect()
    with tempfile.TemporaryDirectory() as tmp:
        t = time.monotonic()
        _export(duck, Path(tmp))
        print(f"copied the tables to DuckDB in {time.monotonic() - t:.1f} s (not timed)")
    duck.execute("CREATE TABLE hc_found (episode_id BIGINT, line_id BIGINT, check_code VARCHAR, outcome VARCHAR, "
                  "amount BIGINT, detail VARCHAR)")
    per: dict[str, list[float]] = {}
    times = []
    for _ in range(runs):
        duck.execute("DELETE FROM hc_found")
        started = time.perf_counter()
        for code, select in checks.statements(MONTH.first_day, month=True):
            t = time.perf_counter()
            duck.execute("INSERT INTO hc_found " + checks.render(select, tables=checks.DJANGO_TABLES, sel=sel,
                                                                 idiv="//"))
            per.setdefault(code, []).append(time.perf_counter() - t)
        times.append(time.perf_counter() - started)
    rows = duck.execute("SELECT episode_id, line_id, check_code, outcome, amount FROM hc_found").fetchall()
    return times, set(rows), {c: statistics.median(v) for c, v in per.items()}


def per_check_db(sel: str) -> dict[str, float]:
    """Each statement alone on the application's database (into a scratch table), for profiling."""
    from django.db import transaction

    from ansinh.healthcare.services import check_settings, run_check

    out = {}
    with transaction.atomic(), connection.cursor() as cur:
        check_settings(cur)
        cur.execute("CREATE TEMPORARY TABLE hc_probe (episode_id bigint, line_id bigint, check_code varchar(4), "
                    "outcome varchar(8), amount bigint, detail varchar(300))")
        try:
            probes = checks.probes_per_row(connection.vendor)
            for code, select in checks.statements(MONTH.first_day, month=True, probes=probes):
                t = time.perf_counter()
                run_check(cur, code, checks.render(select, tables=checks.DJANGO_TABLES, sel=sel, idiv="/"), month=True,
                          into="hc_probe")
                out[code] = time.perf_counter() - t
        finally:
            cur.execute("DROP TABLE hc_probe")
    return out


def run(*, lines: int, seed: int, runs: int = 3, profile: bool = True, serial: bool = False) -> None:
    from django.db import transaction

    from ansinh.healthcare.models import Finding
    from ansinh.healthcare.services import assess_month, refresh_statistics

    ensure_claims(lines, seed)
    refresh_statistics()  # as after a load (a month generated by an earlier version was not analysed): not timed
    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM healthcare_line l JOIN healthcare_episode e ON e.id = l.episode_id "
                    "WHERE e.current AND e.period = %s", [MONTH.first_day])
        n = cur.fetchone()[0]
    db_times = []
    for _ in range(runs):
        t = time.perf_counter()
        if serial:  # inside a transaction the month's statements run one after the other on one connection
            with transaction.atomic():
                run_ = assess_month(MONTH)
        else:
            run_ = assess_month(MONTH)
        db_times.append(time.perf_counter() - t)
    db_seconds = statistics.median(db_times)
    ours = set(Finding.objects.filter(episode__period=MONTH.first_day, episode__current=True)
               .values_list("episode_id", "line_id", "check_code", "outcome", "amount"))
    sel = f"e.current AND e.period = '{MONTH.first_day.isoformat()}'"
    duck_times, theirs, per = run_duckdb(sel, runs)
    duck_seconds = statistics.median(duck_times)
    ours_per = per_check_db(sel) if profile else {}
    equal = ours == theirs
    print(f"\n{connection.vendor}: {n:,} lines, {run_.episodes:,} episodes, {run_.findings:,} findings")
    print(f"  application (set-based SQL on {connection.vendor}{', serial' if serial else ''}): median {db_seconds:8.2f} s of {runs} "
          f"({', '.join(f'{x:.2f}' for x in db_times)})")
    print(f"  DuckDB, same statements:                 median {duck_seconds:8.2f} s of {runs} "
          f"({', '.join(f'{x:.2f}' for x in duck_times)})   ratio {db_seconds / duck_seconds:.1f}×")
    print(f"  findings equal: {equal}" + ("" if equal else f" (only ours {len(ours - theirs)}, only DuckDB "
                                                          f"{len(theirs - ours)})"))
    slow = sorted(per.items(), key=lambda kv: -kv[1])[:4]
    print("  slowest checks on DuckDB: " + ", ".join(f"{c} {s:.2f} s" for c, s in slow))
    slow_db = sorted(ours_per.items(), key=lambda kv: -kv[1])[:8]
    if slow_db:
        print(f"  slowest checks on {connection.vendor}: " + ", ".join(f"{c} {s:.2f} s" for c, s in slow_db))
    print(f"  load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"  measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    if not equal:
        raise SystemExit(1)
