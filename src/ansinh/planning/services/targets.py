"""Setting and revising a province's annual targets, and allocating them to its offices and communes.

`plan_create` writes version 1; `plan_revise` writes version n + 1 with every target (rows of earlier versions
are never changed). Both allocate the additive metrics (participants per scheme, revenue) from the province to its
local offices and, within each office, to its communes — by hand, or in proportion to last year's participants /
collection, or to population — with the largest-remainder method (`planning.allocation`), so that the communes of
an office add up exactly to the office and the offices to the province. Rates (HI coverage of population, debt
ceiling) are the same for every unit unless set by hand. Sub-targets per month or ISO week are written where the
plan asks for them. One transaction and one audit row per version.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.core.errors import ApplicationError, InvalidInput
from ansinh.places.models import AdminUnit, Level
from ansinh.planning.allocation import largest_remainder, path_to_target
from ansinh.planning.models import (
    ADDITIVE,
    PARTICIPANT_METRICS,
    RATES,
    Method,
    Metric,
    Periodicity,
    Plan,
    SubTarget,
    Target,
)
from ansinh.planning.selectors import allocation_weights as _weights
from ansinh.planning.selectors import key_of, plan_structure

UnitKey = tuple[str, int]


@dataclass(frozen=True)
class PlanInput:
    province_id: int
    year: int
    targets: dict[str, Decimal]  # metric → province value
    method: str = Method.POPULATION
    basis_year: int | None = None  # default: the year before
    manual: dict[str, dict[int, Decimal]] = field(
        default_factory=dict
    )  # metric → commune id → value (manual)
    periodicity: str = Periodicity.NONE
    decision: str = ""


def _check(data: PlanInput) -> AdminUnit:
    province = AdminUnit.objects.filter(pk=data.province_id, level=Level.PROVINCE).first()
    if province is None:
        raise InvalidInput("bad_province", f"No province with id {data.province_id}", field="province")
    if not 2000 <= data.year <= 2100:
        raise InvalidInput("bad_year", f"Year {data.year} is out of range", field="year")
    if not data.targets:
        raise InvalidInput("no_targets", "Give at least one target", field="targets")
    for metric, value in data.targets.items():
        if metric not in Metric.values:
            raise InvalidInput("bad_metric", f"Unknown metric {metric!r}", field=metric)
        if value < 0:
            raise InvalidInput("negative_target", f"{metric}: a target cannot be negative", field=metric)
        if metric in ADDITIVE and value != value.to_integral_value():
            raise InvalidInput("whole_number", f"{metric}: persons and VND are whole numbers", field=metric)
        if metric in RATES and value > 100:
            raise InvalidInput("bad_rate", f"{metric}: a percentage cannot exceed 100", field=metric)
    if data.method not in Method.values:
        raise InvalidInput("bad_method", f"Unknown allocation method {data.method!r}", field="method")
    if data.periodicity not in Periodicity.values:
        raise InvalidInput(
            "bad_periodicity", f"Unknown periodicity {data.periodicity!r}", field="periodicity"
        )
    return province


def _allocate(
    metric: str,
    total: int,
    data: PlanInput,
    communes: list[int],
    offices: dict[int, list[int]],
    basis_year: int,
) -> tuple[dict[UnitKey, int], dict[UnitKey, int]]:
    """(values, weights) per office and commune, adding up exactly to the province total."""
    if data.method == Method.MANUAL:
        given = data.manual.get(metric, {})
        unknown = set(given) - set(communes)
        if unknown:
            raise InvalidInput(
                "bad_commune",
                f"{metric}: communes {sorted(unknown)} are not communes of the province",
                field=metric,
            )
        values = {c: int(given.get(c, 0)) for c in communes}
        if sum(values.values()) != total:
            raise InvalidInput(
                "allocation_sum",
                f"{metric}: the communes add up to {sum(values.values()):,}, "
                f"not to the province target {total:,}",
                field=metric,
            )
        out: dict[UnitKey, int] = {("commune", c): v for c, v in values.items()}
        for office_id, members in offices.items():
            if office_id:
                out[("office", office_id)] = sum(values[c] for c in members)
        return out, {}
    weights = _weights(metric, data.method, communes, basis_year)
    office_weights = [(o, sum(weights[c] for c in members)) for o, members in offices.items()]
    per_office = largest_remainder(total, office_weights)
    out = {}
    used: dict[UnitKey, int] = {}
    for office_id, members in offices.items():
        if office_id:
            out[("office", office_id)] = per_office[office_id]
            used[("office", office_id)] = dict(office_weights)[office_id]
        shares = largest_remainder(per_office[office_id], [(c, weights[c]) for c in members])
        for c in members:
            out[("commune", c)] = shares[c]
            used[("commune", c)] = weights[c]
    return out, used


def _periods(year: int, periodicity: str) -> list[tuple[str, dt.date]]:
    if periodicity == Periodicity.MONTHLY:
        return [(SubTarget.Kind.MONTH, dt.date(year, m, 1)) for m in range(1, 13)]
    if periodicity == Periodicity.WEEKLY:
        weeks = dt.date(year, 12, 28).isocalendar().week
        return [(SubTarget.Kind.WEEK, dt.date.fromisocalendar(year, w, 1)) for w in range(1, weeks + 1)]
    return []


def _baselines(year: int, metric: str, units: list[UnitKey]) -> dict[UnitKey, int]:
    """Participants at the end of the year before (December summaries), for the path of sub-targets."""
    from ansinh.reports.models import MonthlySummary

    out: dict[UnitKey, int] = {}
    rows = MonthlySummary.objects.filter(
        period=dt.date(year - 1, 12, 1),
        scheme=metric,
        group="",
        unit_kind__in=["province", "office", "commune"],
    )
    wanted = set(units)
    for kind, pk, n in rows.values_list("unit_kind", "unit_id", "participants"):
        if (kind, pk) in wanted:
            out[(kind, pk)] = n
    return out


def _write_version(
    *,
    actor: Any,
    data: PlanInput,
    province: AdminUnit,
    version: int,
    supersedes: Plan | None,
    reason: str,
    source: str,
) -> Plan:
    basis_year = data.basis_year or data.year - 1
    communes, offices = plan_structure(province)
    if not communes:
        raise ApplicationError(
            "no_communes", f"{province.name} has no communes to allocate to", field="province"
        )
    plan = Plan.objects.create(
        province=province,
        year=data.year,
        version=version,
        supersedes=supersedes,
        method=data.method,
        basis_year=None if data.method == Method.MANUAL else basis_year,
        periodicity=data.periodicity,
        decision=data.decision[:200],
        reason=reason[:300],
        created_by=actor if getattr(actor, "pk", None) else None,
        created_at=timezone.now(),
    )
    rows: list[Target] = []
    for metric, value in sorted(data.targets.items()):
        rows.append(Target(plan=plan, metric=metric, unit=province, value=value))
        if metric in ADDITIVE:
            values, weights = _allocate(metric, int(value), data, communes, offices, basis_year)
        else:
            given = data.manual.get(metric, {}) if data.method == Method.MANUAL else {}
            values = {("commune", c): given.get(c, value) for c in communes}
            values.update({("office", o): value for o in offices if o})
            weights = {}
        for (kind, pk), v in values.items():
            w = weights.get((kind, pk))
            rows.append(
                Target(
                    plan=plan,
                    metric=metric,
                    value=Decimal(v),
                    weight=Decimal(w) if w is not None else None,
                    **({"office_id": pk} if kind == "office" else {"unit_id": pk}),
                )
            )
    Target.objects.bulk_create(rows, batch_size=2000)
    _write_sub_targets(plan)
    audit.record(
        actor=actor,
        action="create",
        obj=plan,
        source=source,
        reason=reason,
        after={
            **audit.snapshot(plan),
            "targets": {m: str(v) for m, v in sorted(data.targets.items())},
            "units": len(rows),
        },
    )
    return plan


def _write_sub_targets(plan: Plan) -> None:
    periods = _periods(plan.year, plan.periodicity)
    if not periods:
        return
    saved = Target.objects.filter(plan=plan).select_related("unit")
    subs: list[SubTarget] = []
    by_metric: dict[str, list[Target]] = defaultdict(list)
    for t in saved:
        by_metric[t.metric].append(t)
    for metric, targets in by_metric.items():
        base = (
            _baselines(plan.year, metric, [key_of(t) for t in targets])
            if metric in PARTICIPANT_METRICS
            else {}
        )
        for t in targets:
            if metric == Metric.REVENUE:
                parts = largest_remainder(int(t.value), [(i, 1) for i in range(len(periods))])
                values = [Decimal(parts[i]) for i in range(len(periods))]
            elif metric in PARTICIPANT_METRICS:
                start = base.get(key_of(t), int(t.value))
                values = [Decimal(v) for v in path_to_target(start, int(t.value), len(periods))]
            else:
                values = [t.value] * len(periods)
            subs += [
                SubTarget(target=t, kind=kind, period_start=day, value=v)
                for (kind, day), v in zip(periods, values, strict=True)
            ]
    SubTarget.objects.bulk_create(subs, batch_size=5000)


def plan_create(*, actor: Any, data: PlanInput, source: str = "web") -> Plan:
    """Version 1 of a province's targets for a year. A second plan for the same year is a revision."""
    province = _check(data)
    if Plan.objects.filter(province=province, year=data.year).exists():
        raise ApplicationError(
            "plan_exists", f"{province.name} already has targets for {data.year}: revise them", field="year"
        )
    with transaction.atomic():
        return _write_version(
            actor=actor, data=data, province=province, version=1, supersedes=None, reason="", source=source
        )


def plan_revise(*, actor: Any, plan: Plan, data: PlanInput, reason: str, source: str = "web") -> Plan:
    """A new version of `plan` (which must be the one in force); the old version keeps its rows."""
    province = _check(data)
    if not reason.strip():
        raise InvalidInput("reason_required", "Say why the targets are revised", field="reason")
    if data.province_id != plan.province_id or data.year != plan.year:
        raise InvalidInput("bad_revision", "A revision keeps the province and the year", field="year")
    with transaction.atomic():
        latest = (
            Plan.objects.select_for_update()
            .filter(province_id=plan.province_id, year=plan.year)
            .order_by("-version")
            .first()
        )
        if latest is None or latest.pk != plan.pk:
            raise ApplicationError(
                "stale_plan", "This is not the version in force; revise the latest version", field="version"
            )
        return _write_version(
            actor=actor,
            data=data,
            province=province,
            version=plan.version + 1,
            supersedes=plan,
            reason=reason,
            source=source,
        )


def targets_of(plan: Plan) -> dict[str, Decimal]:
    """The province values of a plan (to start a revision from)."""
    return dict(Target.objects.filter(plan=plan, unit_id=plan.province_id).values_list("metric", "value"))
