"""The agency's calendar entries: a compensatory-day decision the rules data does not hold yet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from ansinh.accounts import audit
from ansinh.accounts.models import Role
from ansinh.core.errors import Conflict, Forbidden, InvalidInput
from ansinh.procedures.models import CalendarEntry
from ansinh.rules.tables import RuleError
from ansinh.rules.working_days import holiday_year


def calendar_entry_add(*, actor: Any, day: Any, kind: str, reason: str, source: str = "web") -> CalendarEntry:
    if not (getattr(actor, "is_superuser", False) or getattr(actor, "role", None) in (Role.MANAGER,
                                                                                   Role.ADMINISTRATOR)):
        raise Forbidden("not_allowed", "Only managers and administrators keep the calendar.")
    try:
        day = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
    except ValueError:
        raise InvalidInput("bad_date", "give the day as a date", field="day") from None
    if kind not in CalendarEntry.Kind.values:
        raise InvalidInput("bad_choice", "kind must be off or work", field="kind")
    if not reason.strip():
        raise InvalidInput("required", "name the decision", field="reason")
    try:
        holiday_year(day.year)
    except RuleError as exc:
        raise InvalidInput(exc.code, exc.message, field="day") from None
    if kind == CalendarEntry.Kind.WORK and day.weekday() < 5:
        raise InvalidInput("not_weekend", "a working-day entry is for a Saturday or Sunday worked", field="day")
    if CalendarEntry.objects.filter(day=day).exists():
        raise Conflict("exists", "the calendar already has an entry for that day", field="day")
    with transaction.atomic():
        entry = CalendarEntry.objects.create(day=day, kind=kind, reason=reason.strip()[:200],
                                             created_by_id=actor.pk if getattr(actor, "pk", None) else None)
        audit.record(actor=actor, action="create", obj=entry, after=audit.snapshot(entry), source=source)
    return entry
