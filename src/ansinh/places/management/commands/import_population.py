"""ansinh import_population FILE.csv: population by unit and year; the whole file is checked first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.core.errors import ApplicationError, FileErrors
from ansinh.places.services.population import import_population


class Command(BaseCommand):
    help = (
        "Import population (columns: unit_level, unit_code, valid_on or generation, year, total, male, female,"
        " source). Every bad row is reported with its line number; nothing is written if any row is bad."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **opts: Any) -> None:
        path: Path = opts["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            result = import_population(path)
        except FileErrors as exc:
            for err in exc.details:  # type: ignore[attr-defined]
                field = f" {err['field']}:" if err.get("field") else ""
                self.stderr.write(f"{path.name} line {err['line']}:{field} {err['message']}")
            raise CommandError(f"{len(exc.details)} error(s) in {path.name}; nothing was written") from None  # type: ignore[arg-type]
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"import_population {path.name}: {result.summary()}")
