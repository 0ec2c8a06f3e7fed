"""Reads of the compliance area, always through the acting user's localities."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from ansinh.accounts.scope import employers_visible, get_visible, restrict_by_commune
from ansinh.compliance.models import (
    CheckCase,
    Finding,
    FindingStatus,
    ListEntry,
    ListKind,
    MatchMethod,
    Reminder,
    SourceList,
)
from ansinh.compliance.scoping import require_staff, sees_all
from ansinh.coverage.models import HICard
from ansinh.places.models import OfficeCommune
from ansinh.rules.params.contribution_rates import HEALTH_INSURANCE
from ansinh.rules.params.reference import BASE_SALARY
from ansinh.rules.periods import Month


def lists_visible(actor: Any) -> QuerySet[SourceList]:
    """Lists with at least one line in the actor's communes (all lists for whole-country users)."""
    require_staff(actor)
    qs = SourceList.objects.select_related("province").order_by("-imported_at")
    if sees_all(actor):
        return qs
    lines = restrict_by_commune(ListEntry.objects.all(), actor, "commune_id")
    return qs.filter(id__in=lines.values("source_list_id"))


def entries_visible(actor: Any) -> QuerySet[ListEntry]:
    require_staff(actor)
    return restrict_by_commune(ListEntry.objects.select_related("commune", "employer", "person", "source_list"),
                               actor, "commune_id")


def review_queue(actor: Any) -> QuerySet[ListEntry]:
    return entries_visible(actor).filter(match_method=MatchMethod.REVIEW).order_by("source_list_id", "line_no")


def findings_visible(actor: Any) -> QuerySet[Finding]:
    require_staff(actor)
    return restrict_by_commune(Finding.objects.select_related("commune", "employer", "person"), actor, "commune_id")


def offices_by_commune(commune_ids: Any, on: dt.date) -> dict[int, str]:
    rows = (OfficeCommune.objects.filter(commune_id__in=commune_ids, valid_from__lte=on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).select_related("office")
            .order_by("office__kind", "office__code"))
    out: dict[int, str] = {}
    for r in rows:
        out.setdefault(r.commune_id, r.office.name)
    return out


def finding_list(actor: Any, period: Month, *, rule: str = "", commune_id: int | None = None, status: str = "",
                 school: str = "") -> QuerySet[Finding]:
    qs = findings_visible(actor).filter(period=period.first_day)
    if rule:
        qs = qs.filter(rule=rule)
    if commune_id:
        qs = qs.filter(commune_id=commune_id)
    if status:
        qs = qs.filter(status=status)
    if school:
        qs = qs.filter(school=school)
    return qs.order_by("commune__name", "rule", "subject")


def finding_summary(actor: Any, period: Month) -> list[dict[str, Any]]:
    """Counts by commune (with its office) and rule, for the lists by commune and office."""
    rows = (findings_visible(actor).filter(period=period.first_day).exclude(status=FindingStatus.RESOLVED)
            .values("commune_id", "commune__name", "rule").annotate(n=Count("id"), workers=Sum("workers"))
            .order_by("commune__name", "rule"))
    rows = list(rows)
    offices = offices_by_commune({r["commune_id"] for r in rows}, period.last_day)
    for r in rows:
        r["office"] = offices.get(r["commune_id"], "")
    return rows


def reminders_visible(actor: Any) -> QuerySet[Reminder]:
    require_staff(actor)
    return Reminder.objects.filter(employer__in=employers_visible(actor)).select_related("employer")


def checks_visible(actor: Any) -> QuerySet[CheckCase]:
    require_staff(actor)
    return CheckCase.objects.filter(employer__in=employers_visible(actor)).select_related("employer")


def check_get(actor: Any, pk: object) -> CheckCase:
    return get_visible(checks_visible(actor), "check case", pk)


# --- students ---------------------------------------------------------------------------------------------------

def academic_year(day: dt.date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def student_coverage(actor: Any, period: Month) -> list[dict[str, Any]]:
    """Pupils on the school lists and those with a card valid in the month, by school and academic year; and the
    academic year's premium of the pupils on the list split into the State's, the province's and what the school
    collects from the pupils (rules.contributions.student_hi, by grade; one calculation per grade and year)."""
    entries = list(entries_visible(actor).filter(source_list__kind=ListKind.SCHOOL)
                   .values("school_name", "person_id", "citizen_id", "source_list__source_date", "grade",
                           "source_list__province__code"))
    ids = [e["person_id"] for e in entries if e["person_id"]]
    carded: set[int] = set()
    for i in range(0, len(ids), 900):
        carded.update(HICard.objects.filter(person_id__in=ids[i:i + 900], valid_from__lte=period.last_day,
                                            valid_to__gte=period.first_day)
                      .exclude(status=HICard.Status.REVOKED).values_list("person_id", flat=True))
    table: dict[tuple[str, int], dict[str, Any]] = {}
    shares: dict[tuple[int, int, str], dict[str, int]] = {}
    for e in entries:
        year = academic_year(e["source_list__source_date"])
        row = table.setdefault((e["school_name"], year), {"school": e["school_name"], "year": f"{year}–{year + 1}",
                                                          "pupils": 0, "insured": 0, "premium": 0, "state": 0,
                                                          "province": 0, "collect": 0})
        row["pupils"] += 1
        row["insured"] += 1 if e["person_id"] in carded else 0
        share = _student_share(e["grade"], year, e["source_list__province__code"], shares)
        for k in ("premium", "state", "province"):
            row[k] += share[k]
        row["collect"] += share["student"]
    out = sorted(table.values(), key=lambda r: (r["year"], r["school"]))
    for r in out:
        r["rate"] = Decimal(r["insured"] * 100) / r["pupils"] if r["pupils"] else Decimal(0)
        r["missing"] = r["pupils"] - r["insured"]
    return out


def _student_share(grade_text: str, year: int, province: str, cache: dict[tuple[int, int, str], dict[str, int]]
                   ) -> dict[str, int]:
    digits = "".join(ch for ch in grade_text if ch.isdigit())[:2]
    grade = int(digits) if digits and 1 <= int(digits) <= 12 else 5
    key = (grade, year, province)
    if key not in cache:
        from ansinh.rules.contributions import student_hi

        r = student_hi.calculate(student_hi.StudentInput("general", grade, year, province=province))
        cache[key] = {"premium": r.premium, "state": r.state, "province": r.province, "student": r.student}
    return cache[key]


# --- schools: what each pupil paid -----------------------------------------------------------------------------

def school_entries(actor: Any, year: int) -> QuerySet[ListEntry]:
    """Lines of the school lists whose data date falls in academic year `year` (from 1 September)."""
    return entries_visible(actor).filter(source_list__kind=ListKind.SCHOOL,
                                         source_list__source_date__gte=dt.date(year, 9, 1),
                                         source_list__source_date__lt=dt.date(year + 1, 9, 1))


def schools(actor: Any, year: int) -> list[dict[str, Any]]:
    """Per school for the academic year: pupils on its lists, matched to the registry, paid through the school, the
    amounts collected and the province's share, pupils with a card valid on the card period's first day."""
    from ansinh.compliance.models import SchoolPayment

    entries = school_entries(actor, year)
    table: dict[str, dict[str, Any]] = {}
    for r in (entries.values("school_code", "school_name").annotate(
            pupils=Count("id"), matched=Count("id", filter=Q(match_method__in=MATCHED)))
            .order_by("school_code")):
        row = table.setdefault(r["school_code"], {"code": r["school_code"], "name": r["school_name"], "pupils": 0,
                                                  "matched": 0, "paid": 0, "collected": 0, "province": 0,
                                                  "state": 0, "carded": 0, "remitted": 0})
        row["pupils"] += r["pupils"]
        row["matched"] += r["matched"]
    pays = SchoolPayment.objects.filter(status=SchoolPayment.Status.PAID, academic_year=year,
                                        entry_id__in=entries.values("id"))
    for r in pays.values("school_code").annotate(n=Count("id"), a=Sum("amount"), p=Sum("province"), s=Sum("state"),
                                                 rem=Sum("amount", filter=Q(remittance__isnull=False))):
        row = table.get(r["school_code"])
        if row is not None:
            row.update(paid=r["n"], collected=r["a"] or 0, province=r["p"] or 0, state=r["s"] or 0,
                       remitted=r["rem"] or 0)
    start = dt.date(year, 10, 1)
    carded = (entries.filter(person__hi_cards__valid_from__lte=dt.date(year + 1, 9, 30),
                             person__hi_cards__valid_to__gte=start)
              .exclude(person__hi_cards__status=HICard.Status.REVOKED)
              .values("school_code").annotate(n=Count("person_id", distinct=True)))
    for r in carded:
        if r["school_code"] in table:
            table[r["school_code"]]["carded"] = r["n"]
    out = list(table.values())
    for r in out:
        r["unpaid"] = r["pupils"] - r["paid"]
        r["unremitted"] = r["collected"] - r["remitted"]
    return out


def school_remittances(actor: Any, school_code: str, year: int) -> list[Any]:
    """The school's remittances for the academic year, newest first (only for a school the actor sees)."""
    from ansinh.compliance.models import SchoolRemittance

    if not school_entries(actor, year).filter(school_code=school_code).exists():
        return []
    return list(SchoolRemittance.objects.filter(school_code=school_code, academic_year=year)
                .select_related("txn").order_by("-remitted_on", "-id"))


def classify_existing(o: dict[str, Any], year: int) -> str:
    """How a pupil's HI participation (not from a school payment) that overlaps academic year `year` bears on the
    school's collection: 'paid_to' (a pupil paid another way to a day before the year's end: collect the months
    after), 'supersede' (an open pupil participation from a list, begun before 1 October: the school's payment
    takes over from 1 October, the open one is closed on 30 September), 'covered' (another group, or a pupil
    participation beginning inside the year: nothing to collect)."""
    start, end = dt.date(year, 10, 1), dt.date(year + 1, 9, 30)
    if o["hi_group"] in ("HS", "SV"):
        if o["valid_to"] is not None and o["valid_to"] < end:
            return "paid_to"
        if o["valid_to"] is None and o["valid_from"] < start and o["payer"] == "student":
            return "supersede"
    return "covered"


def school_pupils(actor: Any, school_code: str, year: int) -> list[dict[str, Any]]:
    """The school's pupils for the academic year: list line, grade, match, the payment (receipt, amount, shares,
    card period) and the current card; four queries."""
    from ansinh.compliance.models import SchoolPayment

    entries = list(school_entries(actor, year).filter(school_code=school_code)
                   .values("id", "line_no", "name", "citizen_id", "birth_date", "grade", "person_id",
                           "match_method", "school_name", "source_list_id")
                   .order_by("grade", "name", "id"))
    persons = [e["person_id"] for e in entries if e["person_id"]]
    pays = {p.person_id: p for p in SchoolPayment.objects.filter(person_id__in=persons, academic_year=year,
                                                                 status=SchoolPayment.Status.PAID)}
    cards = {c["person_id"]: c for c in HICard.objects.filter(person_id__in=persons, status=HICard.Status.ISSUED)
             .values("person_id", "number", "valid_from", "valid_to", "support_group", "support_local")}
    # already in HI for the year under another group (a household, a poor household, a child under 6 …): nothing
    # to collect through the school
    from ansinh.coverage.models import Participation

    start, end = dt.date(year, 10, 1), dt.date(year + 1, 9, 30)
    covered: dict[int, dict[str, Any]] = {}
    student_to: dict[int, dt.date] = {}
    for r in (Participation.objects.filter(person_id__in=persons, scheme="hi", valid_from__lte=end)
              .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
              .exclude(source=Participation.Source.SCHOOL)
              .values("person_id", "hi_group", "payer", "valid_from", "valid_to")):
        how = classify_existing(r, year)
        if how == "paid_to":
            student_to[r["person_id"]] = max(r["valid_to"], student_to.get(r["person_id"], r["valid_to"]))
        elif how == "covered":
            covered[r["person_id"]] = r
    seen: set[int] = set()
    out = []
    for e in entries:
        if e["person_id"] and e["person_id"] in seen:
            continue  # the same pupil on two lists of the year: shown once
        if e["person_id"]:
            seen.add(e["person_id"])
        e["matched"] = e["match_method"] in MATCHED
        e["payment"] = pays.get(e["person_id"])
        e["covered"] = covered.get(e["person_id"]) if e["payment"] is None else None
        e["student_to"] = student_to.get(e["person_id"]) if e["payment"] is None else None
        e["payable"] = e["matched"] and e["payment"] is None and e["covered"] is None
        e["card"] = cards.get(e["person_id"])
        out.append(e)
    return out


# --- what the provincial budget owes the HI fund --------------------------------------------------------------

def lists_by_person(persons: Any) -> dict[int, set[str]]:
    """Person id -> the lists the person is on (matched lines of the commune and school lists: near_poor,
    party_30y, school_pupils …); one query. Used by the card issue to apply the provincial support groups defined
    by list membership. `persons`: ids or a subquery of ids."""
    out: dict[int, set[str]] = defaultdict(set)
    rows = (ListEntry.objects.filter(person_id__in=persons, match_method__in=MATCHED)
            .values_list("person_id", "group").distinct())
    for pid, group in rows:
        if group:
            out[pid].add(group)
    return dict(out)


MATCHED = (MatchMethod.ID, MatchMethod.FUZZY, MatchMethod.CONFIRMED)


@dataclass
class OwedCard:
    card_id: int
    number: str
    person: str
    group: str
    share: Decimal
    months: int = 0
    amount: Decimal = Decimal(0)


@dataclass
class ProvinceOwed:
    quarter: str
    months: list[str]
    by_group: dict[str, dict[str, Any]] = field(default_factory=dict)  # local group -> {card_months, amount}
    cards: list[OwedCard] = field(default_factory=list)
    total: int = 0
    basis: str = ""


def province_owed(actor: Any, province_code: str, year: int, quarter: int) -> ProvinceOwed:
    """What the provincial budget owes the HI fund for a quarter (Decree 146/2018 Art 9.3, 9.9: transferred
    quarterly), from the figures stored on the cards when they were issued (coverage.services.cards applies the
    province's scheme and keeps support_local): for every month of the quarter, every person's card valid in the
    month (the latest issued, not revoked; a replaced card counts until its successor starts) with a local share
    > 0 adds 4.5 % × base salary of the month × that share. Rounded half up to the đồng per card for the quarter.
    Set-based: one query for the cards of the persons with a supported card in the quarter."""
    require_staff(actor)
    months = [Month(year, 3 * (quarter - 1) + i) for i in (1, 2, 3)]
    first, last = months[0].first_day, months[-1].last_day
    result = ProvinceOwed(quarter=f"{year}-Q{quarter}", months=[str(m) for m in months])
    cards = restrict_by_commune(HICard.objects.exclude(status=HICard.Status.REVOKED), actor,
                                "person__address_commune_id")
    supported = cards.filter(province_code=province_code, support_local__gt=0, valid_from__lte=last,
                             valid_to__gte=first).values("person_id")
    rows = list(cards.filter(person_id__in=supported, valid_from__lte=last, valid_to__gte=first)
                .values("id", "person_id", "number", "person__full_name", "province_code", "valid_from",
                        "valid_to", "issued_at", "support_group", "support_local", "support_basis")
                .order_by("person_id", "issued_at", "id"))
    by_person: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_person[r["person_id"]].append(r)
    owed: dict[int, OwedCard] = {}
    for m in months:
        premium = HEALTH_INSURANCE.at(m.first_day).total * BASE_SALARY.at(m.first_day)
        for person_cards in by_person.values():
            valid = [c for c in person_cards if c["valid_from"] <= m.last_day and c["valid_to"] >= m.first_day]
            if not valid:
                continue
            c = valid[-1]  # the latest issued card valid in the month
            if not c["support_local"] or c["province_code"] != province_code:
                continue
            item = owed.setdefault(c["id"], OwedCard(c["id"], c["number"], c["person__full_name"], c["support_group"],
                                                     c["support_local"]))
            item.months += 1
            item.amount += premium * c["support_local"]
            result.basis = result.basis or c["support_basis"]
    for item in sorted(owed.values(), key=lambda i: (i.group, i.number)):
        item.amount = item.amount.quantize(Decimal(1), rounding="ROUND_HALF_UP")
        result.cards.append(item)
        row = result.by_group.setdefault(item.group, {"cards": 0, "card_months": 0, "amount": 0})
        row["cards"] += 1
        row["card_months"] += item.months
        row["amount"] += int(item.amount)
    result.total = sum(r["amount"] for r in result.by_group.values())
    return result


# --- reports --------------------------------------------------------------------------------------------------

def report(actor: Any, year: int) -> list[dict[str, Any]]:
    """By office and month of the year: units found, units and workers enrolled after a reminder, a finding or a
    check, amounts recovered by checks."""
    require_staff(actor)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    f = findings_visible(actor)
    table: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {
        "units_found": 0, "persons_found": 0, "units_enrolled": 0, "workers_enrolled": 0, "reminders": 0,
        "checks": 0, "recovered": 0})
    communes: set[int] = set()

    def add(month: dt.date, commune: int, name: str, value: int) -> None:
        communes.add(commune)
        table[(month.strftime("%Y-%m"), str(commune))][name] += value or 0

    for row in (f.filter(found_at__date__range=(start, end)).annotate(m=TruncMonth("found_at"))
                .values("m", "commune_id", "rule").annotate(n=Count("id"))):
        kind = "units_found" if row["rule"] in ("unit_not_enrolled", "headcount_under", "wage_under") else "persons_found"
        add(_d(row["m"]), row["commune_id"], kind, row["n"])
    for row in (f.filter(status=FindingStatus.ENROLLED, status_at__date__range=(start, end))
                .annotate(m=TruncMonth("status_at")).values("m", "commune_id")
                .annotate(n=Count("id"), w=Sum("workers"))):
        add(_d(row["m"]), row["commune_id"], "units_enrolled", row["n"])
        add(_d(row["m"]), row["commune_id"], "workers_enrolled", row["w"])
    for row in (reminders_visible(actor).filter(sent_on__range=(start, end)).annotate(m=TruncMonth("sent_on"))
                .values("m", "employer__address_commune_id").annotate(n=Count("id"))):
        add(_d(row["m"]), row["employer__address_commune_id"], "reminders", row["n"])
    for row in (checks_visible(actor).filter(opened_on__range=(start, end)).annotate(m=TruncMonth("opened_on"))
                .values("m", "employer__address_commune_id").annotate(n=Count("id"))):
        add(_d(row["m"]), row["employer__address_commune_id"], "checks", row["n"])
    for row in (checks_visible(actor).filter(paid_on__range=(start, end)).annotate(m=TruncMonth("paid_on"))
                .values("m", "employer__address_commune_id").annotate(p=Sum("paid"), w=Sum("enrolled_workers"))):
        add(_d(row["m"]), row["employer__address_commune_id"], "recovered", row["p"])
        add(_d(row["m"]), row["employer__address_commune_id"], "workers_enrolled", row["w"])
    offices = offices_by_commune(communes, end)
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for (month, commune), values in table.items():
        office = offices.get(int(commune), "—")
        row = merged.setdefault((office, month), {"office": office, "month": month, **dict.fromkeys(values, 0)})
        for k, v in values.items():
            row[k] += v
    return sorted(merged.values(), key=lambda r: (r["office"], r["month"]))


def _d(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    keys = ("units_found", "persons_found", "units_enrolled", "workers_enrolled", "reminders", "checks", "recovered")
    return {k: sum(r[k] for r in rows) for k in keys}
