"""ansinh payroll_settle --period YYYY-MM FILE.csv: import a return file of the bank or the postal service
(line_id,status,date — status paid | returned | uncollected). The whole file is checked first."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.benefits.models import Payroll
from ansinh.benefits.services.payroll import settle_payroll
from ansinh.core.errors import ApplicationError
from ansinh.rules.periods import Month


class Command(BaseCommand):
    help = "Mark payroll lines paid, returned or not collected from a return file."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--period", required=True)
        parser.add_argument("file")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            period = Month.parse(opts["period"])
        except ValueError as exc:
            raise CommandError(f"--period: {exc}") from None
        payroll = Payroll.objects.filter(period=period.first_day).first()
        if payroll is None:
            raise CommandError(f"no payroll for {period}")
        path = Path(opts["file"])
        try:
            report = settle_payroll(
                actor=None, payroll=payroll, data=path.read_bytes(), file_name=path.name, source="cli"
            )
        except ApplicationError as exc:
            raise CommandError(json.dumps(exc.as_dict(), ensure_ascii=False)) from None
        self.stdout.write(f"{report.lines:,} lines: {report.by_status}; {report.paid_amount:,} VND paid")
