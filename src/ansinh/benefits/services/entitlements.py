"""Suspending, resuming and stopping a recurring benefit (Law 41/2024 Art 75).

- Suspension (Art 75.1: illegal emigration, declared missing by a court, identity not verifiable): no payment from
  `from_month`; on resumption the months not received are paid (Art 75.3) — the payroll pays every payable month
  after the last one on a payroll, so resuming pays the arrears on the next payroll.
- Stop (Art 75.2: death or declared dead, written refusal, payment found unlawful): no payment from `stop_month`.
  Death: payment runs through the month of death and stops from the month after (the months not received before
  death are paid to the relatives, Art 75.5; the monthly survivor allowance starts the month after death, Art 87.3).
  The payroll applies a recorded death by itself (Person.death_date), without waiting for an officer.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ansinh.accounts import audit
from ansinh.benefits.models import Entitlement
from ansinh.benefits.services.claims import OFFICER_ROLES, _require
from ansinh.core.errors import Conflict, InvalidInput
from ansinh.rules.periods import Month

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


def entitlement_suspend(*, actor: Any, entitlement: Entitlement, from_month: Month, reason: str,
                        source: str = "") -> Entitlement:
    _require(actor, OFFICER_ROLES, "suspend benefits")
    reason = _reason(reason)
    with transaction.atomic():
        ent = Entitlement.objects.select_for_update().get(pk=entitlement.pk)
        if ent.status != Entitlement.Status.ACTIVE:
            raise Conflict("bad_status", "Only a benefit in payment can be suspended.")
        before = audit.snapshot(ent)
        ent.status, ent.suspended_from = Entitlement.Status.SUSPENDED, from_month.first_day
        ent.status_reason, ent.status_basis = reason, SUSPEND_BASIS
        ent.save()
        audit.record(actor=actor, action="update", obj=ent, before=before, after=audit.snapshot(ent), reason=reason,
                     source=source)
    return ent


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
        audit.record(actor=actor, action="update", obj=ent, before=before, after=audit.snapshot(ent), reason=reason,
                     source=source)
    return ent


def entitlement_stop(*, actor: Any, entitlement: Entitlement, stop_month: Month, reason: str,
                     source: str = "") -> Entitlement:
    _require(actor, OFFICER_ROLES, "stop benefits")
    reason = _reason(reason)
    with transaction.atomic():
        ent = Entitlement.objects.select_for_update().get(pk=entitlement.pk)
        if ent.status == Entitlement.Status.STOPPED:
            raise Conflict("bad_status", "The benefit is already stopped.")
        if stop_month.first_day < ent.from_month:
            raise InvalidInput("bad_month", "The stop month is before the first month of the benefit.",
                               field="stop_month")
        before = audit.snapshot(ent)
        _apply_stop(ent, stop_month)
        ent.status_reason, ent.status_basis = reason, STOP_BASIS
        ent.save()
        audit.record(actor=actor, action="update", obj=ent, before=before, after=audit.snapshot(ent), reason=reason,
                     source=source)
    return ent


def _apply_stop(ent: Entitlement, stop_month: Month) -> None:
    last = (stop_month - 1).first_day
    ent.status, ent.stop_month = Entitlement.Status.STOPPED, stop_month.first_day
    ent.to_month = min(ent.to_month, last) if ent.to_month else last
