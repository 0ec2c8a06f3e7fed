"""The administrative units a synthetic province is built on, read once from places.AdminUnit."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db.models import Q

from ansinh.core.errors import ApplicationError
from ansinh.places.models import AdminUnit, Level, Population, UnitMapping
from ansinh.registry.generate.demography import WARD_WEIGHT


@dataclass(frozen=True)
class Commune:
    id: int
    code: str
    name: str
    division_type: str

    @property
    def is_ward(self) -> bool:
        return self.division_type.lower().startswith(("phường", "phuong", "thị trấn"))

    @property
    def short(self) -> str:
        """The name without its division word: 'Xã Chi Lăng' -> 'Chi Lăng'."""
        return strip_division(self.name, self.division_type)

    @property
    def label(self) -> str:
        """'xã Chi Lăng', 'phường Lương Văn Tri'."""
        return f"{(self.division_type or 'xã').lower()} {self.short}"


_DIVISION_WORDS = ("thành phố", "thị trấn", "thị xã", "phường", "đặc khu", "xã", "quận", "huyện", "tỉnh")


def strip_division(name: str, division_type: str = "") -> str:
    lowered = name.lower()
    for word in (division_type.lower(), *_DIVISION_WORDS):
        if word and lowered.startswith(word + " "):
            return name[len(word) + 1:].strip()
    return name


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    unit_id: int
    communes: tuple[Commune, ...]  # current (from 2025-07-01) communes, ordered by code
    weights: np.ndarray  # share of the population living in each commune (sums to 1)
    # Names of old communes (until 2025-06-30) with the current commune each maps to, for school names.
    old_places: tuple[tuple[str, int], ...]

    @property
    def short_name(self) -> str:
        return self.name.removeprefix("Tỉnh ").removeprefix("Thành phố ").strip()


def load_province(code: str) -> Province:
    """Read the province's current communes; refuse clearly when `ansinh load_places` has not been run."""
    code = code.strip().zfill(2)
    province = (
        AdminUnit.objects.current().filter(level=Level.PROVINCE, code=code).order_by("-valid_from").first()
    )
    if province is None:
        raise ApplicationError(
            "places_missing",
            f"No current administrative unit for province {code}: run `ansinh load_places` first.",
            field="province",
        )
    communes_qs = (
        AdminUnit.objects.current()
        .filter(level=Level.COMMUNE)
        .filter(Q(province=province) | Q(parent=province))
        .order_by("code", "id")
    )
    communes = tuple(Commune(u.id, u.code, u.name, u.division_type) for u in communes_qs)
    if not communes:
        raise ApplicationError(
            "places_missing",
            f"Province {code} ({province.name}) has no current communes: run `ansinh load_places` first.",
            field="province",
        )
    weights = _weights(communes)
    old_places = _old_places(code, {c.id for c in communes}, communes)
    return Province(code, province.name, province.id, communes, weights, old_places)


def _weights(communes: tuple[Commune, ...]) -> np.ndarray:
    """Population of the latest year loaded where every commune has one; else wards weigh WARD_WEIGHT."""
    ids = [c.id for c in communes]
    latest: dict[int, tuple[int, int]] = {}
    for unit_id, year, total in Population.objects.filter(unit_id__in=ids).values_list("unit_id", "year", "total"):
        if unit_id not in latest or year > latest[unit_id][0]:
            latest[unit_id] = (year, total)
    if len(latest) == len(ids) and all(t > 0 for _, t in latest.values()):
        w = np.array([latest[i][1] for i in ids], dtype=np.float64)
    else:
        w = np.array([WARD_WEIGHT if c.is_ward else 1.0 for c in communes], dtype=np.float64)
    return w / w.sum()


def _old_places(code: str, current_ids: set[int], communes: tuple[Commune, ...]) -> tuple[tuple[str, int], ...]:
    """(old commune name, current commune id) through UnitMapping; the current communes' own names first."""
    places: dict[str, int] = {c.short: c.id for c in communes}
    rows = (
        UnitMapping.objects.filter(old__level=Level.COMMUNE, old__province__code=code, new_id__in=current_ids)
        .order_by("old__code", "new_id")
        .values_list("old__name", "new_id")
    )
    for name, new_id in rows:
        places.setdefault(strip_division(name), new_id)
    return tuple(places.items())
