"""A generated month of claims, then the month's assessment. Deterministic for a seed; running it again for the
same month changes nothing.

The visits carrying the planted errors, and the clean visits of enough cards around them for every kind of error to
find a visit it fits, are written through the same path as received files (to_raw → normalise → store). The clean
visits of the other cards are made by columns (`generator_columns`, numpy) and written in bulk (COPY on PostgreSQL,
executemany on SQLite), the same columns that path would write: ~100 s of CPU per 86,000 lines before, see
docs/PERFORMANCE.md "HI claims"."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.core.bulk import insert_columns, next_ids
from ansinh.core.errors import ApplicationError
from ansinh.coverage.models import HICard
from ansinh.healthcare import services
from ansinh.healthcare.generator import Card, Planted, facility_specs, generate_visits, synthetic_cards
from ansinh.healthcare.generator_columns import Batch, clean_visits
from ansinh.healthcare.intake import normalise
from ansinh.healthcare.models import ClaimFile, Episode, EpisodeXml1, Line
from ansinh.healthcare.reference import ensure_facilities
from ansinh.places.models import AdminUnit, Level
from ansinh.rules.periods import Month


def registry_cards(province: AdminUnit, limit: int) -> list[Card]:
    rows = (HICard.objects.filter(status=HICard.Status.ISSUED, person__address_commune__province=province)
            .order_by("id").values_list("number", "person__full_name", "person__birth_date", "person__sex")[:limit])
    return [Card(n, name.upper(), birth, sex, registered=True) for n, name, birth, sex in rows]


def python_cards(*, errors_per_kind: int, visits_per_year: float, python_visits: int | None = None) -> int:
    """How many cards get their visits made one by one (the planted errors are taken among their visits): enough
    visits for every kind of error to find one it fits, the rarest needing an inpatient stay (12 % of the visits)."""
    visits = python_visits if python_visits is not None else max(600, 80 * errors_per_kind)
    return math.ceil(visits / min(1.0, visits_per_year / 12))


def claims_generate(*, province_code: str, month: Month, cards: int, seed: int = 1, errors_per_kind: int = 1,
                    visits_per_year: float = 2.4, assess: bool = True, actor: Any = None,
                    python_visits: int | None = None) -> list[Planted]:
    """`python_visits`: the visits made one by one, the planted errors among them (default: 80 per error of each
    kind, at least 600); the other cards' clean visits are made by columns."""
    province = AdminUnit.objects.filter(level=Level.PROVINCE, code=province_code, valid_to__isnull=True).first()
    if province is None:
        raise ApplicationError("unknown_province", f"province {province_code} is not loaded", field="province")
    specs = facility_specs(province_code, 6)
    ensure_facilities(province, specs)
    held = registry_cards(province, cards)
    pool = held + synthetic_cards(province_code, cards - len(held), month.first_day, seed)
    split = python_cards(errors_per_kind=errors_per_kind, visits_per_year=visits_per_year,
                         python_visits=python_visits)
    raw, planted, seq = generate_visits(province_code=province_code, month=month, cards=pool[:split],
                                        facilities=specs, visits_per_year=visits_per_year,
                                        errors_per_kind=errors_per_kind, seed=seed)
    problems: list[dict[str, Any]] = []
    by_facility: dict[str, list] = defaultdict(list)
    for ep in raw:
        n = normalise(ep, problems)
        if n is not None:
            by_facility[ep.facility_code].append(n)
    if problems:
        raise RuntimeError(f"generator made invalid episodes: {problems[:3]}")
    for code, episodes in sorted(by_facility.items()):
        services.store(actor=actor, episodes=episodes, facility_code=code, file_name=f"generated-{month}-{code}",
                       sha256="", channel=ClaimFile.Channel.GENERATED, assess=False)
    if len(pool) > split:
        batches = clean_visits(pool[split:], facilities=specs, month=month, seed=seed, visits_per_year=visits_per_year,
                               first_seq=seq)
        store_columns(batches, month=month, actor=actor)
    services.refresh_statistics(force=True)  # right after the load, for the month's assessment
    if assess:
        services.assess_month(month, actor=actor)
    return planted


def store_columns(batches: Iterable[Batch], *, month: Month, actor: Any = None) -> dict[str, int]:
    """Write generated clean visits given by columns, as `services.store` writes a file's episodes: one file per
    facility (channel generated), audited; an episode held with the same digest is left alone, one with another
    digest becomes a new version (the earlier kept, not current). Returns the counts written."""
    counts = {"episodes": 0, "lines": 0, "replaced": 0, "unchanged": 0}
    files: dict[str, ClaimFile] = {}
    per_file: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # new, replaced, unchanged
    prefix = f"G{month.year % 100:02d}{month.month:02d}"
    with transaction.atomic():
        held = {(fc, m): (pk, v, d) for fc, m, pk, v, d in Episode.objects.filter(
            current=True, period=month.first_day, ma_lk__startswith=prefix).values_list(
            "facility_code", "ma_lk", "pk", "version", "digest").iterator()}
        for batch in batches:
            ep = batch.episodes
            keep = np.ones(batch.n, dtype=bool)
            versions = np.ones(batch.n, dtype=np.int64)
            superseded: list[int] = []
            for i, (fc, m, digest) in enumerate(zip(ep["facility_code"], ep["ma_lk"], ep["digest"], strict=True)):
                old = held.get((fc, m))
                if old is None:
                    continue
                if old[2] == digest:
                    keep[i] = False
                    per_file[fc][2] += 1
                    counts["unchanged"] += 1
                    continue
                superseded.append(old[0])
                versions[i] = old[1] + 1
                per_file[fc][1] += 1
                counts["replaced"] += 1
            for lo in range(0, len(superseded), 5000):
                Episode.objects.filter(pk__in=superseded[lo:lo + 5000]).update(current=False)
            n = int(keep.sum())
            if not n:
                continue
            facility = np.asarray(ep["facility_code"], dtype=object)[keep]
            for code in sorted(set(facility.tolist()) - set(files)):
                files[code] = ClaimFile.objects.create(
                    facility_code=code, file_name=f"generated-{month}-{code}-columns", sha256="",
                    channel=ClaimFile.Channel.GENERATED, received_at=timezone.now(), actor=_user(actor))
            for code in facility.tolist():
                per_file[code][0] += 1
            ids = np.arange(n, dtype=np.int64) + next_ids(Episode._meta.db_table, n).start
            columns = {c: (np.asarray(v, dtype=object)[keep] if isinstance(v, list) else
                           v[keep] if isinstance(v, np.ndarray) else v) for c, v in ep.items()}
            columns.update(id=ids, version=versions[keep], file_id=np.array([files[c].pk for c in facility.tolist()],
                                                                              dtype=np.int64))
            xml1 = columns.pop("xml1")
            insert_columns(Episode._meta.db_table, columns, n)
            insert_columns(EpisodeXml1._meta.db_table, {"episode_id": ids, "fields": xml1}, n)
            # the lines of the visits kept, their episode's id and card
            new_id = np.full(batch.n, -1, dtype=np.int64)
            new_id[keep] = ids
            line_keep = keep[batch.line_visit]
            m = int(line_keep.sum())
            lines = {c: (v[line_keep] if isinstance(v, np.ndarray) else v) for c, v in batch.lines.items()}
            lines["episode_id"] = new_id[batch.line_visit][line_keep]
            lines["card_number"] = np.asarray(ep["card_number"], dtype=object)[batch.line_visit][line_keep]
            insert_columns(Line._meta.db_table, {c: lines[c] for c in services.LINE_COLUMNS}, m)
            counts["episodes"] += n
            counts["lines"] += m
        for code, file in files.items():
            new, replaced, unchanged = per_file[code]
            file.episodes, file.replaced, file.unchanged = new, replaced, unchanged
            file.save(update_fields=["episodes", "replaced", "unchanged"])
            audit.record(actor=actor, action="create", obj=file, after={
                "episodes": new, "replaced": replaced, "unchanged": unchanged, "file": file.file_name},
                source=ClaimFile.Channel.GENERATED)
    return counts


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None
