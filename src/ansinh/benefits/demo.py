"""Benefits in the demo province (`ansinh demo`): the pensioners of the simulated history and a few monthly
allowances on the payroll, the last months' payrolls built and settled by a return file, and claims in every status
taken through the claim services by the demo's officers.

Everything is synthetic (amounts drawn, not computed from a career: the generator's careers start in 1995 and the
ledger holds only the simulated months). Deterministic for a given seed and last month; idempotent: entitlements
and claims are made once, a payroll already settled is left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ansinh.benefits.models import Claim, ClaimKind, Entitlement, EntitlementAmount, Payroll, PayrollLine
from ansinh.benefits.services import claims as claim_services
from ansinh.benefits.services.payroll import build_payroll, settle_payroll
from ansinh.contributions.models import AssessmentLine
from ansinh.core.errors import ApplicationError
from ansinh.coverage.models import Participation
from ansinh.rules.periods import Month

PAYROLL_MONTHS = 3  # the last months of history get a payroll, built and settled
PENSION_MEDIAN, PENSION_SPREAD = 5_600_000, 0.35  # monthly pension, VND: lognormal around the median
PENSION_FLOOR = 2_500_000
ALLOWANCES = (  # monthly allowances besides the pensions: kind, fund, share of the population, median amount
    (ClaimKind.WORK_INJURY, "oaod", 0.0004, 1_900_000),
    (ClaimKind.SURVIVOR_MONTHLY, "rs", 0.0012, 1_750_000),
)
CHANNELS = (("bank_card", 0.60), ("cash_point", 0.25), ("cash_home", 0.15))
SETTLEMENT = (("paid", 0.975), ("returned", 0.015), ("uncollected", 0.010))
BANKS = ("Agribank", "BIDV", "Vietcombank", "VietinBank")
# Claims in every status: how many of each per 1,000 persons (at least one each).
CLAIMS_PER_THOUSAND = 1.0
CLAIMS_MAX_PER_STATUS = 25  # each goes through the services one by one: a full-size province needs no more
CLAIM_STATUSES = ("received", "computed", "approved", "decided", "refused", "reopened")


@dataclass
class BenefitsDemoReport:
    entitlements: int = 0
    claims: dict[str, int] = field(default_factory=dict)
    payrolls: list[str] = field(default_factory=list)
    lines_settled: int = 0

    def summary(self) -> str:
        claims = ", ".join(f"{k} {v}" for k, v in sorted(self.claims.items()))
        return (f"{self.entitlements:,} entitlements made; claims: {claims or 'none made'}; payrolls "
                f"{', '.join(self.payrolls) or 'none'}; {self.lines_settled:,} lines settled")


def demo_benefits(*, last: Month, seed: int, officers: tuple[Any, Any], clerk: Any,
                  payroll_job: Any = None) -> BenefitsDemoReport:
    """`payroll_job(month)`: builds the month's payroll as a job run (the demo passes one); without it the
    service is called directly. The settlement stays a direct call: as a job its automatic statistics refresh of
    every dirty month would also build the months before the simulated window (partial figures)."""
    report = BenefitsDemoReport()
    first_payroll = last - (PAYROLL_MONTHS - 1)
    if not Entitlement.objects.exists():
        report.entitlements = _entitlements(first_payroll, last, seed)
    if not Claim.objects.exists():
        report.claims = _claims(last, seed, officers, clerk)
    for i in range(PAYROLL_MONTHS):
        month = first_payroll + i
        if payroll_job is not None:
            payroll_job(month)
            payroll = Payroll.objects.get(period=month.first_day)
        else:
            payroll, _ = build_payroll(month, actor=officers[0])
        report.payrolls.append(str(month))
        report.lines_settled += _settle(payroll, month, seed, officers[0])
    return report


def _rng(seed: int, stream: int) -> np.random.Generator:
    return np.random.default_rng([seed, 4242, stream])


def _pick(rng: np.random.Generator, table: tuple[tuple[str, float], ...], n: int) -> list[str]:
    p = np.array([w for _, w in table])
    return [table[i][0] for i in rng.choice(len(table), size=n, p=p / p.sum())]


def _entitlements(first_payroll: Month, last: Month, seed: int) -> int:
    """Pensions for the simulation's pensioners (HI group HT in the last month) and monthly allowances for a few
    others, from the first payroll month (or the month the pension began, when later). Set-based."""
    from ansinh.registry.models import Person

    day = last.first_day
    ht = list(Participation.objects.filter(scheme="hi", hi_group="HT", valid_from__lte=last.last_day)
              .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
              .order_by("person_id").values_list("person_id", "valid_from"))
    rng = _rng(seed, 1)
    rows: list[tuple[int, str, str, dt.date, int]] = []
    starts = {p: max(Month.of(vf), first_payroll).first_day for p, vf in ht}
    amounts = np.maximum(PENSION_FLOOR, rng.lognormal(np.log(PENSION_MEDIAN), PENSION_SPREAD, len(ht)))
    rows += [(p, ClaimKind.PENSION, "rs", starts[p], int(a) // 1000 * 1000) for (p, _), a in zip(ht, amounts, strict=True)]
    taken = {p for p, _ in ht}
    persons = np.array(Person.objects.filter(death_date__isnull=True, birth_date__lte=dt.date(last.year - 18, 1, 1))
                       .order_by("id").values_list("id", flat=True), dtype=np.int64)
    for j, (kind, fund, share, median) in enumerate(ALLOWANCES):
        n = min(len(persons), max(1, round(share * len(persons))))
        chosen = [int(p) for p in np.sort(_rng(seed, 10 + j).choice(persons, n, replace=False)) if int(p) not in taken]
        taken.update(chosen)
        amounts = _rng(seed, 20 + j).lognormal(np.log(median), 0.25, len(chosen))
        rows += [(p, kind, fund, first_payroll.first_day, int(a) // 1000 * 1000)
                 for p, a in zip(chosen, amounts, strict=True)]
    channels = _pick(_rng(seed, 2), CHANNELS, len(rows))
    banks = _rng(seed, 3).integers(0, len(BANKS), len(rows))
    with transaction.atomic():
        ents = Entitlement.objects.bulk_create([
            Entitlement(person_id=p, kind=kind, fund=fund, from_month=start, channel=ch,
                        bank_account=f"{1000000000 + p:010d}" if ch == "bank_card" else "",
                        bank_name=BANKS[int(b)] if ch == "bank_card" else "",
                        payment_point="Bưu điện văn hóa xã" if ch == "cash_point" else "",
                        status_basis="Chuyển từ hệ thống chi trả trước đây (dữ liệu minh họa)")
            for (p, kind, fund, start, _), ch, b in zip(rows, channels, banks, strict=True)], batch_size=2000)
        EntitlementAmount.objects.bulk_create([
            EntitlementAmount(entitlement=e, valid_from=e.from_month, amount=amount, source="decision",
                              basis="Mức hưởng chuyển từ hệ thống trước đây (dữ liệu minh họa)")
            for e, (_, _, _, _, amount) in zip(ents, rows, strict=True)], batch_size=2000)
    return len(rows)


def _claims(last: Month, seed: int, officers: tuple[Any, Any], clerk: Any) -> dict[str, int]:
    """Sickness claims of employees contributing in the last months, taken through the claim services: received
    by the desk clerk, computed by one officer, approved and decided by the other; some refused, some reopened."""
    from ansinh.registry.models import Person

    a, b = officers
    persons_total = Person.objects.count()
    per_status = min(CLAIMS_MAX_PER_STATUS,
                     max(1, round(persons_total * CLAIMS_PER_THOUSAND / 1000 / len(CLAIM_STATUSES))))
    candidates = list(AssessmentLine.objects.filter(for_period=(last - 1).first_day, si_base__gt=0)
                      .order_by("person_id").values_list("person_id", flat=True).distinct()[:5000])
    rng = _rng(seed, 5)
    order = rng.permutation(len(candidates))
    made: dict[str, int] = {}
    today = timezone.localdate()
    received_on = min(last.last_day, today)
    at = 0
    for status in CLAIM_STATUSES:
        done = 0
        while done < per_status and at < len(order):
            person = Person.objects.get(pk=candidates[int(order[at])])
            at += 1
            leave_from = dt.date(last.year, last.month, 3 + int(rng.integers(0, 15)))
            leave_to = leave_from + dt.timedelta(days=int(rng.integers(2, 9)))
            params = {"event": "own", "leave_from": leave_from.isoformat(), "leave_to": leave_to.isoformat()}
            try:
                with transaction.atomic():
                    claim = claim_services.claim_receive(
                        actor=clerk, person=person, kind=ClaimKind.SICKNESS, channel="desk",
                        received_on=received_on, params=params, bank_account=f"{1000000000 + person.pk:010d}",
                        bank_name=BANKS[person.pk % len(BANKS)], source="demo")
                    if status != "received":
                        claim = claim_services.claim_compute(actor=a, claim=claim, source="demo")
                    if status in ("approved", "decided", "reopened"):
                        claim = claim_services.claim_approve(actor=b, claim=claim, source="demo")
                    if status in ("decided", "reopened"):
                        claim_services.claim_decide(actor=b, claim=claim, decided_on=received_on, source="demo")
                    if status == "refused":
                        claim_services.claim_refuse(
                            actor=b, claim=claim, decided_on=received_on, source="demo",
                            reason="Giấy chứng nhận nghỉ việc hưởng BHXH không hợp lệ (dữ liệu minh họa)")
                    if status == "reopened":
                        claim_services.claim_reopen(
                            actor=b, claim=claim, source="demo",
                            reason="Điều chỉnh số ngày nghỉ theo giấy ra viện (dữ liệu minh họa)")
            except ApplicationError:
                continue  # a history the calculator refuses (e.g. the employer's months not cleared): next person
            done += 1
        made[status] = done
    return made


def _settle(payroll: Payroll, month: Month, seed: int, actor: Any) -> int:
    """The return file of the paying agents (bank and post office): most lines paid, a few returned or not
    collected. Skipped when the payroll holds no line still to pay."""
    ids = list(PayrollLine.objects.filter(payroll=payroll, status=PayrollLine.Status.BUILT)
               .order_by("id").values_list("id", flat=True))
    if not ids:
        return 0
    statuses = _pick(_rng(seed, 100 + month.index), SETTLEMENT, len(ids))
    paid_on = min(dt.date(month.year, month.month, 10), timezone.localdate())
    text = "line_id,status,date\n" + "".join(f"{i},{s},{paid_on.isoformat()}\n" for i, s in zip(ids, statuses, strict=True))
    settle_payroll(actor=actor, payroll=payroll, data=text.encode(), file_name=f"tra-ve-chi-tra-{month}.csv",
                   source="demo")
    return len(ids)
