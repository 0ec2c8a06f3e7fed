"""ansinh debts --period YYYY-MM [--province|--office|--commune CODE] [--csv FILE] [--top N]: who is behind."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.analytics.arrears import BUCKETS, debts
from ansinh.core.exports import csv_writer
from ansinh.core.management.period_option import add_period_option, period_from


class Command(BaseCommand):
    help = "Debt list by employer, aged by months overdue, for a province, an office or a commune."

    def add_arguments(self, parser: Any) -> None:
        add_period_option(parser, help_text="as at the end of this month (YYYY-MM)")
        parser.add_argument("--office", help="office code")
        parser.add_argument("--commune", help="current commune code")
        parser.add_argument("--csv", help="write the list as CSV to this file ('-' for standard output)")
        parser.add_argument("--top", type=int, default=20)

    def handle(self, *args: Any, **opts: Any) -> None:
        from django.utils import timezone

        from ansinh.places.models import AdminUnit, Level, Office, OfficeCommune
        from ansinh.registry.models import Employer

        period = period_from(opts)
        communes = None
        if opts["office"]:
            office = Office.objects.filter(code=opts["office"]).first()
            if office is None:
                raise CommandError(f"--office: no office {opts['office']!r}")
            communes = frozenset(OfficeCommune.objects.filter(office=office, valid_to__isnull=True)
                                 .values_list("commune_id", flat=True))
        elif opts["commune"]:
            unit = AdminUnit.objects.as_of(timezone.localdate()).filter(level=Level.COMMUNE, code=opts["commune"]).first()
            if unit is None:
                raise CommandError(f"--commune: no current commune {opts['commune']!r}")
            communes = frozenset({unit.pk})
        rows = debts(period, commune_ids=communes)
        names = dict(Employer.objects.filter(pk__in=[r.employer_id for r in rows]).values_list("pk", "unit_code"))
        header = ["unit_code", "principal", "interest", "overdue", *(b[0] for b in BUCKETS), "oldest_month", "months_overdue"]
        if opts["csv"]:
            out = sys.stdout if opts["csv"] == "-" else open(opts["csv"], "w", newline="", encoding="utf-8")  # noqa: SIM115
            writer = csv_writer(out)
            writer.writerow(header)
            for r in rows:
                writer.writerow([names.get(r.employer_id, r.employer_id), r.principal, r.interest, r.overdue,
                                 *(r.by_bucket[b[0]] for b in BUCKETS), r.oldest_month or "", r.months_overdue])
            if out is not sys.stdout:
                out.close()
        for r in rows[: opts["top"]]:
            self.stdout.write(f"{names.get(r.employer_id, r.employer_id):20} overdue {r.overdue:>15,} interest "
                              f"{r.interest:>12,} oldest {r.oldest_month or '-'} ({r.months_overdue} months)")
        total = sum(r.principal for r in rows)
        overdue = sum(r.overdue for r in rows)
        self.stdout.write(f"{len(rows):,} employers owe {total:,} VND, of which {overdue:,} overdue, "
                          f"interest {sum(r.interest for r in rows):,} VND (as at end of {period})")
