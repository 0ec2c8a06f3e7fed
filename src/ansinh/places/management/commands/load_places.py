"""ansinh load_places [--province 20 ...]: load the administrative units of both generations and the old→new
commune map from src/ansinh/places/reference/. Idempotent: run it again after a data update."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.core.errors import ApplicationError
from ansinh.places.services.load import load_places


class Command(BaseCommand):
    help = "Load administrative units (63 provinces until 2025-06-30, 34 from 2025-07-01) and the commune map."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--province", action="append", default=[], metavar="CODE",
            help="load only this province (2-digit code; repeatable), with the provinces merged with it",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if isinstance(opts["province"], str):  # call_command(..., province="20")
            opts["province"] = [opts["province"]]
        quiet = opts["verbosity"] == 0
        try:
            result = load_places(
                province_codes=[c.zfill(2) for c in opts["province"]],
                progress=None if quiet else (lambda msg: self.stdout.write(msg)),
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        if not quiet:
            self.stdout.write(result.summary())
