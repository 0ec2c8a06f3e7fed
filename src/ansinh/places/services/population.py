"""Population by unit and year: import from a CSV file (`ansinh import_population`) and synthetic demo figures.

Import validates the whole file first and reports every bad row with its line number; if any row is bad nothing is
written. Rows are upserted on (unit, year), in one transaction, with bulk statements.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from ansinh.core.errors import FileErrors, InvalidInput
from ansinh.places.models import REFORM_DATE, AdminUnit, Level, Population, UnitMapping
from ansinh.places.selectors import new_generation, old_generation
from ansinh.places.services.load import BATCH, CODE_LENGTH

SYNTHETIC_SOURCE = "synthetic (demo)"
COLUMNS = ("unit_level", "unit_code", "year", "total", "male", "female", "source")
GENERATIONS = {"old": "old", "until 2025-06-30": "old", "1976-2025": "old", "2008-2025": "old", "new": "new", "2025": "new"}
YEAR_RANGE = (1900, 2100)


@dataclass
class PopulationResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # rows of another source left alone (synthetic generation only)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        out = f"{self.created:,} created, {self.updated:,} updated, {self.unchanged:,} unchanged"
        return out + (f", {self.kept:,} non-synthetic rows kept" if self.kept else "")


@dataclass(frozen=True)
class _Row:
    line: int
    unit_id: int
    year: int
    total: int
    male: int | None
    female: int | None
    source: str


# --- import ---------------------------------------------------------------------------------------------------

def _int(value: str, name: str, errors: list[dict[str, object]], line: int, *, optional: bool = False) -> int | None:
    value = value.strip()
    if not value:
        if not optional:
            errors.append({"line": line, "field": name, "message": "required"})
        return None
    try:
        number = int(value)
    except ValueError:
        errors.append({"line": line, "field": name, "message": f"must be a whole number, got {value!r}"})
        return None
    if number < 0:
        errors.append({"line": line, "field": name, "message": f"must not be negative, got {number}"})
        return None
    if number > MAX_POPULATION:
        errors.append({"line": line, "field": name, "message": f"more than {MAX_POPULATION:,} people: {number}"})
        return None
    return number


MAX_POPULATION = 200_000_000  # twice the country's population: a plausible ceiling for any unit


def _unit_index() -> dict[tuple[str, str], list[tuple[int, dt.date, dt.date | None]]]:
    index: dict[tuple[str, str], list[tuple[int, dt.date, dt.date | None]]] = defaultdict(list)
    for pk, level, code, vf, vt in AdminUnit.objects.values_list("id", "level", "code", "valid_from", "valid_to"):
        index[(level, code)].append((pk, vf, vt))
    return index


def parse_population(text: str) -> list[_Row]:
    """Check every row; raise FileErrors listing each bad one (line numbers count the header as line 1)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in COLUMNS if c not in header]
    if "valid_on" not in header and "generation" not in header:
        missing.append("valid_on or generation")
    if missing:
        raise FileErrors([{"line": 1, "field": None, "message": f"missing column(s): {', '.join(missing)}"}])
    index = _unit_index()
    errors: list[dict[str, object]] = []
    rows: list[_Row] = []
    seen: dict[tuple[int, int], int] = {}
    from ansinh.core import files

    limits = files.Limits.current()
    for rec in reader:
        line = reader.line_num
        if line > limits.max_rows:
            raise files.refuse(f"more than {limits.max_rows} rows; split the file", code="too_many_rows", line=line)
        before = len(errors)
        get = {k: (rec.get(k) or "").strip() for k in (*COLUMNS, "valid_on", "generation")}
        level, code = get["unit_level"], get["unit_code"]
        if level not in CODE_LENGTH:
            errors.append({"line": line, "field": "unit_level",
                           "message": f"must be one of {', '.join(CODE_LENGTH)}, got {level!r}"})
        elif not (code.isdigit() and len(code) == CODE_LENGTH[Level(level)]):
            errors.append({"line": line, "field": "unit_code",
                           "message": f"a {level} code has {CODE_LENGTH[Level(level)]} digits, got {code!r}"})
        valid_on: dt.date | None = None
        generation: str | None = None
        if get["valid_on"]:
            try:
                valid_on = dt.date.fromisoformat(get["valid_on"])
                if not 1945 <= valid_on.year <= 2100:
                    raise ValueError
            except ValueError:
                errors.append({"line": line, "field": "valid_on", "message": f"not a date (YYYY-MM-DD): {get['valid_on']!r}"})
        if get["generation"]:
            generation = GENERATIONS.get(get["generation"].lower())
            if generation is None:
                errors.append({"line": line, "field": "generation",
                               "message": f"must be old or new (or 1976-2025 / 2025), got {get['generation']!r}"})
        if not get["valid_on"] and not get["generation"]:
            errors.append({"line": line, "field": "valid_on", "message": "give valid_on (a date) or generation"})
        unit_columns_ok = len(errors) == before  # the unit is looked up only if its own columns are fine
        year = _int(get["year"], "year", errors, line)
        if year is not None and not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
            errors.append({"line": line, "field": "year", "message": f"out of range {YEAR_RANGE}: {year}"})
        total = _int(get["total"], "total", errors, line)
        male = _int(get["male"], "male", errors, line, optional=True)
        female = _int(get["female"], "female", errors, line, optional=True)
        if total is not None and male is not None and female is not None and male + female != total:
            errors.append({"line": line, "field": "total", "message": f"male + female = {male + female}, not {total}"})
        for name, part in (("male", male), ("female", female)):
            if total is not None and part is not None and part > total:
                errors.append({"line": line, "field": name, "message": f"{part} is more than the total {total}"})
        source = get["source"]
        if not source:
            errors.append({"line": line, "field": "source", "message": "required (who published the figure)"})
        elif len(source) > 200:
            errors.append({"line": line, "field": "source", "message": "at most 200 characters"})
        unit_id = None
        if unit_columns_ok:
            unit_id = _resolve(index, level, code, valid_on, generation, line, errors)
        if unit_id is not None and year is not None:
            first = seen.setdefault((unit_id, year), line)
            if first != line:
                errors.append({"line": line, "field": "unit_code",
                               "message": f"{level} {code} year {year} already given on line {first}"})
        if len(errors) == before and unit_id is not None and year is not None and total is not None:
            rows.append(_Row(line, unit_id, year, total, male, female, source))
    if errors:
        raise FileErrors(errors)
    return rows


def _resolve(
    index: dict[tuple[str, str], list[tuple[int, dt.date, dt.date | None]]], level: str, code: str,
    valid_on: dt.date | None, generation: str | None, line: int, errors: list[dict[str, object]],
) -> int | None:
    candidates = index.get((level, code), [])
    if valid_on is not None:
        candidates = [c for c in candidates if c[1] <= valid_on and (c[2] is None or c[2] >= valid_on)]
    if generation is not None:
        new = generation == "new"
        candidates = [c for c in candidates if (c[1] >= REFORM_DATE) == new]
    if len(candidates) == 1:
        return candidates[0][0]
    when = " and ".join(x for x in (f"valid on {valid_on}" if valid_on else "",
                                    f"of the {generation} generation" if generation else "") if x)
    if not candidates:
        errors.append({"line": line, "field": "unit_code", "message": f"no {level} with code {code} {when}"})
    else:
        errors.append({"line": line, "field": "unit_code", "message": f"{level} {code} is ambiguous; give valid_on"})
    return None


def import_population(source: Path | str | bytes) -> PopulationResult:
    """Import population figures from a CSV file (path, text or bytes). All or nothing."""
    if isinstance(source, Path):
        try:
            text = source.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput("file_encoding", f"{source.name}: not UTF-8 ({exc})", field="file") from None
    elif isinstance(source, bytes):
        from ansinh.core import files

        text = files.decode_text(source)
    else:
        text = source
    rows = parse_population(text)
    with transaction.atomic():
        return _upsert(rows)


def _upsert(rows: Iterable[_Row], *, keep_other_sources: str | None = None) -> PopulationResult:
    rows = list(rows)
    result = PopulationResult()
    existing = {
        (p.unit_id, p.year): p
        for p in Population.objects.filter(
            unit_id__in={r.unit_id for r in rows}, year__in={r.year for r in rows}
        )
    }
    to_create, to_update = [], []
    for r in rows:
        wanted = {"total": r.total, "male": r.male, "female": r.female, "source": r.source}
        row = existing.get((r.unit_id, r.year))
        if row is None:
            to_create.append(Population(unit_id=r.unit_id, year=r.year, **wanted))
        elif keep_other_sources is not None and row.source != keep_other_sources:
            result.kept += 1
        elif any(getattr(row, k) != v for k, v in wanted.items()):
            for k, v in wanted.items():
                setattr(row, k, v)
            to_update.append(row)
        else:
            result.unchanged += 1
    Population.objects.bulk_create(to_create, batch_size=BATCH)
    Population.objects.bulk_update(to_update, ["total", "male", "female", "source"], batch_size=BATCH)
    result.created, result.updated = len(to_create), len(to_update)
    return result


# --- synthetic demo figures -----------------------------------------------------------------------------------

MEDIAN_BY_KIND = {"phường": 11000, "thị trấn": 7500, "xã": 5200}


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Whole numbers in proportion to weights, summing exactly to total (largest remainder)."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [math.floor(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _scale_to_persons(rows: list[_Row], old_ids: set[int], new_ids: set[int],
                      persons: dict[int, dict[int, tuple[int, int]]]) -> list[_Row]:
    """The figures of the persons in the registry instead of the synthetic sizes: today's communes get the count of
    the registry's persons living there in each year (`persons[year][commune] = (total, male)`); the old communes,
    which hold no person (addresses are today's communes), keep their synthetic shape scaled by the same year's
    ratio registry ÷ synthetic, so an old district stays in proportion. A year without counts keeps the nearest
    counted year's figures (population changes little)."""
    counted = sorted(persons)
    out: list[_Row] = []
    by_year: dict[int, list[_Row]] = defaultdict(list)
    for r in rows:
        by_year[r.year].append(r)
    for year, year_rows in sorted(by_year.items()):
        counts = persons[min(counted, key=lambda y: (abs(y - year), -y))]
        registry_total = sum(t for t, _ in counts.values())
        synthetic_new = sum(r.total for r in year_rows if r.unit_id in new_ids) or 1
        factor = registry_total / synthetic_new
        for r in year_rows:
            if r.unit_id in new_ids:
                total, male = counts.get(r.unit_id, (0, 0))
                out.append(_Row(0, r.unit_id, year, total, male, total - male, SYNTHETIC_SOURCE))
            elif r.unit_id in old_ids:
                total, male = round(r.total * factor), round((r.male or 0) * factor)
                out.append(_Row(0, r.unit_id, year, total, min(male, total), total - min(male, total), SYNTHETIC_SOURCE))
        written = {r.unit_id for r in year_rows}
        out += [_Row(0, unit_id, year, total, male, total - male, SYNTHETIC_SOURCE)
                for unit_id, (total, male) in sorted(counts.items()) if unit_id not in written]
    return out


def persons_by_commune(province_code: str, years: Iterable[int]) -> dict[int, dict[int, tuple[int, int]]]:
    """Persons of the registry living in each of the province's communes on 1 July of each year (born by then, not
    dead before): `{year: {commune id: (total, male)}}`. One grouped query per year."""
    from django.db.models import Count

    from ansinh.registry.models import Person

    out: dict[int, dict[int, tuple[int, int]]] = {}
    for year in sorted(set(years)):
        mid = dt.date(year, 7, 1)
        qs = (Person.objects.filter(address_commune__province__code=province_code, birth_date__lte=mid)
              .filter(Q(death_date__isnull=True) | Q(death_date__gte=mid))
              .values("address_commune_id")
              .annotate(total=Count("id"), male=Count("id", filter=Q(sex="M"))))
        counts = {row["address_commune_id"]: (row["total"], row["male"]) for row in qs}
        if counts:
            out[year] = counts
    return out


def generate_population(province_code: str, years: Iterable[int], seed: int = 0, *,
                        from_registry: bool = False) -> PopulationResult:
    """Plausible synthetic population for the communes of a province in both generations, marked
    "synthetic (demo)". Old communes get a size by kind (phường > thị trấn > xã), a growth rate and a sex ratio;
    a split old commune is cut into parts with random weights (fixed across years); each 2025 commune is the exact
    sum of its old communes or parts, so roll-ups add up. 2025 communes that no old commune reaches get their own
    figures. Rows of another source are never overwritten. Deterministic for a given seed.

    `from_registry`: today's communes get the number of the registry's persons living there (the demo province
    made by `ansinh generate`), so that coverage of population is the coverage of those persons; old communes are
    scaled to match (`_scale_to_persons`)."""
    years = sorted(set(years))
    if not years:
        raise InvalidInput("invalid_years", "give at least one year", field="years")
    persons = persons_by_commune(province_code, years) if from_registry else None
    if from_registry and not persons:
        raise InvalidInput("no_persons", f"no persons of province {province_code} in the registry; run `ansinh generate`",
                           field="province")
    new_ids = set(
        AdminUnit.objects.filter(new_generation(), level=Level.COMMUNE, province__code=province_code).values_list("id", flat=True)
    )
    old_own = set(
        AdminUnit.objects.filter(old_generation(), level=Level.COMMUNE, province__code=province_code).values_list("id", flat=True)
    )
    if not new_ids and not old_own:
        raise InvalidInput(
            "invalid_province", f"no communes for province {province_code}; run `ansinh load_places`", field="province"
        )
    pairs = list(
        UnitMapping.objects.filter(Q(old_id__in=old_own) | Q(new_id__in=new_ids)).values_list("old_id", "new_id", "share")
    )
    new_ids |= {n for _, n, _ in pairs}
    # every old part of those new communes, so that each new commune is a complete sum
    pairs = list(UnitMapping.objects.filter(new_id__in=new_ids).values_list("old_id", "new_id", "share"))
    old_ids = old_own | {o for o, _, _ in pairs}
    kinds = dict(AdminUnit.objects.filter(id__in=old_ids | new_ids).values_list("id", "division_type"))
    rng = random.Random(f"{province_code}:{seed}")
    parts: dict[int, list[int]] = defaultdict(list)
    for old_id, new_id, _ in sorted(pairs):
        parts[old_id].append(new_id)
    base: dict[int, tuple[float, float, float]] = {}
    reached = {n for targets in parts.values() for n in targets}
    for unit_id in sorted(old_ids) + sorted(new_ids - reached):
        median = MEDIAN_BY_KIND.get(kinds.get(unit_id, "xã"), MEDIAN_BY_KIND["xã"])
        size = max(300.0, rng.lognormvariate(math.log(median), 0.45))
        base[unit_id] = (size, rng.gauss(0.009, 0.006), rng.uniform(0.487, 0.507))
    weights = {old_id: [rng.gammavariate(2.0, 1.0) for _ in targets] for old_id, targets in parts.items()}
    rows: list[_Row] = []
    for year in years:
        new_total: dict[int, int] = defaultdict(int)
        new_male: dict[int, int] = defaultdict(int)
        step = year - years[0]
        for unit_id, (size, growth, male_ratio) in base.items():
            total = round(size * (1 + growth) ** step)
            male = round(total * male_ratio)
            if unit_id in old_ids:
                rows.append(_Row(0, unit_id, year, total, male, total - male, SYNTHETIC_SOURCE))
                targets = parts.get(unit_id, [])
                if targets:
                    w = weights[unit_id]
                    for target, t_part, m_part in zip(targets, _apportion(total, w), _apportion(male, w), strict=True):
                        new_total[target] += t_part
                        new_male[target] += m_part
            else:  # a 2025 commune no old commune reaches
                new_total[unit_id] += total
                new_male[unit_id] += male
        rows += [
            _Row(0, n, year, new_total[n], new_male[n], new_total[n] - new_male[n], SYNTHETIC_SOURCE)
            for n in sorted(new_total)
            if n in new_ids
        ]
    if persons is not None:
        rows = _scale_to_persons(rows, old_ids, new_ids, persons)
    with transaction.atomic():
        result = _upsert(rows, keep_other_sources=SYNTHETIC_SOURCE)
    split = sum(1 for p in parts.values() if len(p) > 1)
    result.notes.append(
        f"{len(old_ids):,} old and {len(new_ids):,} new communes, years {years[0]}–{years[-1]}; "
        f"{split} split old communes cut with random weights"
    )
    return result

