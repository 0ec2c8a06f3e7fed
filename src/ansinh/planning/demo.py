"""The demo province's plan for the current year: targets set from its own statistics and allocated to offices and
communes (`ansinh demo`). Idempotent: a province that already has a plan for the year keeps it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Sum

from ansinh.places.models import AdminUnit, Level
from ansinh.planning.models import Method, Periodicity, Plan
from ansinh.planning.services.targets import PlanInput, plan_create
from ansinh.rules.periods import Month

# Targets a little above what the province reached in the last month built (participants) and the year's
# collection to date extrapolated to twelve months (revenue): plausible, reachable, not reached yet.
GROWTH = {"si": Decimal("1.03"), "vsi": Decimal("1.10"), "ui": Decimal("1.03"), "hi": Decimal("1.01")}
REVENUE_GROWTH = Decimal("1.04")
HI_COVERAGE_TARGET = Decimal("95.0")
DEBT_CEILING = Decimal("3.5")


def demo_plan(*, province_code: str, year: int, last: Month, actor: Any = None) -> Plan | None:
    """Version 1 of the province's targets for `year` (allocated in proportion to population, monthly
    sub-targets), from the statistics of `last` (the last month of history). None when the statistics are not
    built; the existing plan when there is one."""
    from ansinh.reports.models import MonthlySummary

    province = AdminUnit.objects.current().get(level=Level.PROVINCE, code=province_code)
    existing = Plan.objects.filter(province=province, year=year).order_by("-version").first()
    if existing is not None:
        return existing
    rows = MonthlySummary.objects.filter(unit_kind="province", unit_id=province.pk, group="")
    participants = dict(rows.filter(period=last.first_day).values_list("scheme", "participants"))
    if not participants:
        return None
    first = Month(year, 1) if last.year == year else Month(last.year, 1)
    collected = rows.filter(period__gte=first.first_day, period__lte=last.first_day).aggregate(s=Sum("collection"))["s"] or 0
    months = first.months_until(last) + 1
    targets = {m: (Decimal(participants.get(m, 0)) * g).to_integral_value() for m, g in GROWTH.items()}
    targets["revenue"] = (Decimal(collected) * 12 / months * REVENUE_GROWTH).to_integral_value(rounding="ROUND_FLOOR")
    targets["hi_coverage"] = HI_COVERAGE_TARGET
    targets["debt_ceiling"] = DEBT_CEILING
    data = PlanInput(province_id=province.pk, year=year, targets=targets, method=Method.POPULATION,
                     periodicity=Periodicity.MONTHLY,
                     decision=f"Quyết định giao chỉ tiêu năm {year} (dữ liệu minh họa)")
    return plan_create(actor=actor, data=data, source="demo")
