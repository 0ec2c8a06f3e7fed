"""ansinh assess --period YYYY-MM: the monthly assessment of every employer, set-based and idempotent."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from ansinh.analytics.assessment import assess
from ansinh.core.management.period_option import add_period_option, period_from


class Command(BaseCommand):
    help = "Assess a month for every employer: amounts due per fund and payer, posted to the ledger."

    def add_arguments(self, parser: Any) -> None:
        add_period_option(parser)

    def handle(self, *args: Any, **opts: Any) -> None:
        period = period_from(opts)
        started = time.monotonic()
        run, report = assess(period)
        if len(report.months) > 1:
            self.stdout.write(f"re-assessed changed employments in {', '.join(report.months[:-1])}")
        if report.below_floor:
            self.stdout.write(self.style.WARNING(
                f"{report.below_floor} employees are declared below the salary floor (evasion to follow up)"))
        self.stdout.write(
            f"assessed {period}: {report.lines_due:,} employees due, {report.lines_written:,} lines written, "
            f"{report.lines_removed:,} removed, {report.txns:,} ledger txns, {report.total_delta:,} VND posted "
            f"in {time.monotonic() - started:.1f} s (run {run.pk})"
        )
