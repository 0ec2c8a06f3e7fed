"""ansinh portal_notices --period YYYY-MM: the citizen portal's monthly notices (unpaid contributions by the
employer, HI card ending within 30 days, benefit paid), set-based and idempotent per month."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.core.management.period_option import add_period_option, period_from
from ansinh.portal.citizen.notices import produce


class Command(BaseCommand):
    help = "Write the citizen portal's notices of a month (run after the month's assessment and payroll settlement)."

    def add_arguments(self, parser: Any) -> None:
        add_period_option(parser)
        parser.add_argument("--today", help="day of the card check YYYY-MM-DD (default: today)")
        parser.add_argument("--only", choices=["unpaid", "expiring", "paid"], action="append",
                            help="only these notices (repeatable)")

    def handle(self, *args: Any, **opts: Any) -> None:
        month = period_from(opts)
        try:
            today = dt.date.fromisoformat(opts["today"]) if opts.get("today") else None
        except ValueError:
            raise CommandError("--today: a date YYYY-MM-DD") from None
        report = produce(month=month, today=today, topics=opts.get("only") or ("unpaid", "expiring", "paid"))
        self.stdout.write(f"{report.month}: unpaid-contribution notices {report.unpaid}, cards ending {report.expiring}, "
                          f"benefits paid {report.paid}")
