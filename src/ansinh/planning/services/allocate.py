"""Allocating a unit's target by hand: the officer gives each child unit its share (the province → its local
offices and the communes no office serves; a local office → its communes), the shares must add up exactly to the
parent's target, and a new version of the plan is written (earlier versions keep their rows).

Where the province's split among offices changes, each changed office's communes are split again in proportion to
their shares in the version before (largest remainder; equal shares where they had none), so that the communes of
every office still add up to the office. One transaction and one audit row per version, like `plan_revise`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.core.errors import ApplicationError, InvalidInput
from ansinh.places.models import AdminUnit, Office
from ansinh.planning.allocation import largest_remainder
from ansinh.planning.models import Method, Plan, Target
from ansinh.planning.selectors import Allocation, UnitKey, allocation, key_of
from ansinh.planning.services.targets import _write_sub_targets


def _name(key: Any) -> str:
    """A unit's name for a refusal, or its key where there is no such unit."""
    try:
        kind, pk = key
        model = Office if kind == "office" else AdminUnit
        found = model.objects.filter(pk=int(pk)).values_list("name", flat=True).first()
    except (TypeError, ValueError):
        found = None
    return found or str(key if not isinstance(key, tuple) else f"{key[0]}:{key[1]}")


def _check_shares(frame: Allocation, shares: Mapping[UnitKey, Any]) -> dict[UnitKey, int]:
    """The shares as whole numbers, one per child, adding up to the parent's target; or the first refusal,
    naming the unit at fault (`field` is "kind:id", `details["unit"]` its name)."""
    children = {c.key: c for c in frame.children}
    for key in shares:
        if key not in children:
            name = _name(key)
            raise InvalidInput(
                "unknown_unit",
                f"{name} is not a unit {frame.parent_name} allocates to",
                field=f"{key[0]}:{key[1]}",
                details={"unit": name},
            )
    out: dict[UnitKey, int] = {}
    for child in frame.children:
        raw = shares.get(child.key)
        if raw is None or raw == "":
            raise InvalidInput(
                "missing_share",
                f"{child.name}: give a share (0 if none)",
                field=child.field,
                details={"unit": child.name},
            )
        try:
            value = Decimal(str(raw))
        except (InvalidOperation, ValueError):
            raise InvalidInput(
                "whole_number",
                f"{child.name}: {raw!r} is not a number",
                field=child.field,
                details={"unit": child.name},
            ) from None
        if not value.is_finite() or value != value.to_integral_value():
            raise InvalidInput(
                "whole_number",
                f"{child.name}: persons and VND are whole numbers",
                field=child.field,
                details={"unit": child.name},
            )
        if value < 0:
            raise InvalidInput(
                "negative_share",
                f"{child.name}: a share cannot be negative ({value:,})",
                field=child.field,
                details={"unit": child.name, "value": int(value)},
            )
        out[child.key] = int(value)
    given = sum(out.values())
    if given != frame.total:
        raise InvalidInput(
            "allocation_sum",
            f"The shares add up to {given:,}, not to the target of "
            f"{frame.parent_name} ({frame.total:,}): {abs(frame.total - given):,} "
            f"{'short' if given < frame.total else 'too many'}",
            field="total",
            details={
                "unit": frame.parent_name,
                "sum": given,
                "total": frame.total,
                "difference": frame.total - given,
            },
        )
    return out


def targets_allocate(
    *,
    actor: Any,
    plan: Plan,
    metric: str,
    parent: UnitKey,
    shares: Mapping[UnitKey, Any],
    reason: str = "",
    source: str = "web",
) -> Plan:
    """Version n + 1 of `plan` (which must be the version in force) in which `parent`'s target for `metric` is
    split among its children as given. Every other target is carried over unchanged; nothing is written when
    the shares are refused."""
    with transaction.atomic():
        latest = (
            Plan.objects.select_for_update()
            .filter(province_id=plan.province_id, year=plan.year)
            .order_by("-version")
            .first()
        )
        if latest is None or latest.pk != plan.pk:
            raise ApplicationError(
                "stale_plan",
                "This is not the version in force; allocate in the latest version",
                field="version",
            )
        frame = allocation(plan, metric, parent)
        values = _check_shares(frame, shares)
        previous = list(Target.objects.filter(plan=plan).select_related("unit"))
        old = {key_of(t): int(t.value) for t in previous if t.metric == metric}
        changed = dict(values)
        for child in frame.children:  # an office's communes follow the office
            if child.communes and values[child.key] != old.get(child.key):
                weights = [(c, old.get(("commune", c), 0)) for c in child.communes]
                for c, v in largest_remainder(values[child.key], weights).items():
                    changed[("commune", c)] = v
        if all(old.get(k) == v for k, v in changed.items()):
            raise ApplicationError(
                "no_change",
                f"{frame.parent_name}: the shares are those of the version in force, nothing to save",
                field="total",
                details={"unit": frame.parent_name},
            )
        new = Plan.objects.create(
            province_id=plan.province_id,
            year=plan.year,
            version=plan.version + 1,
            supersedes=plan,
            method=Method.MANUAL,
            basis_year=plan.basis_year,
            periodicity=plan.periodicity,
            decision=plan.decision,
            reason=(reason.strip() or f"Allocation by hand: {frame.parent_name}, {metric}")[:300],
            created_by=actor if getattr(actor, "pk", None) else None,
            created_at=timezone.now(),
        )
        rows: list[Target] = []
        for t in previous:
            key = key_of(t)
            if t.metric == metric and key in changed:
                value, weight = Decimal(changed.pop(key)), None
            else:
                value, weight = t.value, t.weight
            rows.append(
                Target(
                    plan=new,
                    metric=t.metric,
                    unit_id=t.unit_id,
                    office_id=t.office_id,
                    value=value,
                    weight=weight,
                )
            )
        for (kind, pk), v in changed.items():  # units that had no target in the version before
            rows.append(
                Target(
                    plan=new,
                    metric=metric,
                    value=Decimal(v),
                    **({"office_id": pk} if kind == "office" else {"unit_id": pk}),
                )
            )
        Target.objects.bulk_create(rows, batch_size=2000)
        _write_sub_targets(new)
        audit.record(
            actor=actor,
            action="create",
            obj=new,
            source=source,
            reason=new.reason,
            before={
                "plan": plan.pk,
                "version": plan.version,
                "shares": {f"{k}:{i}": old.get((k, i)) for k, i in values},
            },
            after={
                **audit.snapshot(new),
                "metric": metric,
                "parent": f"{parent[0]}:{parent[1]}",
                "total": frame.total,
                "shares": {f"{k}:{i}": v for (k, i), v in values.items()},
                "units": len(rows),
            },
        )
        return new
