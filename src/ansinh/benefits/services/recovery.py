"""Overpayments and correction arrears of recurring benefits; recoveries of one-off amounts corrected downwards.

For an entitlement, the months already on a payroll (lines to pay or paid, of kind regular, arrears or reissue,
plus arrears not yet listed) are compared with what is due for each month now:

    due(M) = 0 before `from_month`, after `to_month`, from `stop_month`, after the month of death, from
             `suspended_from` while suspended; otherwise the amount in force for M (EntitlementAmount)
    over(M) = paid(M) − (what earlier recoveries already claim for M) − due(M)

`over > 0` → a `Recovery` (receivable on the beneficiary) with the months; `over < 0` after a decision corrected
upwards → an `Arrears` row, paid on the next payroll as lines of kind `arrears`. Returned and not-collected lines
are not counted as paid (the money did not reach the beneficiary; it stays payable).

Ledger (accounts of contributions.models, holder = the person for the receivable):
    recovery recorded     Dr benefits_payable (person)   / Cr benefit_expense (agency)   — per month over
    repayment             Dr cash (agency)               / Cr benefits_payable (person)
    deduction (payroll)   Dr benefits_payable (agency)   / Cr benefits_payable (person)  — posted by the payroll
    cancelled remainder   Dr benefit_expense (agency)    / Cr benefits_payable (person)
A debit balance of `benefits_payable` on a person is what the person owes back. Txn kind `adjustment`, references
`recovery:<id>`, `repayment:<id>`, `recovery-cancel:<id>`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.benefits.models import (
    Arrears,
    Claim,
    Decision,
    Entitlement,
    EntitlementAmount,
    PayrollLine,
    Recovery,
    RecoveryPayment,
)
from ansinh.contributions.models import Account, HolderType, LedgerTxn
from ansinh.contributions.services.ledger import Posting, post
from ansinh.core import bounds
from ansinh.core.errors import Conflict, InvalidInput
from ansinh.rules.periods import Month

# Lines whose money reached (or is about to reach) the beneficiary.
COUNTED_STATUSES = (PayrollLine.Status.BUILT, PayrollLine.Status.PAID)
MONTHLY_KINDS = (PayrollLine.Kind.REGULAR, PayrollLine.Kind.ARREARS, PayrollLine.Kind.REISSUE)
RECOVERY_BASIS = {
    Recovery.Cause.DEATH: "Law 41/2024 Art 75.2.a, 75.5 (payment stops after the month of death)",
    Recovery.Cause.STOP: "Law 41/2024 Art 75.2 (stop); amounts received without entitlement are recovered",
    Recovery.Cause.SUSPENSION: "Law 41/2024 Art 75.1 (suspension); cancelled on resumption (Art 75.3)",
    Recovery.Cause.CORRECTION: "corrected decision: amounts paid above the corrected amount",
    Recovery.Cause.ONE_OFF: "corrected decision: one-off amount paid above the corrected amount",
}
LEDGER_KIND = LedgerTxn.Kind.ADJUSTMENT


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _month_key(day: dt.date) -> str:
    return f"{day:%Y-%m}"


def months_claimed(recoveries: Iterable[Recovery]) -> dict[str, int]:
    """What recoveries already claim per month: the whole overpayment of a standing recovery; of a cancelled one,
    only what had been recovered (oldest month first) — it is paid back as arrears, which count as paid."""
    out: dict[str, int] = defaultdict(int)
    for r in recoveries:
        left = r.recovered if r.status == Recovery.Status.CANCELLED else r.amount
        for m in r.months:
            take = min(left, int(m["over"]))
            out[m["month"]] += take
            left -= take
    return out


def paid_by_month(entitlement: Entitlement) -> dict[str, int]:
    """Σ lines counted as paid per month, plus arrears recorded and not yet listed."""
    out: dict[str, int] = defaultdict(int)
    for month, total in (
        PayrollLine.objects.filter(
            entitlement=entitlement, status__in=COUNTED_STATUSES, kind__in=MONTHLY_KINDS
        )
        .values_list("for_month")
        .annotate(s=Sum("amount"))
        .order_by("for_month")
    ):
        out[_month_key(month)] += int(total)
    for a in Arrears.objects.filter(entitlement=entitlement, status=Arrears.Status.PENDING):
        for m in a.months:
            out[m["month"]] += int(m["diff"])
    return out


def due_for(entitlement: Entitlement, months: Iterable[str]) -> dict[str, int]:
    """What is due for each month now (see the module docstring)."""
    rows = list(
        EntitlementAmount.objects.filter(entitlement=entitlement)
        .order_by("valid_from", "id")
        .values_list("valid_from", "amount")
    )
    death = entitlement.person.death_date
    out = {}
    for key in months:
        month = Month.parse(key)
        day = month.first_day
        amount = 0
        for vf, a in rows:  # ordered: the last with valid_from ≤ month wins
            if vf <= day:
                amount = int(a)
        if (
            day < entitlement.from_month
            or (entitlement.to_month and day > entitlement.to_month)
            or (entitlement.stop_month and day >= entitlement.stop_month)
            or (death is not None and month > Month.of(death))
            or (
                entitlement.status == Entitlement.Status.SUSPENDED
                and entitlement.suspended_from
                and day >= entitlement.suspended_from
            )
        ):
            amount = 0
        out[key] = amount
    return out


def reconcile_entitlement(
    *,
    actor: Any,
    entitlement: Entitlement,
    cause: str,
    decision: Decision | None = None,
    reason: str = "",
    source: str = "",
) -> tuple[Recovery | None, Arrears | None]:
    """Compare what was paid for each month with what is due now; record the overpayment as a recovery and, after
    an upward correction (`cause == correction`), the difference as arrears. Call inside the caller's transaction,
    after the entitlement (or its amounts) changed."""
    ent = Entitlement.objects.select_related("person").get(pk=entitlement.pk)
    paid = paid_by_month(ent)
    if not paid:
        return None, None
    due = due_for(ent, paid)
    claimed = months_claimed(ent.recoveries.all())
    over_rows, under_rows = [], []
    for key in sorted(paid):
        net = paid[key] - claimed.get(key, 0)
        diff = net - due[key]
        if diff > 0:
            over_rows.append({"month": key, "paid": net, "due": due[key], "over": diff})
        elif diff < 0 and cause == Recovery.Cause.CORRECTION and due[key] > 0:
            under_rows.append({"month": key, "paid": net, "due": due[key], "diff": -diff})
    now = timezone.now()
    recovery = arrears = None
    if over_rows:
        recovery = Recovery.objects.create(
            person=ent.person,
            entitlement=ent,
            claim_id=ent.claim_id,
            decision=decision,
            fund=ent.fund,
            cause=cause,
            months=over_rows,
            amount=sum(r["over"] for r in over_rows),
            deduct=ent.status == Entitlement.Status.ACTIVE and ent.person.death_date is None,
            reason=reason[:300],
            basis=RECOVERY_BASIS.get(cause, "")[:200],
            created_at=now,
            created_by=_user(actor),
        )
        _post_recovery(actor, recovery, source=source)
        audit.record(
            actor=actor,
            action="create",
            obj=recovery,
            after=audit.snapshot(recovery),
            reason=reason,
            source=source,
        )
    if under_rows:
        arrears = Arrears.objects.create(
            entitlement=ent,
            decision=decision,
            months=under_rows,
            amount=sum(r["diff"] for r in under_rows),
            reason=reason[:300],
            created_at=now,
            created_by=_user(actor),
        )
        audit.record(
            actor=actor,
            action="create",
            obj=arrears,
            after=audit.snapshot(arrears),
            reason=reason,
            source=source,
        )
    return recovery, arrears


def recovery_postings(recovery: Recovery) -> list[Posting]:
    out = []
    for m in recovery.months:
        day = Month.parse(m["month"]).first_day
        out += [
            Posting(
                Account.BENEFITS_PAYABLE,
                recovery.fund,
                HolderType.PERSON,
                recovery.person_id,
                day,
                int(m["over"]),
            ),
            Posting(Account.BENEFIT_EXPENSE, recovery.fund, HolderType.AGENCY, 0, day, -int(m["over"])),
        ]
    return out


def _post_recovery(actor: Any, recovery: Recovery, *, source: str) -> None:
    today = timezone.localdate()
    post(
        kind=LEDGER_KIND,
        reference=f"recovery:{recovery.pk}",
        period=Month.of(today),
        effective_date=today,
        postings=recovery_postings(recovery),
        actor=actor,
        memo=f"overpayment to recover ({recovery.cause})",
        source=source or "benefits",
    )


def one_off_recovery(*, actor: Any, claim: Claim, decision: Decision, source: str = "") -> Recovery | None:
    """After a one-off amount is corrected downwards (or refused on correction): what was already put on a payment
    list above the corrected amount is recovered. The ledger already holds it: the decision's negative difference
    debited the person's `benefits_payable` (claims._post_one_off)."""
    # Everything put on a list counts (a returned line stays payable to the person until paid again).
    listed = int(PayrollLine.objects.filter(decision__claim=claim).aggregate(s=Sum("amount"))["s"] or 0)
    granted = decision.amount if decision.outcome == Decision.Outcome.GRANT else 0
    claimed = sum(
        r.amount - r.cancelled
        for r in claim.recoveries.filter(entitlement__isnull=True).exclude(status=Recovery.Status.CANCELLED)
    )
    over = listed - claimed - granted
    if over <= 0:
        return None
    from ansinh.benefits.services.claims import fund_of

    recovery = Recovery.objects.create(
        person_id=claim.person_id,
        claim=claim,
        decision=decision,
        fund=fund_of(claim.kind, claim.params),
        cause=Recovery.Cause.ONE_OFF,
        deduct=False,
        amount=over,
        reason=decision.reason[:300],
        months=[
            {"month": _month_key(decision.decided_on), "paid": listed - claimed, "due": granted, "over": over}
        ],
        basis=RECOVERY_BASIS[Recovery.Cause.ONE_OFF],
        created_at=timezone.now(),
        created_by=_user(actor),
    )
    audit.record(
        actor=actor,
        action="create",
        obj=recovery,
        after=audit.snapshot(recovery),
        reason=decision.reason,
        source=source,
    )
    return recovery


# --- settling a recovery ---------------------------------------------------------------------------------------


def _lock(recovery: Recovery) -> Recovery:
    return Recovery.objects.select_for_update().get(pk=recovery.pk)


def recovery_repay(
    *, actor: Any, recovery: Recovery, amount: int, on: dt.date, reference: str = "", source: str = ""
) -> RecoveryPayment:
    """A repayment by the beneficiary (or the relatives, the bank recalling a transfer): Dr cash / Cr the person's
    benefits_payable."""
    from ansinh.benefits.services.claims import OFFICER_ROLES, _require

    _require(actor, OFFICER_ROLES, "record repayments")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise InvalidInput("bad_amount", "the amount must be a positive whole number of VND", field="amount")
    bounds.check_amount(amount)
    if on > timezone.localdate():
        raise InvalidInput("future_date", "the repayment date is in the future", field="on")
    with transaction.atomic():
        rec = _lock(recovery)
        if rec.status != Recovery.Status.OPEN:
            raise Conflict("bad_status", "Only an open recovery can be repaid.")
        if amount > rec.remaining:
            raise InvalidInput(
                "too_much",
                f"the amount is more than what remains to recover ({rec.remaining:,} VND)",
                field="amount",
            )
        before = {"recovered": rec.recovered, "status": rec.status}
        payment = RecoveryPayment.objects.create(
            recovery=rec,
            method=RecoveryPayment.Method.REPAYMENT,
            amount=amount,
            on=on,
            reference=reference[:80],
            created_at=timezone.now(),
            created_by=_user(actor),
        )
        post(
            kind=LEDGER_KIND,
            reference=f"repayment:{payment.pk}",
            period=Month.of(on),
            effective_date=on,
            postings=[
                Posting(Account.CASH, rec.fund, HolderType.AGENCY, 0, Month.of(on).first_day, amount),
                Posting(
                    Account.BENEFITS_PAYABLE,
                    rec.fund,
                    HolderType.PERSON,
                    rec.person_id,
                    Month.of(on).first_day,
                    -amount,
                ),
            ],
            actor=actor,
            memo=f"repayment of recovery {rec.pk}",
            source=source or "benefits",
        )
        rec.recovered += amount
        if rec.remaining == 0:
            rec.status = Recovery.Status.SETTLED
        rec.save(update_fields=["recovered", "status"])
        audit.record(
            actor=actor,
            action="update",
            obj=rec,
            before=before,
            after={
                "recovered": rec.recovered,
                "status": rec.status,
                "repayment": amount,
                "reference": reference,
            },
            source=source,
        )
    return payment


def recovery_set_deduction(
    *, actor: Any, recovery: Recovery, deduct: bool, per_month: int = 0, source: str = ""
) -> Recovery:
    """Whether (and how much a month) the payroll deducts the recovery from the entitlement's later lines."""
    from ansinh.benefits.services.claims import OFFICER_ROLES, _require

    _require(actor, OFFICER_ROLES, "change recoveries")
    if isinstance(per_month, bool) or not isinstance(per_month, int) or per_month < 0:
        raise InvalidInput(
            "bad_amount",
            "per_month must be a whole number of VND, 0 for the whole payment",
            field="per_month",
        )
    with transaction.atomic():
        rec = _lock(recovery)
        if rec.status != Recovery.Status.OPEN:
            raise Conflict("bad_status", "Only an open recovery can be changed.")
        if deduct and rec.entitlement_id is None:
            raise InvalidInput(
                "no_entitlement", "a one-off recovery has no later payments to deduct from", field="deduct"
            )
        before = {"deduct": rec.deduct, "per_month": rec.per_month}
        rec.deduct, rec.per_month = deduct, per_month
        rec.save(update_fields=["deduct", "per_month"])
        audit.record(
            actor=actor,
            action="update",
            obj=rec,
            before=before,
            after={"deduct": deduct, "per_month": per_month},
            source=source,
        )
    return rec


def recovery_cancel(*, actor: Any, recovery: Recovery, reason: str, source: str = "") -> Recovery:
    """Cancel what remains to recover (the months became due again, e.g. on resumption after a suspension; a
    waiver). Posts Dr benefit_expense / Cr the person's benefits_payable for the remainder; what was already
    recovered is owed back and becomes arrears on the next payroll."""
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise InvalidInput("reason_required", "Give the reason (at least 5 characters).", field="reason")
    with transaction.atomic():
        rec = _lock(recovery)
        if rec.status != Recovery.Status.OPEN and not (
            rec.status == Recovery.Status.SETTLED and rec.cause == Recovery.Cause.SUSPENSION
        ):
            raise Conflict("bad_status", "Only an open recovery can be cancelled.")
        before = {"status": rec.status, "cancelled": rec.cancelled, "recovered": rec.recovered}
        remainder = rec.remaining
        today = timezone.localdate()
        if remainder:
            RecoveryPayment.objects.create(
                recovery=rec,
                method=RecoveryPayment.Method.CANCEL,
                amount=remainder,
                on=today,
                created_at=timezone.now(),
                created_by=_user(actor),
            )
            post(
                kind=LEDGER_KIND,
                reference=f"recovery-cancel:{rec.pk}",
                period=Month.of(today),
                effective_date=today,
                actor=actor,
                memo=f"recovery {rec.pk} cancelled",
                source=source or "benefits",
                postings=[
                    Posting(
                        Account.BENEFIT_EXPENSE,
                        rec.fund,
                        HolderType.AGENCY,
                        0,
                        today.replace(day=1),
                        remainder,
                    ),
                    Posting(
                        Account.BENEFITS_PAYABLE,
                        rec.fund,
                        HolderType.PERSON,
                        rec.person_id,
                        today.replace(day=1),
                        -remainder,
                    ),
                ],
            )
        rec.cancelled += remainder
        rec.status = Recovery.Status.CANCELLED
        rec.save(update_fields=["cancelled", "status"])
        arrears = None
        if rec.recovered and rec.entitlement_id is not None:
            # What was already recovered for months now due again is paid back, oldest month first.
            left, rows = rec.recovered, []
            for m in rec.months:
                take = min(left, int(m["over"]))
                if take:
                    rows.append({"month": m["month"], "paid": 0, "due": take, "diff": take})
                left -= take
            # The repaid part was credited to the expense when recorded: paying it back is an expense again
            # (posted by the payroll as arrears lines).
            arrears = Arrears.objects.create(
                entitlement_id=rec.entitlement_id,
                months=rows,
                amount=rec.recovered,
                reason=f"recovery {rec.pk} cancelled: {reason}"[:300],
                created_at=timezone.now(),
                created_by=_user(actor),
            )
            audit.record(
                actor=actor,
                action="create",
                obj=arrears,
                after=audit.snapshot(arrears),
                reason=reason,
                source=source,
            )
        audit.record(
            actor=actor,
            action="update",
            obj=rec,
            before=before,
            after={
                "status": rec.status,
                "cancelled": rec.cancelled,
                "recovered": rec.recovered,
                "arrears": arrears.pk if arrears else None,
            },
            reason=reason,
            source=source,
        )
    return rec


# --- deductions by the payroll (set-based) --------------------------------------------------------------------


def allocate_deductions(
    line_ent: list[int],
    line_month: list[int],
    line_amount: list[int],
    recoveries: list[tuple[int, int, int, int]],
) -> tuple[list[int], list[tuple[int, int, int]]]:
    """Pure: deduct open recoveries (id, entitlement, remaining, per_month — oldest first) from the lines of their
    entitlement, oldest month first, at most `per_month` a line (0: the whole line). Returns the deduction per line
    and the (recovery id, line index, amount) taken."""
    deduction = [0] * len(line_amount)
    taken: list[tuple[int, int, int]] = []
    by_ent: dict[int, list[int]] = defaultdict(list)
    for i, e in enumerate(line_ent):
        by_ent[e].append(i)
    for rid, ent, remaining, per_month in recoveries:
        for i in sorted(by_ent.get(ent, ()), key=lambda j: line_month[j]):
            if remaining <= 0:
                break
            room = line_amount[i] - deduction[i]
            if per_month:
                already = sum(x for r, j, x in taken if j == i and r == rid)
                room = min(room, per_month - already)
            take = min(room, remaining)
            if take > 0:
                deduction[i] += take
                remaining -= take
                taken.append((rid, i, take))
    return deduction, taken
