"""The compliance app's view of the acting user's localities (ansinh.accounts.scope) and of the province."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ansinh.accounts.models import STAFF_ROLES
from ansinh.accounts.scope import ALL, restrict_by_commune, visible_commune_ids
from ansinh.core.errors import Forbidden, NotFound
from ansinh.places.models import AdminUnit, Level


def require_staff(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise Forbidden("forbidden", "sign in first")
    if not (actor.is_superuser or actor.role in STAFF_ROLES):
        raise Forbidden("forbidden", "compliance work is for agency staff")


def province(code: str) -> AdminUnit:
    unit = AdminUnit.objects.filter(level=Level.PROVINCE, code=code).order_by("-valid_from").first()
    if unit is None:
        raise NotFound("province", code)
    return unit


def province_commune_ids(code: str) -> QuerySet[Any]:
    """Communes of both generations whose province has this code (a sub-query)."""
    return AdminUnit.objects.filter(level=Level.COMMUNE, province__code=code).values("id")


def communes_for(actor: Any, code: str) -> dict[str, int]:
    """commune code → id of the province's communes the actor covers (the newest unit for a code)."""
    qs = AdminUnit.objects.filter(level=Level.COMMUNE, province__code=code)
    qs = restrict_by_commune(qs, actor, "id")
    out: dict[str, int] = {}
    for code_, id_ in qs.order_by("valid_from").values_list("code", "id"):
        out[code_] = id_
    return out


def scoped(qs: QuerySet[Any], actor: Any, field: str = "commune_id") -> QuerySet[Any]:
    require_staff(actor)
    return restrict_by_commune(qs, actor, field)


def sees_all(actor: Any) -> bool:
    return visible_commune_ids(actor) is ALL
