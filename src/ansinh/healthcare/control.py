"""Money and control: facility budgets (versioned) and spending against them, quarterly advances and settlement
posted to the ledger, cost-spike warnings against the facility's own previous months and same-level facilities."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Sum, When
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.contributions.services.ledger import Posting, post
from ansinh.core.errors import ApplicationError
from ansinh.healthcare import selectors
from ansinh.healthcare.models import Budget, Episode, Facility, Finding, Line, Settlement
from ansinh.rules import healthcare as hc
from ansinh.rules.periods import Month

AGENCY = 1
# ledger accounts and holder of the HI fund's payments to facilities
ADVANCES = "hi_advances"  # advances to facilities (asset until settled)
EXPENSE = "hi_kcb_expense"  # medical costs paid by the HI fund
CASH = "cash"
FACILITY = "facility"


def quarter_months(year: int, quarter: int) -> list[dt.date]:
    return [dt.date(year, quarter * 3 - 2 + i, 1) for i in range(3)]


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


@dataclass
class QuarterRow:
    code: str
    name: str
    claimed: int
    rejected: int
    reduced: int
    pending: int
    basis: int
    advance: int
    advance_posted: bool
    settled: Settlement | None

    @property
    def accepted(self) -> int:
        return self.claimed - self.rejected - self.reduced

    @property
    def balance(self) -> int:
        return self.accepted - self.advance


def _quarter_money(user: Any, year: int, quarter: int) -> dict[str, selectors.Money]:
    out: dict[str, selectors.Money] = {}
    for month in quarter_months(year, quarter):
        for code, m in selectors.month_by_facility(user, month).items():
            acc = out.setdefault(code, selectors.Money())
            for f in ("episodes", "lines", "claimed", "rejected", "reduced", "pending", "flags"):
                setattr(acc, f, getattr(acc, f) + getattr(m, f))
    return out


def quarter_rows(user: Any, year: int, quarter: int) -> list[QuarterRow]:
    hc.quarter_deadlines(year, quarter)  # refuses a bad quarter
    money = _quarter_money(user, year, quarter)
    py, pq = previous_quarter(year, quarter)
    prev = _quarter_money(user, py, pq)
    held = {s.facility_code: s for s in Settlement.objects.filter(year=year, quarter=quarter)}
    prev_settled = {s.facility_code: s for s in Settlement.objects.filter(year=py, quarter=pq, settled_at__isnull=False)}
    names = dict(selectors.facilities_visible(user).values_list("code", "name"))
    start = dt.date(year, quarter * 3 - 2, 1)
    rows = []
    for code in sorted(set(money) | set(prev) | set(held)):
        if code not in names:
            continue
        m = money.get(code, selectors.Money())
        s = held.get(code)
        basis = prev_settled[code].accepted if code in prev_settled else prev.get(code, selectors.Money()).accepted
        advance = s.advance if s and s.advance_txn_id else hc.advance_amount(max(basis, 0), start)
        rows.append(QuarterRow(code, names[code], m.claimed, m.rejected, m.reduced, m.pending, basis, advance,
                               bool(s and s.advance_txn_id), s if s and s.settled_at else None))
    return rows


def advances_post(*, actor: Any, year: int, quarter: int, codes: set[str] | None) -> int:
    """The quarter's advance of each facility in scope: the share in force × the previous quarter's settled cost
    (HI Law Art 32.1), posted once (Dr advances to the facility / Cr cash)."""
    rows = [r for r in quarter_rows(actor, year, quarter) if codes is None or r.code in codes]
    n = 0
    start = dt.date(year, quarter * 3 - 2, 1)
    with transaction.atomic():
        for r in rows:
            if r.advance_posted or r.advance <= 0:
                continue
            fac = Facility.objects.filter(code=r.code).order_by("-valid_from").first()
            txn, created = post(
                kind="hi_advance", reference=f"hi-adv-{r.code}-{year}Q{quarter}", period=Month.of(start),
                effective_date=start, actor=actor, memo=f"HI advance {r.code} {year}Q{quarter}",
                postings=[Posting(ADVANCES, "hi", FACILITY, fac.pk, start, r.advance),
                          Posting(CASH, "hi", "agency", AGENCY, start, -r.advance)])
            s, _ = Settlement.objects.get_or_create(facility_code=r.code, year=year, quarter=quarter)
            s.advance, s.advance_basis, s.advance_txn = r.advance, r.basis, txn
            s.save()
            audit.record(actor=actor, action="action", obj=s, after={"advance": r.advance, "basis": r.basis},
                         reason="quarterly advance", source="web")
            n += int(created)
    return n


def settle_quarter(*, actor: Any, year: int, quarter: int, codes: set[str] | None) -> int:
    """Settle each facility in scope whose flagged items are all decided: accepted = claimed − rejected − reduced;
    the advance is deducted; the balance is paid (or the excess advance recovered). Posted once."""
    n = 0
    end = quarter_months(year, quarter)[-1]
    with transaction.atomic():
        for r in quarter_rows(actor, year, quarter):
            if (codes is not None and r.code not in codes) or r.settled or r.pending or r.claimed == 0:
                continue
            figures = hc.settlement(claimed=r.claimed, rejected=r.rejected + r.reduced, advance=r.advance)
            fac = Facility.objects.filter(code=r.code).order_by("-valid_from").first()
            postings = [Posting(EXPENSE, "hi", FACILITY, fac.pk, end, figures.accepted)]
            if figures.advance:
                postings.append(Posting(ADVANCES, "hi", FACILITY, fac.pk, end, -figures.advance))
            if figures.balance:
                postings.append(Posting(CASH, "hi", "agency", AGENCY, end, -figures.balance))
            txn, _ = post(kind="hi_settle", reference=f"hi-set-{r.code}-{year}Q{quarter}", period=Month.of(end),
                          effective_date=end, actor=actor, memo=f"HI settlement {r.code} {year}Q{quarter}",
                          postings=postings)
            s, _ = Settlement.objects.get_or_create(facility_code=r.code, year=year, quarter=quarter)
            s.claimed, s.accepted, s.rejected, s.balance = figures.claimed, figures.accepted, figures.rejected, figures.balance
            s.advance = figures.advance
            s.settled_at, s.settlement_txn = timezone.now(), txn
            s.save()
            audit.record(actor=actor, action="action", obj=s, after=audit.snapshot(s), reason="quarterly settlement",
                         source="web")
            n += 1
    return n


# --- budgets -------------------------------------------------------------------------------------------------------

def budget_set(*, actor: Any, facility_code: str, year: int, amount: int, reason: str = "") -> Budget:
    if amount <= 0:
        raise ApplicationError("bad_amount", "the budget must be above 0", field="amount")
    if not Facility.objects.filter(code=facility_code).exists():
        raise ApplicationError("unknown_facility", f"facility {facility_code} not found", field="facility_code")
    with transaction.atomic():
        last = Budget.objects.filter(facility_code=facility_code, year=year).order_by("-version").first()
        b = Budget.objects.create(facility_code=facility_code, year=year, version=(last.version + 1) if last else 1,
                                  amount=amount, reason=reason[:300], created_at=timezone.now(),
                                  created_by=actor if getattr(actor, "pk", None) else None)
        audit.record(actor=actor, action="create", obj=b, after=audit.snapshot(b), reason=reason, source="web")
    return b


@dataclass
class BudgetRow:
    code: str
    budget: int
    version: int
    spent: int
    share: Decimal
    elapsed: Decimal

    @property
    def warning(self) -> bool:
        return self.share > self.elapsed


def budget_rows(user: Any, month: Month) -> list[BudgetRow]:
    """Year to date accepted cost against the latest budget version; a warning when spending runs ahead of the
    share of the year elapsed (Hà Nội's 79.5 % after 9 months as a risk signal, [HN-CV])."""
    budgets: dict[str, Budget] = {}
    for b in Budget.objects.filter(year=month.year).order_by("facility_code", "version"):
        budgets[b.facility_code] = b
    codes = selectors.facility_codes_of(user)
    rows = []
    spent: dict[str, int] = {}
    for m in range(1, month.month + 1):
        for code, money in selectors.month_by_facility(user, dt.date(month.year, m, 1)).items():
            spent[code] = spent.get(code, 0) + money.accepted
    for code, b in budgets.items():
        if codes is not None and code not in codes:
            continue
        s = spent.get(code, 0)
        rows.append(BudgetRow(code, b.amount, b.version, s, Decimal(s) / b.amount, Decimal(month.month) / 12))
    return rows


# --- cost-spike warnings ---------------------------------------------------------------------------------------------

LEVELS = ((Decimal("1.50"), "very_high"), (Decimal("1.25"), "high"), (Decimal("1.10"), "low"))  # UNVERIFIED cut-offs


@dataclass
class Warning:
    code: str
    metric: str
    value: Decimal
    own: Decimal | None
    peers: Decimal | None
    level: str


def _metrics(codes: set[str] | None, months: list[dt.date]) -> dict[tuple[str, dt.date], dict[str, Decimal]]:
    eps = Episode.objects.filter(current=True, period__in=months)
    if codes is not None:
        eps = eps.filter(facility_code__in=codes)
    inpatient = Case(When(visit_type__in=hc.INPATIENT, then=1), default=0, output_field=IntegerField())
    stay = Case(When(visit_type__in=hc.INPATIENT, then=F("discharged_day") - F("admitted_day") + 1), default=0,
                output_field=IntegerField())
    out: dict[tuple[str, dt.date], dict[str, Decimal]] = {}
    for r in eps.values("facility_code", "period").annotate(
            n=Count("pk"), cards=Count("card_number", distinct=True), cost=Sum("t_tongchi_bh"), inp=Sum(inpatient),
            days=Sum(stay)):
        out[(r["facility_code"], r["period"])] = {
            "cost_per_visit": Decimal(r["cost"] or 0) / r["n"],
            "visits_per_card": Decimal(r["n"]) / max(r["cards"], 1),
            "inpatient_stay": Decimal(r["days"] or 0) / r["inp"] if r["inp"] else Decimal(0),
            "_cost": Decimal(r["cost"] or 0),
        }
    drugs = Line.objects.filter(episode__in=eps, kind="drug").values("episode__facility_code", "episode__period") \
        .annotate(s=Sum("amount_bh"))
    for r in drugs:
        m = out.get((r["episode__facility_code"], r["episode__period"]))
        if m and m["_cost"]:
            m["drug_share"] = Decimal(r["s"] or 0) / m["_cost"]
    return out


def _level(ratio: Decimal) -> str:
    for cut, name in LEVELS:
        if ratio >= cut:
            return name
    return ""


def cost_warnings(user: Any, month: dt.date) -> list[Warning]:
    """Each metric of each facility in the month against the mean of its previous 3 months and against the mean of
    facilities of the same level in the month; warned at the highest level either comparison reaches."""
    codes = selectors.facility_codes_of(user)
    m = Month.of(month)
    months = [(m - i).first_day for i in range(4)]
    data = _metrics(None, months)
    level_of = dict(Facility.objects.filter(valid_to__isnull=True).values_list("code", "level"))
    out = []
    for (code, period), values in sorted(data.items()):
        if period != month or (codes is not None and code not in codes):
            continue
        for metric in ("cost_per_visit", "visits_per_card", "inpatient_stay", "drug_share"):
            value = values.get(metric)
            if not value:
                continue
            own_hist = [data[(code, p)][metric] for p in months[1:] if data.get((code, p), {}).get(metric)]
            own = sum(own_hist) / len(own_hist) if own_hist else None
            peers_v = [v[metric] for (c, p), v in data.items() if p == month and c != code
                       and level_of.get(c) == level_of.get(code) and v.get(metric)]
            peers = sum(peers_v) / len(peers_v) if peers_v else None
            ratios = [value / x for x in (own, peers) if x]
            level = max((_level(r) for r in ratios), key=lambda n: ["", "low", "high", "very_high"].index(n),
                        default="")
            if level:
                out.append(Warning(code, metric, value, own, peers, level))
    return out


def open_flag_count(user: Any) -> int:
    return selectors.findings_visible(user).filter(status=Finding.Status.OPEN).count()
