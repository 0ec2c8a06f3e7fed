"""Minimum-wage regions of every province: the three assignments held (Decree 74/2024 by district, the 2025 derived
one, Decree 293/2025 by commune) against the annex texts and the GSO unit lists (PyPI vietnam-provinces)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from ansinh.rules.params import regions
from ansinh.rules.params.data import build_regions

DATA = Path(regions.__file__).resolve().parent / "data"
PLACES = Path(regions.__file__).resolve().parents[2] / "places" / "reference"
D2024, D2025, D2026 = dt.date(2025, 3, 1), dt.date(2025, 9, 1), dt.date(2026, 3, 1)


def units(name: str) -> list[dict[str, str]]:
    with (PLACES / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


NEW = [u for u in units("units-from-2025-07-01.csv") if u["level"] == "commune"]
OLD = units("units-until-2025-06-30.csv")
NEW_PROVINCES = {u["code"] for u in units("units-from-2025-07-01.csv") if u["level"] == "province"}
OLD_PROVINCES = {u["code"] for u in OLD if u["level"] == "province"}


def annex_293_region_of(province: str, name: str) -> int:
    """The region whose line of `province` in the annex text names `name` (as a whole item)."""
    block = re.search(
        rf"^## \d+\. {province}\n(.*?)(?=^## |\Z)",
        (DATA / "annex-293-2025.txt").read_text("utf-8"),
        re.M | re.S,
    )
    assert block, province
    found = [
        roman
        for roman, body in re.findall(r"^Vùng (I|II|III|IV), gồm (.*)$", block.group(1), re.M)
        if re.search(rf"(?:^|[ ,;]){re.escape(name)}(?=[,;.]| và )", body)
    ]
    assert len(found) == 1, (province, name, found)
    return build_regions.ROMAN[found[0]]


# --- Decree 293/2025 (from 2026-01-01) -----------------------------------------------------------------------------

ANNEX_293_CASES = [
    # (province as in the annex, name as in the annex, GSO code, region)
    ("Thành phố Hà Nội", "Hoàn Kiếm", "00070", 1),
    ("Thành phố Hà Nội", "Sóc Sơn", "00376", 1),
    ("Thành phố Hồ Chí Minh", "Sài Gòn", "26740", 1),
    ("Thành phố Hồ Chí Minh", "Thủ Dầu Một", "25747", 1),
    ("Thành phố Hồ Chí Minh", "Vũng Tàu", "26506", 1),
    ("Thành phố Hồ Chí Minh", "Bà Rịa", "26560", 2),
    ("Thành phố Hồ Chí Minh", "Côn Đảo", "26732", 2),
    ("Tỉnh Lạng Sơn", "Tam Thanh", "05986", 3),
    ("Thành phố Đà Nẵng", "Hải Châu", "20242", 2),
    ("Thành phố Đà Nẵng", "Hoàng Sa", "20333", 2),
    ("Tỉnh Quảng Ninh", "Vân Đồn", "06994", 3),
    ("Thành phố Cần Thơ", "Ninh Kiều", "31135", 2),
    ("Tỉnh Cà Mau", "An Xuyên", "32002", 2),
]


@pytest.mark.parametrize(("province", "name", "code", "region"), ANNEX_293_CASES, ids=lambda v: str(v))
def test_293_listed_communes_have_the_region_of_the_annex_text(
    province: str, name: str, code: str, region: int
) -> None:
    assert annex_293_region_of(province, name) == region
    finding = regions.lookup_region(code, D2026)
    assert (finding.region, finding.source) == (region, "annex")
    assert "293/2025" in finding.basis


@pytest.mark.parametrize(
    ("code", "province", "region"),
    [
        ("09700", "01", 2),  # Xã Ba Vì, Hà Nội: "Vùng II, gồm các xã, phường còn lại"
        ("26632", "79", 3),  # Xã Xuyên Mộc, TP Hồ Chí Minh: "Vùng III, gồm các xã, phường và đặc khu còn lại"
        ("06184", "20", 4),  # Xã Đồng Đăng, Lạng Sơn: "Vùng IV, gồm các xã, phường còn lại"
        ("07192", "22", 4),  # Đặc khu Cô Tô, Quảng Ninh: "Vùng IV, gồm các xã, phường và đặc khu còn lại"
    ],
)
def test_293_unlisted_communes_take_their_province_residual_region(
    code: str, province: str, region: int
) -> None:
    assert regions.ANNEX_293_2025.residual[province] == region
    assert regions.lookup_region(code, D2026).region == region
    assert regions.lookup_region(code, D2026).source == "annex"


def test_293_every_province_has_its_residual_region() -> None:
    residual = regions.ANNEX_293_2025.residual
    assert set(residual) == NEW_PROVINCES
    text = {
        r["province_code"]: r["text"]
        for r in regions.read_data("residual-regions.csv")
        if r["annex"] == "293/2025"
    }
    region_of = {u.code_from: u.region for u in regions.ANNEX_293_2025.units}
    for province, region in residual.items():
        assert "còn lại" in text[province]
        assert text[province].startswith(f"Vùng {'I' * region if region < 4 else 'IV'},")
        mine = [r for r in regions.read_data("regions-2026-01-01.csv") if r["province_code"] == province]
        # the residual region is the province's lowest, and every unlisted commune has it (Hải Phòng lists all its
        # 114 communes in regions I and II: its residual region III applies to none)
        assert region >= max(int(r["region"]) for r in mine)
        assert all(region_of[r["code"]] == region for r in mine if r["basis"] == "residual")
        assert any(r["basis"] == "residual" for r in mine) or province == "31"


def test_293_corrections_of_the_annex_text() -> None:
    # "Tân Nhựt Bình Chánh" (HCM, region I) is two communes; "Tân Thạnh" is read as phường Tây Thạnh
    assert regions.region_for("27595", D2026) == 1  # Xã Tân Nhựt
    assert regions.region_for("27637", D2026) == 1  # Xã Bình Chánh
    assert regions.region_for("27013", D2026) == 1  # Phường Tây Thạnh
    assert regions.region_for("26725", D2026) == 1  # Phường Tân Thành (Phú Mỹ), listed in its own right


# --- Decree 74/2024 (2024-07-01..2025-06-30 by district) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "region"),
    [
        ("002", 1),  # Quận Hoàn Kiếm: "Các quận … thuộc thành phố Hà Nội"
        ("271", 2),  # Huyện Ba Vì: "Các huyện còn lại thuộc thành phố Hà Nội"
        ("760", 1),  # Quận 1, TP Hồ Chí Minh
        ("787", 2),  # Huyện Cần Giờ: "Huyện Cần Giờ thuộc Thành phố Hồ Chí Minh"
        ("718", 1),  # Thành phố Thủ Dầu Một, Bình Dương
        ("178", 3),  # Thành phố Lạng Sơn: "Các thành phố trực thuộc tỉnh còn lại"
        ("024", 3),  # Thành phố Hà Giang: idem
        ("183", 4),  # Huyện Cao Lộc, Lạng Sơn: "các địa bàn còn lại"
        ("374", 2),  # Thành phố Hoa Lư ← TP Ninh Bình (II) + huyện Hoa Lư (III): the highest
        ("475", 2),  # Quận Phú Xuân ← Thành phố Huế (II)
        ("755", 3),  # Huyện Côn Đảo, Bà Rịa - Vũng Tàu
    ],
)
def test_74_districts_have_the_region_of_the_annex_text(code: str, region: int) -> None:
    finding = regions.lookup_region(code, D2024)
    assert (finding.region, finding.source) == (region, "annex")
    assert "74/2024" in finding.basis
    assert regions.region_for(code, dt.date(2024, 7, 1)) == region


def test_74_old_communes_take_their_district_region() -> None:
    district_of = {u["code"]: u["parent_code"] for u in OLD if u["level"] == "commune"}
    for code in ("00037", "09619", "26734", "05980", "06187", "14320"):
        assert regions.region_for(code, D2024) == regions.region_for(district_of[code], D2024)
    assert regions.region_for("00037", D2024) == 1  # Phường Phúc Xá, Quận Ba Đình … (Hà Nội, quận)


def test_74_every_old_district_and_commune_is_held_once() -> None:
    assignment = regions.ANNEX_74_2024
    assert set(assignment.provinces) == OLD_PROVINCES
    districts = {u["code"]: u for u in OLD if u["level"] == "district"}
    held = {u.code_from for u in assignment.units if len(u.code_from) == 3}
    assert held == set(districts)
    runs = [u for u in assignment.units if len(u.code_from) == 5]
    for commune in (u for u in OLD if u["level"] == "commune"):
        holding = [u for u in runs if u.holds(commune["code"])]
        assert len(holding) == 1, commune
        assert holding[0].region == assignment.region_of(commune["parent_code"])


# --- 2025-07-01..2025-12-31: derived -------------------------------------------------------------------------------


def test_2025_derived_takes_the_highest_region_of_the_old_districts() -> None:
    assert regions.region_for("00070", D2025) == 1  # Phường Hoàn Kiếm ← Quận Hoàn Kiếm (I)
    assert regions.region_for("06985", D2025) == 1  # Xã Lương Minh ← Hạ Long (I) + Ba Chẽ (IV)
    assert regions.region_for("06985", D2026) == 4  # … and residual IV in the Decree 293 annex
    assert regions.region_for("26732", D2025) == 3  # Đặc khu Côn Đảo ← huyện Côn Đảo (III); II from 2026
    assert regions.region_for("05986", D2025) == 3  # Phường Tam Thanh, Lạng Sơn
    assert regions.lookup_region("05986", D2025).status == "UNVERIFIED"


# --- every assignment against the GSO lists -------------------------------------------------------------------------


@pytest.mark.parametrize("assignment", [regions.ANNEX_293_2025, regions.DERIVED_2025], ids=["293", "derived"])
def test_every_held_new_code_is_a_vietnam_provinces_commune_and_every_commune_is_held(
    assignment: regions.RegionAssignment,
) -> None:
    names = {u["code"]: u["name"] for u in NEW}
    held = {u.code_from: u.name for u in assignment.units}
    assert held == names  # same codes, same names: every commune of the 34 provinces, nothing else
    assert set(assignment.provinces) == NEW_PROVINCES
    assert all(u.region in (1, 2, 3, 4) for u in assignment.units)


def test_every_name_of_the_293_annex_is_matched_and_the_files_are_current() -> None:
    files, report = build_regions.build()
    assert not [line for line in report if "not matched" in line]
    for name, text in files.items():
        assert (DATA / name).read_text(encoding="utf-8") == text, f"{name} is stale: run build_regions.py"
    listed = [r for r in regions.read_data("regions-2026-01-01.csv") if r["basis"] != "residual"]
    items = sum(
        1
        for _, _, _, name in build_regions.parse_293((DATA / "annex-293-2025.txt").read_text("utf-8"))
        if name is not None
    )
    assert len(listed) == items + 1  # "Tân Nhựt Bình Chánh" is two communes


def test_unknown_code_still_defaults_to_region_iv() -> None:
    for day in (D2024, D2025, D2026):
        finding = regions.lookup_region("99999", day)
        assert (finding.region, finding.source) == (regions.DEFAULT_REGION, "default")
