"""Suspending, resuming and stopping a recurring benefit (Law 41/2024 Art 75).

- Suspension (Art 75.1: illegal emigration, declared missing by a court, identity not verifiable): no payment from
  `from_month`; on resumption the months not received are paid (Art 75.3) — the payroll pays every payable month
  after the last one on a payroll, so resuming pays the arrears on the next payroll.
- Stop (Art 75.2: death or declared dead, written refusal, payment found unlawful): no payment from `stop_month`.
  Death: payment runs through the month of death and stops from the month after (the months not received before
  death are paid to the relatives, Art 75.5; the monthly survivor allowance starts the month after death, Art 87.3).
  The payroll applies a recorded death by itself (Person.death_date), without waiting for an officer.
- Recorded late (the months from the suspension or stop were already on a payroll): the months paid and not due
  become a recovery (services/recovery.py). On resumption the suspension's recovery is cancelled (the months are
  due again, Art 75.3) and the returned or not-collected lines are paid again on the next payroll.
- Not collected (`suspend_uncollected`, run by the payroll): a benefit whose last UNCOLLECTED_MONTHS monthly lines
  were all not collected is suspended from the next month not on a payroll — a VSS payment-management practice
  (Decision 828/QĐ-BHXH of 2016 as we understand it), UNVERIFIED: Law 41/2024 Art 75.1 does not list it; see
  docs/benefits.md. Resumed on request (`entitlement_resume`), with the months owed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.accounts.models import AuditEvent
from ansinh.benefits.models import Entitlement, PayrollLine, Recovery
from ansinh.benefits.services.claims import OFFICER_ROLES, _require
from ansinh.benefits.services.recovery import reconcile_entitlement, recovery_cancel
from ansinh.core.errors import Conflict, InvalidInput
from ansinh.rules.periods import Month

UNCOLLECTED_MONTHS = 6
UNCOLLECTED_BASIS = (
    "not collected for 6 consecutive months: VSS payment management (Decision 828/QĐ-BHXH/2016 "
    "as understood) — UNVERIFIED; Law 41/2024 Art 75.1 lists other grounds"
)

SUSPEND_BASIS = "Law 41/2024 Art 75.1 (suspension), 75.3 (months not received are paid on resumption)"
STOP_BASIS = "Law 41/2024 Art 75.2 (stop), 75.5 (months before death paid to the relatives), 87.3"


def death_stop_month(death_date: Any) -> Month:
    """The first month not paid after a death: the month after the month of death."""
    return Month.of(death_date) + 1


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise InvalidInput("reason_required", "Give the reason (at least 5 characters).", field="reason")
    return reason[:300]


def entitlement_suspend(
    *, actor: Any, entitlement: Entitlement, from_month: Month, reason: str, source: str = ""
) -> Entitlement:
    _require(actor, OFFICER_ROLES, "suspend benefits")
    reason = _reason(reason)
    with transaction.atomic():
        ent = Entitlement.objects.select_for_update().get(pk=entitlement.pk)
        if ent.status != Entitlement.Status.ACTIVE:
            raise Conflict("bad_status", "Only a benefit in payment can be suspended.")
        before = audit.snapshot(ent)
        if from_month.first_day < ent.from_month:
            raise InvalidInput(
                "bad_month",
                "The suspension starts before the first month of the benefit.",
                field="from_month",
            )
        ent.status, ent.suspended_from = Entitlement.Status.SUSPENDED, from_month.first_day
        ent.status_reason, ent.status_basis = reason, SUSPEND_BASIS
        _save_and_reconcile(ent, before, Recovery.Cause.SUSPENSION, actor=actor, reason=reason, source=source)
    return ent


def _save_and_reconcile(ent: Entitlement, before: dict[str, Any], cause: str, *, actor: Any, reason: str,
                        source: str) -> None:
    """Save a status change, audit it, and turn the months already paid that are no longer due into a recovery."""
    ent.save()
    audit.record(actor=actor, action="update", obj=ent, before=before, after=audit.snapshot(ent), reason=reason,
                 source=source)
    reconcile_entitlement(actor=actor, entitlement=ent, cause=cause, reason=reason, source=source)


def entitlement_resume(*, actor: Any, entitlement: Entitlement, reason: str, source: str = "") -> Entitlement:
    _require(actor, OFFICER_ROLES, "resume benefits")
    reason = _reason(reason)
    with transaction.atomic():
        ent = Entitlement.objects.select_for_update().get(pk=entitlement.pk)
        if ent.status != Entitlement.Status.SUSPENDED:
            raise Conflict("bad_status", "Only a suspended benefit can be resumed.")
        before = audit.snapshot(ent)
        ent.status, ent.suspended_from = Entitlement.Status.ACTIVE, None
        ent.status_reason, ent.status_basis = reason, SUSPEND_BASIS
        ent.save()
        audit.record(
            actor=actor,
            action="update",
            obj=ent,
            before=before,
            after=audit.snapshot(ent),
            reason=reason,
            source=source,
        )
        # The months of the suspension are due again (Art 75.3): cancel what was to be recovered for them …
        for rec in ent.recoveries.filter(
            cause=Recovery.Cause.SUSPENSION, status__in=[Recovery.Status.OPEN, Recovery.Status.SETTLED]
        ):
            recovery_cancel(actor=actor, recovery=rec, reason=f"resumed: {reason}", source=source)
        # … and pay again what was returned or not collected (the months owed).
        lines_reissue(actor=actor, entitlement=ent, reason=reason, source=source)
    return ent


def lines_reissue(*, actor: Any, entitlement: Entitlement, reason: str, source: str = "") -> int:
    """Mark the entitlement's returned and not-collected lines to be paid again on the next payroll (a new line
    each, same month and amount; the amount is still in benefits_payable). One UPDATE, an audit row."""
    ids = list(
        PayrollLine.objects.filter(
            entitlement=entitlement, status__in=[PayrollLine.Status.RETURNED, PayrollLine.Status.UNCOLLECTED]
        ).values_list("id", flat=True)
    )
    if not ids:
        return 0
    PayrollLine.objects.filter(pk__in=ids).update(status=PayrollLine.Status.REISSUED)
    audit.record(
        actor=actor,
        action="action",
        obj=entitlement,
        after={"lines_to_pay_again": ids},
        reason=reason,
        source=source,
    )
    return len(ids)


def entitlement_stop(
    *, actor: Any, entitlement: Entitlement, stop_month: Month, reason: str, source: str = ""
) -> Entitlement:
    _require(actor, OFFICER_ROLES, "stop benefits")
    reason = _reason(reason)
    with transaction.atomic():
        ent = Entitlement.objects.select_for_update().get(pk=entitlement.pk)
        if ent.status == Entitlement.Status.STOPPED:
            raise Conflict("bad_status", "The benefit is already stopped.")
        if stop_month.first_day < ent.from_month:
            raise InvalidInput(
                "bad_month", "The stop month is before the first month of the benefit.", field="stop_month"
            )
        before = audit.snapshot(ent)
        _apply_stop(ent, stop_month)
        ent.status_reason, ent.status_basis = reason, STOP_BASIS
        _save_and_reconcile(ent, before, Recovery.Cause.STOP, actor=actor, reason=reason, source=source)
    return ent


def _apply_stop(ent: Entitlement, stop_month: Month) -> None:
    last = (stop_month - 1).first_day
    ent.status, ent.stop_month = Entitlement.Status.STOPPED, stop_month.first_day
    ent.to_month = min(ent.to_month, last) if ent.to_month else last


def suspend_uncollected(last: Month, *, actor: Any = None, now: dt.datetime | None = None) -> int:
    """Suspend every benefit in payment whose last UNCOLLECTED_MONTHS settled monthly lines (consecutive months;
    lines not yet settled at the end are skipped) were all not collected, from the month after its last month on a
    payroll. Set-based: one read, one UPDATE per distinct month, the audit rows in one insert."""
    now = now or timezone.now()
    since = (last - 36).first_day
    sql = """
        SELECT l.entitlement_id, CAST(l.for_month AS TEXT), l.status
        FROM benefits_payrollline l
        JOIN benefits_entitlement e ON e.id = l.entitlement_id
        WHERE e.status = 'active' AND l.kind = 'regular' AND l.for_month >= %s
          AND l.entitlement_id IN (SELECT u.entitlement_id FROM benefits_payrollline u
                                   WHERE u.status = 'uncollected' AND u.kind = 'regular' AND u.for_month >= %s
                                   GROUP BY u.entitlement_id HAVING COUNT(*) >= %s)
        ORDER BY l.entitlement_id, l.for_month
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [since, since, UNCOLLECTED_MONTHS])
        rows = cursor.fetchall()
    by_ent: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for ent, month, status in rows:
        by_ent[ent].append((Month.parse(str(month)[:7]).index, status))
    suspend: dict[int, list[int]] = defaultdict(list)  # first month suspended → entitlements
    for ent, lines in by_ent.items():
        last_month = lines[-1][0]
        while lines and lines[-1][1] == PayrollLine.Status.BUILT:
            lines.pop()
        run, prev = 0, None
        for month, status in reversed(lines):
            if status != PayrollLine.Status.UNCOLLECTED or (prev is not None and month != prev - 1):
                break
            run, prev = run + 1, month
        if run >= UNCOLLECTED_MONTHS:
            suspend[last_month + 1].append(ent)
    if not suspend:
        return 0
    user = actor if getattr(actor, "pk", None) else None
    reason = f"not collected for {UNCOLLECTED_MONTHS} consecutive months"
    events = []
    with connection.cursor() as cursor:
        for month, ids in suspend.items():
            day = Month.from_index(month).first_day
            for i in range(0, len(ids), 900):
                chunk = ids[i : i + 900]
                cursor.execute(
                    "UPDATE benefits_entitlement SET status = %s, suspended_from = %s, status_reason = %s, "
                    f"status_basis = %s WHERE status = 'active' AND id IN ({', '.join(['%s'] * len(chunk))})",
                    [Entitlement.Status.SUSPENDED, day, reason, UNCOLLECTED_BASIS[:200], *chunk],
                )
            events += [
                audit.event(actor=user, action=AuditEvent.Action.UPDATE, object_type="benefits.entitlement",
                            object_id=e, before={"status": "active"},
                            after={"status": "suspended", "suspended_from": day.isoformat()}, reason=reason,
                            source="payroll", at=now)
                for e in ids
            ]
    audit.record_bulk(events)
    return len(events)


PAYMENT_CHANGE_BASIS = "Law 41/2024 Art 82.2 (change of the payment method or place on the beneficiary's request)"


def entitlement_set_payment(*, actor: Any, entitlement: Entitlement, channel: str, bank_account: str = "",
                            bank_name: str = "", payment_point: str = "", reason: str = "",
                            source: str = "") -> Entitlement:
    """The beneficiary changes how or where the benefit is paid. The payroll reads the entitlement's channel when it
    is built, so the change applies from the next payroll month (a payroll already built keeps its lines)."""
    from ansinh.benefits.models import PaymentChannel
    from ansinh.benefits.services.claims import _check_payment

    _require(actor, OFFICER_ROLES, "change how benefits are paid")
    _check_payment(channel, bank_account, payment_point)
    if channel == PaymentChannel.BANK_CARD and not bank_account.strip():
        raise InvalidInput("required", "payment to a bank account needs the account number", field="bank_account")
    with transaction.atomic():
        ent = Entitlement.objects.select_for_update().get(pk=entitlement.pk)
        if ent.status == Entitlement.Status.STOPPED:
            raise Conflict("bad_status", "A stopped benefit is no longer paid.")
        before = audit.snapshot(ent)
        ent.channel = channel
        ent.bank_account = bank_account.replace(" ", "") if channel == PaymentChannel.BANK_CARD else ""
        ent.bank_name = bank_name[:80] if channel == PaymentChannel.BANK_CARD else ""
        ent.payment_point = payment_point[:120] if channel != PaymentChannel.BANK_CARD else ""
        ent.save(update_fields=["channel", "bank_account", "bank_name", "payment_point"])
        audit.record(actor=actor, action="update", obj=ent, before=before, after=audit.snapshot(ent),
                     reason=(reason or PAYMENT_CHANGE_BASIS)[:300], source=source)
    return ent
