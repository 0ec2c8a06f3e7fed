"""Monthly statistics, set-based: participants, new participants, leavers, HI cards issued, collection, debt and
late-payment interest owed per commune × scheme × participant group, rolled up into today's communes, offices and
province, and stored as `reports.MonthlySummary` rows. See docs/reports.md.

One month is built with seven grouped statements over the raw tables (whatever the number of units); the roll-up
of a few thousand commune rows into units is done in Python, in integers: the figures of an old commune split
between new communes are cut by its shares with the largest-remainder method, so that every unit adds up exactly. A month is refreshed when the fingerprint of its source rows (counts,
maximum ids, closures) differs from the one stored when it was built (`dirty_months`).

Where a figure belongs:
- participants, new participants, leavers, HI cards: the commune where the person lives (`Person.address_commune`),
  as the coverage of population requires;
- collection, debt and interest owed: the commune of the payer (employer, household or person holding the ledger
  entry).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ansinh.core.progress import Progress, progress_or_none
from ansinh.planning.allocation import largest_remainder
from ansinh.rules.periods import Month

STATS_VERSION = 2  # 2: debt_interest; a new version makes every month dirty, so `refresh` rebuilds them
MEASURES = ("participants", "new", "leavers", "cards_issued", "collection", "debt", "debt_interest")
MONEY = ("collection", "debt", "debt_interest")
# The ledger account of each owed-money measure (positive balances per holder and scheme at the end of the month).
OWED_ACCOUNTS = {"receivable": "debt", "interest_receivable": "debt_interest"}
MICRO = 1_000_000  # shares are stored with 6 decimals: integer arithmetic in millionths
ALL = ""  # the group of a whole-scheme row
SCHEMES = ("si", "vsi", "ui", "hi")

# Ledger: which scheme a money entry belongs to, and the commune of its holder.
_SCHEME_OF_ENTRY = ("CASE WHEN e.fund = 'hi' THEN 'hi' WHEN e.fund = 'ui' THEN 'ui' "
                    "WHEN e.holder_type = 'employer' THEN 'si' ELSE 'vsi' END")


def _holder_commune(alias: str) -> tuple[str, str]:
    """(the commune of the holder of rows `alias`, the joins it needs)."""
    commune = (f"CASE {alias}.holder_type WHEN 'employer' THEN er.address_commune_id WHEN 'household' THEN h.commune_id "
               f"WHEN 'person' THEN pp.address_commune_id END")
    joins = (f"LEFT JOIN registry_employer er ON {alias}.holder_type = 'employer' AND er.id = {alias}.holder_id "
             f"LEFT JOIN registry_household h ON {alias}.holder_type = 'household' AND h.id = {alias}.holder_id "
             f"LEFT JOIN registry_person pp ON {alias}.holder_type = 'person' AND pp.id = {alias}.holder_id")
    return commune, joins


# --- reading the month from the raw tables ----------------------------------------------------------------------

Key = tuple[int, str, str]  # (commune id, scheme, group)


def _covering(month: Month) -> Q:
    return Q(valid_from__lte=month.last_day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=month.first_day))


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _movers_sql(starting: bool) -> str:
    """Persons whose participation starts in the month with none in the month before (new), or ends in the month
    before with none in the month (leavers): (commune, scheme, group, person)."""
    if starting:
        edge, other_first, other_last = "pa.valid_from >= %s AND pa.valid_from <= %s", "%s", "%s"
    else:
        edge, other_first, other_last = "pa.valid_to >= %s AND pa.valid_to <= %s", "%s", "%s"
    return f"""
        SELECT DISTINCT p.address_commune_id, pa.scheme, pa.hi_group, pa.person_id, p.full_name,
               COALESCE(p.si_code, p.citizen_id, ''), p.phone, p.address_line
        FROM coverage_participation pa JOIN registry_person p ON p.id = pa.person_id
        WHERE {edge} AND NOT EXISTS (
            SELECT 1 FROM coverage_participation q
            WHERE q.person_id = pa.person_id AND q.scheme = pa.scheme
              AND q.valid_from <= {other_last} AND (q.valid_to IS NULL OR q.valid_to >= {other_first}))
    """


def read_month(month: Month, lapsed: list[tuple[Any, ...]] | None = None) -> dict[Key, dict[str, int]]:
    """The month's figures per (commune as recorded, scheme, group); group '' is the whole scheme. The leavers,
    (commune, person, scheme, group), are appended to `lapsed` when given."""
    from ansinh.coverage.models import HICard, Participation

    out: dict[Key, dict[str, int]] = defaultdict(lambda: dict.fromkeys(MEASURES, 0))
    covering = Participation.objects.filter(_covering(month))
    # 1-2. participants by group, and by scheme with each person counted once
    for row in covering.values("person__address_commune_id", "scheme", "hi_group").annotate(
            n=Count("person_id", distinct=True)).order_by():
        if row["hi_group"]:
            out[(row["person__address_commune_id"], row["scheme"], row["hi_group"])]["participants"] = row["n"]
    for row in covering.values("person__address_commune_id", "scheme").annotate(
            n=Count("person_id", distinct=True)).order_by():
        out[(row["person__address_commune_id"], row["scheme"], ALL)]["participants"] = row["n"]
    # 3-4. new participants and leavers: few rows, counted per group and per scheme (each person once)
    prev = month - 1
    seen_lapsed: set[tuple[int, str]] = set()
    for measure, starting, edge, other in (("new", True, month, prev), ("leavers", False, prev, month)):
        rows = _fetch(_movers_sql(starting), [edge.first_day, edge.last_day, other.first_day, other.last_day])
        whole: dict[tuple[int, str], set[int]] = defaultdict(set)
        by_group: dict[Key, set[int]] = defaultdict(set)
        for commune_id, scheme, group, person_id, *contact in rows:
            if lapsed is not None and not starting and (person_id, scheme) not in seen_lapsed:
                seen_lapsed.add((person_id, scheme))
                lapsed.append((commune_id, person_id, scheme, group, *contact))
            whole[(commune_id, scheme)].add(person_id)
            if group:
                by_group[(commune_id, scheme, group)].add(person_id)
        for (commune_id, scheme), persons in whole.items():
            out[(commune_id, scheme, ALL)][measure] = len(persons)
        for key, persons in by_group.items():
            out[key][measure] = len(persons)
    # 5. HI cards issued in the month (local time)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(month.first_day, dt.time(), tz)
    end = dt.datetime.combine((month + 1).first_day, dt.time(), tz)
    for row in HICard.objects.filter(issued_at__gte=start, issued_at__lt=end).values(
            "person__address_commune_id", "group").annotate(n=Count("id")).order_by():
        commune_id = row["person__address_commune_id"]
        out[(commune_id, "hi", ALL)]["cards_issued"] += row["n"]
        if row["group"]:
            out[(commune_id, "hi", row["group"])]["cards_issued"] += row["n"]
    # 6. collection: employers' payments allocated to their receivable, agents' receipts (gross, with state support)
    commune, joins = _holder_commune("e")
    for commune_id, scheme, amount in _fetch(f"""
            SELECT {commune}, {_SCHEME_OF_ENTRY}, -SUM(e.amount)
            FROM contributions_ledgerentry e JOIN contributions_ledgertxn t ON t.id = e.txn_id {joins}
            WHERE e.period = %s AND ((e.account = 'receivable' AND t.kind IN ('payment', 'match'))
                                     OR (e.account = 'revenue' AND t.kind = 'receipt'))
            GROUP BY 1, 2""", [month.first_day]):
        if commune_id is not None and amount:
            out[(commune_id, scheme, ALL)]["collection"] += int(amount)
    # 7. debt and late-payment interest owed at the end of the month, in one statement: positive balances of the
    #    receivable (principal) and of the interest receivable, each per holder and scheme — an overpaid holder
    #    offsets no other, and interest paid in advance does not reduce principal (nor the other way round)
    commune, joins = _holder_commune("d")
    for commune_id, scheme, account, amount in _fetch(f"""
            SELECT {commune}, d.scheme, d.account, SUM(d.balance) FROM (
                SELECT e.holder_type, e.holder_id, e.account, {_SCHEME_OF_ENTRY} AS scheme, SUM(e.amount) AS balance
                FROM contributions_ledgerentry e
                WHERE e.account IN (%s, %s) AND e.period <= %s
                GROUP BY e.holder_type, e.holder_id, e.account, {_SCHEME_OF_ENTRY}
                HAVING SUM(e.amount) > 0) d {joins}
            GROUP BY 1, 2, 3""", [*OWED_ACCOUNTS, month.first_day]):
        if commune_id is not None and amount:
            out[(commune_id, scheme, ALL)][OWED_ACCOUNTS[account]] += int(amount)
    return dict(out)


# --- today's units and the roll-up ------------------------------------------------------------------------------

@dataclass
class Geography:
    """Today's units and how the recorded communes reach them; read once per refresh."""

    commune_info: dict[int, tuple[bool, int | None, int | None]] = field(default_factory=dict)  # id → (old, parent, province)
    shares: dict[int, list[tuple[int, int, bool]]] = field(default_factory=dict)  # old id → [(new id, micro, assumed)]
    offices_of: dict[int, list[int]] = field(default_factory=dict)  # current commune → offices (local and above)
    office_province: dict[int, int] = field(default_factory=dict)
    population_rows: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # unit → [(year, total)]

    @classmethod
    def load(cls) -> Geography:
        from ansinh.places.models import REFORM_DATE, AdminUnit, Level, Office, OfficeCommune, Population
        from ansinh.places.selectors import rollup_shares

        geo = cls()
        communes = AdminUnit.objects.filter(level=Level.COMMUNE).values_list("id", "valid_from", "parent_id",
                                                                                "province_id")
        for pk, valid_from, parent_id, province_id in communes:
            geo.commune_info[pk] = (valid_from < REFORM_DATE, parent_id, province_id)
        old_ids = [pk for pk, (old, _, _) in geo.commune_info.items() if old]
        for share in rollup_shares(AdminUnit.objects.filter(level=Level.COMMUNE, valid_from__lt=REFORM_DATE)
                                   .values("id")) if old_ids else []:
            geo.shares.setdefault(share.old_id, []).append((share.new_id, int(share.share * MICRO), share.assumed))
        today = timezone.localdate()
        offices = {pk: (parent, province) for pk, parent, province in Office.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today), valid_from__lte=today).values_list(
            "id", "parent_id", "province_id")}
        geo.office_province = {pk: province for pk, (_, province) in offices.items()}
        served = OfficeCommune.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today),
                                              valid_from__lte=today, office_id__in=list(offices))
        for commune_id, office_id in served.values_list("commune_id", "office_id"):
            chain, seen = [], set()
            while office_id is not None and office_id in offices and office_id not in seen:
                chain.append(office_id)
                seen.add(office_id)
                office_id = offices[office_id][0]
            geo.offices_of.setdefault(commune_id, []).extend(o for o in chain if o not in geo.offices_of.get(commune_id, []))
        for unit_id, year, total in Population.objects.values_list("unit_id", "year", "total"):
            geo.population_rows.setdefault(unit_id, []).append((year, total))
        return geo

    def population(self, unit_id: int, year: int) -> int | None:
        """The unit's population of the latest year ≤ `year` on record."""
        best = None
        for y, total in self.population_rows.get(unit_id, ()):
            if y <= year and (best is None or y > best[0]):
                best = (y, total)
        return best[1] if best else None


UnitKey = tuple[str, int, int]  # (kind, unit id, province id)


@dataclass
class Rolled:
    values: dict[tuple[UnitKey, str, str], dict[str, int]]
    assumed: dict[tuple[UnitKey, str], int]  # whole-scheme participants carried in through assumed shares
    population: dict[UnitKey, int | None]


def split(value: int, parts: list[tuple[int, int]]) -> dict[int, int]:
    """A whole figure of a split commune cut by its shares (in millionths) with the largest-remainder method, so
    that the parts add up to the figure (ties: the new commune with the lower id)."""
    if len(parts) == 1:
        return {parts[0][0]: value}
    cut = largest_remainder(abs(value), parts)
    return {k: v if value >= 0 else -v for k, v in cut.items()}


def roll_up(base: dict[Key, dict[str, int]], geo: Geography, year: int) -> Rolled:
    """Carry the recorded communes' figures into the old districts and today's communes, offices and province.
    Integer throughout: a split commune's figures are cut by `split`, so every unit adds up exactly."""
    values: dict[tuple[UnitKey, str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(MEASURES, 0))
    assumed: dict[tuple[UnitKey, str], int] = defaultdict(int)

    def add(unit: UnitKey, scheme: str, group: str, measures: dict[str, int]) -> None:
        target = values[(unit, scheme, group)]
        for m in MEASURES:
            target[m] += measures[m]

    def add_current(commune_id: int, scheme: str, group: str, measures: dict[str, int], is_assumed: bool) -> None:
        info = geo.commune_info.get(commune_id)
        province_id = (info[2] if info else 0) or 0
        units: list[UnitKey] = [("commune", commune_id, province_id)]
        units += [("office", o, geo.office_province.get(o, 0)) for o in geo.offices_of.get(commune_id, [])]
        if province_id:
            units.append(("province", province_id, province_id))
        for unit in units:
            add(unit, scheme, group, measures)
            if is_assumed and group == ALL:
                assumed[(unit, scheme)] += measures["participants"]

    for (commune_id, scheme, group), measures in base.items():
        info = geo.commune_info.get(commune_id)
        if info is None:
            continue
        old, parent_id, province_id = info
        if not old:
            add_current(commune_id, scheme, group, measures, False)
            continue
        add(("old_commune", commune_id, province_id or 0), scheme, group, measures)
        if parent_id:
            add(("old_district", parent_id, province_id or 0), scheme, group, measures)
        pairs = geo.shares.get(commune_id, [])
        if not pairs:
            continue  # unmapped: stays on the old units, listed by the report
        cuts = {m: split(measures[m], [(new_id, micro) for new_id, micro, _ in pairs]) for m in MEASURES}
        for new_id, _, is_assumed in pairs:
            add_current(new_id, scheme, group, {m: cuts[m][new_id] for m in MEASURES}, is_assumed)
    units = {key[0] for key in values}
    return Rolled(dict(values), dict(assumed), _populations(units, geo, year))


def _populations(units: Iterable[UnitKey], geo: Geography, year: int) -> dict[UnitKey, int | None]:
    """A unit's population: its own row (latest year ≤ `year`), else the sum of its parts — today's communes from
    their old communes by share, offices from their communes, a province or an old district from its communes."""
    current: dict[int, int | None] = {}
    district: dict[int, int] = defaultdict(int)
    for commune_id, (old, parent_id, _) in geo.commune_info.items():
        own = geo.population(commune_id, year)
        if old:
            if own is not None and parent_id:
                district[parent_id] += own
        else:
            current[commune_id] = own
    parts: dict[int, int] = defaultdict(int)
    missing = {c for c, p in current.items() if p is None}
    for old_id, pairs in geo.shares.items():
        if not missing.intersection(n for n, _, _ in pairs):
            continue
        pop = geo.population(old_id, year)
        if pop is not None:
            for new_id, value in split(pop, [(n, micro) for n, micro, _ in pairs]).items():
                if new_id in missing:
                    parts[new_id] += value
    current.update(parts)
    office: dict[int, int] = defaultdict(int)
    province: dict[int, int] = defaultdict(int)
    for commune_id, pop in current.items():
        if pop is None:
            continue
        for o in geo.offices_of.get(commune_id, []):
            office[o] += pop
        province_id = geo.commune_info[commune_id][2]
        if province_id:
            province[province_id] += pop
    out: dict[UnitKey, int | None] = {}
    for unit in units:
        kind, unit_id, _ = unit
        own = geo.population(unit_id, year) if kind != "office" else None
        derived = {"commune": current.get(unit_id), "office": office.get(unit_id), "province": province.get(unit_id),
                   "old_district": district.get(unit_id), "old_commune": None}[kind]
        out[unit] = own if own is not None else derived
    return out


# --- writing, fingerprints, refresh -----------------------------------------------------------------------------

@dataclass
class BuildReport:
    period: str
    rows: int = 0
    seconds: float = 0.0
    read_seconds: float = 0.0


def build_month(month: Month, geo: Geography | None = None, fp: dict[str, Any] | None = None) -> BuildReport:
    """Rebuild the summaries of one month: read, roll up, replace the month's rows, record the fingerprint."""
    from ansinh.core.bulk import insert_columns
    from ansinh.reports.models import LapsedPerson, MonthlySummary, SummaryState

    started = time.perf_counter()
    fp = fp or fingerprint(month)  # taken before reading: a change made meanwhile leaves the month dirty
    geo = geo or Geography.load()
    lapsed: list[tuple[Any, ...]] = []
    base = read_month(month, lapsed)
    read_seconds = time.perf_counter() - started
    rolled = roll_up(base, geo, month.year)
    columns: dict[str, list[Any]] = {c: [] for c in ("period", "unit_kind", "unit_id", "province_id", "scheme",
                                                     "group", *MEASURES, "population", "assumed")}
    for (unit, scheme, group), measures in sorted(rolled.values.items()):
        kind, unit_id, province_id = unit
        columns["unit_kind"].append(kind)
        columns["unit_id"].append(unit_id)
        columns["province_id"].append(province_id)
        columns["scheme"].append(scheme)
        columns["group"].append(group)
        for m in MEASURES:
            columns[m].append(measures[m])
        columns["population"].append(rolled.population.get(unit) if group == ALL else None)
        columns["assumed"].append(rolled.assumed.get((unit, scheme), 0) if group == ALL else 0)
    n = len(columns["unit_kind"])
    columns["period"] = month.first_day  # type: ignore[assignment]
    fp = fp or fingerprint(month)
    with transaction.atomic():
        MonthlySummary.objects.filter(period=month.first_day).delete()
        insert_columns(MonthlySummary._meta.db_table, columns, n)
        LapsedPerson.objects.filter(period=month.first_day).delete()
        insert_columns(LapsedPerson._meta.db_table, {
            "period": month.first_day, "commune_id": [r[0] for r in lapsed], "person_id": [r[1] for r in lapsed],
            "scheme": [r[2] for r in lapsed], "group": [r[3] for r in lapsed], "full_name": [r[4] for r in lapsed],
            "si_code": [r[5] for r in lapsed], "phone": [r[6] for r in lapsed],
            "address_line": [r[7] for r in lapsed]}, len(lapsed))
        seconds = time.perf_counter() - started
        SummaryState.objects.update_or_create(period=month.first_day, defaults={
            "fingerprint": fp, "built_at": timezone.now(), "seconds": round(seconds, 3), "rows": n})
    return BuildReport(str(month), n, seconds, read_seconds)


def _global_fingerprint() -> dict[str, Any]:
    from ansinh.places.models import OfficeCommune, Population, UnitMapping
    from ansinh.registry.models import Employer, Household, Person

    def stamp(value: Any) -> Any:
        return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value

    return {
        "version": STATS_VERSION,
        "persons": [stamp(v) for v in Person.objects.aggregate(n=Count("id"), m=Max("updated_at")).values()],
        "employers": [stamp(v) for v in Employer.objects.aggregate(n=Count("id"), m=Max("updated_at")).values()],
        "households": [stamp(v) for v in Household.objects.aggregate(n=Count("id"), m=Max("updated_at")).values()],
        "mapping": [str(v) for v in UnitMapping.objects.aggregate(n=Count("id"), s=Sum("share")).values()],
        "population": list(Population.objects.aggregate(n=Count("id"), m=Max("id"), s=Sum("total")).values()),
        "offices": list(OfficeCommune.objects.aggregate(n=Count("id"), m=Max("id"), c=Count("valid_to")).values()),
    }


@dataclass
class SourceShape:
    """Grouped aggregates of the source tables, read once for any number of months (three queries): from them
    each month's fingerprint is cut without touching the tables again."""

    participation: list[tuple[Any, Any, int, int]]  # (valid_from, valid_to, count, max id)
    ledger: dict[dt.date, tuple[int, int]]  # accounting month → (count, max id)
    cards: dict[tuple[int, int], tuple[int, int]]  # (year, month) issued → (count, max id)

    @classmethod
    def read(cls) -> SourceShape:
        from ansinh.contributions.models import LedgerEntry
        from ansinh.coverage.models import HICard, Participation

        part = list(Participation.objects.values_list("valid_from", "valid_to").annotate(
            n=Count("id"), m=Max("id")).order_by())
        ledger = {_day(p): (n, m) for p, n, m in LedgerEntry.objects.values_list("period").annotate(
            n=Count("id"), m=Max("id")).order_by()}
        tz = timezone.get_current_timezone()
        cards = {(d.year, d.month): (n, m) for d, n, m in HICard.objects.annotate(
            d=TruncMonth("issued_at", tzinfo=tz)).values_list("d").annotate(n=Count("id"), m=Max("id")).order_by()}
        return cls([(_day(f), _day(t) if t else None, n, m) for f, t, n, m in part], ledger, cards)

    def month(self, month: Month) -> dict[str, Any]:
        """What the month's figures depend on: participations covering it or the month before, keyed by where they
        start and end inside that window (an end after the month is as good as open for it); the ledger up to the
        month (append-only: count and max id); the HI cards issued in it."""
        lo, hi = (month - 1).first_day, month.last_day
        window: dict[str, list[int]] = {}
        for start, end, n, m in self.participation:
            if start > hi or (end is not None and end < lo):
                continue
            key = f"{start.isoformat() if start >= lo else '<'}|{end.isoformat() if end and end <= hi else '>'}"
            cell = window.setdefault(key, [0, 0])
            cell[0] += n
            cell[1] = max(cell[1], m)
        count = top = 0
        for period, (n, m) in self.ledger.items():
            if period <= month.first_day:
                count += n
                top = max(top, m)
        return {"participation": sorted([k, *v] for k, v in window.items()), "ledger": [count, top],
                "cards": list(self.cards.get((month.year, month.month), (0, 0)))}


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def fingerprint(month: Month, global_part: dict[str, Any] | None = None,
                shape: SourceShape | None = None) -> dict[str, Any]:
    """A cheap summary of the rows a month's statistics are built from: if it is unchanged, so are they."""
    return {**(global_part or _global_fingerprint()), **(shape or SourceShape.read()).month(month)}


DEFAULT_SPAN = 60  # months looked at by default: five years back to the current month


def data_months() -> tuple[Month, Month] | None:
    """The default range: from the first month with a participation or ledger entry (at most DEFAULT_SPAN months
    back: participations may have started decades ago) to the current month."""
    from ansinh.contributions.models import LedgerEntry
    from ansinh.coverage.models import Participation

    firsts = [d for d in (Participation.objects.aggregate(m=Min("valid_from"))["m"],
                          LedgerEntry.objects.aggregate(m=Min("period"))["m"]) if d]
    if not firsts:
        return None
    last = Month.of(timezone.localdate())
    return max(Month.of(min(firsts)), last - (DEFAULT_SPAN - 1)), last


def dirty_months(months: Iterable[Month]) -> list[Month]:
    """The months whose summaries are missing or were built from rows that have changed since."""
    from ansinh.reports.models import SummaryState

    months = list(months)
    stored = {Month.of(s.period): s.fingerprint for s in SummaryState.objects.filter(
        period__in=[m.first_day for m in months])}
    global_part, shape = _global_fingerprint(), SourceShape.read()
    return [m for m in months if stored.get(m) != fingerprint(m, global_part, shape)]


def refresh(months: Iterable[Month], *, only_dirty: bool = True, progress: Progress | None = None) -> list[BuildReport]:
    """Build the given months (only those that changed, unless `only_dirty` is False); `progress` hears one step
    per month built."""
    progress = progress_or_none(progress)
    months = sorted(set(months))
    global_part, shape = _global_fingerprint(), SourceShape.read()
    prints = {m: fingerprint(m, global_part, shape) for m in months}
    if only_dirty:
        from ansinh.reports.models import SummaryState

        stored = {Month.of(s.period): s.fingerprint for s in SummaryState.objects.filter(
            period__in=[m.first_day for m in months])}
        months = [m for m in months if stored.get(m) != prints[m]]
    if not months:
        return []
    geo = Geography.load()
    progress.start(len(months), "months")
    out = []
    for m in months:
        out.append(build_month(m, geo, prints[m]))
        progress.advance(1)
    return out


def month_range(first: Month, last: Month) -> list[Month]:
    return [first + i for i in range(first.months_until(last) + 1)]
