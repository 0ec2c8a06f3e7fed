"""Build the minimum-wage region tables (CSV) read by `ansinh.rules.params.regions` from the annex texts.

Run from the repository root after changing an annex text or the unit lists (standard library only):

    .venv/bin/python src/ansinh/rules/params/data/build_regions.py          # write the CSV files, print the report
    .venv/bin/python src/ansinh/rules/params/data/build_regions.py --check  # exit 1 if the files in git differ

Inputs:
- `annex-293-2025.txt`: the Decree 293/2025 annex (communes and wards by region, from 2026-01-01);
- `annex-74-2024.txt`: the Decree 74/2024 annex (districts by region, 2024-07-01..2025-12-31);
- the GSO unit lists converted from PyPI vietnam-provinces (0.6.0: 63 provinces, 696 districts, 10,051 communes;
  2025.10.1: 34 provinces, 3,321 communes) and the old → new commune map, all in `ansinh/places/reference/`.

Outputs, next to this script:
- `regions-2026-01-01.csv`: every new commune with its Decree 293 region (`basis`: the name as the annex writes it,
  or `residual` for "các xã, phường còn lại");
- `regions-2025-07-01.csv`: every new commune with the highest Decree 74/2024 region of the old districts its old
  communes belonged to (`basis` lists them);
- `regions-2024-07-01.csv`: every old district with its Decree 74/2024 region and the old commune codes it held
  (as runs of consecutive codes in the GSO list);
- `residual-regions.csv`: per annex and province, the region of the areas the annex does not name, with the text.

Names are matched within the province after folding: Unicode NFC, old/new tone-mark placement ("Hoà" = "Hòa"),
then without tone marks, "đ" = "d", dashes and the spaces around "-" and "'" ignored, and the kind (phường, xã, đặc
khu; quận, huyện, thị xã, thành phố) taken from the annex wording. A name matched only without tone marks must be
unique. Unmatched names are printed and written to no file (so the area falls to the province's residual region).
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLACES = HERE.parents[2] / "places" / "reference"
UNITS_NEW = PLACES / "units-from-2025-07-01.csv"
UNITS_OLD = PLACES / "units-until-2025-06-30.csv"
COMMUNE_MAP = PLACES / "commune-map-2025.csv"
ANNEX_293 = HERE / "annex-293-2025.txt"
ANNEX_74 = HERE / "annex-74-2024.txt"
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}

# Names the annex spells as two units lost their separating comma in the published text; read as both.
SPLIT_293 = {("79", "Tân Nhựt Bình Chánh"): ["Tân Nhựt", "Bình Chánh"]}

# A name the annex text has that no unit of the province bears, read as the unit meant. Phường "Tân Thạnh" is
# listed among the inner wards of the former Tân Bình / Tân Phú districts (all region I); the province has no such
# ward, and phường Tây Thạnh (27013, former Tân Phú district) is the one inner ward the list otherwise leaves out.
# Matching it to phường Tân Thành (26725, Phú Mỹ, listed separately) only by dropping tone marks would be wrong.
CORRECTIONS_293 = {("79", "Tân Thạnh"): "Tây Thạnh"}

# Decree 74/2024 areas that the GSO list of 2025-01-04 no longer has under that name: district mergers and
# splits of 2024-11..2025-01 (Resolutions of the NA Standing Committee). The merged unit gets every region named
# for its parts, so the highest wins (Art 2 of the decree: an area formed from areas of different regions takes
# the highest).
ALIASES_74 = {
    ("46", "thanh pho hue"): ["474", "475"],  # Thành phố Huế → Quận Thuận Hóa + Quận Phú Xuân (2025-01-01)
    ("37", "thanh pho ninh binh"): [
        "374"
    ],  # Thành phố Ninh Bình + huyện Hoa Lư → Thành phố Hoa Lư (2025-01-01)
    ("37", "huyen hoa lu"): ["374"],
    ("36", "huyen my loc"): ["356"],  # huyện Mỹ Lộc merged into Thành phố Nam Định (2025-01-01)
    ("24", "huyen yen dung"): ["213"],  # huyện Yên Dũng merged into Thành phố Bắc Giang
    ("40", "thi xa cua lo"): ["412"],  # thị xã Cửa Lò merged into Thành phố Vinh
    ("38", "huyen dong son"): ["380"],  # huyện Đông Sơn merged into Thành phố Thanh Hóa
    ("77", "huyen long dien"): ["753"],  # huyện Long Điền + huyện Đất Đỏ → huyện Long Đất
    ("77", "huyen dat do"): ["753"],
}

TONE_PLACEMENT = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}


def tidy(name: str) -> str:
    """NFC, lower case, new-style tone placement, one spelling of dashes and apostrophes, single spaces."""
    s = unicodedata.normalize("NFC", name).lower()
    for old, new in TONE_PLACEMENT.items():
        s = s.replace(old, new)
    s = re.sub(r"\s*[-–—]\s*", "-", s)
    s = re.sub(r"\s*['’]\s*", "'", s)
    return re.sub(r"\s+", " ", s).strip()


def fold(name: str) -> str:
    s = unicodedata.normalize("NFD", tidy(name).replace("đ", "d"))
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


COMMUNE_KINDS = (
    ("các phường ", "phường"),
    ("phường ", "phường"),
    ("các xã ", "xã"),
    ("xã ", "xã"),
    ("các đặc khu ", "đặc khu"),
    ("đặc khu ", "đặc khu"),
)
DISTRICT_KINDS = (
    ("các quận ", "quận"),
    ("quận ", "quận"),
    ("các huyện ", "huyện"),
    ("huyện ", "huyện"),
    ("các thị xã ", "thị xã"),
    ("thị xã ", "thị xã"),
    ("các thành phố ", "thành phố"),
    ("thành phố ", "thành phố"),
)


def split_kind(name: str, kinds: tuple[tuple[str, str], ...]) -> tuple[str | None, str]:
    low = tidy(name)
    for prefix, kind in kinds:
        if low.startswith(tidy(prefix)):
            return kind, name.strip()[len(prefix) :].strip()
    return None, name.strip()


def read_units(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


class Matcher:
    """Finds a unit of one province by (kind, name) as an annex writes it."""

    def __init__(self, units: list[dict[str, str]], kinds: tuple[tuple[str, str], ...]) -> None:
        self.exact: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
        self.loose: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
        for u in units:
            kind, bare = split_kind(u["name"], kinds)
            kind = kind or u["division_type"]
            self.exact[(u["province_code"], kind, tidy(bare))].append(u)
            self.loose[(u["province_code"], kind, fold(bare))].append(u)

    def find(self, province: str, kind: str, name: str) -> tuple[dict[str, str] | None, str]:
        """The unit and how it was found: "exact" (tone marks and all) or "loose" (without tone marks)."""
        exact = self.exact.get((province, kind, tidy(name)), [])
        if len(exact) == 1:
            return exact[0], "exact"
        loose = self.loose.get((province, kind, fold(name)), [])
        return (loose[0], "loose") if len(loose) == 1 and not exact else (None, "")


# --- Decree 293/2025 -----------------------------------------------------------------------------------------------


def parse_293(text: str) -> list[tuple[str, int, str | None, str | None]]:
    """(province name, region, kind, name) per listed unit; (province, region, None, None) for a residual line."""
    out: list[tuple[str, int, str | None, str | None]] = []
    province = ""
    for line in text.splitlines():
        if line.startswith("## "):
            province = line[3:].split(". ", 1)[1].strip()
            continue
        m = re.match(r"Vùng (I|II|III|IV), gồm (.*)\.$", line)
        if not m:
            continue
        region, body = ROMAN[m.group(1)], m.group(2)
        if "còn lại" in body:
            out.append((province, region, None, None))
            continue
        kind: str | None = None
        for item in re.split(r"\s*[,;]\s*|\s+và\s+", body):
            found, bare = split_kind(item, COMMUNE_KINDS)
            kind = found or kind
            out.append((province, region, kind, bare))
    return out


def build_293(report: list[str], residual_rows: list[dict[str, str]]) -> list[dict[str, str]]:
    units = [u for u in read_units(UNITS_NEW) if u["level"] == "commune"]
    provinces = {fold(u["name"]): u["code"] for u in read_units(UNITS_NEW) if u["level"] == "province"}
    matcher = Matcher(units, COMMUNE_KINDS)
    listed: dict[str, tuple[int, str]] = {}
    residual: dict[str, int] = {}
    texts = {
        m.group(1): m.group(2)
        for m in re.finditer(
            r"^## \d+\. (.*)\n(?:Vùng .*\n)*?(Vùng .*còn lại\.)$", ANNEX_293.read_text(encoding="utf-8"), re.M
        )
    }
    for province_name, region, kind, name in parse_293(ANNEX_293.read_text(encoding="utf-8")):
        province = provinces[fold(province_name)]
        if name is None:
            residual[province] = region
            residual_rows.append(
                {
                    "annex": "293/2025",
                    "province_code": province,
                    "province_name": province_name,
                    "region": str(region),
                    "text": texts[province_name],
                }
            )
            continue
        assert kind is not None, name
        for part in SPLIT_293.get((province, name), [name]):
            unit, how = matcher.find(province, kind, CORRECTIONS_293.get((province, part), part))
            if unit is None:
                report.append(f"293 {province} {province_name}: vùng {region} {kind} {part!r} not matched")
                continue
            if how == "loose" or (province, part) in CORRECTIONS_293:
                report.append(
                    f"293 {province}: {kind} {part!r} matched {how or 'by correction'} to {unit['name']}"
                )
            if unit["code"] in listed:
                report.append(f"293 {province}: {unit['name']} listed twice")
            listed[unit["code"]] = (region, f"{kind} {part}")
            if part != name:
                report.append(
                    f"293 {province}: '{name}' read as two units, matched '{part}' = {unit['name']}"
                )
    rows = []
    for u in units:
        province = u["province_code"]
        if province not in residual:
            raise SystemExit(f"293: province {province} has no residual region")
        region, basis = listed.get(u["code"], (residual[province], "residual"))
        rows.append(
            {
                "province_code": province,
                "code": u["code"],
                "name": u["name"],
                "region": str(region),
                "basis": basis,
            }
        )
    return rows


# --- Decree 74/2024 ------------------------------------------------------------------------------------------------

OLD_PROVINCE_ALIASES = {"tinh thua thien hue": "46", "tinh hoa binh": "17"}


def parse_74(text: str) -> list[tuple[int, str, str]]:
    """(region, province name, area list) per annex item; the residual region IV as (4, "", "")."""
    out = []
    region = 0
    for line in text.splitlines():
        if line.startswith("## Vùng "):
            region = ROMAN[line.split()[-1]]
            continue
        line = line.strip().rstrip(";.")
        if not line or line.startswith("#"):
            continue
        if region == 4:
            out.append((4, "", ""))
            continue
        if " thuộc " in line and not line.startswith("Các thành phố trực thuộc tỉnh còn lại"):
            areas, province = line.rsplit(" thuộc ", 1)
        else:
            areas, province = line, ""
        out.append((region, province, areas))
    return out


def build_74(report: list[str]) -> list[dict[str, str]]:
    rows = read_units(UNITS_OLD)
    provinces = {fold(u["name"]): u["code"] for u in rows if u["level"] == "province"}
    provinces.update(OLD_PROVINCE_ALIASES)
    districts = [u for u in rows if u["level"] == "district"]
    by_code = {d["code"]: d for d in districts}
    matcher = Matcher(districts, DISTRICT_KINDS)
    region_of: dict[str, tuple[int, str]] = {}

    def give(code: str, region: int, basis: str) -> None:
        if code not in region_of or region_of[code][0] > region:  # highest region (lowest number) wins
            region_of[code] = (region, basis)

    rest: list[tuple[int, str, str]] = []  # "các huyện còn lại" etc., applied after the named areas
    for region, province_name, areas in parse_74(ANNEX_74.read_text(encoding="utf-8")):
        if region == 4 or not province_name:
            rest.append((region, "", areas))
            continue
        province = provinces[fold(province_name)]
        low = tidy(areas)
        if low in ("các huyện còn lại", "các quận, huyện", "các quận", "các huyện"):
            rest.append((region, province, low))
            continue
        kind = None
        for item in re.split(r"\s*[,;]\s*|\s+và\s+", areas):
            if tidy(item) == "các quận":  # "Các quận và các huyện …": every quận of the province
                for d in districts:
                    if d["province_code"] == province and d["division_type"] == "quận":
                        give(d["code"], region, "các quận")
                continue
            found, bare = split_kind(item, DISTRICT_KINDS)
            kind = found or kind
            assert kind is not None, item
            alias = ALIASES_74.get((province, fold(f"{kind} {bare}")))
            if alias:
                for code in alias:
                    give(code, region, f"{kind} {bare} (merged into {by_code[code]['name']})")
                report.append(
                    f"74 {province}: {kind} {bare} → {', '.join(by_code[c]['name'] for c in alias)}"
                )
                continue
            unit, how = matcher.find(province, kind, bare)
            for _, other in DISTRICT_KINDS:  # a huyện that became a thị xã or thành phố by 2025-01-04
                if unit is None:
                    unit, how = matcher.find(province, other, bare)
            if how == "loose":
                report.append(
                    f"74 {province}: {kind} {bare} matched without tone marks to {unit and unit['name']}"
                )
            if unit is None:
                report.append(f"74 {province} {province_name}: vùng {region} {kind} {bare!r} not matched")
                continue
            if unit["division_type"] != kind:
                report.append(f"74 {province}: {kind} {bare} is {unit['name']} in the 2025-01-04 list")
            give(unit["code"], region, f"{kind} {bare}")
    for region, province, what in rest:
        for d in districts:
            if d["code"] in region_of:
                continue
            if region == 4:
                region_of[d["code"]] = (4, "residual (vùng IV: các địa bàn còn lại)")
            elif (
                not province and d["division_type"] == "thành phố" and d["province_code"] not in ("01", "79")
            ):
                region_of[d["code"]] = (region, "residual (các thành phố trực thuộc tỉnh còn lại)")
            elif d["province_code"] == province and (
                (what == "các huyện còn lại" and d["division_type"] == "huyện")
                or (what == "các quận, huyện" and d["division_type"] in ("quận", "huyện"))
                or (what == "các quận" and d["division_type"] == "quận")
                or (what == "các huyện" and d["division_type"] == "huyện")
            ):
                region_of[d["code"]] = (region, f"residual ({what})")
    communes: dict[str, list[str]] = defaultdict(list)
    for u in rows:
        if u["level"] == "commune":
            communes[u["parent_code"]].append(u["code"])
    all_old = sorted(int(c) for codes in communes.values() for c in codes)
    out = []
    for d in districts:
        region, basis = region_of[d["code"]]
        out.append(
            {
                "province_code": d["province_code"],
                "code": d["code"],
                "name": d["name"],
                "region": str(region),
                "basis": basis,
                "communes": " ".join(contiguous(all_old, communes[d["code"]])),
            }
        )
    return out


def contiguous(all_codes: list[int], codes: list[str]) -> list[str]:
    """Runs of `codes` that are consecutive among `all_codes` (GSO numbering leaves gaps between communes)."""
    position = {c: i for i, c in enumerate(all_codes)}
    mine = sorted(int(c) for c in codes)
    out: list[str] = []
    run: list[int] = []
    for n in mine:
        if run and position[n] != position[run[-1]] + 1:
            out.append(f"{run[0]:05d}" if len(run) == 1 else f"{run[0]:05d}-{run[-1]:05d}")
            run = []
        run.append(n)
    if run:
        out.append(f"{run[0]:05d}" if len(run) == 1 else f"{run[0]:05d}-{run[-1]:05d}")
    return out


# --- 2025-07-01..2025-12-31: derived --------------------------------------------------------------------------------


def build_derived(old_rows: list[dict[str, str]], report: list[str]) -> list[dict[str, str]]:
    district_region = {r["code"]: int(r["region"]) for r in old_rows}
    old_units = read_units(UNITS_OLD)
    parent = {u["code"]: u["parent_code"] for u in old_units if u["level"] == "commune"}
    old_districts = {u["code"]: u for u in old_units if u["level"] == "district"}
    parts: dict[str, set[str]] = defaultdict(set)
    for m in read_units(COMMUNE_MAP):
        parts[m["new_commune_code"]].add(parent[m["old_commune_code"]])
    out = []
    for u in read_units(UNITS_NEW):
        if u["level"] != "commune":
            continue
        districts = sorted(parts.get(u["code"], set()))
        if not districts and u["code"] in parent:  # not in the map: the old commune whose code it kept
            districts = [parent[u["code"]]]
            report.append(
                f"derived {u['code']} {u['name']}: not in the commune map, read through old commune "
                f"{u['code']} (district {districts[0]})"
            )
        if (
            not districts
        ):  # a special zone formed from an old huyện that had no communes (Bạch Long Vĩ, Côn Đảo …)
            _, bare = split_kind(u["name"], COMMUNE_KINDS)
            districts = [
                code for code, d in old_districts.items() if fold(d["name"]) == fold(f"Huyện {bare}")
            ]
            report.append(
                f"derived {u['code']} {u['name']}: no old commune; read through old district(s) "
                f"{', '.join(old_districts[c]['name'] + ' ' + c for c in districts) or 'none'}"
            )
        if not districts:
            continue
        region = min(district_region[d] for d in districts)
        basis = "highest of old districts " + " ".join(f"{d}:{district_region[d]}" for d in districts)
        out.append(
            {
                "province_code": u["province_code"],
                "code": u["code"],
                "name": u["name"],
                "region": str(region),
                "basis": basis,
            }
        )
    return out


def to_csv(rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def build() -> tuple[dict[str, str], list[str]]:
    report: list[str] = []
    residual_rows: list[dict[str, str]] = []
    new_rows = build_293(report, residual_rows)
    old_rows = build_74(report)
    for u in read_units(UNITS_OLD):
        if u["level"] == "province":
            residual_rows.append(
                {
                    "annex": "74/2024",
                    "province_code": u["code"],
                    "province_name": u["name"],
                    "region": "4",
                    "text": "Vùng IV, gồm các địa bàn còn lại",
                }
            )
    derived = build_derived(old_rows, report)
    files = {
        "regions-2026-01-01.csv": to_csv(new_rows),
        "regions-2025-07-01.csv": to_csv(derived),
        "regions-2024-07-01.csv": to_csv(old_rows),
        "residual-regions.csv": to_csv(residual_rows),
    }
    return files, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the CSV files differ from a fresh build"
    )
    args = parser.parse_args()
    files, report = build()
    for line in report:
        print(line)
    if args.check:
        stale = [n for n, text in files.items() if (HERE / n).read_text(encoding="utf-8") != text]
        for n in stale:
            print(f"stale: {n}", file=sys.stderr)
        return 1 if stale else 0
    for name, text in files.items():
        (HERE / name).write_text(text, encoding="utf-8")
        print(f"wrote {name}: {text.count(chr(10)) - 1} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
