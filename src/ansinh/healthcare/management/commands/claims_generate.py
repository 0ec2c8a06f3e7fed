"""ansinh claims_generate --province 20 --period YYYY-MM --cards N: a deterministic month of claims for a province
(facilities and catalogues made once, planted errors of every kind), stored and assessed."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand

from ansinh.core.management.period_option import add_period_option, period_from
from ansinh.healthcare.simulate import claims_generate


class Command(BaseCommand):
    help = "Generate a month of HI claims for a province, with planted errors, and assess it."

    def add_arguments(self, parser: Any) -> None:
        add_period_option(parser)
        parser.add_argument("--province", default="20")
        parser.add_argument("--cards", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--errors-per-kind", type=int, default=3)
        parser.add_argument("--visits-per-year", type=float, default=2.4)

    def handle(self, *args: Any, **opts: Any) -> None:
        period = period_from(opts)
        planted = claims_generate(province_code=opts["province"], month=period, cards=opts["cards"], seed=opts["seed"],
                                  errors_per_kind=opts["errors_per_kind"], visits_per_year=opts["visits_per_year"])
        kinds = Counter(p.check for p in planted)
        self.stdout.write(f"claims for {period}: planted {len(planted)} errors "
                          f"({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))})")
