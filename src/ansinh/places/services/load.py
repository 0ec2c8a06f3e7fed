"""Load the reference lists of administrative units and the old→new commune map (`ansinh load_places`).

Set-based and idempotent: the existing rows are read once, only missing rows are created (bulk_create) and only
changed rows are updated (bulk_update), all in one transaction. A second run over the same files changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import F

from ansinh.core.errors import ApplicationError, InvalidInput
from ansinh.core.text import fold
from ansinh.places.models import AdminUnit, Level, UnitMapping

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"
UNIT_FILES = ("units-until-2025-06-30.csv", "units-from-2025-07-01.csv")  # old generation first
MAP_FILE = "commune-map-2025.csv"
CODE_LENGTH = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}
LEVEL_ORDER = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)
BATCH = 1000

UNIT_FIELDS = ("name", "name_search", "division_type", "parent_id", "province_id", "valid_to", "source")

Progress = Callable[[str], None]
Key = tuple[str, str, dt.date]  # (level, code, valid_from)


@dataclass(frozen=True)
class UnitRow:
    line: int
    level: str
    code: str
    name: str
    division_type: str
    parent_code: str
    province_code: str
    valid_from: dt.date
    valid_to: dt.date | None
    source: str

    @property
    def key(self) -> Key:
        return (self.level, self.code, self.valid_from)


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created:,} created, {self.updated:,} updated, {self.unchanged:,} unchanged"


@dataclass
class LoadResult:
    units: Tally = field(default_factory=Tally)
    mappings: Tally = field(default_factory=Tally)
    units_in_files: int = 0
    mappings_in_file: int = 0
    provinces: tuple[str, ...] = ()
    seconds: float = 0.0

    def summary(self) -> str:
        scope = f"provinces {', '.join(self.provinces)}" if self.provinces else "whole country"
        return (
            f"load_places ({scope}): {self.units_in_files:,} units ({self.units}); "
            f"{self.mappings_in_file:,} old→new commune pairs ({self.mappings}); {self.seconds:.1f} s"
        )


# --- reading the reference files ------------------------------------------------------------------------------

def open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def _date(value: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput("reference_invalid", f"{where}: not a date (YYYY-MM-DD): {value!r}") from None


def read_units(path: Path, source: str) -> list[UnitRow]:
    rows: list[UnitRow] = []
    with open_text(path) as fh:
        reader = csv.DictReader(fh)
        for rec in reader:
            where = f"{path.name} line {reader.line_num}"
            level = rec["level"]
            if level not in CODE_LENGTH:
                raise InvalidInput("reference_invalid", f"{where}: unknown level {level!r}", field="level")
            code = rec["code"]
            if len(code) != CODE_LENGTH[level] or not code.isdigit():
                raise InvalidInput(
                    "reference_invalid", f"{where}: {level} code must be {CODE_LENGTH[level]} digits: {code!r}",
                    field="code",
                )
            rows.append(
                UnitRow(
                    line=reader.line_num, level=level, code=code, name=rec["name"],
                    division_type=rec["division_type"], parent_code=rec["parent_code"],
                    province_code=rec["province_code"], valid_from=_date(rec["valid_from"], where),
                    valid_to=_date(rec["valid_to"], where) if rec["valid_to"] else None, source=source,
                )
            )
    return rows


def read_map(path: Path) -> list[tuple[int, str, str, str]]:
    """(line, old commune code, new commune code, evidence)."""
    known = set(UnitMapping.Evidence.values)
    out = []
    with open_text(path) as fh:
        reader = csv.DictReader(fh)
        for rec in reader:
            if rec["evidence"] not in known:
                raise InvalidInput(
                    "reference_invalid", f"{path.name} line {reader.line_num}: unknown evidence {rec['evidence']!r}",
                    field="evidence",
                )
            out.append((reader.line_num, rec["old_commune_code"], rec["new_commune_code"], rec["evidence"]))
    return out


def _manifest_sources(reference_dir: Path) -> dict[str, str]:
    manifest = reference_dir / "manifest.json"
    if not manifest.exists():
        return {}
    files = json.loads(manifest.read_text(encoding="utf-8")).get("files", {})
    return {name: str(meta.get("source", name))[:200] for name, meta in files.items()}


def _find(reference_dir: Path, name: str) -> Path:
    for candidate in (reference_dir / name, reference_dir / f"{name}.gz"):
        if candidate.exists():
            return candidate
    raise ApplicationError("reference_missing", f"reference file {name} not found in {reference_dir}")


# --- choosing a province --------------------------------------------------------------------------------------

def _select_provinces(
    old_rows: list[UnitRow], new_rows: list[UnitRow], pairs: list[tuple[int, str, str, str]], codes: Iterable[str]
) -> tuple[set[str], set[str]]:
    """Province codes to load in each generation for `--province`: the province itself in both generations,
    the new province(s) its old communes went to, and the old provinces merged into it."""
    wanted = set(codes)
    old_prov = {r.code: r.province_code for r in old_rows if r.level == Level.COMMUNE}
    new_prov = {r.code: r.province_code for r in new_rows if r.level == Level.COMMUNE}
    old_sel, new_sel = set(wanted), set(wanted)
    for _, old, new, _ in pairs:
        if old_prov.get(old) in wanted:
            new_sel.add(new_prov[new])
        if new_prov.get(new) in wanted:
            old_sel.add(old_prov[old])
    return old_sel, new_sel


# --- writing --------------------------------------------------------------------------------------------------

def _existing_units() -> dict[Key, tuple[object, ...]]:
    """(level, code, valid_from) → (id, *UNIT_FIELDS) as plain tuples: no model instances for unchanged rows."""
    rows = AdminUnit.objects.values_list("level", "code", "valid_from", "id", *UNIT_FIELDS)
    return {(r[0], r[1], r[2]): r[3:] for r in rows.iterator(chunk_size=5000)}


def _ids(level: str) -> dict[tuple[str, dt.date], int]:
    return {(code, vf): pk for pk, code, vf in AdminUnit.objects.filter(level=level).values_list("id", "code", "valid_from")}


def _load_units(rows: list[UnitRow], tally: Tally, say: Progress) -> None:
    existing = _existing_units()
    ids: dict[str, dict[tuple[str, dt.date], int]] = {}
    for level in LEVEL_ORDER:
        level_rows = [r for r in rows if r.level == level]
        if not level_rows:
            continue
        provinces = ids.get(Level.PROVINCE, {})
        districts = ids.get(Level.DISTRICT, {})
        to_create: list[AdminUnit] = []
        to_update: list[AdminUnit] = []
        for r in level_rows:
            if level == Level.PROVINCE:
                parent_id = None
                province_id = existing[r.key][0] if r.key in existing else None
            else:
                province_id = provinces.get((r.province_code, r.valid_from))
                parents = provinces if r.parent_code == r.province_code else districts
                parent_id = parents.get((r.parent_code, r.valid_from))
                if province_id is None or parent_id is None:
                    raise InvalidInput(
                        "reference_invalid",
                        f"line {r.line}: {r.level} {r.code} names parent {r.parent_code} / province {r.province_code}"
                        f" which is not in the same list",
                    )
            wanted = {
                "name": r.name, "name_search": fold(r.name), "division_type": r.division_type,
                "parent_id": parent_id, "province_id": province_id, "valid_to": r.valid_to, "source": r.source,
            }
            have = existing.get(r.key)
            if have is None:
                to_create.append(AdminUnit(level=r.level, code=r.code, valid_from=r.valid_from, **wanted))
            elif have[1:] != tuple(wanted[f] for f in UNIT_FIELDS):
                to_update.append(AdminUnit(id=have[0], level=r.level, code=r.code, valid_from=r.valid_from, **wanted))
            else:
                tally.unchanged += 1
        AdminUnit.objects.bulk_create(to_create, batch_size=BATCH)
        AdminUnit.objects.bulk_update(to_update, UNIT_FIELDS, batch_size=BATCH)
        if level == Level.PROVINCE:
            AdminUnit.objects.filter(level=Level.PROVINCE, province__isnull=True).update(province_id=F("id"))
        tally.created += len(to_create)
        tally.updated += len(to_update)
        ids[level] = _ids(level)
        say(f"  {level + 's':10} {len(level_rows):>6,} in files: {len(to_create):,} created, {len(to_update):,} updated")


def _load_mappings(
    pairs: list[tuple[int, str, str, str]], old_from: dt.date, new_from: dt.date, tally: Tally, say: Progress
) -> None:
    communes = _ids(Level.COMMUNE)
    existing = {(o, n): (pk, e) for pk, o, n, e in UnitMapping.objects.values_list("id", "old_id", "new_id", "evidence")}
    to_create: list[UnitMapping] = []
    to_update: list[UnitMapping] = []
    for line, old_code, new_code, evidence in pairs:
        old_id = communes.get((old_code, old_from))
        new_id = communes.get((new_code, new_from))
        if old_id is None or new_id is None:
            missing = old_code if old_id is None else new_code
            raise InvalidInput("reference_invalid", f"{MAP_FILE} line {line}: commune {missing} is not loaded")
        have = existing.get((old_id, new_id))
        if have is None:
            to_create.append(UnitMapping(old_id=old_id, new_id=new_id, evidence=evidence))
        elif have[1] != evidence and have[1] != UnitMapping.Evidence.MANUAL:
            to_update.append(UnitMapping(id=have[0], old_id=old_id, new_id=new_id, evidence=evidence))
        else:
            tally.unchanged += 1
    UnitMapping.objects.bulk_create(to_create, batch_size=BATCH)
    UnitMapping.objects.bulk_update(to_update, ["evidence"], batch_size=BATCH)
    tally.created += len(to_create)
    tally.updated += len(to_update)
    say(f"  {'mappings':10} {len(pairs):>6,} in file:  {len(to_create):,} created, {len(to_update):,} updated")


def load_places(
    *, province_codes: Iterable[str] = (), reference_dir: Path = REFERENCE_DIR, progress: Progress | None = None
) -> LoadResult:
    """Load both generations of units and the commune map; `province_codes` limits the load to those provinces
    (in both generations, with the provinces merged with them)."""
    say = progress or (lambda _msg: None)
    started = time.monotonic()
    codes = tuple(sorted(set(province_codes)))
    for code in codes:
        if len(code) != 2 or not code.isdigit():
            raise InvalidInput("invalid_province", f"province code must be 2 digits: {code!r}", field="province")
    sources = _manifest_sources(reference_dir)
    old_path, new_path = (_find(reference_dir, name) for name in UNIT_FILES)
    old_rows = read_units(old_path, sources.get(UNIT_FILES[0], UNIT_FILES[0]))
    new_rows = read_units(new_path, sources.get(UNIT_FILES[1], UNIT_FILES[1]))
    pairs = read_map(_find(reference_dir, MAP_FILE))
    say(f"read {len(old_rows):,} + {len(new_rows):,} units and {len(pairs):,} commune pairs from {reference_dir}")

    if codes:
        known = {r.code for r in old_rows + new_rows if r.level == Level.PROVINCE}
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise InvalidInput("invalid_province", f"no province with code {', '.join(unknown)}", field="province")
        old_sel, new_sel = _select_provinces(old_rows, new_rows, pairs, codes)
        old_rows = [r for r in old_rows if r.province_code in old_sel]
        new_rows = [r for r in new_rows if r.province_code in new_sel]
        old_codes = {r.code for r in old_rows if r.level == Level.COMMUNE}
        new_codes = {r.code for r in new_rows if r.level == Level.COMMUNE}
        pairs = [p for p in pairs if p[1] in old_codes and p[2] in new_codes]
        say(f"provinces: old {', '.join(sorted(old_sel))}; new {', '.join(sorted(new_sel))}")

    old_from = _single_start(old_rows, old_path.name)
    new_from = _single_start(new_rows, new_path.name)
    result = LoadResult(units_in_files=len(old_rows) + len(new_rows), mappings_in_file=len(pairs), provinces=codes)
    with transaction.atomic():
        say("units:")
        _load_units(old_rows + new_rows, result.units, say)
        _load_mappings(pairs, old_from, new_from, result.mappings, say)
    result.seconds = time.monotonic() - started
    return result


def _single_start(rows: list[UnitRow], name: str) -> dt.date:
    starts = {r.valid_from for r in rows if r.level == Level.COMMUNE}
    if len(starts) != 1:
        raise InvalidInput("reference_invalid", f"{name}: communes must share one valid_from, found {sorted(starts)}")
    return next(iter(starts))

