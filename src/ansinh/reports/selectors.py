"""Reads of the monthly summaries, through the acting user's scope: which units a user may see, the figures of a
unit for a month with their derived values (changes, coverage, progress, shares), trends, and the follow-up lists.

A user sees a unit when every commune of it is in their scope (`accounts.scope.visible_commune_ids`): a commune
officer sees that commune (and the old communes that went into it), a local-office officer its office and
communes, a provincial officer the province. Anything else is "not found".
A handful of queries per page whatever the number of units: rows of several units and months come in one query.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db import connection
from django.db.models import Max, Q, Sum
from django.utils import timezone

from ansinh.accounts.scope import visible_commune_ids
from ansinh.core.errors import NotFound
from ansinh.places.models import REFORM_DATE, AdminUnit, Level, Office, OfficeCommune, UnitMapping
from ansinh.planning import selectors as plans
from ansinh.reports.models import MonthlySummary, SummaryState, UnitKind
from ansinh.rules.figures import Change, change, percent
from ansinh.rules.periods import Month

SCHEMES = ("si", "vsi", "ui", "hi")
PLAN_KINDS = {"province", "office", "commune"}  # units that have targets


@dataclass(frozen=True)
class UnitRef:
    kind: str
    id: int
    name: str
    code: str
    province_id: int

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"


def parse_unit_key(text: str) -> tuple[str, int]:
    kind, _, pk = text.partition(":")
    if kind not in UnitKind.values or not pk.isdigit():
        raise NotFound("unit", text)
    return kind, int(pk)


# --- scope ------------------------------------------------------------------------------------------------------

class Scope:
    """The units a user may see in the reports."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.ids = visible_commune_ids(user)

    @property
    def everything(self) -> bool:
        return self.ids is None

    def sees_communes(self, commune_ids: set[int]) -> bool:
        return self.ids is None or (bool(commune_ids) and commune_ids <= self.ids)

    @cached_property
    def _today(self) -> dt.date:
        return timezone.localdate()

    @cached_property
    def _offices(self) -> dict[int, set[int]]:
        """Every office in force today → the communes it serves, itself or through the offices under it (two
        queries)."""
        day = self._today
        parents = dict(Office.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)
                       .values_list("id", "parent_id"))
        out: dict[int, set[int]] = {pk: set() for pk in parents}
        served = OfficeCommune.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day,
                                              office_id__in=list(parents)).values_list("office_id", "commune_id")
        for office_id, commune_id in served:
            seen: set[int] = set()
            current: int | None = office_id
            while current is not None and current in parents and current not in seen:
                out[current].add(commune_id)
                seen.add(current)
                current = parents[current]
        return out

    def office_communes(self, office_id: int) -> set[int]:
        return set(self._offices.get(office_id, set()))

    def unit_communes(self, kind: str, pk: int) -> set[int]:
        """The communes (of the unit's generation) that make up a unit."""
        if kind in ("commune", "old_commune"):
            return {pk}
        if kind == "office":
            return self.office_communes(pk)
        if kind == "province":
            return set(AdminUnit.objects.filter(level=Level.COMMUNE, province_id=pk, valid_to__isnull=True)
                       .values_list("id", flat=True))
        return set(AdminUnit.objects.filter(level=Level.COMMUNE, parent_id=pk).values_list("id", flat=True))

    def can_see(self, kind: str, pk: int) -> bool:
        return self.everything or self.sees_communes(self.unit_communes(kind, pk))

    @cached_property
    def visible_units(self) -> list[UnitRef]:
        """Today's units the user sees, broadest first (province, offices, communes), for the unit picker."""
        provinces = AdminUnit.objects.filter(level=Level.PROVINCE, valid_to__isnull=True)
        communes = AdminUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True)
        offices = Office.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self._today),
                                        valid_from__lte=self._today)
        if not self.everything:
            ids = self.ids or frozenset()
            communes = communes.filter(id__in=ids)
            province_ids = {p for p in communes.values_list("province_id", flat=True)}
            provinces = [p for p in provinces.filter(id__in=province_ids)
                         if self.sees_communes(self.unit_communes("province", p.id))]
            seen = [pk for pk, communes in self._offices.items() if self.sees_communes(communes)]
            offices = list(offices.filter(id__in=seen))
        else:
            with_data = MonthlySummary.objects.filter(unit_kind="province").values("unit_id").distinct()
            provinces = provinces.filter(id__in=with_data)
            offices = offices.filter(province_id__in=provinces.values("id"))
            communes = communes.filter(province_id__in=provinces.values("id"))
        out = [UnitRef("province", p.id, p.name, p.code, p.id) for p in sorted(provinces, key=lambda p: p.code)]
        out += [UnitRef("office", o.id, o.name, o.code, o.province_id) for o in sorted(offices, key=lambda o: o.code)]
        out += [UnitRef("commune", c.id, c.name, c.code, c.province_id or 0) for c in communes.order_by("code")]
        return out


def unit_ref(kind: str, pk: int) -> UnitRef:
    if kind == "office":
        office = Office.objects.filter(pk=pk).first()
        if office is None:
            raise NotFound("unit", f"{kind}:{pk}")
        return UnitRef(kind, pk, office.name, office.code, office.province_id)
    unit = AdminUnit.objects.filter(pk=pk).first()
    expected = {"province": Level.PROVINCE, "commune": Level.COMMUNE, "old_commune": Level.COMMUNE,
                "old_district": Level.DISTRICT}[kind]
    current_only = kind in ("commune", "province")
    old_only = kind in ("old_commune", "old_district")
    if (unit is None or unit.level != expected or (current_only and unit.valid_from < REFORM_DATE)
            or (old_only and unit.valid_from >= REFORM_DATE)):
        raise NotFound("unit", f"{kind}:{pk}")
    return UnitRef(kind, pk, unit.name, unit.code, unit.province_id or pk)  # type: ignore[union-attr]


def unit_visible(user: Any, kind: str, pk: int, scope: Scope | None = None) -> UnitRef:
    scope = scope or Scope(user)
    ref = unit_ref(kind, pk)
    if not scope.can_see(kind, pk):
        raise NotFound("unit", f"{kind}:{pk}")
    return ref


def default_unit(user: Any, scope: Scope | None = None) -> UnitRef | None:
    units = (scope or Scope(user)).visible_units
    return units[0] if units else None


def latest_period() -> Month | None:
    """The latest month built that is already over (else the latest built)."""
    current = Month.of(timezone.localdate()).first_day
    day = SummaryState.objects.filter(period__lt=current).aggregate(m=Max("period"))["m"] or \
        SummaryState.objects.aggregate(m=Max("period"))["m"]
    return Month.of(day) if day else None


def built_periods() -> list[Month]:
    return [Month.of(d) for d in SummaryState.objects.order_by("-period").values_list("period", flat=True)]


# --- figures ----------------------------------------------------------------------------------------------------

@dataclass
class SchemeFigures:
    scheme: str
    participants: int = 0
    previous: int | None = None
    last_year: int | None = None
    new: int = 0
    leavers: int = 0
    cards_issued: int = 0
    collection: int = 0
    collection_ytd: int = 0
    debt: int = 0  # principal owed at the end of the month
    debt_interest: int = 0  # late-payment interest owed at the end of the month
    assumed: int = 0
    target: Decimal | None = None
    month_target: Decimal | None = None

    @property
    def debt_total(self) -> int:
        """Owed at the end of the month: principal + late-payment interest."""
        return self.debt + self.debt_interest

    @property
    def month_change(self) -> Change | None:
        return change(self.participants, self.previous)

    @property
    def year_change(self) -> Change | None:
        return change(self.participants, self.last_year)

    @property
    def progress(self) -> Decimal | None:
        return percent(self.participants, self.target, 2) if self.target else None

    @property
    def progress_1(self) -> Decimal | None:
        return percent(self.participants, self.target, 1) if self.target else None


@dataclass
class UnitFigures:
    unit: UnitRef
    period: Month
    schemes: dict[str, SchemeFigures] = field(default_factory=dict)
    population: int | None = None
    targets: dict[str, Decimal] = field(default_factory=dict)
    has_data: bool = False

    @property
    def hi(self) -> SchemeFigures:
        return self.schemes["hi"]

    @property
    def coverage(self) -> Decimal | None:
        return percent(self.hi.participants, self.population, 1) if self.population else None

    @property
    def coverage_target(self) -> Decimal | None:
        return self.targets.get("hi_coverage")

    @property
    def collection(self) -> int:
        return sum(s.collection for s in self.schemes.values())

    @property
    def collection_ytd(self) -> int:
        return sum(s.collection_ytd for s in self.schemes.values())

    @property
    def debt(self) -> int:
        """Principal owed at the end of the month (contributions)."""
        return sum(s.debt for s in self.schemes.values())

    @property
    def debt_interest(self) -> int:
        """Late-payment interest owed at the end of the month."""
        return sum(s.debt_interest for s in self.schemes.values())

    @property
    def debt_total(self) -> int:
        """The debt as reported: principal + late-payment interest."""
        return self.debt + self.debt_interest

    @property
    def revenue_target(self) -> Decimal | None:
        return self.targets.get("revenue")

    @property
    def revenue_progress(self) -> Decimal | None:
        return percent(self.collection_ytd, self.revenue_target, 1) if self.revenue_target else None

    @property
    def debt_share(self) -> Decimal | None:
        """(Principal + interest) ÷ the annual revenue target, one decimal, half up."""
        return percent(self.debt_total, self.revenue_target, 1) if self.revenue_target else None

    @property
    def debt_ceiling(self) -> Decimal | None:
        return self.targets.get("debt_ceiling")

    @property
    def assumed(self) -> int:
        return self.hi.assumed


def figures(units: list[UnitRef], period: Month) -> list[UnitFigures]:
    """Figures of several units for a month: four queries (rows of this month, the month before and a year
    before; the year to date; the plan's targets; its month sub-targets), whatever the number of units."""
    out = {(u.kind, u.id): UnitFigures(u, period, {s: SchemeFigures(s) for s in SCHEMES}) for u in units}
    if not units:
        return []
    by_kind: dict[str, list[int]] = defaultdict(list)
    for u in units:
        by_kind[u.kind].append(u.id)
    cond = Q()
    for kind, ids in by_kind.items():
        cond |= Q(unit_kind=kind, unit_id__in=ids)
    months = {period.first_day: "now", (period - 1).first_day: "previous", (period - 12).first_day: "last_year"}
    rows = MonthlySummary.objects.filter(cond, group="", period__in=list(months)).values_list(
        "period", "unit_kind", "unit_id", "scheme", "participants", "new", "leavers", "cards_issued", "collection",
        "debt", "debt_interest", "population", "assumed")
    for (day, kind, pk, scheme, participants, new, leavers, cards, collection, debt, interest, population,
         assumed) in rows:
        fig = out.get((kind, pk))
        if fig is None or scheme not in fig.schemes:
            continue
        s = fig.schemes[scheme]
        which = months[day]
        if which == "now":
            fig.has_data = True
            s.participants, s.new, s.leavers, s.cards_issued = participants, new, leavers, cards
            s.collection, s.debt, s.debt_interest, s.assumed = collection, debt, interest, assumed
            if population is not None:
                fig.population = population
        elif which == "previous":
            s.previous = participants
        else:
            s.last_year = participants
    ytd = MonthlySummary.objects.filter(cond, group="", period__gte=dt.date(period.year, 1, 1),
                                        period__lte=period.first_day).values("unit_kind", "unit_id", "scheme").annotate(
        s=Sum("collection"))
    for r in ytd:
        fig = out.get((r["unit_kind"], r["unit_id"]))
        if fig is not None and r["scheme"] in fig.schemes:
            fig.schemes[r["scheme"]].collection_ytd = int(r["s"] or 0)
    _attach_targets(list(out.values()), period)
    return [out[(u.kind, u.id)] for u in units]


def _attach_targets(figs: list[UnitFigures], period: Month) -> None:
    by_province: dict[int, list[UnitFigures]] = defaultdict(list)
    for f in figs:
        if f.unit.kind in PLAN_KINDS:
            by_province[f.unit.province_id].append(f)
    for province_id, group in by_province.items():
        plan = plans.current_plan(province_id, period.year)
        if plan is None:
            continue
        keys = [(f.unit.kind, f.unit.id) for f in group]
        annual = plans.targets_by_unit(plan, keys)
        monthly = plans.sub_target_for(plan, keys, period.first_day)
        for f in group:
            key = (f.unit.kind, f.unit.id)
            f.targets = annual.get(key, {})
            for scheme, s in f.schemes.items():
                s.target = f.targets.get(scheme)
                s.month_target = monthly.get(key, {}).get(scheme)


Trend = tuple[Month, int, int, int, int]  # (month, participants, collection, debt, debt_interest)


def trend(unit: UnitRef, first: Month, last: Month) -> dict[str, list[Trend]]:
    """{scheme: [(month, participants, collection, debt principal, debt interest)]} over the months, one query."""
    out: dict[str, list[Trend]] = {s: [] for s in SCHEMES}
    rows = MonthlySummary.objects.filter(unit_kind=unit.kind, unit_id=unit.id, group="", period__gte=first.first_day,
                                         period__lte=last.first_day).order_by("period").values_list(
        "period", "scheme", "participants", "collection", "debt", "debt_interest")
    for day, scheme, participants, collection, debt, interest in rows:
        if scheme in out:
            out[scheme].append((Month.of(day), participants, collection, debt, interest))
    return out


def children(unit: UnitRef, scope: Scope) -> list[UnitRef]:
    """The units just under a unit, that the user sees: a province's communes, an office's communes, an old
    district's old communes."""
    if unit.kind == "province":
        qs = AdminUnit.objects.filter(level=Level.COMMUNE, province_id=unit.id, valid_to__isnull=True)
        kind = "commune"
    elif unit.kind == "office":
        qs = AdminUnit.objects.filter(id__in=scope.office_communes(unit.id))
        kind = "commune"
    elif unit.kind == "old_district":
        qs = AdminUnit.objects.filter(level=Level.COMMUNE, parent_id=unit.id)
        kind = "old_commune"
    else:
        return []
    if not scope.everything:
        qs = qs.filter(id__in=scope.ids or [])
    return [UnitRef(kind, c.id, c.name, c.code, c.province_id or 0) for c in qs.order_by("code")]


def offices_under(unit: UnitRef, scope: Scope) -> list[UnitRef]:
    if unit.kind != "province":
        return []
    today = timezone.localdate()
    qs = Office.objects.filter(province_id=unit.id, kind=Office.Kind.LOCAL, valid_from__lte=today).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today)).order_by("code")
    return [UnitRef("office", o.id, o.name, o.code, o.province_id) for o in qs if scope.can_see("office", o.id)]


def raw_communes(unit: UnitRef, scope: Scope) -> set[int]:
    """The communes as recorded on persons that make up a unit: for today's units, their communes and the old
    communes that went (wholly or in part) into them."""
    communes = scope.unit_communes(unit.kind, unit.id)
    if unit.kind in ("commune", "office", "province"):
        communes |= set(UnitMapping.objects.filter(new_id__in=communes).values_list("old_id", flat=True))
    if not scope.everything:
        communes &= set(scope.ids or ())
    return communes


# --- notes on roll-up -------------------------------------------------------------------------------------------

@dataclass
class RollupNotes:
    assumed: int  # participants (HI) carried in through assumed shares
    assumed_communes: list[tuple[str, str]]  # split old communes without stored shares (code, name)
    unmapped: list[tuple[str, str, int]]  # old communes with figures that reach no new commune (code, name, HI)


def rollup_notes(unit: UnitRef, period: Month, fig: UnitFigures | None = None) -> RollupNotes:
    from ansinh.places.selectors import rollup_shares

    old_ids: list[int] = []
    if unit.kind in ("commune", "office", "province"):
        communes = Scope(None).unit_communes(unit.kind, unit.id) if unit.kind != "office" else \
            Scope(None).office_communes(unit.id)
        old_ids = list(UnitMapping.objects.filter(new_id__in=communes).values_list("old_id", flat=True).distinct())
    assumed_old = sorted({s.old_id for s in rollup_shares(old_ids) if s.assumed}) if old_ids else []
    names = dict(AdminUnit.objects.filter(id__in=assumed_old).values_list("id", "name"))
    codes = dict(AdminUnit.objects.filter(id__in=assumed_old).values_list("id", "code"))
    unmapped: list[tuple[str, str, int]] = []
    if unit.kind == "province":
        rows = MonthlySummary.objects.filter(period=period.first_day, unit_kind="old_commune", scheme="hi", group="")
        rows = rows.exclude(unit_id__in=UnitMapping.objects.values("old_id"))
        mapped_here = {r[0]: r[1] for r in rows.values_list("unit_id", "participants")}
        for u in AdminUnit.objects.filter(id__in=list(mapped_here), province__code=unit.code):
            unmapped.append((u.code, u.name, mapped_here[u.id]))
    return RollupNotes(fig.assumed if fig else 0, [(codes[i], names[i]) for i in assumed_old], sorted(unmapped))


# --- follow-up lists --------------------------------------------------------------------------------------------

def largest_debts(units: list[UnitRef], period: Month, limit: int = 50) -> list[UnitFigures]:
    """Units owing anything at the end of the month, largest total (principal + interest) first; ties keep
    the order given (offices before communes)."""
    figs = [f for f in figures(units, period) if f.debt_total > 0]
    return sorted(figs, key=lambda f: -f.debt_total)[:limit]


def furthest_behind(units: list[UnitRef], period: Month, scheme: str = "hi", limit: int = 50) -> list[UnitFigures]:
    """Units furthest behind their target for the scheme: lowest progress first (units without a target last)."""
    figs = figures(units, period)

    def key(f: UnitFigures) -> tuple[int, Decimal, str]:
        p = f.schemes[scheme].progress
        return (1, Decimal(0), f.unit.code) if p is None else (0, p, f.unit.code)

    return sorted(figs, key=key)[:limit]


@dataclass(frozen=True)
class Lapsed:
    person_id: int
    full_name: str
    si_code: str  # the SI number, or the citizen ID where there is none
    phone: str
    commune: str
    address_line: str
    scheme: str
    group: str
    last_month: Month


def lapsed_export_rows(communes: set[int], period: Month) -> list[tuple[Any, ...]]:
    """The whole lapsed list as plain tuples for an export (SI number or citizen ID, name, phone, commune name,
    address, scheme, group, last month covered), in the list's order: one query with the commune names joined,
    no model or dataclass per row (a province's list is ~12,000 rows)."""
    from ansinh.reports.models import LapsedPerson

    if not communes:
        return []
    table, units = LapsedPerson._meta.db_table, AdminUnit._meta.db_table
    sql = (
        f'SELECT l.si_code, l.full_name, l.phone, COALESCE(u.name, \'\'), l.address_line, l.scheme, l."group" '
        f"FROM {table} l LEFT JOIN {units} u ON u.id = l.commune_id "
        f"WHERE l.period = %s AND l.commune_id IN ({', '.join(str(int(c)) for c in communes)}) "
        "ORDER BY l.commune_id, l.full_name, l.scheme"
    )
    last = str(period - 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, [period.first_day])
        return [(*row, last) for row in cursor.fetchall()]


def lapsed(communes: set[int], period: Month, limit: int | None = None) -> list[Lapsed]:
    """Persons whose coverage lapsed: covered in the month before `period`, not in `period` (the leavers of the
    monthly statistics, kept with their contact details by the same build), living in the given communes. Two
    queries, on the build's own table."""
    from ansinh.reports.models import LapsedPerson

    qs = (LapsedPerson.objects.filter(period=period.first_day, commune_id__in=list(communes))
          .order_by("commune_id", "full_name", "scheme")
          .values_list("person_id", "full_name", "si_code", "phone", "commune_id", "address_line", "scheme", "group"))
    rows = list(qs[:limit] if limit else qs)
    names = dict(AdminUnit.objects.filter(id__in={r[4] for r in rows}).values_list("id", "name"))
    last = period - 1
    return [Lapsed(pid, name, code, phone, names.get(commune, ""), line, scheme, group, last)
            for pid, name, code, phone, commune, line, scheme, group in rows]
