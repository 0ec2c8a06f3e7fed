"""Which minimum-wage region (I..IV) a workplace is in: commune → region, effective-dated.

Each decree on regional minimum wages has an annex listing the areas of regions I, II and III (and, from 2026, IV);
in each province the areas not listed belong to the province's lowest region ("các xã, phường còn lại"). Until
2025-06-30 the annexes named districts (quận, huyện, thị xã, thành phố thuộc tỉnh); from 2025-07-01 (two-level
local government, 34 provinces) they name the new communes, wards and special zones.

Codes are GSO codes: 5-digit commune codes, or, before 2025-07-01, also a 3-digit district code. New communes often
reuse the code of one of the old units they absorbed, so a code means an old unit before 2025-07-01 and a new one
after: `region_for` reads it in the assignment in force on the day asked.

Held (data files in `params/data/`, built from the annex texts by `data/build_regions.py`; sources and matching
report in docs/legal-sources.md):
- from 2026-01-01, Decree 293/2025 annex: all 3,321 communes of the 34 provinces (`regions-2026-01-01.csv`),
  named ones as listed, the others at their province's residual region;
- 2025-07-01..2025-12-31: all 3,321 communes, derived from the Decree 74/2024 annex by the rule "an area formed
  from areas of different regions takes the highest" (through the old communes each new one absorbed);
- 2024-07-01..2025-06-30, Decree 74/2024 annex: all 696 districts of the 63 provinces (GSO list of 2025-01-04)
  and their old commune codes (`regions-2024-07-01.csv`);
- 2013-01-01..2024-06-30: Lạng Sơn only (province 20); the annexes of the earlier decrees were not found;
- 1995-01-01..2012-12-31: no area held. Before 2009 there is no regional minimum wage in the tables (the floor is the
  general minimum wage, reference.BASE_SALARY); the annexes of Decrees 110/2008, 97/2009, 108/2010 and 70/2011
  (2009–2012) were not found, so every code is at the default below — a calculation for those months answers
  instead of refusing, and says the region was defaulted.

Default: a code not held is in **region IV**, the lowest, so a salary at the regional minimum is never wrongly
rejected; the price is that the UI ceiling (20 × regional minimum wage) may be too low for a high earner in a
higher region. `lookup_region` says when the default was used, and the calculators show it in their steps, so the
officer can enter the region by hand.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from types import MappingProxyType

from ansinh.rules.tables import chain

DEFAULT_REGION = 4


@dataclass(frozen=True)
class RegionUnit:
    """Codes `code_from`..`code_to` (inclusive, same length) are in `region`. `name` is the unit's official name."""

    code_from: str
    code_to: str
    region: int
    name: str

    def holds(self, code: str) -> bool:
        return len(code) == len(self.code_from) and self.code_from <= code <= self.code_to


@dataclass(frozen=True)
class RegionAssignment:
    """The areas of one annex that ansinh holds; `provinces` names the provinces covered completely, `residual` the
    region each province gives to the areas its annex does not name (where the annex says so)."""

    units: tuple[RegionUnit, ...]
    provinces: tuple[str, ...]
    residual: Mapping[str, int] = field(default_factory=dict)
    _single: Mapping[str, int] = field(init=False, repr=False, compare=False)
    _ranges: tuple[RegionUnit, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        single = {u.code_from: u.region for u in self.units if u.code_from == u.code_to}
        object.__setattr__(self, "_single", MappingProxyType(single))
        object.__setattr__(self, "_ranges", tuple(u for u in self.units if u.code_from != u.code_to))

    def region_of(self, code: str) -> int | None:
        region = self._single.get(code)
        if region is not None:
            return region
        for unit in self._ranges:
            if unit.holds(code):
                return unit.region
        return None


@dataclass(frozen=True)
class RegionFinding:
    code: str
    day: dt.date
    region: int
    source: str  # "annex" or "default"
    basis: str
    status: str


def _units(rows: list[tuple[str, str, int]]) -> tuple[RegionUnit, ...]:
    return tuple(RegionUnit(code, code, region, name) for code, name, region in rows)


def read_data(name: str) -> list[dict[str, str]]:
    """Rows of a CSV file in `params/data/` (packaged with the code)."""
    text = files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _commune_assignment(name: str, residual: Mapping[str, int] | None = None) -> RegionAssignment:
    rows = read_data(name)
    units = tuple(RegionUnit(r["code"], r["code"], int(r["region"]), r["name"]) for r in rows)
    provinces = tuple(sorted({r["province_code"] for r in rows}))
    return RegionAssignment(units, provinces, MappingProxyType(dict(residual or {})))


def _district_assignment(name: str) -> RegionAssignment:
    units: list[RegionUnit] = []
    for r in read_data(name):
        region = int(r["region"])
        units.append(RegionUnit(r["code"], r["code"], region, r["name"]))
        for run in r["communes"].split():
            first, _, last = run.partition("-")
            units.append(RegionUnit(first, last or first, region, f"communes of {r['name']} (old codes)"))
    provinces = tuple(sorted({r["province_code"] for r in read_data(name)}))
    return RegionAssignment(tuple(units), provinces, MappingProxyType(_residual("74/2024")))


def _residual(annex: str) -> dict[str, int]:
    """Province → the region the annex gives to the areas it does not name ("các xã, phường còn lại")."""
    return {
        r["province_code"]: int(r["region"]) for r in read_data("residual-regions.csv") if r["annex"] == annex
    }


# Before 2024-07-01 (annexes of Decrees 103/2012 … 38/2022 not found): Lạng Sơn only. Thành phố Lạng Sơn (district
# 178) region III, the other ten districts region IV. The city's old commune codes are 05971..05992 (5 wards,
# 3 communes, GSO list of 2025-01-04; 05998 is Xã Khánh Long of Tràng Định).
_LANG_SON_DISTRICTS = [
    ("178", "Thành phố Lạng Sơn", 3),
    ("180", "Huyện Tràng Định", 4),
    ("181", "Huyện Bình Gia", 4),
    ("182", "Huyện Văn Lãng", 4),
    ("183", "Huyện Cao Lộc", 4),
    ("184", "Huyện Văn Quan", 4),
    ("185", "Huyện Bắc Sơn", 4),
    ("186", "Huyện Hữu Lũng", 4),
    ("187", "Huyện Chi Lăng", 4),
    ("188", "Huyện Lộc Bình", 4),
    ("189", "Huyện Đình Lập", 4),
]
DISTRICT_ANNEX = RegionAssignment(
    units=(
        RegionUnit("05971", "05992", 3, "communes of Thành phố Lạng Sơn (old codes)"),
        *_units(_LANG_SON_DISTRICTS),
    ),
    provinces=(),  # old commune codes of the other Lạng Sơn districts are not listed: they fall to the default (IV)
)

# 2024-07-01..2025-06-30: Decree 74/2024 annex, every district of the 63 provinces and its old commune codes.
ANNEX_74_2024 = _district_assignment("regions-2024-07-01.csv")
# 2025-07-01..2025-12-31: every new commune, highest Decree 74/2024 region of the old districts it was formed from.
DERIVED_2025 = _commune_assignment("regions-2025-07-01.csv")
# From 2026-01-01: Decree 293/2025 annex, every new commune (listed, or the province's residual region).
ANNEX_293_2025 = _commune_assignment("regions-2026-01-01.csv", _residual("293/2025"))
COMMUNE_ANNEX = ANNEX_293_2025  # the name earlier code used for the commune-level annex

# 1995-01-01..2012-12-31: no area held (see the module docstring); every code falls to the default region.
NO_ANNEX_HELD = RegionAssignment(units=(), provinces=())

REGION_ASSIGNMENT = chain(
    "minimum_wage_region_assignment",
    "region by area",
    [
        (
            "1995-01-01",
            NO_ANNEX_HELD,
            "No area held: before 2009 no regional minimum wage is in the tables (the floor is the general minimum "
            "wage); the annexes of Decrees 110/2008, 97/2009, 108/2010 and 70/2011 (2009–2012) were not found — "
            "every code at the default region IV",
            "UNVERIFIED",
        ),
        (
            "2013-01-01",
            DISTRICT_ANNEX,
            "Annex of Decrees 103/2012, 182/2013, 103/2014, 122/2015, 153/2016, 141/2017, 157/2018, 90/2019, "
            "38/2022 (Lạng Sơn only: city region III, other districts IV; other provinces not held)",
            "UNVERIFIED",
        ),
        (
            "2024-07-01",
            ANNEX_74_2024,
            "Decree 74/2024/NĐ-CP Annex: the districts of all 63 provinces (text from two public apps; districts "
            "as in the GSO list of 2025-01-04, mergers of 2024-2025 at the highest region of their parts)",
            "3P",
        ),
        (
            "2025-07-01",
            DERIVED_2025,
            "Regions of the merged communes derived from the Decree 74/2024 annex by the highest-region rule "
            "(Decree 74/2024 Art 2; the text of any Decree 128/2025 rule for this period was not read)",
            "UNVERIFIED",
        ),
        (
            "2026-01-01",
            ANNEX_293_2025,
            "Decree 293/2025/NĐ-CP Annex: the communes, wards and special zones of all 34 provinces (text from "
            "two public apps), the others at their province's residual region",
            "3P",
        ),
    ],
    description="Minimum-wage region of a commune (or, before 2025-07-01, a district).",
)


def lookup_region(code: str, day: dt.date) -> RegionFinding:
    """The region of the area `code` on `day`, with where it came from (annex or default).

    Raises RuleError (no_rule_for_date) for a day before 1995-01-01 (the tables' first day); from 1995 to 2012 no
    area is held and every code is at the default."""
    code = code.strip()
    entry = REGION_ASSIGNMENT.entry(day)
    region = entry.value.region_of(code)
    if region is None:
        return RegionFinding(
            code,
            day,
            DEFAULT_REGION,
            "default",
            "area not in the annexes held by ansinh: default region IV (see ansinh.rules.params.regions)",
            "UNVERIFIED",
        )
    return RegionFinding(code, day, region, "annex", entry.basis, entry.status)


def region_for(commune_code: str, day: dt.date) -> int:
    """Region (1..4) of a commune (or, before 2025-07-01, an old district) on `day`; region IV when unknown."""
    return lookup_region(commune_code, day).region
