"""ansinh compliance_import FILE --kind K --source S --date YYYY-MM-DD --province 20: a list from another body."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.compliance.management.commands.compliance_detect import actor_for
from ansinh.compliance.models import ListKind
from ansinh.compliance.services.lists import list_import
from ansinh.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Import a list (CSV/XLSX) from the tax authority, business registry, a school or a commune."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--kind", required=True, choices=ListKind.values)
        parser.add_argument("--source", required=True, help="the body that sent the list")
        parser.add_argument("--date", required=True, help="date of the data, YYYY-MM-DD")
        parser.add_argument("--province", required=True)
        parser.add_argument("--user")

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["file"])
        try:
            source_date = dt.date.fromisoformat(opts["date"])
            data = path.read_bytes()
        except (ValueError, OSError) as exc:
            raise CommandError(str(exc)) from None
        started = time.monotonic()
        try:
            sl = list_import(actor=actor_for(opts["user"]), kind=opts["kind"], source=opts["source"],
                             source_date=source_date, province_code=opts["province"], file_name=path.name, data=data)
        except ApplicationError as exc:
            for e in exc.details if isinstance(exc.details, list) else []:
                self.stderr.write(f"line {e['line']}: {e['field']}: {e['message']}")
            raise CommandError(f"{exc.code}: {exc.message}") from None
        self.stdout.write(f"{sl.rows} lines imported ({sl.summary}) in {time.monotonic() - started:.1f} s")
