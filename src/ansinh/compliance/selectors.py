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
from ansinh.rules.contributions import local_support
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


# --- what the provincial budget owes the HI fund --------------------------------------------------------------

CENTRAL_BY_CARD_GROUP = {"HS": "student", "SV": "student", "CN": "near_poor", "NO": "farm_household"}


@dataclass
class ProvinceOwed:
    quarter: str
    months: list[str]
    by_group: dict[str, dict[str, int]] = field(default_factory=dict)  # local group -> {cards: n, amount: VND}
    total: int = 0


def province_owed(actor: Any, province_code: str, year: int, quarter: int) -> ProvinceOwed:
    """The province's share (local_support) of the premium of every card month in the quarter: per card valid in a
    month, 4.5 % × base salary × local share for the person's central group, lists, age (Decree 146 Art 9.3, 9.9:
    transferred quarterly). Set-based reads; one rule call per distinct (group, lists, age, month)."""
    require_staff(actor)
    months = [Month(year, 3 * (quarter - 1) + i) for i in (1, 2, 3)]
    lists: dict[int, set[str]] = defaultdict(set)
    for pid, group in entries_visible(actor).filter(person_id__isnull=False).values_list("person_id", "group"):
        if group:
            lists[pid].add(group)
    result = ProvinceOwed(quarter=f"{year}-Q{quarter}", months=[str(m) for m in months])
    cache: dict[tuple[Any, ...], Decimal] = {}
    cards = restrict_by_commune(HICard.objects.exclude(status=HICard.Status.REVOKED)
                                .filter(person__address_commune__province__code=province_code), actor,
                                "person__address_commune_id")
    for m in months:
        day = m.first_day
        premium = HEALTH_INSURANCE.at(day).total * BASE_SALARY.at(day)
        rows = cards.filter(valid_from__lte=m.last_day, valid_to__gte=day).values_list(
            "person_id", "group", "person__birth_date")
        for pid, card_group, born in rows:
            central = CENTRAL_BY_CARD_GROUP.get(card_group)
            age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
            on = frozenset(lists.get(pid, ()))
            key = (central, on, age, day)
            if key not in cache:
                sup = local_support.support(province=province_code, central_group=central, day=day, lists=on, age=age)
                cache[key] = sup.local
                cache[(key, "g")] = sup.group  # type: ignore[assignment]
            share = cache[key]
            if not share:
                continue
            group = str(cache[(key, "g")])
            row = result.by_group.setdefault(group, {"card_months": 0, "amount": 0})
            row["card_months"] += 1
            row["amount"] += int((premium * share).quantize(Decimal(1)))
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
