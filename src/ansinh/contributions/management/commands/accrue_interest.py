"""ansinh accrue_interest --period YYYY-MM: late-payment interest of the month for every employer, posted once."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.analytics.arrears import accrue_interest
from ansinh.rules.periods import Month


class Command(BaseCommand):
    help = "Accrue the month's late-payment interest for every employer (set-based, idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--period", required=True, help="month YYYY-MM")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            period = Month.parse(opts["period"])
        except ValueError as exc:
            raise CommandError(f"--period: {exc}") from None
        started = time.monotonic()
        report = accrue_interest(period)
        for note in report.skipped:
            self.stdout.write(self.style.WARNING(f"skipped: {note}"))
        self.stdout.write(
            f"interest {period} ({report.rule}): {report.txns:,} employers posted, {report.already_posted:,} already "
            f"posted, {report.total:,} VND in {time.monotonic() - started:.1f} s"
        )
