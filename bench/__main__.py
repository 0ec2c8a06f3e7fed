"""Benchmarks: `python -m bench NAME [options]` (or `make bench BENCH_ARGS="NAME ..."`).

Each benchmark builds (or reuses) generated data of the chosen size in its own database — SQLite file
var/bench-<size>.sqlite3, or the PostgreSQL server of DATABASE_URL (database ansinh_bench_<size>, created
if missing) — and reports medians and p95 of the optimised path next to a baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import sys


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("name", choices=["search", "contributions", "payroll", "reports", "history", "claims", "portal"],
                        help="which benchmark")
    parser.add_argument("--employees", type=int, default=100_000, help="contributions: employees")
    parser.add_argument("--beneficiaries", type=int, default=100_000, help="payroll: recurring beneficiaries")
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--lines", type=int, default=1_000_000, help="claims: claim lines in the month")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="claims: timed runs of each side (the median is reported)")
    parser.add_argument("--prepare", action="store_true", help="claims: generate the month (if missing) and stop")
    parser.add_argument("--no-profile", action="store_true",
                        help="claims: skip the per-statement profile on the database (one more pass)")
    parser.add_argument("--serial", action="store_true",
                        help="claims: the application's run inside a transaction (its statements one after the other)")
    parser.add_argument("--repeat", type=int, default=40, help="queries per kind")
    parser.add_argument("--months", type=int, default=36, help="history: months simulated")
    parser.add_argument("--until", default="", help="history: last month (default: the month before today)")
    parser.add_argument("--users", type=int, default=32, help="portal: concurrent users")
    parser.add_argument("--seconds", type=float, default=60, help="portal: measured duration")
    parser.add_argument("--think", type=float, default=1.0, help="portal: mean think time between pages (s)")
    parser.add_argument("--bind", default="127.0.0.1:8108", help="portal: where the server listens")
    parser.add_argument("--workers", type=int, default=0, help="portal: gunicorn workers (default: ansinh serve's)")
    parser.add_argument("--out", default="var/bench-portal.json", help="portal: the report as JSON")
    args = parser.parse_args()

    if args.name == "portal":  # the demo database of DATABASE_URL, served by `ansinh serve`
        from bench.portal import run as run_portal

        run_portal(users=args.users, seconds=args.seconds, think=args.think, bind=args.bind,
                   workers=args.workers or None, out=args.out)
        return

    if args.name == "history":  # a database of its own, built from nothing every run
        from bench.history import fresh_database

        fresh_database(args.persons)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ansinh.config.settings")
        import django

        django.setup()
        from bench.history import run as run_history

        run_history(persons=args.persons, months=args.months, seed=args.seed, until=args.until)
        return

    from bench.setup import use_bench_database

    size = {"search": args.persons, "reports": args.persons, "payroll": args.beneficiaries,
            "claims": args.lines}.get(args.name, args.employees)
    use_bench_database(f"{args.name}-{size}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ansinh.config.settings")
    import django

    django.setup()
    from bench.setup import ensure_data

    if args.name == "search":
        from bench.search import run

        ensure_data(persons=args.persons, seed=args.seed)
        run(repeat=args.repeat)
    elif args.name == "payroll":
        from bench import payroll
        from bench.setup import ensure_places

        ensure_places()
        payroll.build(args.beneficiaries, args.seed)
        payroll.run(n=args.beneficiaries)
    elif args.name == "claims":
        from bench import claims
        from bench.setup import ensure_places

        ensure_places()
        if args.prepare:
            claims.ensure_claims(args.lines, args.seed)
        else:
            claims.run(lines=args.lines, seed=args.seed, runs=args.runs, profile=not args.no_profile,
                       serial=args.serial)
    elif args.name == "reports":
        from bench import reports

        reports.ensure_data(persons=args.persons, seed=args.seed)
        reports.run(persons=args.persons, repeat=args.repeat)
    else:
        from bench import contributions, data
        from bench.setup import ensure_places

        ensure_places()
        data.build(args.employees, args.seed)
        contributions.run(employees=args.employees)


if __name__ == "__main__":
    sys.exit(main())
