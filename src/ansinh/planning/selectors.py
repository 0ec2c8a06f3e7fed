"""Reads of plans and targets: the plan in force, its targets by unit, the structure targets are allocated over
(today's local offices and their communes), and what an allocation by hand starts from. No writes here."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Max, Q, QuerySet, Sum
from django.utils import timezone

from ansinh.core.errors import ApplicationError, InvalidInput
from ansinh.places.models import AdminUnit, Level, Office, OfficeCommune
from ansinh.planning.allocation import largest_remainder
from ansinh.planning.models import ADDITIVE, Method, Metric, Plan, SubTarget, Target

UnitKey = tuple[str, int]  # ("province" | "office" | "commune", id)


def current_plan(province_id: int, year: int) -> Plan | None:
    """The plan in force for the province and year: its highest version."""
    return Plan.objects.filter(province_id=province_id, year=year).order_by("-version").first()


def plan_versions(province_id: int, year: int) -> QuerySet[Plan]:
    return (
        Plan.objects.filter(province_id=province_id, year=year)
        .select_related("created_by")
        .order_by("-version")
    )


def plans_for_provinces(province_ids: Any) -> QuerySet[Plan]:
    """The current version of every plan of these provinces (ids or a sub-query), latest year first."""
    latest = (
        Plan.objects.filter(province_id__in=province_ids)
        .values("province_id", "year")
        .annotate(v=Max("version"))
    )
    keys = {(r["province_id"], r["year"], r["v"]) for r in latest}
    ids = [
        p.pk
        for p in Plan.objects.filter(province_id__in=province_ids)
        if (p.province_id, p.year, p.version) in keys
    ]
    return Plan.objects.filter(pk__in=ids).select_related("province").order_by("-year", "province__code")


def key_of(target: Target) -> UnitKey:
    if target.office_id:
        return ("office", target.office_id)
    return ("province" if target.unit.level == "province" else "commune", int(target.unit_id))  # type: ignore[union-attr]


def targets_by_unit(
    plan: Plan | None, units: list[UnitKey] | None = None
) -> dict[UnitKey, dict[str, Decimal]]:
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


def sub_target_for(
    plan: Plan | None, units: list[UnitKey], day: dt.date
) -> dict[UnitKey, dict[str, Decimal]]:
    """The month sub-targets (period starting `day`) of the units, where the plan has them. One query."""
    if plan is None:
        return {}
    out: dict[UnitKey, dict[str, Decimal]] = {}
    qs = SubTarget.objects.filter(
        target__plan=plan, kind=SubTarget.Kind.MONTH, period_start=day
    ).select_related("target__unit")
    wanted = set(units)
    for s in qs:
        key = key_of(s.target)
        if key in wanted:
            out.setdefault(key, {})[s.target.metric] = s.value
    return out


# --- the structure targets are allocated over ----------------------------------------------------------------


def plan_structure(province: AdminUnit | int) -> tuple[list[int], dict[int, list[int]]]:
    """Today's communes of the province (by code) and the local offices serving them: (communes, office → communes).
    Communes no office serves are grouped under office id 0 (allocated straight from the province)."""
    today = timezone.localdate()
    province_id = province if isinstance(province, int) else province.pk
    communes = list(
        AdminUnit.objects.filter(level=Level.COMMUNE, province_id=province_id, valid_to__isnull=True)
        .order_by("code", "id")
        .values_list("id", flat=True)
    )
    served = (
        OfficeCommune.objects.filter(commune_id__in=communes, office__kind=Office.Kind.LOCAL)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today), valid_from__lte=today)
        .filter(Q(office__valid_to__isnull=True) | Q(office__valid_to__gte=today))
        .order_by("office__code", "commune__code")
        .values_list("office_id", "commune_id")
    )
    by_office: dict[int, list[int]] = defaultdict(list)
    seen: set[int] = set()
    for office_id, commune_id in served:
        if commune_id not in seen:
            by_office[office_id].append(commune_id)
            seen.add(commune_id)
    rest = [c for c in communes if c not in seen]
    if rest:
        by_office[0] = rest
    return communes, dict(by_office)


def allocation_weights(metric: str, method: str, communes: list[int], basis_year: int) -> dict[int, int]:
    """A weight per commune: last year's participants in December (or collection over the year), or population."""
    if method == Method.POPULATION:
        from ansinh.analytics.statistics import Geography, _populations

        geo = Geography.load()
        pops = _populations([("commune", c, 0) for c in communes], geo, basis_year)
        return {c: int(pops.get(("commune", c, 0)) or 0) for c in communes}
    from ansinh.reports.models import MonthlySummary

    rows = MonthlySummary.objects.filter(unit_kind="commune", unit_id__in=communes, group="")
    if metric == Metric.REVENUE:
        rows = rows.filter(period__year=basis_year)
        got = dict(rows.values("unit_id").annotate(s=Sum("collection")).values_list("unit_id", "s"))
    else:
        got = dict(
            rows.filter(period=dt.date(basis_year, 12, 1), scheme=metric).values_list(
                "unit_id", "participants"
            )
        )
    if not any(got.values()):
        raise ApplicationError(
            "no_basis",
            f"No statistics for {basis_year} to allocate {metric} by: run "
            f"the statistics refresh (Jobs) for {basis_year}, or allocate by population or by hand",
            field="method",
            details={"year": basis_year, "metric": metric},
        )
    return {c: int(got.get(c) or 0) for c in communes}


# --- allocation by hand ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Child:
    """A unit the parent's target is split among: a local office, or a commune (of the office, or of the province
    where no office serves it)."""

    key: UnitKey
    code: str
    name: str
    current: int | None  # its target in the plan version, None where it has none (the structure changed)
    communes: tuple[int, ...] = ()  # an office's communes

    @property
    def field(self) -> str:
        return f"{self.key[0]}:{self.key[1]}"


@dataclass(frozen=True)
class Allocation:
    """What a parent unit's target (additive metric) is split among, in a plan version."""

    plan: Plan
    metric: str
    parent: UnitKey
    parent_name: str
    total: int
    children: list[Child]

    @property
    def current_complete(self) -> bool:
        return all(c.current is not None for c in self.children)

    def proposal(self, method: str = Method.POPULATION) -> dict[UnitKey, int]:
        """The parent's target split among the children in proportion to population or last year (largest
        remainder), as the proportional methods would do it."""
        communes = sorted({c for ch in self.children for c in (ch.communes or (ch.key[1],))})
        weights = allocation_weights(
            self.metric, method, communes, self.plan.basis_year or self.plan.year - 1
        )
        parts = [(ch.key, sum(weights[c] for c in (ch.communes or (ch.key[1],)))) for ch in self.children]
        return largest_remainder(self.total, parts)

    def initial(self) -> dict[UnitKey, int]:
        """The values to start from: the current allocation, or the population proposal where a child has none."""
        if self.current_complete:
            return {c.key: int(c.current or 0) for c in self.children}
        return self.proposal(Method.POPULATION)


def parse_unit(text: str) -> UnitKey:
    """ "office:12" → ("office", 12); a parent or share key as the forms and the API write it."""
    kind, _, pk = (text or "").partition(":")
    if kind not in ("province", "office", "commune") or not pk.isdigit():
        raise InvalidInput(
            "unknown_unit", f"Not a unit: {text!r}", field=text or None, details={"unit": text}
        )
    return kind, int(pk)


def allocation(plan: Plan, metric: str, parent: UnitKey) -> Allocation:
    """The children of `parent` (the plan's province → its local offices and the communes no office serves; a
    local office → its communes) with their targets in `plan`. Refuses a rate, a unit that is not a parent in the
    province's structure today, and a parent without a target for the metric."""
    if metric not in ADDITIVE:
        raise InvalidInput(
            "not_additive",
            f"{metric!r} is not a number split among units (persons or VND)",
            field="metric",
            details={"metric": metric},
        )
    kind, pk = parent
    _, offices = plan_structure(plan.province_id)
    if kind == "province" and pk == plan.province_id:
        name = AdminUnit.objects.filter(pk=pk).values_list("name", flat=True).first() or ""
        office_ids = [o for o in offices if o]
        commune_ids = list(offices.get(0, []))
    elif kind == "office" and pk in offices and pk:
        name = Office.objects.filter(pk=pk).values_list("name", flat=True).first() or ""
        office_ids, commune_ids = [], list(offices[pk])
    else:
        raise InvalidInput(
            "bad_parent",
            f"{kind}:{pk} is not the province of the plan or one of its local offices",
            field="parent",
            details={"unit": f"{kind}:{pk}"},
        )
    values = {
        key_of(t): t.value
        for t in Target.objects.filter(plan=plan, metric=metric)
        .select_related("unit")
        .filter(
            Q(office_id__in=[*office_ids, pk if kind == "office" else 0])
            | Q(unit_id__in=[*commune_ids, pk if kind == "province" else 0])
        )
    }
    if (kind, pk) not in values:
        raise ApplicationError(
            "no_target",
            f"{name} has no {metric} target in this plan: set it first",
            field="metric",
            details={"unit": name, "metric": metric},
        )
    office_rows = {o.pk: o for o in Office.objects.filter(pk__in=office_ids)}
    commune_rows = {c.pk: c for c in AdminUnit.objects.filter(pk__in=commune_ids)}

    def current(key: UnitKey) -> int | None:
        value = values.get(key)
        return None if value is None else int(value)

    children = [
        Child(
            ("office", o), office_rows[o].code, office_rows[o].name, current(("office", o)), tuple(offices[o])
        )
        for o in sorted(office_ids, key=lambda o: office_rows[o].code)
    ]
    children += [
        Child(("commune", c), commune_rows[c].code, commune_rows[c].name, current(("commune", c)))
        for c in commune_ids
    ]
    return Allocation(
        plan=plan,
        metric=metric,
        parent=(kind, pk),
        parent_name=name,
        total=int(values[(kind, pk)]),
        children=children,
    )


def allocation_parents(plan: Plan) -> list[tuple[UnitKey, str]]:
    """The units whose target can be split by hand: the province, then its local offices (by code)."""
    _, offices = plan_structure(plan.province_id)
    province = AdminUnit.objects.filter(pk=plan.province_id).values_list("name", flat=True).first() or ""
    rows = Office.objects.filter(pk__in=[o for o in offices if o]).order_by("code").values_list("id", "name")
    return [(("province", plan.province_id), province), *((("office", pk), name) for pk, name in rows)]
