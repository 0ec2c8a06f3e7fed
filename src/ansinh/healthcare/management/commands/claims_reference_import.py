"""ansinh claims_reference_import KIND FILE: reference data of the HI claims from CSV or XLSX (header row):
facilities (code, name, level, kind, province, commune, primary_care, contract_number, contract_from, contract_to,
valid_from, valid_to), practitioners (certificate_number, full_name, title, facility_code, valid_from, valid_to),
registrations (card_number, facility_code, valid_from) or catalogue (as claims_catalogue_import). Effective-dated;
all or nothing, each bad row named by its line and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.core.errors import ApplicationError
from ansinh.healthcare import reference

KINDS = {"facilities": reference.facilities_import, "practitioners": reference.practitioners_import,
         "registrations": reference.registrations_import, "catalogue": reference.catalogue_import}


class Command(BaseCommand):
    help = "Load facilities, practitioners, primary-care registrations or approved catalogues from CSV or XLSX."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file")

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["file"])
        try:
            with path.open("rb") as fh:
                n = KINDS[opts["kind"]](actor=None, stream=fh, file_name=path.name)
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        except ApplicationError as exc:
            for p in exc.details or [{"line": "", "field": exc.field or "file", "message": exc.message}]:
                self.stderr.write(f"line {p['line']} {p['field']}: {p['message']}")
            raise CommandError(f"{path.name}: refused, nothing loaded") from None
        self.stdout.write(f"{path.name}: {n} {opts['kind']} rows loaded")
