"""ansinh claims_findings --period YYYY-MM --format csv: one row per finding (facility, MA_LK, line, check,
outcome, amount, status)."""

from __future__ import annotations

import csv
from typing import Any

from django.core.management.base import BaseCommand

from ansinh.core.management.period_option import add_period_option, period_from
from ansinh.healthcare.models import Finding


class Command(BaseCommand):
    help = "Print the month's findings, one row per finding."

    def add_arguments(self, parser: Any) -> None:
        add_period_option(parser)
        parser.add_argument("--format", choices=["csv"], default="csv")

    def handle(self, *args: Any, **opts: Any) -> None:
        period = period_from(opts)
        out = csv.writer(self.stdout, lineterminator="\n")
        out.writerow(["facility", "ma_lk", "line", "check", "outcome", "amount", "status"])
        rows = (Finding.objects.filter(episode__current=True, episode__period=period.first_day)
                .order_by("episode__facility_code", "episode__ma_lk", "line__table", "line__stt", "check_code")
                .values_list("episode__facility_code", "episode__ma_lk", "line__table", "line__stt", "check_code",
                             "outcome", "amount", "status"))
        for fac, ma_lk, table, stt, check, outcome, amount, status in rows.iterator():
            out.writerow([fac, ma_lk, f"{table}:{stt}" if table else "", check, outcome, amount, status])
