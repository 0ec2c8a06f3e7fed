"""Reference data: the generated province's facilities and catalogues (idempotent), and the import of catalogues
(approved prices) from CSV/XLSX with a problem per line."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from typing import IO, Any

from django.db import transaction
from django.db.models import Q

from ansinh.accounts import audit
from ansinh.core import files
from ansinh.core.errors import ApplicationError, FileErrors
from ansinh.healthcare.generator import CATALOGUE, FacilitySpec, certificates
from ansinh.healthcare.models import CatalogueItem, Facility, Practitioner, PrimaryCareRegistration
from ansinh.places.models import AdminUnit, Level
from ansinh.rules import healthcare as hc
from ansinh.rules.hi_card import is_card_number

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
    ensure_practitioners([s.code for s in specs])
    return list(Facility.objects.filter(code__in=[s.code for s in specs]).order_by("code"))


def ensure_catalogue(codes: list[str]) -> None:
    held = set(CatalogueItem.objects.filter(facility_code__in=codes).values_list("facility_code", "code"))
    CatalogueItem.objects.bulk_create([
        CatalogueItem(facility_code=fc, kind=kind, code=code, name=name, price_milli=price * 1000,
                      valid_from=START, from_day=hc.day_number(START), to_day=OPEN_DAY)
        for fc in codes for kind, code, name, _group, price in CATALOGUE if (fc, code) not in held
    ], batch_size=2000)


def ensure_practitioners(codes: list[str]) -> None:
    held = set(Practitioner.objects.filter(facility_code__in=codes).values_list("facility_code", "certificate_number"))
    Practitioner.objects.bulk_create([
        Practitioner(facility_code=fc, certificate_number=cert, full_name=f"Bác sĩ {cert[5:8]} ({fc})",
                     title="Bác sĩ", valid_from=START, from_day=hc.day_number(START), to_day=OPEN_DAY)
        for fc in codes for cert in certificates(fc) if (fc, cert) not in held
    ])


CATALOGUE_HEADER = ("facility_code", "kind", "code", "name", "unit", "price", "valid_from", "valid_to", "tender")


def catalogue_import(*, actor: Any, stream: IO[bytes], file_name: str) -> int:
    """Approved items and prices of facilities, one per row (CSV or XLSX with the CATALOGUE_HEADER columns).
    A row for an item already held (or earlier in the file) from an earlier date closes that open row the day before
    (effective-dated); a row overlapping another period of the facility's item is refused. All or nothing."""
    rows = _rows(stream, file_name)
    problems: list[dict[str, Any]] = []
    items: list[CatalogueItem] = []
    spans: list[Span] = []
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
        if end and end < start:
            bad("valid_to", "valid_to is before valid_from")
        spans.append((n, (fc, code), start, end))
    if not problems:  # P01 and P02 join the item's approved price of the day as at most one row, whatever its kind
        _refuse_overlaps(spans, CatalogueItem.objects.filter(facility_code__in={k[0] for _, k, _, _ in spans})
                         .values_list("facility_code", "code", "valid_from", "valid_to"), problems, "this item's row")
    if problems:
        raise FileErrors(problems)
    with transaction.atomic():
        _close_open_rows(CatalogueItem, items, ("facility_code", "code"))
        CatalogueItem.objects.bulk_create(items, batch_size=2000)
        audit.record(actor=actor, action="action", object_type="healthcare.catalogue", object_id=file_name[:64],
                     after={"rows": len(items)}, source="import")
    return len(items)


def _rows(stream: IO[bytes], file_name: str) -> list[tuple[int, dict[str, Any]]]:
    """The file's rows as {header: text} with their line numbers, through ansinh.core.files (size, zip-bomb, row,
    column and time limits)."""
    data = stream.read(files.Limits.current().max_bytes + 1)
    if file_name.lower().endswith(".xlsx"):
        wb = files.open_xlsx(data)
        try:
            values = list(files.sheet_rows(wb.active))
        finally:
            wb.close()
    else:
        text = files.decode_text(data)
        values = list(files.limited_rows(csv.reader(io.StringIO(text))))
    head = [str(h or "").strip().lower() for h in values[0]] if values else []
    return [(i + 2, {h: ("" if v is None else (v.strftime("%Y%m%d") if isinstance(v, dt.date) else str(v).strip()))
                     for h, v in zip(head, r, strict=False)})
            for i, r in enumerate(values[1:]) if any(v not in (None, "") for v in r)]


def _day(row: dict[str, Any], name: str, bad: Any, *, required: bool) -> dt.date | None:
    text = str(row.get(name) or "").replace("-", "").replace("/", "").strip()
    if not text:
        if required:
            bad(name, f"{name} is required (yyyy-mm-dd)")
        return None
    try:
        return hc.parse_date(text, name)
    except hc.RuleError as exc:
        bad(name, exc.message)
        return None


def _flag(text: Any) -> bool:
    return str(text or "").strip().lower() in ("1", "x", "yes", "true", "có", "co", "c")


Span = tuple[int, tuple, dt.date, dt.date | None]  # (file line, key, valid_from, valid_to) of a row to import


def _close_open_rows(model: Any, rows: list[Any], key_fields: tuple[str, str]) -> None:
    """Effective-dated rows about to be written (`rows`, with `valid_to` and `to_day`): an open row of a key — held,
    or earlier in the file — ends the day before the first later row of that key in the file (`_refuse_overlaps`
    already took it so). The held ones are read in one query and written in one batch, not one query per row."""
    def key(r: Any) -> tuple:
        return tuple(getattr(r, f) for f in key_fields)

    starts: dict[tuple, list[dt.date]] = {}
    for row in rows:
        starts.setdefault(key(row), []).append(row.valid_from)
    held = model.objects.filter(valid_to__isnull=True, **{f"{key_fields[0]}__in": {k[0] for k in starts}}).only(
        "pk", *key_fields, "valid_from")
    closed = []
    for row in [*held, *rows]:
        later = [d for d in starts.get(key(row), ()) if d > row.valid_from]
        if row.valid_to is None and later:
            row.valid_to = min(later) - dt.timedelta(days=1)
            row.to_day = hc.day_number(row.valid_to)
            if row.pk is not None:
                closed.append(row)
    model.objects.bulk_update(closed, ["valid_to", "to_day"], batch_size=2000)


def _refuse_overlaps(spans: list[Span], held: Iterable[tuple], problems: list[dict[str, Any]], what: str) -> None:
    """Refuse (line, valid_from) a row whose period overlaps a period of the same key held (`held`: rows of the key's
    columns, valid_from, valid_to) or earlier in the file (in the order of valid_from), after the import's own rule
    that a later start closes an open period the day before. The checks join a version valid on the day as at most
    one row (B01's facility level, P01/P02's approved price, P05's practitioner), so two periods of one key must
    never overlap. The message names the period overlapped: held, or the file's line."""
    periods: dict[tuple, list[tuple[dt.date, dt.date | None, int | None]]] = {}
    for *key, start, end in held:
        periods.setdefault(tuple(key), []).append((start, end, None))
    for n, key, start, end in sorted(spans, key=lambda r: (r[1], r[2])):
        for s, e, line in periods.get(key, []):
            if e is None and s < start:
                continue  # closed the day before this row's valid_from
            if s <= (end or dt.date.max) and start <= (e or dt.date.max):
                where = "already held" if line is None else f"on line {line}"
                problems.append({"line": n, "field": "valid_from", "message": f"{what} from {start.isoformat()} "
                                 f"overlaps the period from {s.isoformat()} {where}"})
                break
        else:
            periods.setdefault(key, []).append((start, end, n))


FACILITY_HEADER = ("code", "name", "level", "kind", "province", "commune", "primary_care", "contract_number",
                   "contract_from", "contract_to", "valid_from", "valid_to")


def facilities_import(*, actor: Any, stream: IO[bytes], file_name: str) -> int:
    """Facilities from CSV/XLSX (FACILITY_HEADER): 5-character code (2-digit province + 3), level, kind, province
    and commune codes, whether it takes primary-care registrations, the contract with the agency; effective-dated:
    a row from a later date closes the open row of the same code the day before. All or nothing."""
    rows = _rows(stream, file_name)
    problems: list[dict[str, Any]] = []
    provinces = {u.code: u for u in AdminUnit.objects.filter(level=Level.PROVINCE, valid_to__isnull=True)}
    wanted = {str(r.get("commune") or "").strip() for _, r in rows}
    communes = {u.code: u for u in AdminUnit.objects.filter(level=Level.COMMUNE, code__in=wanted)}
    held = set(Facility.objects.values_list("code", "valid_from"))
    seen: set[tuple[str, dt.date]] = set()
    new: list[Facility] = []
    spans: list[Span] = []
    for n, row in rows:
        def bad(field: str, message: str, n: int = n) -> None:
            problems.append({"line": n, "field": field, "message": message})
        code = str(row.get("code") or "").strip()
        if len(code) != 5 or not code.isalnum():
            bad("code", "code must have 5 letters or digits (2-digit province + 3)")
        if not (row.get("name") or "").strip():
            bad("name", "name is required")
        level = (row.get("level") or "").strip()
        if level not in Facility.Level.values:
            bad("level", f"level must be one of {', '.join(Facility.Level.values)}")
        kind = (row.get("kind") or "").strip()
        if kind not in Facility.Kind.values:
            bad("kind", f"kind must be one of {', '.join(Facility.Kind.values)}")
        province = provinces.get(str(row.get("province") or "").strip().zfill(2))
        if province is None:
            bad("province", f"province {row.get('province')!r} is not in the reference data")
        elif code[:2] != province.code:
            bad("code", f"the first 2 characters must be the province code {province.code}")
        commune = communes.get(str(row.get("commune") or "").strip())
        if commune is None:
            bad("commune", f"commune {row.get('commune')!r} is not in the reference data")
        elif province is not None and commune.province_id != province.pk:
            bad("commune", f"commune {commune.code} is not in province {province.code}")
        start = _day(row, "valid_from", bad, required=True)
        end = _day(row, "valid_to", bad, required=False)
        c_from = _day(row, "contract_from", bad, required=False)
        c_to = _day(row, "contract_to", bad, required=False)
        if start and end and end < start:
            bad("valid_to", "valid_to is before valid_from")
        if c_from and c_to and c_to < c_from:
            bad("contract_to", "contract_to is before contract_from")
        if start and ((code, start) in held or (code, start) in seen):
            bad("valid_from", f"facility {code} from {start.isoformat()} is already held")
        if start:
            seen.add((code, start))
        if province is None or commune is None or start is None:
            continue
        spans.append((n, (code,), start, end))
        new.append(Facility(code=code, name=(row.get("name") or "")[:200], level=level, kind=kind, province=province,
                            commune=commune, primary_care=_flag(row.get("primary_care")),
                            contract_number=(row.get("contract_number") or "")[:60], contract_from=c_from,
                            contract_to=c_to, valid_from=start, valid_to=end))
    if not problems:
        _refuse_overlaps(spans, Facility.objects.filter(code__in={k[0] for _, k, _, _ in spans}).values_list(
            "code", "valid_from", "valid_to"), problems, "this facility's row")
    if problems:
        raise FileErrors(problems)
    with transaction.atomic():
        for fac in sorted(new, key=lambda f: (f.code, f.valid_from)):
            Facility.objects.filter(code=fac.code, valid_to__isnull=True, valid_from__lt=fac.valid_from).update(
                valid_to=fac.valid_from - dt.timedelta(days=1))
            fac.save()
        audit.record(actor=actor, action="action", object_type="healthcare.facilities", object_id=file_name[:64],
                     after={"rows": len(new), "codes": sorted({f.code for f in new})[:50]}, source="import")
    return len(new)


PRACTITIONER_HEADER = ("certificate_number", "full_name", "title", "facility_code", "valid_from", "valid_to")


def practitioners_import(*, actor: Any, stream: IO[bytes], file_name: str) -> int:
    """Practitioners of facilities with their practising-certificate numbers (the 02/DM staff list), effective-
    dated per facility and certificate. All or nothing."""
    rows = _rows(stream, file_name)
    problems: list[dict[str, Any]] = []
    known = set(Facility.objects.values_list("code", flat=True))
    held = set(Practitioner.objects.values_list("facility_code", "certificate_number", "valid_from"))
    new: list[Practitioner] = []
    spans: list[Span] = []
    for n, row in rows:
        def bad(field: str, message: str, n: int = n) -> None:
            problems.append({"line": n, "field": field, "message": message})
        cert = (row.get("certificate_number") or "").strip()
        if not cert or len(cert) > 40 or ";" in cert or "(" in cert:
            bad("certificate_number", "certificate_number is required: one number, at most 40 characters")
        if not (row.get("full_name") or "").strip():
            bad("full_name", "full_name is required")
        fc = (row.get("facility_code") or "").strip()
        if fc not in known:
            bad("facility_code", f"facility {fc!r} is not in the reference data")
        start = _day(row, "valid_from", bad, required=True)
        end = _day(row, "valid_to", bad, required=False)
        if start and end and end < start:
            bad("valid_to", "valid_to is before valid_from")
        if start and (fc, cert, start) in held:
            bad("valid_from", f"certificate {cert} at {fc} from {start.isoformat()} is already held")
        if start is None:
            continue
        held.add((fc, cert, start))
        spans.append((n, (fc, cert), start, end))
        new.append(Practitioner(certificate_number=cert, full_name=(row.get("full_name") or "")[:200],
                                title=(row.get("title") or "")[:60], facility_code=fc, valid_from=start, valid_to=end,
                                from_day=hc.day_number(start), to_day=hc.day_number(end) if end else OPEN_DAY))
    if not problems:
        _refuse_overlaps(spans, Practitioner.objects.filter(certificate_number__in={k[1] for _, k, _, _ in spans})
                         .values_list("facility_code", "certificate_number", "valid_from", "valid_to"),
                         problems, "this certificate's row")
    if problems:
        raise FileErrors(problems)
    with transaction.atomic():
        _close_open_rows(Practitioner, new, ("facility_code", "certificate_number"))
        Practitioner.objects.bulk_create(new, batch_size=2000)
        audit.record(actor=actor, action="action", object_type="healthcare.practitioners", object_id=file_name[:64],
                     after={"rows": len(new)}, source="import")
    return len(new)


REGISTRATION_HEADER = ("card_number", "facility_code", "valid_from")


def _takes_primary_care(codes: set[str], on: dt.date) -> set[str]:
    return set(Facility.objects.filter(code__in=codes, primary_care=True, valid_from__lte=on)
               .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).values_list("code", flat=True))


def registrations_import(*, actor: Any, stream: IO[bytes], file_name: str) -> int:
    """Primary-care registrations as held (card, facility, from): the facility must take primary-care registrations
    on that day. A later row for a card closes its open registration the day before. All or nothing (the change
    window applies to changes at the desk, `registration_change`, not to loading the registrations held)."""
    rows = _rows(stream, file_name)
    problems: list[dict[str, Any]] = []
    parsed: list[tuple[int, str, str, dt.date]] = []
    for n, row in rows:
        def bad(field: str, message: str, n: int = n) -> None:
            problems.append({"line": n, "field": field, "message": message})
        card = (row.get("card_number") or "").strip().upper()
        if not is_card_number(card):
            bad("card_number", "card_number must be an HI card number of 15 characters")
        fc = (row.get("facility_code") or "").strip()
        start = _day(row, "valid_from", bad, required=True)
        if start:
            parsed.append((n, card, fc, start))
    ok_by_day: dict[dt.date, set[str]] = {}
    held = set(PrimaryCareRegistration.objects.filter(card_number__in=[p[1] for p in parsed])
               .values_list("card_number", "valid_from"))
    seen: set[tuple[str, dt.date]] = set()
    for n, card, fc, start in parsed:
        if start not in ok_by_day:
            ok_by_day[start] = _takes_primary_care({p[2] for p in parsed if p[3] == start}, start)
        if fc not in ok_by_day[start]:
            problems.append({"line": n, "field": "facility_code",
                             "message": f"facility {fc!r} does not take primary-care registrations on {start}"})
        if (card, start) in held or (card, start) in seen:
            problems.append({"line": n, "field": "valid_from",
                             "message": f"card {card} already has a registration from {start}"})
        seen.add((card, start))
    if problems:
        raise FileErrors(problems)
    with transaction.atomic():
        for _n, card, fc, start in sorted(parsed, key=lambda p: p[3]):
            PrimaryCareRegistration.objects.filter(card_number=card, valid_to__isnull=True,
                                                   valid_from__lt=start).update(valid_to=start - dt.timedelta(days=1))
            PrimaryCareRegistration.objects.create(card_number=card, facility_code=fc, valid_from=start,
                                                   source=PrimaryCareRegistration.Source.IMPORT)
        audit.record(actor=actor, action="action", object_type="healthcare.registrations", object_id=file_name[:64],
                     after={"rows": len(parsed)}, source="import")
    return len(parsed)


def registration_on(card_number: str, on: dt.date) -> PrimaryCareRegistration | None:
    return (PrimaryCareRegistration.objects.filter(card_number=card_number, valid_from__lte=on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).order_by("-valid_from").first())


def registration_change(*, actor: Any, card_number: str, facility_code: str, on: dt.date,
                        reason: str = "") -> PrimaryCareRegistration:
    """The card holder changes the primary-care facility: only in the first days of a quarter (HI Law Art 26.1 as
    amended by Law 51/2024: 15 days), once per window, to a facility that takes primary-care registrations that
    day. The registration held closes the day before; audited."""
    card = (card_number or "").strip().upper()
    if not is_card_number(card):
        raise ApplicationError("bad_card", "enter an HI card number of 15 characters", field="card_number")
    try:
        start, end = hc.change_window(on)
    except hc.RuleError:
        raise ApplicationError("no_rule", "no change window is in force on that day", field="on") from None
    if not start <= on <= end:
        nxt = hc.change_window(dt.date(start.year + 1, 1, 1) if start.month == 10
                               else dt.date(start.year, start.month + 3, 1))
        raise ApplicationError(
            "outside_change_window",
            f"the primary-care facility may be changed only from {start.isoformat()} to {end.isoformat()} of a "
            f"quarter; the next window is {nxt[0].isoformat()} to {nxt[1].isoformat()}", field="on")
    with transaction.atomic():
        if facility_code not in _takes_primary_care({facility_code}, on):
            raise ApplicationError("not_primary_care", f"facility {facility_code} does not take primary-care "
                                   "registrations on that day", field="facility_code")
        held = (PrimaryCareRegistration.objects.select_for_update().filter(card_number=card, valid_to__isnull=True)
                .first())
        if held is not None:
            if held.facility_code == facility_code:
                raise ApplicationError("same_facility", "the card is already registered at that facility",
                                       field="facility_code")
            if held.source == PrimaryCareRegistration.Source.CHANGE and start <= held.valid_from <= end:
                raise ApplicationError("changed_this_quarter", "the card already changed its facility in this "
                                       "quarter's window", field="facility_code")
            if held.valid_from >= on:
                raise ApplicationError("registration_from_later", "the registration held starts on or after that "
                                       "day", field="on")
            before = audit.snapshot(held)
            held.valid_to = on - dt.timedelta(days=1)
            held.save(update_fields=["valid_to"])
            audit.record(actor=actor, action="update", obj=held, before=before, after=audit.snapshot(held),
                         reason=reason or "primary-care facility changed", source="web")
        new = PrimaryCareRegistration.objects.create(card_number=card, facility_code=facility_code, valid_from=on,
                                                     source=PrimaryCareRegistration.Source.CHANGE,
                                                     reason=(reason or "")[:300])
        audit.record(actor=actor, action="create", obj=new, after=audit.snapshot(new), reason=reason, source="web")
    return new
