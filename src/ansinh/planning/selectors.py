"""Reads of plans and targets. No writes here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Max, QuerySet

from ansinh.planning.models import Plan, SubTarget, Target

UnitKey = tuple[str, int]  # ("province" | "office" | "commune", id)


def current_plan(province_id: int, year: int) -> Plan | None:
    """The plan in force for the province and year: its highest version."""
    return Plan.objects.filter(province_id=province_id, year=year).order_by("-version").first()


def plan_versions(province_id: int, year: int) -> QuerySet[Plan]:
    return Plan.objects.filter(province_id=province_id, year=year).select_related("created_by").order_by("-version")


def plans_for_provinces(province_ids: Any) -> QuerySet[Plan]:
    """The current version of every plan of these provinces (ids or a sub-query), latest year first."""
    latest = Plan.objects.filter(province_id__in=province_ids).values("province_id", "year").annotate(v=Max("version"))
    keys = {(r["province_id"], r["year"], r["v"]) for r in latest}
    ids = [p.pk for p in Plan.objects.filter(province_id__in=province_ids) if (p.province_id, p.year, p.version) in keys]
    return Plan.objects.filter(pk__in=ids).select_related("province").order_by("-year", "province__code")


def key_of(target: Target) -> UnitKey:
    if target.office_id:
        return ("office", target.office_id)
    return ("province" if target.unit.level == "province" else "commune", int(target.unit_id))  # type: ignore[union-attr]


def targets_by_unit(plan: Plan | None, units: list[UnitKey] | None = None) -> dict[UnitKey, dict[str, Decimal]]:
    """{unit: {metric: annual value}} of a plan, for the given units (all when None). One query."""
    if plan is None:
        return {}
    qs = Target.objects.filter(plan=plan).select_related("unit")
    if units is not None:
        office_ids = [i for k, i in units if k == "office"]
        unit_ids = [i for k, i in units if k != "office"]
        qs = qs.filter(office_id__in=office_ids) | qs.filter(unit_id__in=unit_ids)
    out: dict[UnitKey, dict[str, Decimal]] = {}
    for t in qs:
        out.setdefault(key_of(t), {})[t.metric] = t.value
    return out


def sub_targets(plan: Plan, unit: UnitKey, metric: str) -> list[tuple[dt.date, Decimal]]:
    kind, pk = unit
    qs = SubTarget.objects.filter(target__plan=plan, target__metric=metric)
    qs = qs.filter(target__office_id=pk) if kind == "office" else qs.filter(target__unit_id=pk)
    return list(qs.order_by("period_start").values_list("period_start", "value"))


def sub_target_for(plan: Plan | None, units: list[UnitKey], day: dt.date) -> dict[UnitKey, dict[str, Decimal]]:
    """The month sub-targets (period starting `day`) of the units, where the plan has them. One query."""
    if plan is None:
        return {}
    out: dict[UnitKey, dict[str, Decimal]] = {}
    qs = SubTarget.objects.filter(target__plan=plan, kind=SubTarget.Kind.MONTH, period_start=day).select_related(
        "target__unit")
    wanted = set(units)
    for s in qs:
        key = key_of(s.target)
        if key in wanted:
            out.setdefault(key, {})[s.target.metric] = s.value
    return out
