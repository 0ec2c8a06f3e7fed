"""ansinh accrue_interest --period YYYY-MM: late-payment interest of the month for every employer, posted once."""

from __future__ import annotations

import time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.analytics.arrears import accrue_interest
from ansinh.core.management.period_option import add_period_option, period_from


class Command(BaseCommand):
    help = "Accrue the month's late-payment interest for every employer (set-based, idempotent)."

    def add_arguments(self, parser: Any) -> None:
        add_period_option(parser)
        parser.add_argument("--si-fund-return", metavar="RATE", help="yearly return of the SI fund announced for a "
                            "year the rules tables lack (e.g. 0.0423), months before 2025-07 only")
        parser.add_argument("--hi-interbank-rate", metavar="RATE", help="the same for HI (interbank rate)")

    def handle(self, *args: Any, **opts: Any) -> None:
        period = period_from(opts)
        given: dict[str, Decimal] = {}
        for option, fund in (("si_fund_return", "si"), ("hi_interbank_rate", "hi")):
            if opts.get(option):
                try:
                    value = Decimal(opts[option])
                except InvalidOperation:
                    raise CommandError(f"--{option.replace('_', '-')}: not a number: {opts[option]!r}") from None
                if not 0 < value < 1:
                    raise CommandError(f"--{option.replace('_', '-')}: a yearly rate as a fraction (0 < rate < 1)")
                given[fund] = value
        started = time.monotonic()
        report = accrue_interest(period, given_returns=given or None)
        for note in report.skipped:
            self.stdout.write(self.style.WARNING(f"skipped: {note}"))
        for note in report.given:
            self.stdout.write(self.style.WARNING(f"officer-given rate: {note}"))
        self.stdout.write(
            f"interest {period} ({report.rule}): {report.txns:,} employers posted, {report.already_posted:,} already "
            f"posted, {report.total:,} VND in {time.monotonic() - started:.1f} s"
        )
