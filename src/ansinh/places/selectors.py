"""Reads over places: units as of a date, the communes an office serves, the old↔new commune map, roll-up shares
and the mapping report. No writes here.

Functions taking ids also take a queryset of ids (`.values("id")`), which becomes a sub-query: no id lists travel
through Python, so they stay set-based whatever the size of the scope.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any, NamedTuple

from django.db.models import Q, QuerySet
from django.utils import timezone

from ansinh.core import presentation
from ansinh.core.text import fold
from ansinh.places.models import REFORM_DATE, AdminUnit, Level, Office, OfficeCommune, Population, UnitMapping

SHARE_PLACES = Decimal("0.000001")
Ids = Iterable[int] | QuerySet[Any]


def today() -> dt.date:
    return timezone.localdate()


def _in_force(qs: QuerySet[Any], day: dt.date) -> QuerySet[Any]:
    return qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


def old_generation() -> Q:
    return Q(valid_from__lt=REFORM_DATE)


def new_generation() -> Q:
    return Q(valid_from__gte=REFORM_DATE)


# --- units ----------------------------------------------------------------------------------------------------

def units(
    *, on: dt.date | None = None, level: str | None = None, province_code: str | None = None,
    parent_code: str | None = None, q: str | None = None,
) -> QuerySet[AdminUnit]:
    """Units in force on `on` (default today), filtered; `q` matches names without tone marks, or a code prefix."""
    qs = AdminUnit.objects.as_of(on or today()).select_related("parent", "province")
    if level:
        qs = qs.filter(level=level)
    if province_code:
        qs = qs.filter(province__code=province_code)
    if parent_code:
        qs = qs.filter(parent__code=parent_code)
    if q:
        text = q.strip()
        cond = Q(name_search__contains=fold(text))
        if text.isdigit():
            cond |= Q(code__startswith=text)
        qs = qs.filter(cond)
    return qs.order_by("level", "code")


def unit_as_of(level: str, code: str, on: dt.date | None = None) -> AdminUnit | None:
    """The unit with this level and code in force on `on` (default today), or None."""
    return (
        AdminUnit.objects.as_of(on or today()).filter(level=level, code=code).select_related("parent", "province").first()
    )


def communes_of(province_code: str, on: dt.date | None = None) -> QuerySet[AdminUnit]:
    """The communes of the province with this code, in the generation in force on `on` (default today)."""
    return AdminUnit.objects.as_of(on or today()).filter(level=Level.COMMUNE, province__code=province_code)


# --- the old ↔ new map ----------------------------------------------------------------------------------------

def new_communes_for_old(old_ids: Ids) -> QuerySet[AdminUnit]:
    """The 2025 communes that the given old communes went into (a split commune went into several)."""
    return AdminUnit.objects.filter(id__in=UnitMapping.objects.filter(old_id__in=old_ids).values("new_id"))


def old_communes_for_new(new_ids: Ids) -> QuerySet[AdminUnit]:
    """The old communes, or parts of them, that make up the given 2025 communes."""
    return AdminUnit.objects.filter(id__in=UnitMapping.objects.filter(new_id__in=new_ids).values("old_id"))


def mapping_rows(*, old_ids: Ids | None = None, new_ids: Ids | None = None) -> QuerySet[UnitMapping]:
    qs = UnitMapping.objects.select_related("old__province", "new__province").order_by("old__code", "new__code")
    if old_ids is not None:
        qs = qs.filter(old_id__in=old_ids)
    if new_ids is not None:
        qs = qs.filter(new_id__in=new_ids)
    return qs


class RollupShare(NamedTuple):
    old_id: int
    new_id: int
    share: Decimal
    basis: str  # "whole" | the stored basis ("population 2024", "manual" ...) | "equal (assumed)"
    assumed: bool


def split_evenly(n: int) -> list[Decimal]:
    """n shares of 6 decimals summing to exactly 1 (the last part takes the remainder)."""
    part = (Decimal(1) / n).quantize(SHARE_PLACES, rounding=ROUND_DOWN)
    return [part] * (n - 1) + [Decimal(1) - part * (n - 1)]


def rollup_shares(old_commune_ids: Ids) -> list[RollupShare]:
    """How to carry figures of old communes (2019–2025 statistics) into the 2025 communes: one row per
    (old, new) pair, shares summing to 1 per old commune. A whole commune gives 1; a split commune gives the stored
    shares when every part has one (filled from population by `places_set_shares`, or set by an officer), else
    equal shares flagged `assumed`. Unmapped old communes give no row (see the mapping report)."""
    parts: dict[int, list[tuple[int, Decimal | None, str]]] = defaultdict(list)
    rows = (
        UnitMapping.objects.filter(old_id__in=old_commune_ids)
        .order_by("old_id", "new_id")
        .values_list("old_id", "new_id", "share", "share_basis")
    )
    for old_id, new_id, share, basis in rows:
        parts[old_id].append((new_id, share, basis))
    out: list[RollupShare] = []
    for old_id, group in parts.items():
        if len(group) == 1:
            out.append(RollupShare(old_id, group[0][0], Decimal(1), "whole", False))
            continue
        shares = [s for _, s, _ in group]
        total = sum((s for s in shares if s is not None), Decimal(0))
        if all(s is not None for s in shares) and total > 0:
            fixed = _normalise([s for s in shares if s is not None], total)
            basis = group[0][2] or "stored"
            out.extend(RollupShare(old_id, new_id, s, basis, False) for (new_id, _, _), s in zip(group, fixed, strict=True))
        else:
            even = split_evenly(len(group))
            out.extend(
                RollupShare(old_id, new_id, s, "equal (assumed)", True) for (new_id, _, _), s in zip(group, even, strict=True)
            )
    return out


def _normalise(shares: list[Decimal], total: Decimal) -> list[Decimal]:
    scaled = [(s / total).quantize(SHARE_PLACES, rounding=ROUND_DOWN) for s in shares]
    biggest = max(range(len(scaled)), key=lambda i: scaled[i])
    scaled[biggest] += Decimal(1) - sum(scaled)
    return scaled


# --- offices --------------------------------------------------------------------------------------------------

def offices(*, on: dt.date | None = None, province_code: str | None = None, kind: str | None = None) -> QuerySet[Office]:
    qs = _in_force(Office.objects.select_related("province", "parent"), on or today())
    if province_code:
        qs = qs.filter(province__code=province_code)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("code")


def office_tree_ids(office_ids: Ids) -> set[int]:
    """The offices and every office under them (a provincial or regional office → its local offices).
    One query per level of the hierarchy (at most three)."""
    found = set(Office.objects.filter(id__in=office_ids).values_list("id", flat=True))
    frontier = set(found)
    while frontier:
        frontier = set(Office.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
        found |= frontier
    return found


def communes_served_by(office_ids: Ids, on: dt.date | None = None) -> QuerySet[AdminUnit]:
    """The communes served on `on` (default today) by the offices or by offices under them."""
    served = _in_force(OfficeCommune.objects.filter(office_id__in=office_tree_ids(office_ids)), on or today())
    return AdminUnit.objects.filter(id__in=served.values("commune_id"))


def communes_in_scope(
    *, office_ids: Ids = (), unit_ids: Ids = (), on: dt.date | None = None
) -> QuerySet[AdminUnit]:
    """What a user scoped to offices and/or units sees: the communes served on `on` by the offices (and offices
    under them), the communes of the named provinces / districts / communes, plus the old communes that map into
    any of those. Returned as a queryset (use `.values("id")` for a sub-query)."""
    day = on or today()
    named = AdminUnit.objects.filter(id__in=unit_ids)
    direct = AdminUnit.objects.filter(
        Q(id__in=communes_served_by(office_ids, day).values("id"))
        | Q(level=Level.COMMUNE, id__in=named.values("id"))
        | Q(level=Level.COMMUNE, province_id__in=named.filter(level=Level.PROVINCE).values("id"))
        | Q(level=Level.COMMUNE, parent_id__in=named.filter(level=Level.DISTRICT).values("id"))
    )
    return AdminUnit.objects.filter(
        Q(id__in=direct.values("id")) | Q(id__in=UnitMapping.objects.filter(new_id__in=direct.values("id")).values("old_id"))
    )


# --- population -----------------------------------------------------------------------------------------------

def population_by_unit(unit_ids: Ids, year: int) -> dict[int, int]:
    return dict(Population.objects.filter(unit_id__in=unit_ids, year=year).values_list("unit_id", "total"))


# --- the mapping report ---------------------------------------------------------------------------------------

@dataclass
class ProvinceLine:
    code: str
    name: str
    old_communes: int = 0
    mapped: int = 0
    split: int = 0
    split_with_shares: int = 0


@dataclass
class MappingReport:
    province_code: str | None
    old_communes: int = 0
    old_mapped: int = 0
    old_unmapped: list[tuple[str, str, str]] = field(default_factory=list)  # (code, name, province name)
    pairs: int = 0
    pairs_by_evidence: dict[str, int] = field(default_factory=dict)
    old_by_evidence: dict[str, int] = field(default_factory=dict)  # an old commune counted once, strongest evidence
    split: int = 0
    split_with_shares: int = 0
    split_parts: dict[int, int] = field(default_factory=dict)  # parts → old communes
    new_communes: int = 0
    new_reached: int = 0
    new_unreached: list[tuple[str, str, str]] = field(default_factory=list)
    new_by_parts: dict[int, int] = field(default_factory=dict)  # old parts → new communes
    provinces: list[ProvinceLine] = field(default_factory=list)

    def pct(self, part: int, whole: int, lang: str = "en") -> str:
        """part of whole as the reports write it: exact ratio, one decimal half up (201 of 400 → '50.3 %')."""
        return presentation.share(part, whole, 1, lang)


EVIDENCE_STRENGTH = {"name+anchor": 0, "name": 1, "anchor": 2, "manual": 3}


def mapping_report(province_code: str | None = None) -> MappingReport:
    """How much of the old→new commune map is established, and how. With a province code: the old communes of
    that old province, and the communes of that 2025 province (or, if it no longer exists, the 2025 communes its
    old communes went into). Three queries, whatever the size."""
    old_qs = AdminUnit.objects.filter(old_generation(), level=Level.COMMUNE)
    new_qs = AdminUnit.objects.filter(new_generation(), level=Level.COMMUNE)
    if province_code:
        old_qs = old_qs.filter(province__code=province_code)
        own = new_qs.filter(province__code=province_code)
        new_qs = own if own.exists() else new_qs.filter(id__in=new_communes_for_old(old_qs.values("id")).values("id"))
    old = {
        pk: (code, name, pcode, pname)
        for pk, code, name, pcode, pname in old_qs.values_list("id", "code", "name", "province__code", "province__name")
    }
    new = {
        pk: (code, name, pname) for pk, code, name, pname in new_qs.values_list("id", "code", "name", "province__name")
    }
    maps = list(
        UnitMapping.objects.filter(Q(old_id__in=old_qs.values("id")) | Q(new_id__in=new_qs.values("id")))
        .values_list("old_id", "new_id", "evidence", "share")
    )
    rep = MappingReport(province_code=province_code, old_communes=len(old), new_communes=len(new))
    by_old: dict[int, list[tuple[int, str, Decimal | None]]] = defaultdict(list)
    by_new: dict[int, set[int]] = defaultdict(set)
    for old_id, new_id, evidence, share in maps:
        by_new[new_id].add(old_id)
        if old_id in old:
            by_old[old_id].append((new_id, evidence, share))
            rep.pairs += 1
            rep.pairs_by_evidence[evidence] = rep.pairs_by_evidence.get(evidence, 0) + 1
    rep.old_mapped = len(by_old)
    rep.old_unmapped = sorted((c, n, pn) for pk, (c, n, _, pn) in old.items() if pk not in by_old)
    best = Counter(min((e for _, e, _ in parts), key=lambda e: EVIDENCE_STRENGTH.get(e, 9)) for parts in by_old.values())
    rep.old_by_evidence = dict(best.most_common())
    parts_count = Counter(len(parts) for parts in by_old.values())
    rep.split_parts = {k: parts_count[k] for k in sorted(parts_count) if k > 1}
    splits = {pk for pk, parts in by_old.items() if len(parts) > 1}
    rep.split = len(splits)
    with_shares = {pk for pk in splits if all(s is not None for _, _, s in by_old[pk])}
    rep.split_with_shares = len(with_shares)
    rep.new_reached = sum(1 for pk in new if by_new.get(pk))
    rep.new_unreached = sorted((c, n, pn) for pk, (c, n, pn) in new.items() if not by_new.get(pk))
    by_parts = Counter(min(len(by_new.get(pk, ())), 5) for pk in new)
    rep.new_by_parts = {k: by_parts[k] for k in sorted(by_parts)}
    lines: dict[str, ProvinceLine] = {}
    for pk, (_, _, pcode, pname) in old.items():
        line = lines.setdefault(pcode, ProvinceLine(pcode, pname))
        line.old_communes += 1
        line.mapped += pk in by_old
        line.split += pk in splits
        line.split_with_shares += pk in with_shares
    rep.provinces = [lines[k] for k in sorted(lines)]
    return rep
