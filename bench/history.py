"""The demo's history at scale: `python -m bench history --persons 200000 [--months 36]`.

Builds a fresh province (`ansinh generate`) and its simulated history (`ansinh simulate`, the code `ansinh demo`
runs) in a database of its own — SQLite file var/bench-history-<persons>.sqlite3, or ansinh_bench_history_<persons> (<db>_bench_history_<persons> when DATABASE_URL names a database other than postgres)
on the PostgreSQL server of DATABASE_URL — removed first, so every run measures a build from nothing. Prints the
generate and simulate times, then the time of each remaining step of `ansinh demo` (population, HI cards,
statistics, plan, benefits), the per-month times (first, median, last: a per-month time that grows with the size
faster than linearly shows here), the CPU time of this process besides the wall time (on a shared machine the
wall time follows the load; on SQLite the database works inside the process, on PostgreSQL it does not), the counts and sums the history holds and the peak memory. The history ends
with the month before today, as the demo's does (`--until` to fix it).
"""

from __future__ import annotations

import os
import re
import resource
import statistics
import time
from pathlib import Path


def fresh_database(persons: int) -> None:
    """Point DATABASE_URL at an empty database for this size (dropped and re-created / file removed)."""
    url = os.environ.get("DATABASE_URL", "")
    name = f"history-{persons}"
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        base, _, current = url.rpartition("/")
        # named after the database of DATABASE_URL too, so two checkouts sharing a server never drop each other's
        prefix = "ansinh" if current.split("?")[0] in ("", "postgres") else current.split("?")[0]
        db = f"{prefix}_bench_{name.replace('-', '_')}"
        with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}"')
            conn.execute(f'CREATE DATABASE "{db}"')
        os.environ["DATABASE_URL"] = f"{base}/{db}"
    else:
        var = Path(__file__).resolve().parent.parent / "var"
        var.mkdir(exist_ok=True)
        path = var / f"bench-{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"


def run(*, persons: int, months: int, seed: int, until: str) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from ansinh.analytics.simulate import simulate
    from ansinh.rules.periods import Month

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_places", province="20", verbosity=0)
    t, c = time.monotonic(), time.process_time()
    call_command("generate", persons=persons, seed=seed, province="20", verbosity=0)
    generate_s, generate_cpu = time.monotonic() - t, time.process_time() - c
    last = Month.parse(until) if until else Month.of(timezone.localdate()) - 1
    per_month: list[float] = []

    def progress(line: str) -> None:
        match = re.match(r"^(\d{4}-\d{2})  assessed .*\((\d+\.\d) s\)$", line)
        if match:
            per_month.append(float(match.group(2)))
            if len(per_month) in (1, 2) or len(per_month) % 6 == 0:
                print(f"  {line}", flush=True)

    t, c = time.monotonic(), time.process_time()
    result = simulate(months=months, until=last, seed=seed, progress=progress)
    simulate_s, simulate_cpu = time.monotonic() - t, time.process_time() - c
    s = result.summary
    totals = s["totals"]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(f"database: {connection.vendor}; {persons:,} persons × {months} months ({s['window']})")
    print(f"generate {generate_s:.1f} s (CPU of this process {generate_cpu:.1f} s); simulate {simulate_s:.1f} s "
          f"(CPU {simulate_cpu:.1f} s); peak RSS {rss:.2f} GB")
    print(f"per month (assessment, payments, receipts, interest): first {per_month[0]:.1f} s, median "
          f"{statistics.median(per_month):.1f} s, last {per_month[-1]:.1f} s")
    print("parts (s): " + ", ".join(f"{k} {v}" for k, v in s["seconds"].items()))
    print(f"participations {s['participations']['rows']:,}; assessment lines {totals.get('assessment_lines', 0):,}; "
          f"receipts {totals.get('receipts', 0):,}; payments {totals.get('payments', 0):,}; assessed "
          f"{totals.get('assessment_due', 0) / 1e9:,.2f} bn, paid {totals.get('paid', 0) / 1e9:,.2f} bn, interest "
          f"{totals.get('interest', 0) / 1e9:,.2f} bn; receivable at the end {s['receivable_end'] / 1e9:,.2f} bn")
    print(f"HI coverage {s['hi_coverage_percent']['first_month']} % → {s['hi_coverage_percent']['last_month']} %; "
          f"voluntary SI {s['voluntary_si']['first_month']:,} → {s['voluntary_si']['last_month']:,}")
    # the rest of `ansinh demo` (generate and simulate are reused): population, cards, statistics, plan, benefits
    print("the rest of `ansinh demo`:", flush=True)
    t, c = time.monotonic(), time.process_time()
    call_command("demo", persons=persons, months=months, seed=seed, province="20", until=str(last), verbosity=0)
    print(f"demo steps after the history {time.monotonic() - t:.1f} s (CPU {time.process_time() - c:.1f} s); peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024:.2f} GB")
