"""ansinh index_pensions --from 2026-07-01: apply the pension-indexation calculator (Decree 162/2026: +8 %) to every
pension and monthly work-injury allowance in payment, as new amount rows. Idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.benefits.services.payroll import index_pensions
from ansinh.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Index pensions in payment from a date (the adjustment in force that day), set-based."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--from", dest="start", required=True, help="first day of the adjustment, YYYY-MM-DD"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            on = dt.date.fromisoformat(opts["start"])
            report = index_pensions(on)
        except ValueError as exc:
            raise CommandError(f"--from: {exc}") from None
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(
            f"{report.decree}: {report.entitlements:,} benefits indexed from {report.on} "
            f"({report.before:,} → {report.after:,} VND a month); {report.already:,} already indexed"
        )
