"""Which minimum-wage region (I..IV) a workplace is in: commune → region, effective-dated.

Each decree on regional minimum wages has an annex listing the areas of regions I, II and III; in each province the
areas not listed belong to the province's lowest region ("các xã, phường còn lại"). Until 2025-06-30 the annexes
named districts (huyện, thành phố thuộc tỉnh); from 2025-07-01 (the two-level local government, 34 provinces) they
name the new communes and wards.

Codes are GSO codes (Decision 19/2025/QĐ-TTg for the new units, as shipped in the PyPI package vietnam-provinces
2025.10.1): 5-digit commune codes, or, before 2025-07-01, also a 3-digit district code. New communes often reuse
the code of one of the old units they absorbed, so a code means an old unit before 2025-07-01 and a new one after:
`region_for` reads it in the assignment in force on the day asked.

Held so far: Lạng Sơn (province code 20).

Default: a code not listed is in **region IV**. IV is the residual region of most provinces and the lowest one, so
a salary at the regional minimum is never wrongly rejected; the price is that the UI ceiling (20 × regional minimum
wage) may be too low for a high earner in a higher region. `lookup_region` says when the default was used, and the
calculators show it in their steps, so the officer can enter the region by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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
    """The areas of one annex that ansinh holds; `provinces` names the provinces covered completely."""

    units: tuple[RegionUnit, ...]
    provinces: tuple[str, ...]

    def region_of(self, code: str) -> int | None:
        for unit in self.units:
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


# Before 2025-07-01. Lạng Sơn: Thành phố Lạng Sơn (district 178) region III, the other ten districts region IV.
# The city's old commune codes 05977..05998 (5 wards, 3 communes) follow the GSO numbering: the next district,
# Tràng Định, starts at 06001, and a public GSO extract lists 05977 Phường Vĩnh Trại under district 178.
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
    units=(RegionUnit("05977", "05998", 3, "communes of Thành phố Lạng Sơn (old codes)"),
           *_units(_LANG_SON_DISTRICTS)),
    provinces=(),  # old commune codes of the other Lạng Sơn districts are not listed: they fall to the default (IV)
)

# From 2025-07-01: the 65 communes and wards of Lạng Sơn. Region III: the four wards formed from the former city
# (Tam Thanh ← Tam Thanh + Hoàng Đồng; Lương Văn Tri ← Chi Lăng + Quảng Lạc; Kỳ Lừa ← Hoàng Văn Thụ + parts of
# Cao Lộc district; Đông Kinh ← Vĩnh Trại + Đông Kinh + Mai Pha + Yên Trạch). An area formed from areas of
# different regions takes the highest (rule repeated in each decree's Art 2), so Kỳ Lừa and Đông Kinh are III.
_LANG_SON_COMMUNES = [
    ("05977", "Phường Đông Kinh", 3),
    ("05983", "Phường Lương Văn Tri", 3),
    ("05986", "Phường Tam Thanh", 3),
    ("06001", "Xã Đoàn Kết", 4),
    ("06016", "Xã Quốc Khánh", 4),
    ("06019", "Xã Tân Tiến", 4),
    ("06037", "Xã Kháng Chiến", 4),
    ("06040", "Xã Thất Khê", 4),
    ("06046", "Xã Tràng Định", 4),
    ("06058", "Xã Quốc Việt", 4),
    ("06073", "Xã Hoa Thám", 4),
    ("06076", "Xã Quý Hòa", 4),
    ("06079", "Xã Hồng Phong", 4),
    ("06085", "Xã Thiện Hòa", 4),
    ("06091", "Xã Thiện Thuật", 4),
    ("06103", "Xã Thiện Long", 4),
    ("06112", "Xã Bình Gia", 4),
    ("06115", "Xã Tân Văn", 4),
    ("06148", "Xã Thụy Hùng", 4),
    ("06151", "Xã Hội Hoan", 4),
    ("06154", "Xã Văn Lãng", 4),
    ("06172", "Xã Hoàng Văn Thụ", 4),
    ("06184", "Xã Đồng Đăng", 4),
    ("06187", "Phường Kỳ Lừa", 3),
    ("06193", "Xã Cao Lộc", 4),
    ("06202", "Xã Ba Sơn", 4),
    ("06214", "Xã Na Sầm", 4),
    ("06220", "Xã Công Sơn", 4),
    ("06253", "Xã Văn Quan", 4),
    ("06280", "Xã Điềm He", 4),
    ("06286", "Xã Khánh Khê", 4),
    ("06298", "Xã Yên Phúc", 4),
    ("06313", "Xã Tri Lễ", 4),
    ("06316", "Xã Tân Đoàn", 4),
    ("06325", "Xã Bắc Sơn", 4),
    ("06337", "Xã Tân Tri", 4),
    ("06349", "Xã Hưng Vũ", 4),
    ("06364", "Xã Vũ Lễ", 4),
    ("06367", "Xã Vũ Lăng", 4),
    ("06376", "Xã Nhất Hòa", 4),
    ("06385", "Xã Hữu Lũng", 4),
    ("06391", "Xã Yên Bình", 4),
    ("06400", "Xã Hữu Liên", 4),
    ("06415", "Xã Vân Nham", 4),
    ("06421", "Xã Thiện Tân", 4),
    ("06427", "Xã Cai Kinh", 4),
    ("06445", "Xã Tân Thành", 4),
    ("06457", "Xã Tuấn Sơn", 4),
    ("06463", "Xã Chi Lăng", 4),
    ("06475", "Xã Bằng Mạc", 4),
    ("06481", "Xã Chiến Thắng", 4),
    ("06496", "Xã Nhân Lý", 4),
    ("06505", "Xã Vạn Linh", 4),
    ("06517", "Xã Quan Sơn", 4),
    ("06526", "Xã Na Dương", 4),
    ("06529", "Xã Lộc Bình", 4),
    ("06541", "Xã Mẫu Sơn", 4),
    ("06565", "Xã Khuất Xá", 4),
    ("06577", "Xã Thống Nhất", 4),
    ("06601", "Xã Lợi Bác", 4),
    ("06607", "Xã Xuân Dương", 4),
    ("06613", "Xã Đình Lập", 4),
    ("06616", "Xã Thái Bình", 4),
    ("06625", "Xã Kiên Mộc", 4),
    ("06637", "Xã Châu Sơn", 4),
]
COMMUNE_ANNEX = RegionAssignment(units=_units(_LANG_SON_COMMUNES), provinces=("20",))

REGION_ASSIGNMENT = chain(
    "minimum_wage_region_assignment",
    "region by area",
    [
        ("2013-01-01", DISTRICT_ANNEX,
         "Annex of Decrees 103/2012, 182/2013, 103/2014, 122/2015, 153/2016, 141/2017, 157/2018, 90/2019, 38/2022, "
         "74/2024 (Lạng Sơn: city region III, other districts IV)", "UNVERIFIED"),
        ("2025-07-01", COMMUNE_ANNEX,
         "Decree 128/2025/NĐ-CP: regions of the merged communes (derived from the Decree 74/2024 annex by the "
         "highest-region rule; same lists as the 2026 annex)", "UNVERIFIED"),
        ("2026-01-01", COMMUNE_ANNEX, "Decree 293/2025/NĐ-CP Annex, Lạng Sơn: region III phường Tam Thanh, Lương "
         "Văn Tri, Kỳ Lừa, Đông Kinh; region IV the other communes and wards", "3P"),
    ],
    description="Minimum-wage region of a commune (or, before 2025-07-01, a district).",
)


def lookup_region(code: str, day: dt.date) -> RegionFinding:
    """The region of the area `code` on `day`, with where it came from (annex or default).

    Raises RuleError (no_rule_for_date) for a day before the first assignment held (2013-01-01)."""
    code = code.strip()
    entry = REGION_ASSIGNMENT.entry(day)
    region = entry.value.region_of(code)
    if region is None:
        return RegionFinding(code, day, DEFAULT_REGION, "default",
                             "area not in the annexes held by ansinh: default region IV (see ansinh.rules.params."
                             "regions)", "UNVERIFIED")
    return RegionFinding(code, day, region, "annex", entry.basis, entry.status)


def region_for(commune_code: str, day: dt.date) -> int:
    """Region (1..4) of a commune (or, before 2025-07-01, an old district) on `day`; region IV when unknown."""
    return lookup_region(commune_code, day).region
