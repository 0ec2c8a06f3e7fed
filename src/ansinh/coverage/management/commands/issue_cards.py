"""ansinh issue_cards --period YYYY-MM: HI cards for every person whose HI coverage of the month is paid and who
holds no card running to the end of the month (first cards, renewals, changes). Set-based and idempotent."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.core.errors import ApplicationError
from ansinh.coverage.services.cards import cards_issue
from ansinh.rules.periods import Month


class Command(BaseCommand):
    help = "Issue HI cards for a month: every person with HI coverage paid for the month and no valid card."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--period", required=True, help="month YYYY-MM")
        parser.add_argument("--primary-care", default="", metavar="CODE",
                            help="5-character facility code for persons without one (default: none, to register later)")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            period = Month.parse(opts["period"])
        except ValueError as exc:
            raise CommandError(f"--period: {exc}") from None
        started = time.monotonic()
        try:
            report = cards_issue(period=period, primary_care_code=opts["primary_care"], source="cli")
        except ApplicationError as exc:
            raise CommandError(f"{exc.field or 'issue_cards'}: {exc.message}") from None
        self.stdout.write(f"{report.summary()} in {time.monotonic() - started:.1f} s")
