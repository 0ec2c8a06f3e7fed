"""Agency offices of a province and the communes each serves (`ansinh load_offices --province 20`).

Until 2025-06-30: the provincial agency (BHXH tỉnh …) and one local office per district (BHXH huyện / thị xã /
thành phố / quận …) serving that district's communes. From 2025-07-01: a regional office (BHXH khu vực …) for the
2025 province and local offices (BHXH cơ sở …), each serving the 2025 communes whose old communes mostly lay in
one old district. Only local offices serve communes directly; the provincial / regional office serves them
through its local offices (see `selectors.communes_served_by`). Idempotent: offices are keyed by code, service
rows by (office, commune, valid_from); rows of these offices that the data no longer supports are removed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from ansinh.core.errors import InvalidInput
from ansinh.core.text import fold
from ansinh.places.models import AdminUnit, Level, Office, OfficeCommune, UnitMapping
from ansinh.places.selectors import new_generation, old_generation
from ansinh.places.services.load import BATCH

Progress = Callable[[str], None]
TYPE_PREFIXES = (
    "thành phố trung ương", "thành phố", "thị xã", "thị trấn", "quận", "huyện", "tỉnh", "phường", "xã", "đặc khu",
)


@dataclass
class OfficesResult:
    province_code: str
    offices_created: int = 0
    offices_updated: int = 0
    offices_unchanged: int = 0
    served_created: int = 0
    served_removed: int = 0
    served_unchanged: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"load_offices (province {self.province_code}): offices {self.offices_created} created, "
            f"{self.offices_updated} updated, {self.offices_unchanged} unchanged; communes served "
            f"{self.served_created:,} created, {self.served_removed:,} removed, {self.served_unchanged:,} unchanged"
        )


@dataclass(frozen=True)
class _OfficeSpec:
    code: str
    name: str
    kind: str
    province_id: int
    parent_code: str | None
    valid_from: dt.date
    valid_to: dt.date | None
    communes: tuple[int, ...] = ()


def bare_name(unit: AdminUnit) -> str:
    """'Huyện Cao Lộc' → 'Cao Lộc'; 'Tỉnh Lạng Sơn' → 'Lạng Sơn'."""
    low = unit.name.lower()
    for prefix in TYPE_PREFIXES:
        if low.startswith(prefix + " "):
            return unit.name[len(prefix) + 1 :]
    return unit.name


def with_type(unit: AdminUnit) -> str:
    """'Huyện Cao Lộc' → 'huyện Cao Lộc', as it reads after 'BHXH'."""
    bare = bare_name(unit)
    kind = unit.name[: len(unit.name) - len(bare)].strip().lower()
    return f"{kind} {bare}".strip()


def _old_side(province: AdminUnit) -> list[_OfficeSpec]:
    code = province.code
    top = _OfficeSpec(f"BHXH-{code}", f"BHXH {with_type(province)}", Office.Kind.PROVINCIAL, province.id, None,
                      province.valid_from, province.valid_to)
    specs = [top]
    communes: dict[int, list[int]] = defaultdict(list)
    for pk, parent_id in AdminUnit.objects.filter(level=Level.COMMUNE, province=province).values_list("id", "parent_id"):
        communes[parent_id].append(pk)
    for district in AdminUnit.objects.filter(level=Level.DISTRICT, province=province).order_by("code"):
        specs.append(
            _OfficeSpec(f"BHXH-{code}-{district.code}", f"BHXH {with_type(district)}", Office.Kind.LOCAL, province.id,
                        top.code, province.valid_from, province.valid_to, tuple(sorted(communes[district.id])))
        )
    return specs


def group_new_communes(province: AdminUnit) -> tuple[dict[int, list[int]], dict[int, AdminUnit], list[str]]:
    """2025 communes of the province grouped by the old district most of their old communes (or parts) lay in;
    ties go to the district of the old commune whose code the new one kept, then to the lowest district code.
    A commune no old commune reaches goes to an old district of the same name in the same province (the island
    districts that had no communes became special zones), else to the group of the nearest commune code."""
    new = dict(
        AdminUnit.objects.filter(level=Level.COMMUNE, province=province).values_list("id", "code")
    )
    parts = list(
        UnitMapping.objects.filter(new_id__in=new.keys()).values_list(
            "new_id", "old__code", "old__parent_id", "old__parent__code"
        )
    )
    votes: dict[int, Counter[tuple[str, int]]] = defaultdict(Counter)
    anchor: dict[int, int] = {}
    for new_id, old_code, district_id, district_code in parts:
        votes[new_id][(district_code, district_id)] += 1
        if old_code == new[new_id]:
            anchor[new_id] = district_id
    group: dict[int, int] = {}
    for new_id, counter in votes.items():
        top = max(counter.values())
        tied = sorted(k for k, v in counter.items() if v == top)
        chosen = next((k for k in tied if k[1] == anchor.get(new_id)), tied[0])
        group[new_id] = chosen[1]
    notes: list[str] = []
    unreached = sorted((c, pk) for pk, c in new.items() if pk not in group)
    if unreached:
        old_province_ids = AdminUnit.objects.filter(
            old_generation(), level=Level.PROVINCE, code__in=AdminUnit.objects.filter(
                id__in=set(group.values())).values("province__code")
        ).values("id")
        districts = {
            fold(bare_name(d)): d.id
            for d in AdminUnit.objects.filter(level=Level.DISTRICT, province_id__in=old_province_ids)
        }
        districts.update(
            {fold(bare_name(d)): d.id for d in AdminUnit.objects.filter(old_generation(), level=Level.DISTRICT,
                                                                         province__code=province.code)}
        )
        units = {u.id: u for u in AdminUnit.objects.filter(id__in=[pk for _, pk in unreached])}
        ordered = sorted((int(new[pk]), did) for pk, did in group.items())
        for code, pk in unreached:
            same_name = districts.get(fold(bare_name(units[pk])))
            if same_name is not None:
                group[pk] = same_name
                notes.append(f"{code} {units[pk].name}: no old commune; grouped with the old district of that name")
            elif ordered:
                nearest = min(ordered, key=lambda t: (abs(t[0] - int(code)), t[0]))
                group[pk] = nearest[1]
                notes.append(f"{code} {units[pk].name}: no old commune; grouped with the nearest commune code")
    by_district: dict[int, list[int]] = defaultdict(list)
    for new_id, district_id in group.items():
        by_district[district_id].append(new_id)
    district_units = {d.id: d for d in AdminUnit.objects.filter(id__in=by_district.keys())}
    return by_district, district_units, notes


def _new_side(province: AdminUnit) -> tuple[list[_OfficeSpec], list[str]]:
    code = province.code
    top = _OfficeSpec(f"KV-{code}", f"BHXH khu vực {bare_name(province)}", Office.Kind.REGIONAL, province.id, None,
                      province.valid_from, province.valid_to)
    by_district, districts, notes = group_new_communes(province)
    specs = [top]
    if not by_district:
        all_communes = tuple(
            sorted(AdminUnit.objects.filter(level=Level.COMMUNE, province=province).values_list("id", flat=True))
        )
        specs.append(_OfficeSpec(f"CS-{code}-000", f"BHXH cơ sở {bare_name(province)}", Office.Kind.LOCAL,
                                 province.id, top.code, province.valid_from, province.valid_to, all_communes))
        notes.append("no old→new map for this province: one local office serves every commune")
        return specs, notes
    for district_id in sorted(by_district, key=lambda d: districts[d].code):
        d = districts[district_id]
        name = bare_name(d) if d.division_type in ("huyện", "quận") else with_type(d)
        specs.append(
            _OfficeSpec(f"CS-{code}-{d.code}", f"BHXH cơ sở {name}", Office.Kind.LOCAL, province.id, top.code,
                        province.valid_from, province.valid_to, tuple(sorted(by_district[district_id])))
        )
    return specs, notes


def load_offices(*, province_code: str = "20", progress: Progress | None = None) -> OfficesResult:
    say = progress or (lambda _msg: None)
    if len(province_code) != 2 or not province_code.isdigit():
        raise InvalidInput("invalid_province", f"province code must be 2 digits: {province_code!r}", field="province")
    old = AdminUnit.objects.filter(old_generation(), level=Level.PROVINCE, code=province_code).first()
    new = AdminUnit.objects.filter(new_generation(), level=Level.PROVINCE, code=province_code).first()
    if old is None and new is None:
        raise InvalidInput(
            "places_not_loaded",
            f"no province with code {province_code}; run `ansinh load_places --province {province_code}` first",
            field="province",
        )
    result = OfficesResult(province_code)
    specs: list[_OfficeSpec] = []
    if old is not None:
        specs += _old_side(old)
        say(f"until {old.valid_to}: {old.name}: 1 provincial agency, {len(specs) - 1} local offices")
    else:
        result.notes.append(f"no old province {province_code}: only the 2025 offices")
    if new is not None:
        new_specs, notes = _new_side(new)
        specs += new_specs
        result.notes += notes
        say(f"from {new.valid_from}: {new.name}: 1 regional office, {len(new_specs) - 1} local offices")
    else:
        result.notes.append(f"no 2025 province {province_code} (merged into another): only the offices until 2025-06-30")
    with transaction.atomic():
        _write(specs, result)
    prefixes = (f"BHXH-{province_code}-", f"CS-{province_code}-")
    leftover = Office.objects.filter(province__code=province_code, kind=Office.Kind.LOCAL).exclude(
        code__in=[s.code for s in specs]
    )
    for office in leftover:
        if office.code.startswith(prefixes):
            result.notes.append(f"{office.code} {office.name}: no longer serves any commune (kept; close it by hand)")
    return result


def _write(specs: list[_OfficeSpec], result: OfficesResult) -> None:
    fields = ("name", "kind", "province_id", "valid_from", "valid_to")
    existing = {o.code: o for o in Office.objects.filter(code__in=[s.code for s in specs])}
    to_create, to_update = [], []
    for s in specs:
        wanted = {"name": s.name, "kind": s.kind, "province_id": s.province_id, "valid_from": s.valid_from,
                  "valid_to": s.valid_to}
        office = existing.get(s.code)
        if office is None:
            to_create.append(Office(code=s.code, **wanted))
        elif any(getattr(office, k) != v for k, v in wanted.items()):
            for k, v in wanted.items():
                setattr(office, k, v)
            to_update.append(office)
        else:
            result.offices_unchanged += 1
    Office.objects.bulk_create(to_create, batch_size=BATCH)
    Office.objects.bulk_update(to_update, fields, batch_size=BATCH)
    result.offices_created, result.offices_updated = len(to_create), len(to_update)
    ids = dict(Office.objects.filter(code__in=[s.code for s in specs]).values_list("code", "id"))
    parents = [Office(id=ids[s.code], parent_id=ids[s.parent_code] if s.parent_code else None) for s in specs]
    current_parent = dict(Office.objects.filter(id__in=ids.values()).values_list("id", "parent_id"))
    Office.objects.bulk_update([p for p in parents if current_parent[p.id] != p.parent_id], ["parent"], batch_size=BATCH)

    valid = {c.id: (c.valid_from, c.valid_to) for c in AdminUnit.objects.filter(
        id__in={c for s in specs for c in s.communes}).only("id", "valid_from", "valid_to")}
    wanted_rows: dict[tuple[int, int, dt.date], dt.date | None] = {}
    for s in specs:
        for commune_id in s.communes:
            c_from, c_to = valid[commune_id]
            start = max(s.valid_from, c_from)
            ends = [d for d in (s.valid_to, c_to) if d is not None]
            wanted_rows[(ids[s.code], commune_id, start)] = min(ends) if ends else None
    have = {
        (r.office_id, r.commune_id, r.valid_from): r
        for r in OfficeCommune.objects.filter(office_id__in=ids.values())
    }
    stale = [r.id for key, r in have.items() if key not in wanted_rows or r.valid_to != wanted_rows[key]]
    OfficeCommune.objects.filter(id__in=stale).delete()
    fresh = [
        OfficeCommune(office_id=o, commune_id=c, valid_from=f, valid_to=t)
        for (o, c, f), t in wanted_rows.items()
        if (o, c, f) not in have or have[(o, c, f)].id in stale
    ]
    OfficeCommune.objects.bulk_create(fresh, batch_size=BATCH)
    result.served_created = len(fresh)
    result.served_removed = len(stale)
    result.served_unchanged = len(wanted_rows) - len(fresh)
