"""ansinh post_commission --period YYYY-MM: post the month's commission of every collection agent (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.contributions.services.collection import commission_post
from ansinh.rules.periods import Month


class Command(BaseCommand):
    help = "Post agents' commission for a month: Σ payable of the month's receipts × the agent's rate, half up."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--period", required=True, help="month YYYY-MM (receipts taken in that month)")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            period = Month.parse(opts["period"])
        except ValueError as exc:
            raise CommandError(f"--period: {exc}") from None
        report = commission_post(actor=None, period=period, source="cli")
        for row in report.rows:
            state = "posted" if row["posted"] else "already posted" if row["commission"] else "nothing due"
            self.stdout.write(f"{row['agent']}: {row['base']:,} × {row['rate']} = {row['commission']:,} VND ({state})")
        if report.late:
            self.stdout.write(self.style.WARNING(
                f"receipts changed after posting for: {', '.join(report.late)} (the posted amount stands; adjust by hand)"))
        self.stdout.write(f"commission {period}: {report.agents} agents, {report.posted} txns posted, "
                          f"{report.already_posted} already posted, {report.total:,} VND")
