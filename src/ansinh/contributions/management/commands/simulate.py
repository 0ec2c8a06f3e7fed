"""ansinh simulate --months 36 [--until YYYY-MM] [--seed S]: months of demo history for the generated province."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ansinh.analytics.simulate import DEFAULT_MONTHS, simulate
from ansinh.core.errors import ApplicationError
from ansinh.rules.periods import Month


class Command(BaseCommand):
    help = (
        "Simulate months of history for the province made by `ansinh generate`: participations (compulsory, HI by "
        "group, household HI, voluntary SI), monthly assessments, employer payments and bank lines, agent receipts, "
        "remittances and commission, late-payment interest. Deterministic for the same arguments; a second run "
        "with the same arguments reuses the first. See docs/simulation.md."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--months", type=int, default=DEFAULT_MONTHS,
                            help=f"number of months (default {DEFAULT_MONTHS})")
        parser.add_argument("--until", default="",
                            help="last month, YYYY-MM (default: the month before the generated province's as-of date)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")

    def handle(self, *args: Any, **opts: Any) -> None:
        verbose = opts["verbosity"] > 0
        try:
            until = Month.parse(opts["until"]) if opts["until"] else None
        except ValueError as exc:
            raise CommandError(f"--until: {exc}") from None

        def progress(message: str) -> None:
            if verbose:
                self.stdout.write(message)
                self.stdout.flush()

        try:
            result = simulate(months=opts["months"], until=until, seed=opts["seed"], progress=progress)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        s = result.summary
        run = result.run
        if result.reused:
            self.stdout.write(f"Reusing simulated history #{run.pk} ({s['window']}, seed {run.seed}, made "
                              f"{timezone.localtime(run.finished_at):%Y-%m-%d %H:%M}).")
            return
        t = s["totals"]
        self.stdout.write(
            f"Simulated {s['window']} for {s['persons']:,} persons: {s['participations']['rows']:,} participations, "
            f"HI coverage {s['hi_coverage_percent']['first_month']} % → {s['hi_coverage_percent']['last_month']} %, "
            f"voluntary SI {s['voluntary_si']['first_month']:,} → {s['voluntary_si']['last_month']:,}, "
            f"{t.get('assessment_lines', 0):,} assessment lines, {t.get('payments', 0):,} payments, "
            f"{t.get('receipts', 0):,} receipts, receivable at the end {s['receivable_end'] / 1e9:,.2f} bn VND "
            f"in {s['seconds']['total']:.0f} s"
        )
