"""Who is missing, and why: the detection rules of rules.compliance.detection applied set-based to the lists and
the registry of a province for a month. Re-running replaces the open findings of the month; findings an officer
has followed up keep their status; open findings no longer found become `resolved`."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.compliance.models import UNIT_KINDS, Finding, FindingStatus, ListEntry, ListKind, MatchMethod
from ansinh.compliance.scoping import communes_for, require_staff
from ansinh.contributions.models import AssessmentLine
from ansinh.core.errors import NotFound
from ansinh.coverage.models import HICard, Participation, Scheme
from ansinh.registry.models import Person
from ansinh.rules.compliance import detection
from ansinh.rules.periods import Month

MATCHED = (MatchMethod.ID, MatchMethod.FUZZY, MatchMethod.CONFIRMED)
UNMATCHED = (MatchMethod.NONE, MatchMethod.REJECTED)
PERSON_KINDS = (ListKind.STATE_BUDGET, ListKind.CHILDREN, ListKind.SCHOOL)


def detect(*, actor: Any, province_code: str, period: Month, rules: tuple[str, ...] = tuple(detection.RULES)
           ) -> dict[str, int]:
    """Run the rules for the month over the actor's communes of the province; returns counts per rule."""
    require_staff(actor)
    communes = set(communes_for(actor, province_code).values())
    if not communes:
        raise NotFound("province", province_code)
    found: list[dict[str, Any]] = []
    entries = ListEntry.objects.filter(source_list__province__code=province_code, commune_id__in=communes)
    if "unit_not_enrolled" in rules:
        found += _units_not_enrolled(entries, period)
    if "headcount_under" in rules or "wage_under" in rules:
        found += [f for f in _under_declared(entries, period) if f["rule"] in rules]
    if "state_budget_no_card" in rules or "pupil_no_card" in rules:
        found += [f for f in _persons_without_card(entries, period) if f["rule"] in rules]
    if "card_lapsed" in rules:
        found += _lapsed(communes, period)
    with transaction.atomic():
        counts = _store(found, period, rules, communes)
        audit.record(actor=actor, action="action", reason="compliance.detect", object_type="compliance.finding",
                     object_id=f"{province_code}/{period}", after={"period": str(period), **counts})
    return counts


def _latest(qs: Any, key: str) -> list[ListEntry]:
    """One entry per key value: the one from the most recent list."""
    out: dict[str, ListEntry] = {}
    for e in qs.select_related("source_list").order_by("source_list__source_date", "source_list_id", "line_no"):
        k = getattr(e, key) or f"line:{e.source_list_id}:{e.line_no}"
        out[k] = e
    return list(out.values())


def _units_not_enrolled(entries: Any, period: Month) -> list[dict[str, Any]]:
    cutoff = detection.enrolment_cutoff(period.last_day)
    rule = detection.RULES["unit_not_enrolled"]
    qs = entries.filter(source_list__kind__in=UNIT_KINDS)
    out = []
    for e in _latest(qs, "tax_code"):
        if e.match_method not in UNMATCHED or e.status != "active" or not e.established_on or e.established_on > cutoff:
            continue
        out.append({"rule": rule.code, "key": e.tax_code, "entry_id": e.id, "subject": e.name,
                    "commune_id": e.commune_id, "basis": rule.basis, "workers": e.headcount or 0,
                    "detail": {"established_on": e.established_on.isoformat(), "deadline": cutoff.isoformat(),
                               "source": e.source_list.source, "source_date": e.source_list.source_date.isoformat(),
                               "headcount": e.headcount, "list": e.source_list.get_kind_display()}})
    return out


def _under_declared(entries: Any, period: Month) -> list[dict[str, Any]]:
    tax = [e for e in _latest(entries.filter(source_list__kind=ListKind.TAX, match_method__in=MATCHED),
                              "tax_code") if e.employer_id]
    if not tax:
        return []
    ids = [e.employer_id for e in tax]
    first, last = period.first_day, period.last_day
    heads = dict(Participation.objects.filter(scheme=Scheme.SI, employer_id__in=ids, valid_from__lte=last)
                 .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
                 .values("employer_id").annotate(n=Count("person_id", distinct=True)).values_list("employer_id", "n"))
    wages = dict(AssessmentLine.objects.filter(employer_id__in=ids, for_period=first).values("employer_id")
                 .annotate(s=Sum("salary")).values_list("employer_id", "s"))
    out = []
    r_head, r_wage = detection.RULES["headcount_under"], detection.RULES["wage_under"]
    for e in tax:
        si = heads.get(e.employer_id, 0)
        common = {"entry_id": e.id, "employer_id": e.employer_id, "subject": e.name, "commune_id": e.commune_id}
        src = {"source": e.source_list.source, "source_date": e.source_list.source_date.isoformat()}
        if e.headcount is not None and e.headcount > si:
            out.append({"rule": r_head.code, "key": e.tax_code, "basis": r_head.basis, "workers": e.headcount - si,
                        "detail": {"tax_headcount": e.headcount, "si_headcount": si, **src}, **common})
        declared = int(wages.get(e.employer_id) or 0)
        if e.wage_expense and declared:
            short = detection.wage_shortfall(e.wage_expense, declared)
            if short:
                out.append({"rule": r_wage.code, "key": e.tax_code, "basis": r_wage.basis, "workers": 0,
                            "detail": {"tax_wage_expense_year": e.wage_expense, "tax_monthly": e.wage_expense // 12,
                                       "si_declared_month": declared, "shortfall_month": short,
                                       "tolerance": str(detection.WAGE_TOLERANCE), **src}, **common})
    return out


def _persons_without_card(entries: Any, period: Month) -> list[dict[str, Any]]:
    first, last = period.first_day, period.last_day
    qs = entries.filter(source_list__kind__in=PERSON_KINDS).exclude(match_method=MatchMethod.REVIEW)
    people = _latest(qs, "citizen_id")
    ids = [e.person_id for e in people if e.person_id]
    carded: set[int] = set()
    for i in range(0, len(ids), 900):
        carded.update(HICard.objects.filter(person_id__in=ids[i:i + 900], valid_from__lte=last, valid_to__gte=first)
                      .exclude(status=HICard.Status.REVOKED).values_list("person_id", flat=True))
    out = []
    for e in people:
        if e.person_id and e.person_id in carded:
            continue
        school = e.source_list.kind == ListKind.SCHOOL
        rule = detection.RULES["pupil_no_card" if school else "state_budget_no_card"]
        out.append({"rule": rule.code, "key": e.citizen_id or f"line:{e.source_list_id}:{e.line_no}",
                    "entry_id": e.id, "person_id": e.person_id, "subject": e.name, "commune_id": e.commune_id,
                    "school": e.school_name if school else "", "basis": rule.basis, "workers": 1,
                    "detail": {"group": e.group, "grade": e.grade, "in_registry": bool(e.person_id),
                               "birth_date": e.birth_date.isoformat() if e.birth_date else None,
                               "source": e.source_list.source, "source_date": e.source_list.source_date.isoformat()}})
    return out


def _lapsed(communes: set[int], period: Month) -> list[dict[str, Any]]:
    first = period.first_day
    since = (period - detection.LAPSE_LOOKBACK_MONTHS).first_day
    rule = detection.RULES["card_lapsed"]
    last_cards = (HICard.objects.exclude(status=HICard.Status.REVOKED)
                  .filter(person__address_commune_id__in=communes, person__death_date__isnull=True)
                  .values("person_id").annotate(last=Max("valid_to")).filter(last__gte=since, last__lt=first))
    lapsed = {row["person_id"]: row["last"] for row in last_cards}
    out = []
    ids = list(lapsed)
    for i in range(0, len(ids), 900):
        for pid, name, cid, commune in Person.objects.filter(id__in=ids[i:i + 900]).values_list(
                "id", "full_name", "citizen_id", "address_commune_id"):
            ended = lapsed[pid]
            out.append({"rule": rule.code, "key": cid or f"person:{pid}", "person_id": pid, "subject": name,
                        "commune_id": commune, "basis": rule.basis, "workers": 1,
                        "detail": {"card_ended": ended.isoformat(),
                                   "rejoin_wait_30_days": detection.rejoin_wait(ended, period.last_day)}})
    return out


def _store(found: list[dict[str, Any]], period: Month, rules: tuple[str, ...], communes: set[int]) -> dict[str, int]:
    now = timezone.now()
    first = period.first_day
    existing = {(f.rule, f.key): f for f in Finding.objects.filter(period=first, rule__in=rules,
                                                                     commune_id__in=communes)}
    new, changed, seen = [], [], set()
    for f in found:
        k = (f["rule"], f["key"])
        if k in seen:
            continue
        seen.add(k)
        old = existing.get(k)
        if old is None:
            new.append(Finding(period=first, found_at=now, **f))
        else:
            if old.status == FindingStatus.RESOLVED:
                old.status = FindingStatus.OPEN
            old.detail, old.workers, old.subject = f["detail"], f["workers"], f["subject"]
            changed.append(old)
    Finding.objects.bulk_create(new, batch_size=2000)
    Finding.objects.bulk_update(changed, ["detail", "workers", "subject", "status"], batch_size=1000)
    gone = [f.id for k, f in existing.items() if k not in seen and f.status == FindingStatus.OPEN]
    for i in range(0, len(gone), 900):
        Finding.objects.filter(id__in=gone[i:i + 900]).update(status=FindingStatus.RESOLVED, status_at=now)
    counts: dict[str, int] = defaultdict(int)
    for rule, _key in seen:
        counts[rule] += 1
    return {r: counts.get(r, 0) for r in rules} | {"resolved": len(gone)}


def finding_follow_up(*, actor: Any, finding: Finding, status: str, note: str = "") -> Finding:
    """An officer records the follow-up of a finding (contacted, enrolled, closed as not liable)."""
    from ansinh.core.errors import InvalidInput

    require_staff(actor)
    allowed = (FindingStatus.OPEN, FindingStatus.CONTACTED, FindingStatus.ENROLLED, FindingStatus.CLOSED)
    if status not in allowed:
        raise InvalidInput("bad_status", f"status must be one of {', '.join(allowed)}", field="status")
    before = audit.snapshot(finding)
    with transaction.atomic():
        finding.status, finding.note = status, (note or "")[:300]
        finding.status_at, finding.status_by = timezone.now(), actor
        finding.save(update_fields=["status", "note", "status_at", "status_by"])
        audit.record(actor=actor, action="update", reason="compliance.finding_follow_up", obj=finding, before=before,
                     after=audit.snapshot(finding))
    return finding
