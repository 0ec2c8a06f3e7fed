"""REST resources of places, mounted at /api/v1/places: administrative units (both generations, as of a date),
the old↔new commune map, and agency offices with the communes they serve. Thin: parse, call a selector, shape.
(No `from __future__ import annotations` here: Ninja reads the annotations at import time.)"""


import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from ansinh.core.api import Pages
from ansinh.core.errors import NotFound
from ansinh.places import selectors
from ansinh.places.models import AdminUnit, Level, Office, UnitMapping

router = Router()


# --- schemas -------------------------------------------------------------------------------------------------

class AdminUnitOut(Schema):
    level: str
    code: str
    name: str
    division_type: str
    parent_code: str | None
    province_code: str | None
    valid_from: dt.date
    valid_to: dt.date | None
    generation: str

    @staticmethod
    def resolve_parent_code(obj: AdminUnit) -> str | None:
        return obj.parent.code if obj.parent_id else None

    @staticmethod
    def resolve_province_code(obj: AdminUnit) -> str | None:
        return obj.province.code if obj.province_id else None


class UnitMappingOut(Schema):
    """One (old, new) pair seen from one side: `unit` is the commune on the other side."""

    unit: AdminUnitOut
    evidence: str
    share: Decimal | None
    share_basis: str


class CommuneMappingOut(Schema):
    code: str
    old: AdminUnitOut | None
    old_maps_to: list[UnitMappingOut]
    new: AdminUnitOut | None
    new_made_from: list[UnitMappingOut]


class OfficeOut(Schema):
    code: str
    name: str
    kind: str
    province_code: str
    parent_code: str | None
    valid_from: dt.date
    valid_to: dt.date | None

    @staticmethod
    def resolve_province_code(obj: Office) -> str:
        return obj.province.code

    @staticmethod
    def resolve_parent_code(obj: Office) -> str | None:
        return obj.parent.code if obj.parent_id else None


class OfficeDetailOut(OfficeOut):
    on: dt.date
    offices: list[OfficeOut]
    communes: list[AdminUnitOut]


class UnitFilters(Schema):
    level: Level | None = None
    province: str | None = None
    parent: str | None = None
    on: dt.date | None = None
    q: str | None = None


class OfficeFilters(Schema):
    province: str | None = None
    kind: Office.Kind | None = None
    on: dt.date | None = None


# --- offices (before /{level}/{code}, which would match /offices/{code}) -------------------------------------

@router.get("/offices", response=list[OfficeOut], summary="Agency offices in force on a date")
@paginate(Pages)
def list_offices(request: HttpRequest, filters: Query[OfficeFilters]):  # type: ignore[no-untyped-def]
    return selectors.offices(on=filters.on, province_code=filters.province, kind=filters.kind)


@router.get("/offices/{code}", response=OfficeDetailOut, summary="An office, its offices and the communes served")
def get_office(request: HttpRequest, code: str, on: dt.date | None = None):  # type: ignore[no-untyped-def]
    office = Office.objects.select_related("province", "parent").filter(code=code).first()
    if office is None:
        raise NotFound("office", code)
    day = on or selectors.today()
    if on is None and office.valid_to is not None and office.valid_to < day:
        day = office.valid_to  # a closed office: what it served on its last day
    communes = selectors.communes_served_by([office.id], day).select_related("parent", "province").order_by("code")
    office.on = day  # type: ignore[attr-defined]
    office.offices = list(  # type: ignore[attr-defined]
        selectors.offices(on=day).filter(parent=office)
    )
    office.communes = list(communes)  # type: ignore[attr-defined]
    return office


# --- units ---------------------------------------------------------------------------------------------------

@router.get("", response=list[AdminUnitOut], summary="Administrative units in force on a date (default today)")
@paginate(Pages)
def list_units(request: HttpRequest, filters: Query[UnitFilters]):  # type: ignore[no-untyped-def]
    return selectors.units(
        on=filters.on, level=filters.level, province_code=filters.province, parent_code=filters.parent, q=filters.q
    )


@router.get("/communes/{code}/mapping", response=CommuneMappingOut, summary="Old ↔ new commune map for a code")
def commune_mapping(request: HttpRequest, code: str):  # type: ignore[no-untyped-def]
    """A code may name an old commune (until 2025-06-30), a 2025 commune, or both (the new commune kept the code):
    both sides are given."""
    both = AdminUnit.objects.filter(level=Level.COMMUNE, code=code).select_related("parent", "province")
    old = next((u for u in both if u.generation != "2025"), None)
    new = next((u for u in both if u.generation == "2025"), None)
    if old is None and new is None:
        raise NotFound("commune", code)

    def side(rows: list[UnitMapping], other: str) -> list[dict[str, object]]:
        return [
            {"unit": getattr(m, other), "evidence": m.evidence, "share": m.share, "share_basis": m.share_basis}
            for m in rows
        ]

    return {
        "code": code,
        "old": old,
        "old_maps_to": side(list(selectors.mapping_rows(old_ids=[old.id]).select_related("new__parent")), "new")
        if old else [],
        "new": new,
        "new_made_from": side(list(selectors.mapping_rows(new_ids=[new.id]).select_related("old__parent")), "old")
        if new else [],
    }


@router.get("/{level}/{code}", response=AdminUnitOut, summary="One unit as of a date (default today)")
def get_unit(request: HttpRequest, level: Level, code: str, on: dt.date | None = None):  # type: ignore[no-untyped-def]
    unit = selectors.unit_as_of(level, code, on)
    if unit is None:
        raise NotFound(level.value, f"{code} on {on or selectors.today()}")
    return unit
