"""ansinh demo_population --province 20 --years 2019-2025 [--seed 1]: synthetic population for a demo."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.core.errors import ApplicationError
from ansinh.places.services.population import generate_population


def parse_years(text: str) -> list[int]:
    try:
        if "-" in text:
            first, last = (int(x) for x in text.split("-", 1))
            return list(range(first, last + 1))
        return [int(x) for x in text.split(",")]
    except ValueError:
        raise CommandError(f"--years: expected 2019-2025 or 2019,2024, got {text!r}") from None


class Command(BaseCommand):
    help = "Generate synthetic population (source 'synthetic (demo)') for a province's communes, both generations."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--province", default="20", metavar="CODE")
        parser.add_argument("--years", default="2019-2025")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--from-registry", action="store_true",
                            help="today's communes get the number of persons the registry holds there (the demo "
                                 "province made by `ansinh generate`); old communes are scaled to match")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            result = generate_population(str(opts["province"]).zfill(2), parse_years(str(opts["years"])), opts["seed"],
                                         from_registry=opts["from_registry"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        if opts["verbosity"] > 0:
            for note in result.notes:
                self.stdout.write(note)
            self.stdout.write(f"demo_population: {result.summary()}")
