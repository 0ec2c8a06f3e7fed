"""Pupils' HI collected through the school (compliance notes §E; HI Law Art 17.1.d as amended by Law 51/2024): the
school records what each pupil on its list paid for the academic year; each payment opens the pupil's HI
participation (group HS, payer student, the card period by grade, confirmed by the payment date) and the card is
issued at once (coverage.services.cards, which applies the province's support scheme). Set-based: a fixed number of
queries for a whole school, one calculation per distinct grade / province / lists, bulk inserts, one audit row per
payment and per participation, all in one transaction.

The amount is the pupil's share after the central and the provincial support (rules.contributions.student_hi):
premium = Σ 4.5 % × base salary over the months of the card period; the payment refused unless the pupil is on
the school's list, matched to the registry, not yet paid for the year and not already in HI for the period under
another group (Art 13.5: one group at a time)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.accounts.models import AuditEvent
from ansinh.compliance import selectors
from ansinh.compliance.models import ListKind, SchoolPayment
from ansinh.core.errors import Conflict, InvalidInput, NotFound
from ansinh.coverage.models import Participation, Payer, Scheme
from ansinh.coverage.services.cards import cards_issue
from ansinh.rules.contributions import student_hi
from ansinh.rules.explain import to_jsonable
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError

STUDENT_CARD_GROUP = "HS"
STUDENT_GROUPS = ("HS", "SV")
MAX_PUPILS = 5000


@dataclass
class PaymentReport:
    school: str
    year: int
    recorded: int = 0
    collected: int = 0
    province: int = 0
    cards: int = 0
    card_runs: list[str] = field(default_factory=list)


def grade_of(text: str) -> int | None:
    digits = "".join(ch for ch in (text or "") if ch.isdigit())[:2]
    return int(digits) if digits and 1 <= int(digits) <= 12 else None


def _names(rows: list[dict[str, Any]], limit: int = 5) -> str:
    names = [f"{r['name']} (line {r['line_no']})" for r in rows[:limit]]
    more = len(rows) - limit
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def school_payments_record(*, actor: Any, school_code: str, year: int, entry_ids: Iterable[int], paid_on: dt.date,
                           source: str = "web") -> PaymentReport:
    """Record the payments of the ticked pupils (list lines `entry_ids` of the school's list) for the academic year
    `year`/`year+1`, paid to the school on `paid_on`; open their HI participation and issue their cards."""
    ids = sorted({int(i) for i in entry_ids})
    if not ids:
        raise InvalidInput("no_pupil", "tick at least one pupil", field="entries")
    if len(ids) > MAX_PUPILS:
        raise InvalidInput("too_many", f"at most {MAX_PUPILS} pupils at a time", field="entries")
    today = timezone.localdate()
    if paid_on > today:
        raise InvalidInput("future_date", f"paid on {paid_on}: a date in the future", field="paid_on")
    if not 2000 <= year <= 2100 or paid_on < dt.date(year - 1, 1, 1) or paid_on > dt.date(year + 1, 9, 30):
        raise InvalidInput("date_outside_year", f"paid on {paid_on} is not in academic year {year}–{year + 1}",
                           field="paid_on")
    entries = list(selectors.entries_visible(actor).filter(pk__in=ids, source_list__kind=ListKind.SCHOOL,
                                                           school_code=school_code)
                   .values("id", "line_no", "name", "person_id", "grade", "school_name", "match_method",
                           "person__birth_date", "source_list__province__code")
                   .order_by("source_list_id", "line_no", "id"))  # receipts numbered in the list's order
    if len(entries) != len(ids):
        raise NotFound("pupil", ", ".join(str(i) for i in sorted(set(ids) - {e["id"] for e in entries})))
    unmatched = [e for e in entries if not e["person_id"] or e["match_method"] not in selectors.MATCHED]
    if unmatched:
        raise InvalidInput("not_matched", f"not matched to the registry (confirm the match or register the pupil "
                           f"first): {_names(unmatched)}", field="entries")
    no_grade = [e for e in entries if grade_of(e["grade"]) is None]
    if no_grade:
        raise InvalidInput("bad_grade", f"no grade 1 to 12 on the list: {_names(no_grade)}", field="grade")
    persons = [e["person_id"] for e in entries]
    if len(set(persons)) != len(persons):
        raise InvalidInput("duplicate_pupil", "the same pupil is ticked twice", field="entries")
    paid = set(SchoolPayment.objects.filter(person_id__in=persons, academic_year=year,
                                            status=SchoolPayment.Status.PAID).values_list("person_id", flat=True))
    if paid:
        raise Conflict("already_paid", f"already paid for {year}–{year + 1}: "
                       f"{_names([e for e in entries if e['person_id'] in paid])}", field="entries")

    # the pupils' other HI participations over the year (classify_existing): paid as a pupil another way to a day
    # of the year → the school collects the months after; an open pupil participation from a list, begun before
    # the card period → closed the day before the school's card period starts; any other → nothing to collect
    year_start, year_end = dt.date(year, 10, 1), dt.date(year + 1, 12, 31)
    others = list(Participation.objects.filter(person_id__in=persons, scheme=Scheme.HI, valid_from__lte=year_end)
                  .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=year_start))
                  .exclude(source=Participation.Source.SCHOOL)
                  .values("id", "person_id", "hi_group", "payer", "valid_from", "valid_to"))
    student_to: dict[int, dt.date] = {}
    to_close: list[dict[str, Any]] = []
    kept = []
    for o in others:
        how = selectors.classify_existing(o, year)
        if how == "paid_to":
            student_to[o["person_id"]] = max(o["valid_to"], student_to.get(o["person_id"], o["valid_to"]))
        elif how == "supersede":
            to_close.append(o)
        else:
            kept.append(o)
    others = kept

    lists = selectors.lists_by_person(persons)
    cache: dict[tuple[Any, ...], student_hi.StudentResult] = {}
    computed: dict[int, student_hi.StudentResult] = {}
    for e in entries:
        grade = grade_of(e["grade"]) or 0
        born = e["person__birth_date"] if grade == 1 else None
        on = tuple(sorted({"school_pupils", "student", *lists.get(e["person_id"], ())}))
        covered_to = student_to.get(e["person_id"])
        key = (grade, born, e["source_list__province__code"], on, covered_to)
        if key not in cache:
            try:
                cache[key] = student_hi.calculate(student_hi.StudentInput(
                    "general", grade, year, birth_date=born, province=e["source_list__province__code"], lists=on,
                    covered_to=covered_to))
            except RuleError as exc:
                raise InvalidInput(exc.code, f"{e['name']} (line {e['line_no']}): {exc.message}",
                                   field=exc.field) from None
        computed[e["id"]] = cache[key]
    clashing = set()
    for o in others:
        r = computed[next(e["id"] for e in entries if e["person_id"] == o["person_id"])]
        if o["valid_from"] <= r.valid_to and (o["valid_to"] is None or o["valid_to"] >= r.valid_from):
            clashing.add(o["person_id"])
    if clashing:
        rows = [e for e in entries if e["person_id"] in clashing]
        raise Conflict("already_covered", "already in health insurance for the card period under another group "
                       f"(nothing to collect): {_names(rows)}", field="entries")

    report = PaymentReport(school=school_code, year=year)
    now = timezone.now()
    user = actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        taken = SchoolPayment.objects.select_for_update().filter(school_code=school_code, academic_year=year)
        seq = taken.count()
        _close_superseded(to_close, computed, entries, user, now, source)
        parts = []
        numbers = {}
        for i, e in enumerate(entries, start=1):
            r = computed[e["id"]]
            numbers[e["id"]] = f"HS-{school_code}-{year}-{seq + i:05d}"
            parts.append(Participation(person_id=e["person_id"], scheme=Scheme.HI, hi_group=STUDENT_CARD_GROUP,
                                       payer=Payer.STUDENT, valid_from=r.valid_from, valid_to=r.valid_to,
                                       source=Participation.Source.SCHOOL, source_ref=numbers[e["id"]],
                                       paid_on=paid_on))
        Participation.objects.bulk_create(parts, batch_size=2000)
        if any(p.pk is None for p in parts):  # databases that do not return ids from a bulk insert
            by_ref = dict(Participation.objects.filter(source=Participation.Source.SCHOOL,
                                                       source_ref__in=list(numbers.values()))
                          .values_list("source_ref", "id"))
            for p in parts:
                p.pk = p.id = by_ref[p.source_ref]
        payments = []
        for e, part in zip(entries, parts, strict=True):
            r = computed[e["id"]]
            payments.append(SchoolPayment(
                entry_id=e["id"], person_id=e["person_id"], school_code=school_code, school_name=e["school_name"],
                academic_year=year, grade=grade_of(e["grade"]) or 0, valid_from=r.valid_from, valid_to=r.valid_to,
                months=r.months, premium=r.premium, state=r.state, province=r.province, amount=r.student,
                local_group=r.local_group, receipt_number=numbers[e["id"]], paid_on=paid_on, participation=part,
                recorded_by=user, recorded_at=now,
                detail={"steps": to_jsonable(r.steps), "rounding": r.rounding}))
        SchoolPayment.objects.bulk_create(payments, batch_size=2000)
        if any(p.pk is None for p in payments):
            by_number = dict(SchoolPayment.objects.filter(receipt_number__in=list(numbers.values()))
                             .values_list("receipt_number", "id"))
            for p in payments:
                p.pk = p.id = by_number[p.receipt_number]
        name = getattr(user, "username", "") or "system"
        events = []
        for p in payments:
            events.append(AuditEvent(
                at=now, actor=user, actor_name=name, action=AuditEvent.Action.CREATE,
                object_type="compliance.schoolpayment", object_id=str(p.pk), object_repr=p.receipt_number,
                after={"person_id": p.person_id, "school": school_code, "year": year, "grade": p.grade,
                       "valid_from": p.valid_from.isoformat(), "valid_to": p.valid_to.isoformat(),
                       "premium": p.premium, "state": p.state, "province": p.province, "amount": p.amount,
                       "paid_on": paid_on.isoformat(), "participation_id": p.participation_id},
                reason="school HI collection", source=source))
            events.append(AuditEvent(
                at=now, actor=user, actor_name=name, action=AuditEvent.Action.CREATE,
                object_type="coverage.participation", object_id=str(p.participation_id),
                object_repr=f"HS {p.valid_from}..{p.valid_to}",
                after={"person_id": p.person_id, "scheme": "hi", "hi_group": STUDENT_CARD_GROUP, "payer": "student",
                       "valid_from": p.valid_from.isoformat(), "valid_to": p.valid_to.isoformat(),
                       "source": "school", "source_ref": p.receipt_number, "paid_on": paid_on.isoformat()},
                reason="school HI collection", source=source))
        audit.record_bulk(events)
        # the cards: one run per first month of the card period (grade-1 pupils born late start later), for these
        # pupils only; the card's validity follows the payment date (a first card waits 30 days after it, Law
        # 51/2024 Art 16.3.c, keeping the length paid; a pupil continuing from a card runs on from it)
        by_month: dict[Month, list[int]] = {}
        for p in payments:
            by_month.setdefault(Month.of(p.valid_from), []).append(p.person_id)
        for month, pids in sorted(by_month.items()):
            run = cards_issue(period=month, actor=actor, source=source, person_ids=pids)
            report.cards += run.issued
            report.card_runs.append(run.summary())
    report.recorded = len(payments)
    report.collected = sum(p.amount for p in payments)
    report.province = sum(p.province for p in payments)
    return report


def _close_superseded(rows: list[dict[str, Any]], computed: dict[int, Any], entries: list[dict[str, Any]],
                      user: Any, now: Any, source: str) -> None:
    """Close the superseded open pupil participations the day before the school's card period (one UPDATE per
    distinct day, one audit row each)."""
    if not rows:
        return
    start_of = {e["person_id"]: computed[e["id"]].valid_from for e in entries}
    by_day: dict[dt.date, list[int]] = {}
    events = []
    for o in rows:
        day = start_of[o["person_id"]] - dt.timedelta(days=1)
        by_day.setdefault(day, []).append(o["id"])
        events.append(AuditEvent(
            at=now, actor=user, actor_name=getattr(user, "username", "") or "system", action=AuditEvent.Action.UPDATE,
            object_type="coverage.participation", object_id=str(o["id"]), object_repr=f"{o['hi_group']} {o['valid_from']}..",
            before={"valid_to": None}, after={"valid_to": day.isoformat()},
            reason="the school's collection for the academic year takes over", source=source))
    for day, ids in by_day.items():
        Participation.objects.filter(pk__in=ids, valid_to__isnull=True).update(valid_to=day)
    audit.record_bulk(events)


def school_payment_cancel(*, actor: Any, payment: SchoolPayment, reason: str, source: str = "web") -> SchoolPayment:
    """A payment entered by mistake: marked cancelled, its participation closed before it starts (the card already
    issued is revoked), audited. The pupil can then be entered again."""
    from ansinh.coverage.models import HICard

    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("required", "reason: say why the payment is cancelled", field="reason")
    with transaction.atomic():
        row = SchoolPayment.objects.select_for_update().get(pk=payment.pk)
        if row.status != SchoolPayment.Status.PAID:
            raise Conflict("not_paid", f"payment {row.receipt_number} is already cancelled", field="payment")
        if row.remittance_id:
            raise Conflict("already_remitted", f"payment {row.receipt_number} is already remitted by the school "
                           f"({row.remittance.reference}) and posted: it cannot be cancelled", field="payment")
        before = audit.snapshot(row)
        row.status = SchoolPayment.Status.CANCELLED
        row.save(update_fields=["status"])
        audit.record(actor=actor, action="update", obj=row, before=before, after=audit.snapshot(row), reason=reason,
                     source=source)
        if row.participation_id:
            part = Participation.objects.select_for_update().get(pk=row.participation_id)
            pbefore = audit.snapshot(part)
            Participation.objects.filter(pk=part.pk).update(paid_on=None)
            part.refresh_from_db()
            audit.record(actor=actor, action="update", obj=part, before=pbefore, after=audit.snapshot(part),
                         reason=f"school payment {row.receipt_number} cancelled: {reason}", source=source)
            cards = list(HICard.objects.select_for_update().filter(
                person_id=row.person_id, status=HICard.Status.ISSUED, detail__participation_id=part.pk))
            for card in cards:
                cbefore = audit.snapshot(card)
                card.status = HICard.Status.REVOKED
                card.save(update_fields=["status"])
                audit.record(actor=actor, action="update", obj=card, before=cbefore, after=audit.snapshot(card),
                             reason=f"school payment {row.receipt_number} cancelled: {reason}", source=source)
    return row


def school_payments_from_file(*, actor: Any, school_code: str, year: int, data: bytes, file_name: str,
                              paid_on: dt.date, source: str = "web") -> PaymentReport:
    """The school's list of pupils who paid (CSV/XLSX with a citizen-ID column, "Số định danh"; a name column helps
    the header be found): every line must name a pupil on this school's list for the year, else the whole file is
    refused with the lines listed and nothing is written; then as `school_payments_record`."""
    from ansinh.compliance.reading import _err, _text, read_table
    from ansinh.core.errors import FileErrors

    header_line, body, mapping = read_table(data, file_name)
    if "citizen_id" not in mapping:
        raise FileErrors([_err(header_line, "citizen_id", "required", "no citizen-ID column (Số định danh)")])
    entries = dict(selectors.school_entries(actor, year).filter(school_code=school_code)
                   .exclude(citizen_id="").values_list("citizen_id", "id"))
    by_person = dict(selectors.school_entries(actor, year).filter(school_code=school_code, person_id__isnull=False)
                     .values_list("person__citizen_id", "id"))
    errors, ids, seen = [], [], set()
    for line, cells in body:
        col = mapping["citizen_id"]
        cid = _text(cells[col] if col < len(cells) else None)
        entry = entries.get(cid) or by_person.get(cid)
        if not cid:
            errors.append(_err(line, "citizen_id", "required", "no citizen ID"))
        elif entry is None:
            errors.append(_err(line, "citizen_id", "not_on_list",
                               f"{cid} is not on the list of school {school_code} for {year}–{year + 1}"))
        elif entry in seen:
            errors.append(_err(line, "citizen_id", "duplicate", f"{cid} is listed twice"))
        else:
            seen.add(entry)
            ids.append(entry)
    if errors:
        raise FileErrors(errors)
    if not ids:
        raise FileErrors([_err(header_line, "file", "empty", "the file lists no pupil")])
    return school_payments_record(actor=actor, school_code=school_code, year=year, entry_ids=ids, paid_on=paid_on,
                                  source=source)
