"""ansinh refresh_statistics [--period YYYY-MM | --from YYYY-MM --to YYYY-MM] [--all] [--check]

Rebuilds the monthly summaries (reports.MonthlySummary). With --period the month is rebuilt whatever its state;
otherwise only the months whose source rows changed since they were built ("dirty"), over the range given or from
the first month with data (at most five years back) to the current month. --all rebuilds every month of the range; --check only lists the
dirty months."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.analytics import statistics
from ansinh.rules.periods import Month


def _month(text: str | None, name: str) -> Month | None:
    if not text:
        return None
    try:
        return Month.parse(text)
    except ValueError as exc:
        raise CommandError(f"--{name}: {exc}") from exc


class Command(BaseCommand):
    help = "Build the monthly statistics summaries of the months whose data changed (or of one month)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--period", help="rebuild this month (YYYY-MM)")
        parser.add_argument("--from", dest="first", help="first month of the range (YYYY-MM)")
        parser.add_argument("--to", dest="last", help="last month of the range (YYYY-MM)")
        parser.add_argument("--all", action="store_true", help="rebuild every month of the range")
        parser.add_argument("--check", action="store_true", help="list the dirty months, build nothing")

    def handle(self, *args: Any, period: str | None = None, first: str | None = None, last: str | None = None,
               all: bool = False, check: bool = False, **options: Any) -> None:
        started = time.perf_counter()
        one = _month(period, "period")
        if one is not None:
            months = [one]
            only_dirty = False
        else:
            span = statistics.data_months()
            if span is None:
                self.stdout.write("no participations or ledger entries: nothing to build")
                return
            lo = _month(first, "from") or span[0]
            hi = _month(last, "to") or span[1]
            if hi < lo:
                raise CommandError("--to is before --from")
            months = statistics.month_range(lo, hi)
            only_dirty = not all
        if check:
            dirty = statistics.dirty_months(months)
            self.stdout.write(f"{len(dirty)} of {len(months)} months dirty: " + ", ".join(str(m) for m in dirty))
            return
        reports = statistics.refresh(months, only_dirty=only_dirty)
        for r in reports:
            self.stdout.write(f"{r.period}: {r.rows:,} rows in {r.seconds:.2f} s (reading {r.read_seconds:.2f} s)")
        self.stdout.write(f"{len(reports)} of {len(months)} months built in {time.perf_counter() - started:.1f} s")
