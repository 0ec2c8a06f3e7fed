"""Reference data: the generated province's facilities and catalogues (idempotent), and the import of catalogues
(approved prices) from CSV/XLSX with a problem per line."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import IO, Any

from django.db import transaction

from ansinh.accounts import audit
from ansinh.core.errors import FileErrors
from ansinh.healthcare.generator import CATALOGUE, FacilitySpec
from ansinh.healthcare.models import CatalogueItem, Facility
from ansinh.places.models import AdminUnit, Level
from ansinh.rules import healthcare as hc

OPEN_DAY = 99999
START = dt.date(2020, 1, 1)


def ensure_facilities(province: AdminUnit, specs: list[FacilitySpec]) -> list[Facility]:
    communes = list(AdminUnit.objects.filter(level=Level.COMMUNE, province=province, valid_to__isnull=True)
                    .order_by("code")[: len(specs)])
    if not communes:
        communes = list(AdminUnit.objects.filter(level=Level.COMMUNE, province=province).order_by("code")[:1])
    held = {f.code: f for f in Facility.objects.filter(code__in=[s.code for s in specs])}
    new = [Facility(code=s.code, name=s.name, level=s.level, kind=s.kind, province=province,
                    commune=communes[i % len(communes)], primary_care=s.level != "specialised",
                    contract_number=f"HĐ-{s.code}-2020", contract_from=START, valid_from=START)
           for i, s in enumerate(specs) if s.code not in held]
    Facility.objects.bulk_create(new)
    ensure_catalogue([s.code for s in specs])
    return list(Facility.objects.filter(code__in=[s.code for s in specs]).order_by("code"))


def ensure_catalogue(codes: list[str]) -> None:
    held = set(CatalogueItem.objects.filter(facility_code__in=codes).values_list("facility_code", "code"))
    CatalogueItem.objects.bulk_create([
        CatalogueItem(facility_code=fc, kind=kind, code=code, name=name, price_milli=price * 1000,
                      valid_from=START, from_day=hc.day_number(START), to_day=OPEN_DAY)
        for fc in codes for kind, code, name, _group, price in CATALOGUE if (fc, code) not in held
    ], batch_size=2000)


CATALOGUE_HEADER = ("facility_code", "kind", "code", "name", "unit", "price", "valid_from", "valid_to", "tender")


def catalogue_import(*, actor: Any, stream: IO[bytes], file_name: str) -> int:
    """Approved items and prices of facilities, one per row (CSV or XLSX with the CATALOGUE_HEADER columns).
    A row for an item already held from an earlier date closes that row the day before (effective-dated)."""
    rows = _rows(stream, file_name)
    problems: list[dict[str, Any]] = []
    items: list[CatalogueItem] = []
    known = set(Facility.objects.values_list("code", flat=True))
    for n, row in rows:
        def bad(field: str, message: str, n: int = n) -> None:
            problems.append({"line": n, "field": field, "message": message})
        fc = (row.get("facility_code") or "").strip()
        if fc not in known:
            bad("facility_code", f"facility {fc!r} is not in the reference data")
        kind = (row.get("kind") or "").strip()
        if kind not in CatalogueItem.Kind.values:
            bad("kind", "kind must be drug, service or supply")
        code = (row.get("code") or "").strip()
        if not code:
            bad("code", "code is required")
        try:
            price = hc.parse_milli(str(row.get("price") or ""), "price")
            if price <= 0:
                bad("price", "price must be above 0")
        except hc.RuleError as exc:
            bad("price", exc.message)
            price = 0
        try:
            start = hc.parse_date(str(row.get("valid_from") or "").replace("-", ""), "valid_from")
        except hc.RuleError as exc:
            bad("valid_from", exc.message)
            continue
        end = None
        if str(row.get("valid_to") or "").strip():
            try:
                end = hc.parse_date(str(row["valid_to"]).replace("-", ""), "valid_to")
            except hc.RuleError as exc:
                bad("valid_to", exc.message)
        items.append(CatalogueItem(facility_code=fc, kind=kind, code=code, name=(row.get("name") or "")[:300],
                                   unit=(row.get("unit") or "")[:40], price_milli=price, tender=(row.get("tender") or "")[:100],
                                   valid_from=start, valid_to=end, from_day=hc.day_number(start),
                                   to_day=hc.day_number(end) if end else OPEN_DAY))
    if problems:
        raise FileErrors(problems)
    with transaction.atomic():
        for item in items:  # close the open row of the same item from an earlier date
            CatalogueItem.objects.filter(facility_code=item.facility_code, kind=item.kind, code=item.code,
                                         valid_to__isnull=True, valid_from__lt=item.valid_from).update(
                valid_to=item.valid_from - dt.timedelta(days=1), to_day=item.from_day - 1)
        CatalogueItem.objects.bulk_create(items, batch_size=2000)
        audit.record(actor=actor, action="action", object_type="healthcare.catalogue", object_id=file_name[:64],
                     after={"rows": len(items)}, source="import")
    return len(items)


def _rows(stream: IO[bytes], file_name: str) -> list[tuple[int, dict[str, Any]]]:
    data = stream.read()
    if file_name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        ws = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        values = list(ws.iter_rows(values_only=True))
        head = [str(h or "").strip() for h in values[0]] if values else []
        return [(i + 2, {h: ("" if v is None else (v.strftime("%Y%m%d") if isinstance(v, dt.date) else str(v)))
                         for h, v in zip(head, r, strict=False)}) for i, r in enumerate(values[1:])]
    text = data.decode("utf-8-sig")
    return [(i + 2, r) for i, r in enumerate(csv.DictReader(io.StringIO(text)))]
