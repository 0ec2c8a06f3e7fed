"""HI cards: issue for a month (set-based), renew, reissue (lost or damaged), change. A card is never overwritten:
each use case writes a new row that `replaces` the previous one, whose status becomes `replaced`, and an audit row
per card in the same transaction. The law is in `ansinh.rules.hi_card` (number, benefit digit by date, validity,
five consecutive years); see docs/coverage.md for the sources and what is UNVERIFIED.

The primary-care facility (5 characters) is taken as input: the code of the commune health station a person
should be registered with is not derivable from the data held (the facility list is not loaded yet). A renewal or
change keeps the facility of the card it replaces.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.accounts.models import AuditEvent
from ansinh.contributions.models import Receipt
from ansinh.core.bulk import insert_rows, next_ids
from ansinh.core.errors import Conflict, Forbidden, InvalidInput
from ansinh.core.progress import Progress, progress_or_none
from ansinh.coverage import selectors
from ansinh.coverage.models import HICard, Participation, Payer, Scheme
from ansinh.rules import hi_card
from ansinh.rules.contributions import local_support
from ansinh.rules.params.contribution_rates import HOUSEHOLD_HI_SHARES
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError

CATEGORY_BY_PAYER = {
    Payer.EMPLOYER_EMPLOYEE: 1, Payer.EMPLOYER: 1, Payer.SI_FUND: 2, Payer.STATE: 3,
    Payer.STATE_SUPPORTED: 4, Payer.STUDENT: 4, Payer.HOUSEHOLD: 5, Payer.SELF: 5,
}
AUDIT_TYPE = "coverage.hicard"
FULL_SUPPORT_PAYERS = (Payer.STATE_SUPPORTED, Payer.STUDENT)
_CARD_COLUMNS = ("person_id", "number", "group", "benefit_level", "province_code", "living_area", "valid_from",
                 "valid_to", "primary_care_code", "five_years_from", "status", "replaces_id", "reason",
                 "support_group", "support_central", "support_local", "support_basis")


def _refuse(exc: RuleError) -> InvalidInput:
    return InvalidInput(exc.code, exc.message, field=exc.field)


def category(group: str, payer: str) -> int:
    """HI Law Art 12 category of the participant: by the group code where known, else by who pays."""
    return hi_card.category_of(group) or CATEGORY_BY_PAYER.get(payer, 5)


def _card_audit(data: dict[str, Any], actor: Any, now: dt.datetime, source: str, reason: str = "") -> AuditEvent:
    after = {k: (v.isoformat() if isinstance(v, dt.date) else str(v) if isinstance(v, Decimal) else v)
             for k, v in data.items() if k in (*_CARD_COLUMNS, "id")}
    user = actor if getattr(actor, "pk", None) else None
    return AuditEvent(at=now, actor=user, actor_name=getattr(user, "username", "") or (str(actor) if actor else "system"),
                      action=AuditEvent.Action.CREATE, object_type=AUDIT_TYPE, object_id=str(data["id"]),
                      object_repr=str(data["number"]), after=after, reason=reason[:300], source=source)


def _replaced_audit(card_id: int, number: str, new_id: int, actor: Any, now: dt.datetime, source: str) -> AuditEvent:
    user = actor if getattr(actor, "pk", None) else None
    return AuditEvent(at=now, actor=user, actor_name=getattr(user, "username", "") or (str(actor) if actor else "system"),
                      action=AuditEvent.Action.UPDATE, object_type=AUDIT_TYPE, object_id=str(card_id),
                      object_repr=number, before={"status": HICard.Status.ISSUED},
                      after={"status": HICard.Status.REPLACED, "replaced_by": new_id}, source=source)


# --- issue for a month, set-based ------------------------------------------------------------------------------

@dataclass
class IssueReport:
    period: str
    candidates: int = 0  # persons with HI coverage confirmed for the month
    already_valid: int = 0
    new: int = 0
    renewed: int = 0
    changed: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    supported: dict[str, int] = field(default_factory=dict)  # local support group -> cards issued with it

    @property
    def issued(self) -> int:
        return self.new + self.renewed + self.changed

    def skip(self, why: str) -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1

    def summary(self) -> str:
        skipped = ", ".join(f"{k} {v:,}" for k, v in sorted(self.skipped.items())) or "none"
        supported = ", ".join(f"{k} {v:,}" for k, v in sorted(self.supported.items())) or "none"
        return (f"HI cards {self.period}: {self.candidates:,} persons paid, {self.already_valid:,} already hold a valid "
                f"card, issued {self.issued:,} (new {self.new:,}, renewed {self.renewed:,}, changed {self.changed:,}); "
                f"with provincial support: {supported}; skipped: {skipped}")


def _end_of_year(day: dt.date) -> dt.date:
    return dt.date(day.year, 12, 31)


_ISSUE_COLUMNS = ("id", "person_id", "number", "group", "benefit_level", "province_code", "living_area", "valid_from",
                  "valid_to", "primary_care_code", "five_years_from", "status", "replaces_id", "reason", "issued_at",
                  "issued_by_id", "detail", "support_group", "support_central", "support_local", "support_basis")


def _person_lists(persons: Any) -> dict[int, set[str]]:
    """The lists each person is on (commune and school lists matched to the registry: near_poor, party_30y,
    school_pupils …), for the provincial support groups defined by list membership. The lists are kept by the
    compliance area; without it only the lists implied by the card group count."""
    from django.apps import apps

    if not apps.is_installed("ansinh.compliance"):
        return {}
    from ansinh.compliance.selectors import lists_by_person

    return lists_by_person(persons)


def _reserve_ids(table: str, n: int) -> list[int]:
    """n primary keys for rows inserted in bulk with their ids (the audit rows need them). PostgreSQL: drawn from the
    table's sequence (safe beside concurrent writers); SQLite (one writer at a time): after the current maximum."""
    if n == 0:
        return []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, n])
            return [int(r[0]) for r in cursor.fetchall()]
    return list(next_ids(table, n))


def _mark_replaced(ids: list[int]) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {HICard._meta.db_table} SET status = %s WHERE id = ANY(%s)",
                           [HICard.Status.REPLACED, ids])
        return
    for i in range(0, len(ids), 900):
        HICard.objects.filter(pk__in=ids[i:i + 900]).update(status=HICard.Status.REPLACED)


def cards_issue(*, period: Month, actor: Any = None, primary_care_code: str = "", source: str = "cli",
                progress: Progress | None = None, person_ids: Sequence[int] | None = None,
                reason: str = "") -> IssueReport:
    """Issue a card to every person whose HI coverage is confirmed (paid) for `period` and who holds no issued card
    running to the end of the month: a first card, a renewal (the current card ran out), or a change (the group of
    the month differs from the card's). Set-based: a fixed number of queries, bulk inserts, one audit row per card
    written or replaced. Idempotent: a second run for the same month issues nothing. `progress` hears the four
    phases (read, choose, write, audit). `person_ids` limits the run to those persons (a dossier's card issue; a
    collection agent's remittance issues the cards of the household it paid for; the cards of the pupils a school
    has just paid for); `reason` goes to the audit rows.

    The provincial HI support scheme in force on the card's first day for the card's province applies to the
    State-supported groups (HS/SV, CN, GB: central share + local) and to self-paying household members (groups by
    list or age): the shares are stored on the card (support_group, support_central, support_local, support_basis)
    and the quarterly amount the province owes the HI fund is read from them (compliance.selectors.province_owed)."""
    progress = progress_or_none(progress)
    try:
        default_facility = hi_card.validate_facility_code(primary_care_code)
    except RuleError as exc:
        raise _refuse(exc) from None
    report = IssueReport(period=str(period))
    now = timezone.now()
    user = actor if getattr(actor, "pk", None) else None
    last = period.last_day
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(727002)")  # one card run at a time
                # The reads below carry the month's confirmation (EXISTS on receipts, the cleared employers) as
                # subplans the planner costs in millions: JIT compilation then took ~6 s of each ~7 s read, three
                # reads per run (docs/PERFORMANCE.md). The queries run in well under a second without it.
                cursor.execute("SET LOCAL jit = off")
        progress.start(4, "phases")
        # confirmed months, and the State-supported participations without a receipt: when the province's scheme
        # pays the whole premium with the central share (e.g. near-poor to 100 %) there is nothing to collect, and
        # the card is issued on the list like a State-paid group (decided per row below)
        paid = selectors.overlapping(Participation.objects.filter(scheme=Scheme.HI), period).filter(
            selectors.confirmed_q(period) | Q(payer__in=FULL_SUPPORT_PAYERS))
        if person_ids is not None:
            paid = paid.filter(person_id__in=list(person_ids))
        rows = list(paid.values(
            "id", "person_id", "person__si_code", "scheme", "hi_group", "payer", "employer_id", "household_id",
            "valid_from", "valid_to", "employer__address_commune__province__code", "household__commune__province__code",
            "person__address_commune__province__code", "person__birth_date", "paid_on",
        ))
        persons = paid.values("person_id")
        ledger = selectors.employer_months(selectors.cleared_employers(period), period)
        # the household-HI receipts covering the month, kept for the persons and households read above: one plain
        # read and sets in Python. (As `person_id IN (paid) OR household_id IN (paid)` PostgreSQL ran the subquery
        # once per receipt when its hash did not fit in work_mem: at 800,000 persons it had not finished in 12 min.)
        person_ids = {r["person_id"] for r in rows}
        household_ids = {r["household_id"] for r in rows if r["household_id"]}
        receipts = selectors.receipt_index(
            r for r in selectors.receipts_covering(period).filter(scheme=Receipt.Scheme.HI_HOUSEHOLD)
            if r.person_id in person_ids or r.household_id in household_ids)
        receipts = selectors.reference_covers(period, persons=persons, households=paid.values("household_id")) | receipts
        current = {c["person_id"]: c for c in HICard.objects.filter(status=HICard.Status.ISSUED, person_id__in=persons)
                   .values("id", "person_id", "number", "group", "valid_from", "valid_to", "living_area",
                           "primary_care_code")}
        history: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
        for pid, start, end in (Participation.objects.filter(scheme=Scheme.HI, person_id__in=persons,
                                                             valid_from__lte=last)
                                .values_list("person_id", "valid_from", "valid_to")):
            history[pid].append((start, end))
        lists = _person_lists(persons)
        progress.advance(1)

        unconfirmed = {r["id"] for r in rows if r["payer"] in FULL_SUPPORT_PAYERS}
        if unconfirmed:  # those of them paid (a receipt, the school) are confirmed: one more query only then
            unconfirmed -= set(selectors.overlapping(Participation.objects.filter(
                scheme=Scheme.HI, payer__in=FULL_SUPPORT_PAYERS), period).filter(
                selectors.confirmed_q(period), person_id__in=persons).values_list("id", flat=True))
        chosen: dict[int, dict[str, Any]] = {}
        for r in sorted(rows, key=lambda r: (category(r["hi_group"], r["payer"]), r["valid_from"], r["id"])):
            if r["id"] in unconfirmed and not _fully_supported(
                    r, r["hi_group"], r["payer"], _province(r), max(r["valid_from"], period.first_day),
                    lists.get(r["person_id"], set())):
                continue  # nothing paid, and the State and the province do not pay it all
            chosen.setdefault(r["person_id"], r)  # Art 13.5: the first group in Art 12 order
        report.candidates = len(chosen)

        new_cards: list[dict[str, Any]] = []
        for pid, r in chosen.items():
            card = current.get(pid)
            if card is not None and card["valid_to"] >= last and card["group"] == r["hi_group"]:
                report.already_valid += 1
                continue
            made = _card_for_month(r, period, card, ledger, receipts, history[pid], default_facility, report,
                                   lists.get(pid, set()))
            if made is not None:
                new_cards.append(made)
        progress.advance(1)

        _mark_replaced([c["replaces_id"] for c in new_cards if c["replaces_id"]])
        table = HICard._meta.db_table
        ops = connection.ops
        issued_at = ops.adapt_datetimefield_value(now)
        for card, pk in zip(new_cards, _reserve_ids(table, len(new_cards)), strict=True):
            card.update(id=pk, issued_at=issued_at, issued_by_id=user.pk if user else None)
        insert_rows(table, _ISSUE_COLUMNS, (
            [json.dumps(c[k], ensure_ascii=False) if k == "detail" else c[k] for k in _ISSUE_COLUMNS] for c in new_cards))
        progress.advance(1)
        events = [_card_audit(c, actor, now, source, reason=reason or f"cards_issue {period}") for c in new_cards]
        events += [_replaced_audit(c["replaces_id"], c["replaces_number"], c["id"], actor, now, source)
                   for c in new_cards if c["replaces_id"]]
        audit.record_bulk(events)
        progress.advance(1)
    return report


def _card_for_month(r: dict[str, Any], period: Month, card: dict[str, Any] | None, ledger: dict[Any, Any],
                    receipts: dict[Any, Any], intervals: list[tuple[dt.date, dt.date | None]], default_facility: str,
                    report: IssueReport, lists: set[str] | None = None) -> dict[str, Any] | None:
    first, last = period.first_day, period.last_day
    si = r["person__si_code"]
    if not si:
        report.skip("no_si_number")
        return None
    payer, group = r["payer"], r["hi_group"]
    province = _province(r)
    coverage_from = max(r["valid_from"], first)
    participation_end = r["valid_to"]
    budget_paid = False
    if payer in selectors.EMPLOYER_PAYERS:
        state = ledger.get((r["employer_id"], first))
        paid_on = (state.paid_on if state else None) or last
        coverage_to = _end_of_year(first)
    elif payer == Payer.STUDENT and r.get("paid_on"):  # collected through the school for the card period
        paid_on = r["paid_on"]
        coverage_to = participation_end or _end_of_year(first)
    elif payer in selectors.RECEIPT_PAYERS:
        cover = selectors.receipt_for(r, receipts)
        if cover is None and payer in FULL_SUPPORT_PAYERS and _fully_supported(r, group, payer, province, first,
                                                                                lists or set()):
            # nothing to collect: on the list, valid like the State-paid groups (no 30-day wait after a payment that
            # the person does not make — a decision, UNVERIFIED: the wait of Law 51 Art 16.3.c follows a payment)
            paid_on, coverage_to, budget_paid = coverage_from, _end_of_year(first), True
        elif cover is None:  # a voluntary-SI-only receipt cannot confirm HI
            report.skip("no_receipt")
            return None
        else:
            paid_on, coverage_to = cover.taken_on, Month.of(cover.to_month).last_day
    else:
        paid_on, coverage_to = coverage_from, _end_of_year(first)
    if participation_end is not None:
        coverage_to = min(coverage_to, participation_end)

    changing = card is not None and card["valid_to"] >= last and card["group"] != group
    if changing:
        start = max(coverage_from, card["valid_from"])
        validity: hi_card.Validity | None = hi_card.Validity(
            start, max(coverage_to, start), "change", "change of participant group: the new card applies from the "
            "month of the change (Decree 02/2025 cl. 8, V-SEC)", "V-SEC")
    else:
        before = [min(end or coverage_from, coverage_from - dt.timedelta(days=1)) for start, end in intervals
                  if start < coverage_from]
        previous_end = max([*before, *([card["valid_to"]] if card is not None else [])], default=None)
        try:
            validity = hi_card.card_validity(category=3 if budget_paid else category(group, payer),
                                             coverage_from=coverage_from,
                                             coverage_to=coverage_to, paid_on=paid_on, previous_end=previous_end)
        except RuleError:
            report.skip("bad_coverage")
            return None
    if validity is None:
        report.skip("nothing_to_cover")
        return None
    try:
        digit = hi_card.benefit_digit(group, validity.valid_from)
        number = hi_card.format_card_number(group=group, benefit=digit.digit, province=province or "", si_number=si)
    except RuleError as exc:
        report.skip({"bad_group": "unknown_group"}.get(exc.code, exc.code))
        return None
    spans = [(Month.of(start), Month.of(min(end or last, last))) for start, end in intervals]
    sup = _support(r, group, payer, province, validity.valid_from, receipts, lists or set())
    reason = HICard.Reason.CHANGE if changing else HICard.Reason.RENEWAL if card is not None else HICard.Reason.NEW
    if sup is not None:
        report.supported[sup.group] = report.supported.get(sup.group, 0) + 1
    if reason == HICard.Reason.NEW:
        report.new += 1
    elif reason == HICard.Reason.RENEWAL:
        report.renewed += 1
    else:
        report.changed += 1
    return {
        "person_id": r["person_id"], "number": number, "group": group, "benefit_level": digit.digit,
        "province_code": province, "living_area": card["living_area"] if card else "",
        "valid_from": validity.valid_from, "valid_to": validity.valid_to,
        "primary_care_code": card["primary_care_code"] if card and card["primary_care_code"] else default_facility,
        "five_years_from": hi_card.five_years_date(spans, on=validity.valid_from), "status": HICard.Status.ISSUED,
        "replaces_id": card["id"] if card else None, "replaces_number": card["number"] if card else "",
        "reason": str(reason),
        # compact: the rule names; their bases are in rules.hi_card and docs/coverage.md
        "detail": {"period": str(period), "participation_id": r["id"], "payer": payer, "paid_on": paid_on.isoformat(),
                   "validity": validity.rule, "validity_status": validity.status, "digit_status": digit.status},
        "support_group": sup.group if sup else "", "support_central": sup.central if sup else Decimal(0),
        "support_local": sup.local if sup else Decimal(0),
        "support_basis": f"{sup.resolution} [{sup.status}]"[:300] if sup else "",
    }


def _province(r: dict[str, Any]) -> str | None:
    if r["payer"] in selectors.EMPLOYER_PAYERS:
        return r["employer__address_commune__province__code"]
    if r["household_id"]:
        return r["household__commune__province__code"]
    return r["person__address_commune__province__code"]


def _fully_supported(r: dict[str, Any], group: str, payer: str, province: str | None, day: dt.date,
                     lists: set[str]) -> bool:
    sup = _support(r, group, payer, province, day, {}, lists)
    return sup is not None and sup.total >= 1


def _support(r: dict[str, Any], group: str, payer: str, province: str | None, day: dt.date, receipts: dict[Any, Any],
             lists: set[str]) -> local_support.Support | None:
    """The provincial scheme applied to this card (rules.contributions.local_support.for_card): age on the card's
    first day; a household member's rank from the receipt that paid for the household (household_hi shares)."""
    born = r.get("person__birth_date")
    age = None if born is None else day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    rank_share = Decimal(1)
    if payer == Payer.HOUSEHOLD:
        cover = selectors.receipt_for(r, receipts)
        if cover is not None and r["person_id"] in cover.members:
            shares = HOUSEHOLD_HI_SHARES.at(day)
            rank = cover.members.index(r["person_id"]) + 1
            rank_share = shares[min(rank, len(shares)) - 1]
    return local_support.for_card(province=province, card_group=group, payer=payer, day=day, lists=lists, age=age,
                                  rank_share=rank_share)


# payer of a card group when the person has no participation of that group on the day (a change entered before
# the participation): the payers whose premium a provincial scheme may top up (local_support.for_card)
GROUP_PAYER = {"HS": Payer.STUDENT, "SV": Payer.STUDENT, "CN": Payer.STATE_SUPPORTED, "GB": Payer.STATE_SUPPORTED,
               "GD": Payer.HOUSEHOLD}


def _support_for_group(card: HICard, group: str, day: dt.date) -> local_support.Support | None:
    """The provincial scheme for the card's person in `group` from `day` (a change of group): the same reading as the
    card issue (`_support`): the payer of the person's HI participation of that group on the day (else the group's
    usual payer), the lists the person is on, the age on the day, a household member's rank from the receipt."""
    from ansinh.registry.models import Person

    part = (Participation.objects.filter(person_id=card.person_id, scheme=Scheme.HI, hi_group=group,
                                         valid_from__lte=day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day)).order_by("-valid_from", "-id")
            .values("id", "person_id", "scheme", "payer", "household_id").first())
    born = Person.objects.filter(pk=card.person_id).values_list("birth_date", flat=True).first()
    r = part or {"id": None, "person_id": card.person_id, "scheme": Scheme.HI, "payer": GROUP_PAYER.get(group, ""),
                 "household_id": None}
    r = {**r, "person__birth_date": born}
    receipts: dict[Any, Any] = {}
    if r["payer"] == Payer.HOUSEHOLD:
        month = Month.of(day)
        whose = Q(person_id=card.person_id) | (Q(household_id=r["household_id"]) if r["household_id"] else Q())
        receipts = selectors.receipt_index(selectors.receipts_covering(month).filter(whose))
    lists = _person_lists([card.person_id]).get(card.person_id, set())
    return _support(r, group, r["payer"], card.province_code, day, receipts, lists)


# --- one card at a time -----------------------------------------------------------------------------------------

def _require_staff(actor: Any) -> None:
    if actor is not None and not getattr(actor, "is_staff_role", False) and not getattr(actor, "is_superuser", False):
        raise Forbidden("staff_only", "Only agency staff may issue or change HI cards")


def _current(card: HICard) -> HICard:
    row = HICard.objects.select_for_update().get(pk=card.pk)
    if row.status != HICard.Status.ISSUED:
        raise Conflict("card_not_current", f"HI card {row.number} is {row.status}: only the current card can be "
                       "renewed, reissued or changed", field="card")
    return row


def _successor(old: HICard, *, actor: Any, reason: str, source: str, note: str = "",
               detail: dict[str, Any] | None = None, **changes: Any) -> HICard:
    """Write the new row, mark the old one replaced, audit both (inside the caller's transaction)."""
    now = timezone.now()
    before = audit.snapshot(old)
    old.status = HICard.Status.REPLACED
    old.save(update_fields=["status"])
    values = {c: getattr(old, c) for c in _CARD_COLUMNS if c not in ("status", "replaces_id", "reason")}
    values.update(changes)
    new = HICard.objects.create(**values, status=HICard.Status.ISSUED, replaces=old, reason=reason, issued_at=now,
                                issued_by=actor if getattr(actor, "pk", None) else None,
                                detail={**old.detail, **(detail or {}), "replaces": old.number})
    audit.record(actor=actor, action="update", obj=old, before=before, after=audit.snapshot(old), reason=note,
                 source=source)
    audit.record(actor=actor, action="create", obj=new, after=audit.snapshot(new), reason=note, source=source)
    return new


def _renumber(card: HICard, group: str, on: dt.date) -> tuple[str, hi_card.DigitFinding]:
    try:
        digit = hi_card.benefit_digit(group, on)
        number = hi_card.format_card_number(group=group, benefit=digit.digit, province=card.province_code,
                                            si_number=card.number[5:])
    except RuleError as exc:
        raise _refuse(exc) from None
    return number, digit


def card_renew(*, actor: Any, card: HICard, valid_to: dt.date, valid_from: dt.date | None = None,
               reason: str = "", source: str = "") -> HICard:
    """Extend validity: a new card from the day after the current one ends (or `valid_from`) to `valid_to`; the
    benefit digit is the one in force on the new start."""
    _require_staff(actor)
    with transaction.atomic():
        old = _current(card)
        start = valid_from or old.valid_to + dt.timedelta(days=1)
        if valid_to <= old.valid_to:
            raise InvalidInput("not_extended", f"a renewal must run past {old.valid_to}", field="valid_to")
        if start > valid_to:
            raise InvalidInput("bad_range", f"the card would start {start} after it ends {valid_to}", field="valid_from")
        number, digit = _renumber(old, old.group, start)
        return _successor(old, actor=actor, reason=HICard.Reason.RENEWAL, source=source, note=reason, number=number,
                          benefit_level=digit.digit, valid_from=start, valid_to=valid_to,
                          detail={"digit": {"on": start.isoformat(), "basis": digit.basis, "status": digit.status}})


REISSUE_CAUSES = {"lost": HICard.Reason.REISSUE_LOST, "damaged": HICard.Reason.REISSUE_DAMAGED,
                  "changed_info": HICard.Reason.CHANGE}  # the registered information changed: same number


def card_reissue(*, actor: Any, card: HICard, cause: str, note: str = "", source: str = "") -> HICard:
    """A lost or damaged card, or one whose printed information changed: a new row with the same number and
    validity."""
    if cause not in REISSUE_CAUSES:
        raise InvalidInput("bad_cause", f"cause must be one of {', '.join(REISSUE_CAUSES)}", field="cause")
    _require_staff(actor)
    with transaction.atomic():
        old = _current(card)
        return _successor(old, actor=actor, reason=REISSUE_CAUSES[cause], source=source, note=note or cause)


def card_change(*, actor: Any, card: HICard, on: dt.date, group: str | None = None,
                primary_care_code: str | None = None, living_area: str | None = None, reason: str = "",
                source: str = "") -> HICard:
    """A change of group, benefit (the digit in force on `on`), primary-care facility or living area: a new card from
    `on` to the end of the current one. The facility may change only in the first 15 days of a quarter (HI Law
    Art 26.1 as amended, V-LAW) unless none was registered."""
    _require_staff(actor)
    with transaction.atomic():
        old = _current(card)
        start = max(on, old.valid_from)
        if start > old.valid_to:
            raise InvalidInput("bad_date", f"the card ends {old.valid_to}, before {on}", field="on")
        new_group = (group or old.group).strip().upper()
        number, digit = _renumber(old, new_group, start)
        changes: dict[str, Any] = {}
        if primary_care_code is not None:
            try:
                facility = hi_card.validate_facility_code(primary_care_code)
            except RuleError as exc:
                raise _refuse(exc) from None
            if facility != old.primary_care_code:
                if old.primary_care_code and not (on.month in (1, 4, 7, 10) and on.day <= 15):
                    raise InvalidInput("facility_window", "the primary-care facility can be changed only in the first "
                                       "15 days of a quarter (HI Law Art 26.1)", field="primary_care_code")
                changes["primary_care_code"] = facility
        if living_area is not None and living_area != old.living_area:
            if living_area not in ("", "K1", "K2", "K3"):
                raise InvalidInput("bad_living_area", "living area must be K1, K2, K3 or empty", field="living_area")
            changes["living_area"] = living_area
        if number == old.number and not changes:
            raise Conflict("no_change", f"HI card {old.number}: nothing changes on {on}", field="group")
        if new_group != old.group:  # the new group's support scheme, as the card issue applies it
            sup = _support_for_group(old, new_group, start)
            changes.update(support_group=sup.group if sup else "", support_central=sup.central if sup else Decimal(0),
                           support_local=sup.local if sup else Decimal(0),
                           support_basis=f"{sup.resolution} [{sup.status}]"[:300] if sup else "")
        return _successor(old, actor=actor, reason=HICard.Reason.CHANGE, source=source, note=reason, number=number,
                          group=new_group, benefit_level=digit.digit, valid_from=start, **changes,
                          detail={"digit": {"on": start.isoformat(), "basis": digit.basis, "status": digit.status}})
