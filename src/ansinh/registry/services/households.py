"""Households and their members (the unit of household HI)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.core.errors import Conflict, InvalidInput
from ansinh.registry.models import Household, HouseholdMember, Person, Relationship
from ansinh.registry.services.common import current_commune, not_future, require_staff


def household_create(
    *, actor: Any, code: str, commune_id: int, head: Person, address_line: str = "",
    valid_from: dt.date | None = None, source: str = "web",
) -> Household:
    require_staff(actor)
    code = (code or "").strip().upper()
    if not code:
        raise InvalidInput("required", "code is required", field="code")
    current_commune(commune_id, field="commune_id", actor=actor)
    day = valid_from or timezone.localdate()
    not_future(day, "valid_from")
    if Household.objects.filter(code=code).exists():
        raise Conflict("duplicate", f"household {code} already exists", field="code")
    with transaction.atomic():
        _close_current_membership(actor, head, day, source)
        household = Household.objects.create(code=code, commune_id=commune_id, head=head, address_line=address_line.strip())
        member = HouseholdMember.objects.create(household=household, person=head, relationship=Relationship.HEAD, valid_from=day)
        audit.record(actor=actor, action="create", obj=household, after=audit.snapshot(household), source=source)
        audit.record(actor=actor, action="create", obj=member, after=audit.snapshot(member), source=source)
    return household


def _close_current_membership(actor: Any, person: Person, day: dt.date, source: str) -> None:
    current = HouseholdMember.objects.select_for_update().filter(person=person, valid_to__isnull=True).first()
    if current is None:
        return
    if current.relationship == Relationship.HEAD:
        raise Conflict(
            "is_head", f"{person} heads household {current.household.code}; name a new head there first", field="person_id"
        )
    if current.valid_from >= day:
        raise InvalidInput("bad_date", f"{person} joined household {current.household.code} on {current.valid_from}", field="valid_from")
    before = audit.snapshot(current)
    current.valid_to = day - dt.timedelta(days=1)
    current.save(update_fields=["valid_to"])
    audit.record(actor=actor, action="update", obj=current, before=before, after=audit.snapshot(current), source=source,
                 reason="moved to another household")


def household_add_member(
    *, actor: Any, household: Household, person: Person, relationship: str,
    valid_from: dt.date | None = None, source: str = "web",
) -> HouseholdMember:
    require_staff(actor)
    if relationship not in Relationship.values or relationship == Relationship.HEAD:
        raise InvalidInput("bad_relationship", f"relationship must be one of {', '.join(Relationship.values[1:])}", field="relationship")
    day = valid_from or timezone.localdate()
    not_future(day, "valid_from")
    current_commune(household.commune_id, field="household", actor=actor)
    with transaction.atomic():
        if HouseholdMember.objects.filter(household=household, person=person, valid_to__isnull=True).exists():
            raise Conflict("already_member", f"{person} is already a member of {household.code}", field="person_id")
        _close_current_membership(actor, person, day, source)
        member = HouseholdMember.objects.create(household=household, person=person, relationship=relationship, valid_from=day)
        audit.record(actor=actor, action="create", obj=member, after=audit.snapshot(member), source=source)
    return member


def household_remove_member(
    *, actor: Any, member: HouseholdMember, valid_to: dt.date | None = None, reason: str = "", source: str = "web"
) -> HouseholdMember:
    require_staff(actor)
    day = valid_to or timezone.localdate()
    if member.relationship == Relationship.HEAD:
        raise Conflict("is_head", "the head cannot leave; name a new head first", field="member_id")
    if member.valid_to is not None:
        raise Conflict("already_left", "this member already left the household", field="member_id")
    if day < member.valid_from:
        raise InvalidInput("bad_date", "valid_to is before the member joined", field="valid_to")
    with transaction.atomic():
        before = audit.snapshot(member)
        member.valid_to = day
        member.save(update_fields=["valid_to"])
        audit.record(actor=actor, action="update", obj=member, before=before, after=audit.snapshot(member), reason=reason, source=source)
    return member
