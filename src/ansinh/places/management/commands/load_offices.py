"""ansinh load_offices [--province 20]: the social security offices of a province and the communes each serves,
until 2025-06-30 (provincial agency + district offices) and from 2025-07-01 (regional + local offices)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.core.errors import ApplicationError
from ansinh.places.services.offices import load_offices


class Command(BaseCommand):
    help = "Create the agency offices of a province (default Lạng Sơn, 20) and the communes they serve."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--province", action="append", default=[], metavar="CODE",
                            help="2-digit province code, repeatable (default 20)")

    def handle(self, *args: Any, **opts: Any) -> None:
        if isinstance(opts["province"], str):  # call_command(..., province="20")
            opts["province"] = [opts["province"]]
        for code in opts["province"] or ["20"]:
            loud = opts["verbosity"] > 0
            try:
                result = load_offices(
                    province_code=code.zfill(2), progress=(lambda msg: self.stdout.write(msg)) if loud else None
                )
            except ApplicationError as exc:
                raise CommandError(exc.message) from None
            if loud:
                for note in result.notes:
                    self.stdout.write(f"  note: {note}")
                self.stdout.write(result.summary())
