"""Primary-care funds (kinh phí chăm sóc sức khỏe ban đầu): each quarter the agency transfers to schools a share of
their pupils' HI contributions and to schools and units with a health unit a share of their staff's HI
contributions (Decree 146/2018 Art 33-34; shares as effective-dated rules in ansinh.rules.healthcare). The staff's
contributions are the quarter's assessed HI (employer + employee) of the unit, summed set-based; the transfer is
posted once (Dr hi_primary_care to the unit / Cr cash)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.accounts.scope import visible_commune_ids
from ansinh.contributions.models import Account, AssessmentLine, Fund, HolderType, LedgerTxn
from ansinh.contributions.services.ledger import Posting, post
from ansinh.core.errors import ApplicationError
from ansinh.healthcare.models import PrimaryCareFund, PrimaryCareUnit
from ansinh.rules import healthcare as hc
from ansinh.rules.periods import Month

AGENCY = 1


def quarter_months(year: int, quarter: int) -> list[dt.date]:
    if quarter not in (1, 2, 3, 4):
        raise ApplicationError("bad_quarter", "the quarter is 1 to 4", field="quarter")
    return [dt.date(year, quarter * 3 - 2 + i, 1) for i in range(3)]


@dataclass
class FundRow:
    unit: PrimaryCareUnit
    eligible: bool
    why_not: str
    staff_contributions: int
    staff_share: Any
    staff_amount: int
    pupils: int
    pupil_contributions: int
    pupil_share: Any
    pupil_amount: int
    held: PrimaryCareFund | None

    @property
    def amount(self) -> int:
        return self.staff_amount + self.pupil_amount


def units_visible(user: Any):
    qs = PrimaryCareUnit.objects.select_related("employer")
    ids = visible_commune_ids(user) if getattr(user, "is_staff_role", False) else set()
    return qs if ids is None else qs.filter(employer__address_commune_id__in=ids)


def fund_rows(user: Any, year: int, quarter: int) -> list[FundRow]:
    """The quarter's fund of each recipient in scope, in force on the quarter's first day."""
    months = quarter_months(year, quarter)
    start = months[0]
    shares = hc.PRIMARY_CARE_SHARE.at(start)
    units = list(units_visible(user).filter(valid_from__lte=start)
                 .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start)).order_by("employer__name"))
    staff = dict(AssessmentLine.objects.filter(employer_id__in=[u.employer_id for u in units], for_period__in=months)
                 .values("employer_id").annotate(hi=Sum(F("hi_er") + F("hi_ee"))).values_list("employer_id", "hi"))
    held = {f.unit_id: f for f in PrimaryCareFund.objects.filter(unit__in=units, year=year, quarter=quarter)}
    rows = []
    for u in units:
        why = ("no_qualified_staff" if not u.qualified_staff else "no_medical_room" if not u.medical_room
               else "own_contract" if u.own_contract else "")
        staff_share = shares["school_staff" if u.kind == PrimaryCareUnit.Kind.SCHOOL else "unit_staff"]
        contributions = int(staff.get(u.employer_id) or 0)
        pupils = u.pupils if u.kind == PrimaryCareUnit.Kind.SCHOOL else 0
        pupil_contrib = hc.pupil_contributions(pupils, months) if pupils else 0
        ok = not why
        rows.append(FundRow(
            u, ok, why, contributions, staff_share,
            hc.primary_care_fund(recipient="school_staff" if u.kind == "school" else "unit_staff",
                                 contributions=contributions, on=start) if ok else 0,
            pupils, pupil_contrib, shares["pupils"] if pupils else 0,
            hc.primary_care_fund(recipient="pupils", contributions=pupil_contrib, on=start) if ok and pupils else 0,
            held.get(u.pk)))
    return rows


def transfer_quarter(*, actor: Any, year: int, quarter: int) -> int:
    """Compute and post the quarter's transfer to every eligible recipient in scope not yet paid; returns how many."""
    rows = fund_rows(actor, year, quarter)
    start = quarter_months(year, quarter)[0]
    basis = hc.PRIMARY_CARE_SHARE.entry(start).basis
    n = 0
    with transaction.atomic():
        for r in rows:
            if not r.eligible or r.amount <= 0 or (r.held and r.held.txn_id):
                continue
            txn, created = post(
                kind=LedgerTxn.Kind.HI_PRIMARY, reference=f"hi-pc-{r.unit.pk}-{year}Q{quarter}",
                period=Month.of(start), effective_date=timezone.localdate(), actor=actor,
                memo=f"HI primary-care fund {r.unit.employer.unit_code} {year}Q{quarter}",
                postings=[Posting(Account.HI_PRIMARY_CARE, Fund.HI, HolderType.EMPLOYER, r.unit.employer_id, start,
                                  r.amount),
                          Posting(Account.CASH, Fund.HI, HolderType.AGENCY, AGENCY, start, -r.amount)])
            fund, _ = PrimaryCareFund.objects.update_or_create(
                unit=r.unit, year=year, quarter=quarter,
                defaults={"staff_contributions": r.staff_contributions, "staff_share": r.staff_share,
                          "staff_amount": r.staff_amount, "pupils": r.pupils,
                          "pupil_contributions": r.pupil_contributions, "pupil_share": r.pupil_share,
                          "pupil_amount": r.pupil_amount, "amount": r.amount, "basis": basis[:300], "txn": txn,
                          "transferred_at": timezone.now()})
            audit.record(actor=actor, action="action", obj=fund, after=audit.snapshot(fund),
                         reason="primary-care fund transferred", source="web")
            n += int(created)
    return n
