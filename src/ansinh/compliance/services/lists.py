"""Lists from other bodies: import (validated whole, one transaction), matching to the registry, the review queue."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.compliance import matching
from ansinh.compliance.models import UNIT_KINDS, ListEntry, ListKind, MatchMethod, SourceList
from ansinh.compliance.reading import read_list
from ansinh.compliance.scoping import communes_for, province, province_commune_ids, require_staff
from ansinh.core.errors import Conflict, InvalidInput, NotFound
from ansinh.registry.models import Employer, Person


def list_import(*, actor: Any, kind: str, source: str, source_date: dt.date, province_code: str, file_name: str,
                data: bytes) -> SourceList:
    require_staff(actor)
    if kind not in ListKind.values:
        raise InvalidInput("bad_kind", f"kind must be one of {', '.join(ListKind.values)}", field="kind")
    source = (source or "").strip()
    if not source:
        raise InvalidInput("required", "source: the body that sent the list is required", field="source")
    today = timezone.localdate()
    if source_date > today:
        raise InvalidInput("future_date", "source_date is in the future", field="source_date")
    prov = province(province_code)
    communes = communes_for(actor, province_code)
    if not communes:
        raise NotFound("province", province_code)
    digest = hashlib.sha256(data).hexdigest()
    if SourceList.objects.filter(province__code=province_code, kind=kind, sha256=digest).exists():
        raise Conflict("already_imported", "this file was already imported for the province", field="file")
    rows = read_list(kind, data, file_name, communes=communes, today=today)
    matches = match_rows(kind, rows, province_code)
    with transaction.atomic():
        sl = SourceList.objects.create(kind=kind, source=source[:200], source_date=source_date, province=prov,
                                       file_name=(file_name or "")[:200], sha256=digest, rows=len(rows),
                                       imported_at=timezone.now(), imported_by=actor, matched_at=timezone.now())
        entries = []
        for row, (method, score, employer_id, person_id) in zip(rows, matches, strict=True):
            entries.append(ListEntry(source_list=sl, name_key=matching.name_key(row["name"])[:300],
                                     match_method=method, match_score=score, employer_id=employer_id,
                                     person_id=person_id, **row))
        ListEntry.objects.bulk_create(entries, batch_size=2000)
        sl.summary = _summary(entries)
        sl.save(update_fields=["summary"])
        audit.record(actor=actor, action="create", reason="compliance.list_import", obj=sl,
                     after={"kind": kind, "source": source, "source_date": source_date.isoformat(),
                            "rows": len(rows), "sha256": digest, **sl.summary})
    return sl


def _summary(entries: list[ListEntry]) -> dict[str, int]:
    out: dict[str, int] = {m: 0 for m in MatchMethod.values}
    for e in entries:
        out[e.match_method] += 1
    return out


def match_rows(kind: str, rows: list[dict[str, Any]], province_code: str
               ) -> list[tuple[str, int | None, int | None, int | None]]:
    """(method, score, employer id, person id) for each row: identifier, then name (and address), set-based."""
    communes = province_commune_ids(province_code)
    out: list[tuple[str, int | None, int | None, int | None]] = [(MatchMethod.NONE, None, None, None)] * len(rows)
    if kind in UNIT_KINDS:
        codes = {r["tax_code"] for r in rows if r["tax_code"]}
        by_tax = dict(Employer.objects.filter(tax_code__in=codes).values_list("tax_code", "id")) if codes else {}
        rest = []
        for i, r in enumerate(rows):
            if r["tax_code"] in by_tax:
                out[i] = (MatchMethod.ID, 100, by_tax[r["tax_code"]], None)
            else:
                rest.append(i)
        if rest:
            cands = [matching.Candidate(pk, matching.name_key(name), matching.name_key(addr), commune)
                     for pk, name, addr, commune in Employer.objects.filter(address_commune_id__in=communes)
                     .values_list("id", "name", "address_line", "address_commune_id")]
            queries = [matching.Query(i, matching.name_key(rows[i]["name"]),
                                      matching.name_key(rows[i]["address_line"]), rows[i].get("commune_id"))
                       for i in rest]
            for m in matching.match_units(queries, cands):
                method = matching.decide(m.score)
                out[m.index] = (method, m.score, m.candidate if method != "none" else None, None)
        return out
    ids = {r["citizen_id"] for r in rows if r["citizen_id"]}
    by_id: dict[str, int] = {}
    for chunk in _chunks(sorted(ids), 900):
        by_id.update(Person.objects.filter(citizen_id__in=chunk).values_list("citizen_id", "id"))
    rest = []
    for i, r in enumerate(rows):
        if r["citizen_id"] and r["citizen_id"] in by_id:
            out[i] = (MatchMethod.ID, 100, None, by_id[r["citizen_id"]])
        else:
            rest.append(i)
    if rest:
        dates = sorted({rows[i]["birth_date"] for i in rest if rows[i]["birth_date"]})
        cands = []
        for chunk in _chunks(dates, 900):
            cands += [matching.Candidate(pk, matching.name_key(name), str(commune), born.toordinal())
                      for pk, name, commune, born in Person.objects.filter(birth_date__in=chunk)
                      .filter(Q(address_commune_id__in=communes))
                      .values_list("id", "full_name", "address_commune_id", "birth_date")]
        queries = [matching.Query(i, matching.name_key(rows[i]["name"]), str(rows[i].get("commune_id") or ""),
                                  rows[i]["birth_date"].toordinal() if rows[i]["birth_date"] else None)
                   for i in rest]
        for m in matching.match_persons(queries, cands):
            method = matching.decide(m.score)
            out[m.index] = (method, m.score, None, m.candidate if method != "none" else None)
    return out


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def entry_review(*, actor: Any, entry: ListEntry, accept: bool) -> ListEntry:
    """An officer confirms or rejects an uncertain match (the entry must be in the review queue)."""
    require_staff(actor)
    if entry.match_method != MatchMethod.REVIEW:
        raise Conflict("not_in_review", "this line is not waiting for review", field="entry")
    before = audit.snapshot(entry)
    with transaction.atomic():
        entry.match_method = MatchMethod.CONFIRMED if accept else MatchMethod.REJECTED
        if not accept:
            entry.employer_id = entry.person_id = None
        entry.reviewed_by, entry.reviewed_at = actor, timezone.now()
        entry.save(update_fields=["match_method", "employer", "person", "reviewed_by", "reviewed_at"])
        audit.record(actor=actor, action="update", reason="compliance.match_review", obj=entry, before=before,
                     after=audit.snapshot(entry))
    return entry
