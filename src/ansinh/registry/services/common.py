"""Checks shared by the registry's write services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.accounts.scope import can_see_commune
from ansinh.core.errors import Forbidden, InvalidInput
from ansinh.places.models import AdminUnit, Level

M = TypeVar("M", bound=models.Model)


def current_commune(commune_id: int | None, *, field: str, actor: Any) -> AdminUnit:
    """A commune in force today that the actor covers."""
    if commune_id is None:
        raise InvalidInput("required", f"{field} is required", field=field)
    unit = AdminUnit.objects.filter(pk=commune_id, level=Level.COMMUNE).first()
    if unit is None:
        raise InvalidInput("unknown_commune", f"{field}: no commune with id {commune_id}", field=field)
    today = timezone.localdate()
    if unit.valid_from > today or (unit.valid_to is not None and unit.valid_to < today):
        raise InvalidInput(
            "commune_not_in_force", f"{field}: {unit.name} ({unit.code}) is not a commune in force today", field=field
        )
    if actor is not None and not can_see_commune(actor, unit.pk):
        raise Forbidden("outside_scope", f"{field}: {unit.name} is outside the localities you cover", field=field)
    return unit


def require_staff(actor: Any) -> None:
    if actor is not None and not getattr(actor, "is_staff_role", False) and not getattr(actor, "is_superuser", False):
        raise Forbidden("staff_only", "Only agency staff may change the registry")


def not_future(day: dt.date | None, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise InvalidInput("future_date", f"{field} {day.isoformat()} is in the future", field=field)


def update_audited(
    *, actor: Any, obj: M, changes: dict[str, Any], editable: Iterable[str], clean: Callable[..., dict[str, Any]],
    unique_check: Callable[..., None], derive: Callable[[M], None], reason: str, source: str,
    also_read: Iterable[str] = (),
) -> M:
    """The change flow of persons and employers: only editable fields; the merged values validated as a whole;
    the row locked, changed and audited (before/after) in one transaction; no change, no write."""
    editable = tuple(editable)
    unknown = set(changes) - set(editable)
    if unknown:
        raise InvalidInput("not_editable", f"cannot change {', '.join(sorted(unknown))}", field=sorted(unknown)[0])
    with transaction.atomic():
        obj = type(obj).objects.select_for_update().get(pk=obj.pk)
        before = audit.snapshot(obj)
        current = {k: getattr(obj, k) for k in (*editable, *also_read)}
        values = clean({**current, **changes}, actor=actor)
        unique_check(values, exclude_pk=obj.pk)
        for key, value in values.items():
            setattr(obj, key, value)
        derive(obj)
        after = audit.snapshot(obj)
        if after == before:
            return obj
        obj.save()
        audit.record(actor=actor, action="update", obj=obj, before=before, after=after, reason=reason, source=source)
    return obj
