"""ansinh generate --persons N --seed S [--province CODE] [--force]: a synthetic province for demos and load tests."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ansinh.core.errors import ApplicationError
from ansinh.registry.generate import CHUNK_SIZE, DEFAULT_PERSONS, generate_province


class Command(BaseCommand):
    help = (
        "Generate a synthetic province (persons, households, employers, employments, salary histories) on the "
        "province's real administrative units. Deterministic for the same --persons, --seed and --province; "
        "a second run with the same arguments reuses the data. Needs `ansinh load_places` first."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--persons", type=int, default=DEFAULT_PERSONS,
                            help=f"number of persons (default {DEFAULT_PERSONS:,}, about Lạng Sơn)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--province", default="20", help="GSO province code (default 20, Lạng Sơn)")
        parser.add_argument("--force", action="store_true",
                            help="replace a generated dataset already there (refused if the registry holds "
                                 "persons that were not generated)")
        parser.add_argument("--chunk-size", type=int, default=CHUNK_SIZE, help="persons per chunk")

    def handle(self, *args: Any, **opts: Any) -> None:
        verbose = opts["verbosity"] > 0

        def progress(message: str) -> None:
            if verbose:
                self.stdout.write(message)
                self.stdout.flush()

        try:
            result = generate_province(
                persons=opts["persons"], seed=opts["seed"], province=opts["province"], force=opts["force"],
                chunk_size=opts["chunk_size"], progress=progress,
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        s = result.summary
        if result.reused:
            self.stdout.write(
                f"Reusing generated dataset #{result.dataset.id} (province {result.dataset.province_code}, "
                f"{s['persons']:,} persons, seed {result.dataset.seed}, made {timezone.localtime(result.dataset.created_at):%Y-%m-%d %H:%M}); "
                "--force to make it again."
            )
            return
        self.stdout.write(
            f"Generated province {result.dataset.province_code}: {s['persons']:,} persons, {s['households']:,} "
            f"households, {s['employers']:,} employers, {s['employments']:,} employments, "
            f"{s['salary_records']:,} salary records in {s['seconds']:.1f} s"
        )
