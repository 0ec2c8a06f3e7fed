"""ansinh claims_demo --province 20: the demo's HI claims — the last full months of generated claims for the
province's facilities (planted errors included, assessed) and a budget per facility for the year. Idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Sum
from django.utils import timezone

from ansinh.healthcare import control, services
from ansinh.healthcare.models import AssessmentRun, Budget, Episode
from ansinh.healthcare.simulate import claims_generate
from ansinh.rules.periods import Month


class Command(BaseCommand):
    help = "Demo HI claims: generated months with planted errors, assessed; facility budgets for the year."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--province", default="20")
        parser.add_argument("--months", type=int, default=4)
        parser.add_argument("--cards", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--until", default="", help="last month YYYY-MM (default: the previous month)")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            last = Month.parse(opts["until"]) if opts["until"] else Month.of(timezone.localdate()) - 1
        except ValueError as exc:
            raise CommandError(f"--until: {exc}") from None
        planted = 0
        for i in range(opts["months"] - 1, -1, -1):
            month = last - i
            planted += len(claims_generate(province_code=opts["province"], month=month, cards=opts["cards"],
                                           seed=opts["seed"], errors_per_kind=2, assess=False))
            if not assessed_since_last_change(month):
                services.assess_month(month)
        year = last.year
        for code, total in (Episode.objects.filter(current=True, period__year=year).values("facility_code")
                            .annotate(s=Sum("t_bhtt")).values_list("facility_code", "s")):
            if not Budget.objects.filter(facility_code=code, year=year).exists():
                # a year's budget a little below the pace of the months generated: some facilities run ahead
                control.budget_set(actor=None, facility_code=code, year=year,
                                   amount=max(1, int(total * 12 / max(1, opts["months"]) * 0.95)),
                                   reason="demo: initial budget")
        self.stdout.write(f"HI claims for {opts['months']} months to {last}: {planted} planted errors, assessed")


def assessed_since_last_change(month: Month) -> bool:
    """The month's last assessment started after every current episode's file arrived: a second demo run, which
    writes nothing new, need not assess the month again."""
    run = (AssessmentRun.objects.filter(period=month.first_day, scope="month", finished_at__isnull=False)
           .order_by("-started_at").first())
    return run is not None and not Episode.objects.filter(
        period=month.first_day, current=True, file__received_at__gte=run.started_at).exists()
