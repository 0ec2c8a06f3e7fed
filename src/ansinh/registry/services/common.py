"""Checks shared by the registry's write services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from ansinh.accounts.scope import can_see_commune
from ansinh.core.errors import Forbidden, InvalidInput
from ansinh.places.models import AdminUnit, Level


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
