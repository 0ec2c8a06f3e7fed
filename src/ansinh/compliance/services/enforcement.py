"""Enforcement: reminder letters from the arrears (L41 Art 35.1), the publication list (Art 35.2), check cases with
the fine by the decree in force on the date of the act, remedy and follow-up until paid."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.accounts.scope import employers_visible, get_visible
from ansinh.analytics.arrears import debts
from ansinh.compliance.models import CheckCase, Reminder
from ansinh.compliance.scoping import require_staff
from ansinh.core.errors import Conflict, InvalidInput
from ansinh.rules.compliance import fines
from ansinh.rules.explain import to_jsonable
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError

REMIND_PAY_DAYS = 15  # the letter asks for payment within 15 days (agency practice, not law)
REMEDY_DAYS = 30  # remedy deadline after the record (agency practice; Decree 283 does not fix one for SI)
EVASION_DAYS = 60  # L41 Art 39.1.đ: unpaid 60 days after the deadline and after a reminder


def reminders_generate(*, actor: Any, period: Month, sent_on: dt.date) -> list[Reminder]:
    """One reminder per visible unit with an overdue amount at the end of `period`; a unit reminded for this month
    already is skipped (idempotent). Set-based: one arrears query."""
    require_staff(actor)
    if sent_on > timezone.localdate():
        raise InvalidInput("future_date", "sent_on is in the future", field="sent_on")
    visible = employers_visible(actor)
    from ansinh.accounts.scope import visible_commune_ids

    rows = [r for r in debts(period, commune_ids=visible_commune_ids(actor)) if r.overdue > 0]
    done = set(Reminder.objects.filter(period=period.first_day).values_list("employer_id", flat=True))
    rows = [r for r in rows if r.employer_id not in done]
    ids = set(visible.filter(id__in=[r.employer_id for r in rows]).values_list("id", flat=True))
    seq = Reminder.objects.filter(period=period.first_day).count()
    now = timezone.now()
    out = []
    for r in rows:
        if r.employer_id not in ids:
            continue
        seq += 1
        out.append(Reminder(employer_id=r.employer_id, number=f"DD-{period}-{seq:05d}", period=period.first_day,
                            sent_on=sent_on, overdue=r.overdue, interest=r.interest, oldest_month=r.oldest_month,
                            months_overdue=r.months_overdue, pay_by=sent_on + dt.timedelta(days=REMIND_PAY_DAYS),
                            created_by=actor, created_at=now))
    with transaction.atomic():
        Reminder.objects.bulk_create(out, batch_size=2000)
        audit.record(actor=actor, action="create", reason="compliance.reminders", object_type="compliance.reminder",
                     object_id=str(period), after={"period": str(period), "sent_on": sent_on.isoformat(),
                                                   "letters": len(out), "overdue": sum(r.overdue for r in out)})
    return out


def evasion_from(reminder: Reminder) -> dt.date:
    """The day from which the unpaid amount of the reminder counts as evasion: 60 days after the payment deadline
    of the oldest month owed (last day of the following month, L41 Art 34.4.a), and never before the reminder."""
    if reminder.oldest_month is None:
        return reminder.sent_on
    deadline = (Month.of(reminder.oldest_month) + 1).last_day
    return max(deadline + dt.timedelta(days=EVASION_DAYS), reminder.sent_on + dt.timedelta(days=1))


def publication_list(actor: Any, period: Month, *, min_months: int = 3) -> list[dict[str, Any]]:
    """Late-paying and evading units to publish (L41 Art 35.2): overdue for `min_months` months or more at the end
    of the month; 'evading' where a reminder was sent and the evasion date has passed."""
    require_staff(actor)
    from ansinh.accounts.scope import visible_commune_ids

    rows = [r for r in debts(period, commune_ids=visible_commune_ids(actor))
            if r.overdue > 0 and r.months_overdue >= min_months]
    employers = {e.id: e for e in employers_visible(actor).filter(id__in=[r.employer_id for r in rows])}
    reminders: dict[int, Reminder] = {}
    for rem in Reminder.objects.filter(employer_id__in=list(employers)).order_by("sent_on"):
        reminders.setdefault(rem.employer_id, rem)
    out = []
    for r in rows:
        e = employers.get(r.employer_id)
        if e is None:
            continue
        rem = reminders.get(r.employer_id)
        evading = bool(rem and evasion_from(rem) <= period.last_day)
        out.append({"employer": e, "overdue": r.overdue, "interest": r.interest, "months": r.months_overdue,
                    "oldest": r.oldest_month, "reminder": rem, "evading": evading})
    return out


def check_open(*, actor: Any, employer_id: int, kind: str, opened_on: dt.date, scope: str, team: str,
               documents: str = "", reminder_id: int | None = None) -> CheckCase:
    require_staff(actor)
    employer = get_visible(employers_visible(actor), "employer", employer_id)
    if kind not in CheckCase.Kind.values:
        raise InvalidInput("bad_kind", "kind must be planned or unannounced", field="kind")
    for name, value in (("scope", scope), ("team", team)):
        if not (value or "").strip():
            raise InvalidInput("required", f"{name} is required", field=name)
    if opened_on > timezone.localdate():
        raise InvalidInput("future_date", "opened_on is in the future", field="opened_on")
    reminder = None
    if reminder_id:
        reminder = Reminder.objects.filter(id=reminder_id, employer=employer).first()
        if reminder is None:
            raise InvalidInput("bad_reminder", "the reminder is not one of this unit's", field="reminder")
    with transaction.atomic():
        n = CheckCase.objects.count() + 1
        case = CheckCase.objects.create(employer=employer, number=f"KT-{opened_on.year}-{n:05d}", kind=kind,
                                        opened_on=opened_on, scope=scope.strip()[:300], team=team.strip()[:300],
                                        documents=(documents or "").strip()[:500], reminder=reminder,
                                        created_by=actor, created_at=timezone.now())
        audit.record(actor=actor, action="create", reason="compliance.check_open", obj=case, after=audit.snapshot(case))
    return case


def check_record(*, actor: Any, case: CheckCase, act: str, act_date: dt.date, record_on: dt.date,
                 employees_not_enrolled: int = 0, wages_under_declared: int = 0, amount: int = 0, interest: int = 0,
                 months_evaded: int = 0, offender: str = "organisation", circumstance: str = "none",
                 fined_before: bool = False, ongoing: bool = False) -> CheckCase:
    """The findings and the record: the fine computed by the decree in force on the date of the act (an act still
    going on at the record is judged by the decree in force then — Decree 283/2026 Art 67), the remedy deadline
    and the Penal Code Art 216 flag."""
    require_staff(actor)
    if case.status not in (CheckCase.Status.OPEN, CheckCase.Status.RECORDED):
        raise Conflict("case_closed", "the record can no longer be changed", field="status")
    if record_on < act_date:
        raise InvalidInput("bad_date", "record_on is before the date of the act", field="record_on")
    if record_on > timezone.localdate():
        raise InvalidInput("future_date", "record_on is in the future", field="record_on")
    for name, value in (("employees_not_enrolled", employees_not_enrolled), ("wages_under_declared",
                        wages_under_declared), ("amount", amount), ("interest", interest),
                        ("months_evaded", months_evaded)):
        if value < 0:
            raise InvalidInput("negative", f"{name} must not be negative", field=name)
    try:
        result = fines.calculate(fines.FineInput(
            act=act, act_date=act_date, offender=offender, amount=amount,
            persons=employees_not_enrolled, circumstance=circumstance, ongoing_on=record_on if ongoing else None))
    except RuleError as exc:
        raise InvalidInput(exc.code, exc.message, field=exc.field or "act") from None
    penal = fines.penal_threshold(months_evaded=months_evaded, amount=amount, employees=employees_not_enrolled,
                                  fined_before=fined_before)
    before = audit.snapshot(case)
    with transaction.atomic():
        case.act, case.act_date, case.record_on = act, act_date, record_on
        case.employees_not_enrolled, case.wages_under_declared = employees_not_enrolled, wages_under_declared
        case.amount, case.interest, case.months_evaded = amount, interest, months_evaded
        case.offender, case.circumstance, case.fined_before = offender, circumstance, fined_before
        case.fine = result.fine
        case.fine_detail = {"fine": to_jsonable(result),
                            "penal": to_jsonable(penal) | {"evasion": act in ("evasion", "non_registration")}}
        case.fine_detail["fine"].pop("params", None)
        case.penal_flag = penal.reached and act in ("evasion", "non_registration")
        case.remedy_by = record_on + dt.timedelta(days=REMEDY_DAYS)
        case.status = CheckCase.Status.RECORDED
        case.save()
        audit.record(actor=actor, action="update", reason="compliance.check_record", obj=case, before=before,
                     after=audit.snapshot(case))
    return case


def check_payment(*, actor: Any, case: CheckCase, amount: int, paid_on: dt.date, enrolled_workers: int = 0
                  ) -> CheckCase:
    """Follow-up: a payment toward the amount, interest and fine, and the workers enrolled since; closed when paid."""
    require_staff(actor)
    if case.status not in (CheckCase.Status.RECORDED, CheckCase.Status.REMEDYING):
        raise Conflict("no_record", "record the findings before the follow-up", field="status")
    if amount <= 0:
        raise InvalidInput("not_positive", "amount must be positive", field="amount")
    if amount > case.outstanding:
        raise InvalidInput("too_much", f"amount is more than the {case.outstanding:,} outstanding", field="amount")
    if enrolled_workers < 0:
        raise InvalidInput("negative", "enrolled_workers must not be negative", field="enrolled_workers")
    if case.record_on and paid_on < case.record_on:
        raise InvalidInput("bad_date", "paid_on is before the record", field="paid_on")
    before = audit.snapshot(case)
    with transaction.atomic():
        case.paid += amount
        case.paid_on = paid_on
        case.enrolled_workers += enrolled_workers
        case.status = CheckCase.Status.PAID if case.outstanding == 0 else CheckCase.Status.REMEDYING
        case.save()
        audit.record(actor=actor, action="update", reason="compliance.check_payment", obj=case, before=before,
                     after=audit.snapshot(case))
    return case
