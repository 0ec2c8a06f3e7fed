"""ansinh payroll --period YYYY-MM [--double] [--one-off-only | --no-one-off]: build the month's payment list —
the recurring benefits (with arrears and the lines to pay again) and the one-off amounts decided by the end of the
month — set-based and idempotent; --double pays the next month in the same period (a plan, e.g. before Tết);
--one-off-only lists the one-off amounts decided so far (on demand, during the month)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.benefits.services.payroll import build_payroll
from ansinh.rules.periods import Month


class Command(BaseCommand):
    help = "Build the month's payment list of pensions, monthly allowances and one-off benefits, posted to the ledger."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--period", required=True, help="month YYYY-MM")
        parser.add_argument("--double", action="store_true", help="also pay the next month in this period")
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--one-off-only", action="store_true", help="only the one-off amounts decided so far"
        )
        group.add_argument("--no-one-off", action="store_true", help="only the recurring benefits")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            period = Month.parse(opts["period"])
        except ValueError as exc:
            raise CommandError(f"--period: {exc}") from None
        if opts["double"] and opts["one_off_only"]:
            raise CommandError("--double applies to the recurring benefits, not to --one-off-only")
        started = time.monotonic()
        payroll, report = build_payroll(
            period, double=opts["double"], recurring=not opts["one_off_only"], one_off=not opts["no_one_off"]
        )
        if report.stopped_by_death:
            self.stdout.write(
                f"{report.stopped_by_death:,} benefits stopped from the month after the death"
                f" ({report.recoveries:,} overpayments to recover)"
            )
        if report.suspended_uncollected:
            self.stdout.write(
                f"{report.suspended_uncollected:,} benefits suspended: not collected for 6 months"
            )
        if not report.lines:
            self.stdout.write(
                f"payroll {period}: nothing new to pay ({payroll.lines:,} lines, "
                f"{payroll.total:,} VND already built)"
            )
            return
        months = " + ".join(report.months)
        kinds = ", ".join(f"{k} {v:,}" for k, v in report.by_kind.items())
        self.stdout.write(
            f"payroll {period} ({months}): {report.lines:,} lines ({kinds}; {report.arrears_lines:,} months in "
            f"arrears), {report.total:,} VND, {report.deducted:,} VND deducted for recoveries, {report.txns} ledger "
            f"txns in {time.monotonic() - started:.1f} s"
        )
        for channel, amount in sorted(payroll.summary.get("by_channel", {}).items()):
            self.stdout.write(f"  {channel:12} {amount['lines']:>9,} lines {amount['amount']:>18,} VND")
