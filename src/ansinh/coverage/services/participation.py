"""Open and close participation periods. Months: a period starts on the 1st and ends on the last day of a month.
A change never overwrites: closing sets valid_to; a new group or payer is a new row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from ansinh.accounts import audit
from ansinh.core.errors import Conflict, InvalidInput
from ansinh.coverage.models import Participation, Payer, Scheme
from ansinh.rules.periods import Month


def participation_open(
    *, actor: Any, person: Any, scheme: str, payer: str, from_month: Month, hi_group: str = "",
    employer: Any = None, employment: Any = None, household: Any = None, source: str, source_ref: str = "",
    audit_source: str = "",
) -> Participation:
    if scheme not in Scheme.values:
        raise InvalidInput("bad_scheme", f"scheme must be one of {', '.join(Scheme.values)}", field="scheme")
    if payer not in Payer.values:
        raise InvalidInput("bad_payer", f"payer must be one of {', '.join(Payer.values)}", field="payer")
    if scheme == Scheme.HI and not hi_group:
        raise InvalidInput("required", "an HI participation needs its participant group", field="hi_group")
    with transaction.atomic():
        clash = Participation.objects.filter(
            person=person, scheme=scheme, employment=employment, household=household, valid_to__isnull=True
        ).first()
        if clash is not None:
            raise Conflict("already_open", f"{person} already participates in {scheme} here since {clash.valid_from}",
                           field="person_id")
        row = Participation.objects.create(
            person=person, scheme=scheme, payer=payer, hi_group=hi_group, employer=employer, employment=employment,
            household=household, valid_from=from_month.first_day, source=source, source_ref=source_ref,
        )
        audit.record(actor=actor, action="create", obj=row, after=audit.snapshot(row), source=audit_source)
    return row


def participation_close(*, actor: Any, participation: Participation, last_month: Month, reason: str = "",
                        audit_source: str = "") -> Participation:
    with transaction.atomic():
        row = Participation.objects.select_for_update().get(pk=participation.pk)
        if row.valid_to is not None:
            raise Conflict("already_closed", f"participation already ended on {row.valid_to}", field="participation_id")
        end: dt.date = last_month.last_day
        if end < row.valid_from:
            raise InvalidInput("bad_month", "the last month is before the participation started", field="last_month")
        before = audit.snapshot(row)
        row.valid_to = end
        row.save(update_fields=["valid_to"])
        audit.record(actor=actor, action="update", obj=row, before=before, after=audit.snapshot(row), reason=reason,
                     source=audit_source)
    return row
