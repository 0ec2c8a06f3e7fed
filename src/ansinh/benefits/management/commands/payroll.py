"""ansinh payroll --period YYYY-MM [--double]: build the month's payroll of recurring benefits, set-based and
idempotent; --double pays the next month in the same period (a plan, e.g. before Tết)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.benefits.services.payroll import build_payroll
from ansinh.rules.periods import Month


class Command(BaseCommand):
    help = "Build the monthly payroll of pensions and monthly allowances, by channel, posted to the ledger."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--period", required=True, help="month YYYY-MM")
        parser.add_argument("--double", action="store_true", help="also pay the next month in this period")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            period = Month.parse(opts["period"])
        except ValueError as exc:
            raise CommandError(f"--period: {exc}") from None
        started = time.monotonic()
        payroll, report = build_payroll(period, double=opts["double"])
        if report.stopped_by_death:
            self.stdout.write(f"{report.stopped_by_death:,} benefits stopped from the month after the death")
        if not report.lines:
            self.stdout.write(f"payroll {period}: nothing new to pay ({payroll.lines:,} lines, "
                              f"{payroll.total:,} VND already built)")
            return
        months = " + ".join(report.months)
        self.stdout.write(
            f"payroll {period} ({months}): {report.lines:,} lines ({report.arrears_lines:,} arrears), "
            f"{report.total:,} VND, {report.txns} ledger txns in {time.monotonic() - started:.1f} s")
        for channel, amount in sorted(payroll.summary.get("by_channel", {}).items()):
            self.stdout.write(f"  {channel:12} {amount['lines']:>9,} lines {amount['amount']:>18,} VND")
