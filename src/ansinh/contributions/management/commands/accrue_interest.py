"""ansinh accrue_interest --period YYYY-MM: late-payment interest of the month for every employer, posted once."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from ansinh.analytics.arrears import accrue_interest
from ansinh.core.management.period_option import add_period_option, period_from


class Command(BaseCommand):
    help = "Accrue the month's late-payment interest for every employer (set-based, idempotent)."

    def add_arguments(self, parser: Any) -> None:
        add_period_option(parser)

    def handle(self, *args: Any, **opts: Any) -> None:
        period = period_from(opts)
        started = time.monotonic()
        report = accrue_interest(period)
        for note in report.skipped:
            self.stdout.write(self.style.WARNING(f"skipped: {note}"))
        self.stdout.write(
            f"interest {period} ({report.rule}): {report.txns:,} employers posted, {report.already_posted:,} already "
            f"posted, {report.total:,} VND in {time.monotonic() - started:.1f} s"
        )
