"""ansinh places_set_shares --basis population --year 2024 [--province 20]: fill the shares of split old communes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.core.errors import ApplicationError
from ansinh.places.services.shares import BASES, set_shares


class Command(BaseCommand):
    help = "Fill UnitMapping.share for old communes split over several 2025 communes, from population of a year."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--basis", default="population", choices=BASES)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--province", metavar="CODE", help="only the split communes of this old province")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            result = set_shares(
                basis=opts["basis"], year=opts["year"], province_code=opts["province"].zfill(2) if opts["province"] else None
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        for reason, codes in result.not_set.items():
            shown = ", ".join(codes[:20]) + (f" … (+{len(codes) - 20})" if len(codes) > 20 else "")
            self.stdout.write(f"not set ({len(codes)}): {reason}: {shown}")
        if result.not_set:
            self.stdout.write(
                "  → those keep empty shares; roll-ups use equal shares flagged 'assumed'. Import population of the"
                " old and 2025 communes for the year (ansinh import_population), or set shares by hand."
            )
        self.stdout.write(result.summary())
