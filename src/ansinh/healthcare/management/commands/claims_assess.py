"""ansinh claims_assess --period YYYY-MM: every automated check over the month's claims, set-based."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ansinh.core.management.period_option import add_period_option, period_from
from ansinh.healthcare.services import assess_month


class Command(BaseCommand):
    help = "Run the automated checks over a month of claims (all facilities); undecided findings are replaced."

    def add_arguments(self, parser: Any) -> None:
        add_period_option(parser)

    def handle(self, *args: Any, **opts: Any) -> None:
        period = period_from(opts)
        run = assess_month(period)
        self.stdout.write(f"assessed {period}: {run.episodes:,} episodes, {run.lines:,} lines, {run.findings:,} "
                          f"findings in {run.seconds:.1f} s (run {run.pk})")
