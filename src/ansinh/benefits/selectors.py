"""Reads of the benefits app: a person's contribution history as the calculators take it (from the assessment lines
and the receipts — a fixed number of queries), coverage checks, and scoped lists of claims, decisions, entitlements
and payrolls. Objects outside the user's scope are "not found"."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum

from ansinh.accounts.scope import person_related, restrict_by_commune
from ansinh.benefits.models import Arrears, Claim, Decision, Entitlement, Payroll, PayrollLine, Recovery
from ansinh.contributions.models import Account, AssessmentLine, HolderType, LedgerEntry, Receipt
from ansinh.core.errors import NotFound
from ansinh.coverage.models import Participation, Scheme
from ansinh.registry.models import SalaryRecord
from ansinh.rules.benefits.history import ContributionPeriod
from ansinh.rules.periods import Month

SI_COLUMNS = ("sm_er", "oaod_er", "rs_er", "rs_ee")
UI_COLUMNS = ("ui_er", "ui_ee")


@dataclass
class HistorySnapshot:
    periods: list[ContributionPeriod]
    si_months: int = 0
    ui_months: int = 0
    vsi_months: int = 0
    unconfirmed_months: list[str] = field(default_factory=list)  # employer still owes the month (ledger)

    def as_json(self) -> list[dict[str, Any]]:
        out = []
        for p in self.periods:
            row: dict[str, Any] = {
                "from": str(p.start),
                "to": str(p.end),
                "salary": p.salary,
                "kind": p.kind,
                "scheme": p.scheme,
            }
            if p.coefficient is not None:
                row["coefficient"] = str(p.coefficient)
            if p.state_support:
                row["state_support"] = p.state_support
            out.append(row)
        return out


def contribution_history(person: Any) -> HistorySnapshot:
    """The person's contribution periods for the benefit calculators, read from the ledger side:
    compulsory months from `AssessmentLine` (SI months where an SI amount was assessed, at the SI base; UI months
    at the UI base; two jobs in a month add up), voluntary months from `Receipt` (scheme vsi, at the chosen income,
    with the State's support per month). Pay regime (state / employer) from the salary record of the employment.
    Months whose employer receivable is not cleared in the ledger are listed as unconfirmed. Four queries."""
    lines = list(
        AssessmentLine.objects.filter(person=person)
        .values_list(
            "for_period", "employer_id", "employment_id", "si_base", "ui_base", *SI_COLUMNS, *UI_COLUMNS
        )
        .order_by("for_period", "id")
    )
    employment_ids = {ln[2] for ln in lines}
    salaries: dict[int, list[tuple[dt.date, dt.date | None, str]]] = defaultdict(list)
    if employment_ids:
        for emp_id, vf, vt, kind in (
            SalaryRecord.objects.filter(employment_id__in=employment_ids)
            .order_by("valid_from")
            .values_list("employment_id", "valid_from", "valid_to", "kind")
        ):
            salaries[emp_id].append((vf, vt, kind))

    def regime(emp_id: int, month: dt.date) -> str:
        """state | employer: the pay regime of the salary record in force in the month (the latest one)."""
        last = Month.of(month).last_day
        found = "employer"
        for vf, vt, kind in salaries.get(emp_id, ()):
            if vf <= last and (vt is None or vt >= month):
                found = "state" if kind == "state" else "employer"
        return found

    si: dict[Month, int] = defaultdict(int)
    ui: dict[Month, int] = defaultdict(int)
    kind_of: dict[Month, str] = {}
    employer_months: set[tuple[int, dt.date]] = set()
    for for_period, employer_id, emp_id, si_base, ui_base, *amounts in lines:
        m = Month.of(for_period)
        si_amount = sum(amounts[: len(SI_COLUMNS)])
        ui_amount = sum(amounts[len(SI_COLUMNS) :])
        if si_amount > 0:
            si[m] += int(si_base)
            kind_of.setdefault(m, regime(emp_id, for_period))
        if ui_amount > 0:
            ui[m] += int(ui_base)
        if si_amount > 0 or ui_amount > 0:
            employer_months.add((employer_id, for_period))

    unconfirmed: list[str] = []
    if employer_months:
        first = min(fp for _, fp in employer_months)
        balances = (
            LedgerEntry.objects.filter(
                account=Account.RECEIVABLE,
                holder_type=HolderType.EMPLOYER,
                holder_id__in={e for e, _ in employer_months},
                for_period__gte=first,
            )
            .values_list("holder_id", "for_period")
            .annotate(balance=Sum("amount"))
        )
        owed = {(h, fp) for h, fp, b in balances if b and b > 0}
        unconfirmed = sorted({f"{fp:%Y-%m}" for e, fp in employer_months if (e, fp) in owed})

    # Compress month by month into periods: SI and UI together when both are paid at the same base.
    months: list[tuple[Month, str, int, str]] = []  # (month, scheme, salary, kind)
    for m in sorted(set(si) | set(ui)):
        kind = kind_of.get(m, "employer")
        if m in si and m in ui and si[m] == ui[m]:
            months.append((m, "si_ui", si[m], kind))
            continue
        if m in si:
            months.append((m, "si", si[m], kind))
        if m in ui:
            months.append((m, "ui", ui[m], "employer"))
    periods: list[ContributionPeriod] = []
    last_of: dict[str, int] = {}  # scheme -> index in periods of its latest period
    for m, scheme, salary, kind in months:
        i = last_of.get(scheme)
        prev = periods[i] if i is not None else None
        if prev is not None and prev.end + 1 == m and (prev.salary, prev.kind) == (salary, kind):
            periods[i] = ContributionPeriod(prev.start, m, salary, kind, scheme)  # type: ignore[index]
        else:
            periods.append(ContributionPeriod(m, m, salary, kind, scheme))
            last_of[scheme] = len(periods) - 1

    vsi_months = 0
    for r in Receipt.objects.filter(person=person, scheme=Receipt.Scheme.VSI).order_by("from_month", "id"):
        first_m, last_m = Month.of(r.from_month), Month.of(r.to_month)
        n = first_m.months_until(last_m) + 1
        vsi_months += n
        support = r.state_support // n if n else 0
        periods.append(
            ContributionPeriod(first_m, last_m, int(r.income or 0), "voluntary", "si", None, support)
        )
    periods.sort(key=lambda p: (p.start, p.scheme))
    return HistorySnapshot(
        periods=periods,
        si_months=len(si),
        ui_months=len(ui),
        vsi_months=vsi_months,
        unconfirmed_months=unconfirmed,
    )


def in_scheme(person: Any, scheme: str, day: dt.date) -> bool:
    """A participation of the scheme covers the day."""
    return (
        Participation.objects.filter(person=person, scheme=scheme, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .exists()
    )


SCHEME_SI = Scheme.SI
SCHEME_UI = Scheme.UI


# --- scoped lists --------------------------------------------------------------------------------------------


def claims_visible(user: Any) -> QuerySet[Claim]:
    return person_related(Claim.objects.all(), user)


def claim_list(*, user: Any, status: str = "", kind: str = "", q: str = "") -> QuerySet[Claim]:
    qs = claims_visible(user).select_related("person")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(person__citizen_id=q) | Q(person__si_code=q) | Q(person__full_name__icontains=q))
    return qs.order_by("-received_on", "-id")


def claim_get(*, user: Any, claim_id: object) -> Claim:
    try:
        return (
            claims_visible(user)
            .select_related("person", "person__address_commune", "computed_by", "approved_by", "received_by")
            .get(pk=claim_id)
        )
    except (Claim.DoesNotExist, ValueError, TypeError):
        raise NotFound("claim", claim_id) from None


def decisions_of(claim: Claim) -> list[Decision]:
    return list(
        claim.decisions.select_related("decided_by", "approved_by", "computed_by").order_by("version")
    )


def current_decision(claim: Claim) -> Decision | None:
    return claim.decisions.order_by("-version").first()


def decision_get(*, user: Any, claim_id: object, version: int | None = None) -> Decision:
    claim = claim_get(user=user, claim_id=claim_id)
    qs = claim.decisions.all()
    d = qs.filter(version=version).first() if version else qs.order_by("-version").first()
    if d is None:
        raise NotFound("decision", f"{claim_id}/{version or 'current'}")
    return d


def entitlements_visible(user: Any) -> QuerySet[Entitlement]:
    return person_related(Entitlement.objects.all(), user)


def entitlement_get(*, user: Any, entitlement_id: object) -> Entitlement:
    try:
        return entitlements_visible(user).select_related("person").get(pk=entitlement_id)
    except (Entitlement.DoesNotExist, ValueError, TypeError):
        raise NotFound("entitlement", entitlement_id) from None


def paid_through(entitlement: Entitlement) -> dt.date | None:
    """The last month of the entitlement on a payroll."""
    return PayrollLine.objects.filter(entitlement=entitlement).aggregate(m=Max("for_month"))["m"]


def amount_in_force(entitlement: Entitlement, month: Month) -> int | None:
    row = (
        entitlement.amounts.filter(valid_from__lte=month.first_day)
        .order_by("-valid_from", "-id")
        .values_list("amount", flat=True)
        .first()
    )
    return None if row is None else int(row)


@dataclass(frozen=True)
class ChannelTotal:
    channel: str
    status: str
    lines: int
    amount: int


def payroll_summary(period: Month, user: Any = None) -> tuple[Payroll | None, list[ChannelTotal]]:
    """The month's payroll by channel and status (one grouped query), limited to the user's localities (through
    the person's commune) when a user is given."""
    payroll = Payroll.objects.filter(period=period.first_day).first()
    if payroll is None:
        return None, []
    qs = PayrollLine.objects.filter(payroll=payroll)
    if user is not None:
        qs = restrict_by_commune(qs, user, "person__address_commune_id")
    rows = (
        qs.values("channel", "status")
        .annotate(n=Count("id"), s=Sum("amount"), d=Sum("deduction"))
        .order_by("channel", "status")
    )
    return payroll, [
        ChannelTotal(r["channel"], r["status"], int(r["n"]), int(r["s"] or 0) - int(r["d"] or 0))
        for r in rows
    ]


def payroll_for_staff(*, user: Any, period: Month) -> Payroll:
    """The month's payroll for a staff user (its lines are then limited to the user's localities)."""
    if not (getattr(user, "is_superuser", False) or getattr(user, "is_staff_role", False)):
        raise NotFound("payroll", str(period))
    payroll = Payroll.objects.filter(period=period.first_day).first()
    if payroll is None:
        raise NotFound("payroll", str(period))
    return payroll


def recoveries_visible(user: Any) -> QuerySet[Recovery]:
    return person_related(Recovery.objects.all(), user)


def recovery_get(*, user: Any, recovery_id: object) -> Recovery:
    try:
        return recoveries_visible(user).select_related("person", "entitlement").get(pk=recovery_id)
    except (Recovery.DoesNotExist, ValueError, TypeError):
        raise NotFound("recovery", recovery_id) from None


def entitlement_lines(entitlement: Entitlement) -> list[PayrollLine]:
    return list(PayrollLine.objects.filter(entitlement=entitlement).order_by("for_month", "id"))


def entitlement_recoveries(entitlement: Entitlement) -> list[Recovery]:
    return list(entitlement.recoveries.prefetch_related("payments").order_by("id"))


def entitlement_arrears(entitlement: Entitlement) -> list[Arrears]:
    return list(Arrears.objects.filter(entitlement=entitlement).order_by("id"))
