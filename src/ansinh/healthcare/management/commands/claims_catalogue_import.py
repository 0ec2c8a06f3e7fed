"""ansinh claims_catalogue_import FILE: facilities' approved drugs, services and supplies with their prices
(CSV or XLSX, columns facility_code, kind, code, name, unit, price, valid_from, valid_to, tender). All or nothing;
each bad row is named by its line and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.core.errors import ApplicationError
from ansinh.healthcare.reference import catalogue_import


class Command(BaseCommand):
    help = "Load approved catalogue items and prices of facilities (effective-dated) from CSV or XLSX."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["file"])
        try:
            with path.open("rb") as fh:
                n = catalogue_import(actor=None, stream=fh, file_name=path.name)
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        except ApplicationError as exc:
            for p in exc.details or []:
                self.stderr.write(f"line {p['line']} {p['field']}: {p['message']}")
            raise CommandError(f"{path.name}: refused, nothing loaded") from None
        self.stdout.write(f"{path.name}: {n} catalogue rows loaded")
