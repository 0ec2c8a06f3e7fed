"""Which localities a user may see, and the querysets that apply it.

Staff see the communes served by their offices and the units named in their scope (a province means all its
communes, of both generations), plus the old (pre-2025) communes that map into those: history stays visible.
Employer representatives see their employer and its employees; citizens see themselves and their household.
Anything outside the scope is answered as "not found", so that its existence does not leak.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from ansinh.accounts.models import Role, User
from ansinh.core.errors import NotFound

ALL = None  # no limit


def visible_commune_ids(user: Any, on: dt.date | None = None) -> frozenset[int] | None:
    """The commune ids a staff user covers; None means every commune; empty for non-staff roles.
    Offices include the offices under them (a provincial office covers its local offices' communes)."""
    from ansinh.places.selectors import communes_in_scope

    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if user.is_superuser or user.whole_country:
        return ALL
    if user.role in (Role.EMPLOYER_REP, Role.CITIZEN):
        return frozenset()
    cache_key = f"_scope_communes_{on}"
    cached = getattr(user, cache_key, None)
    if cached is not None:
        return cached
    ids = communes_in_scope(
        office_ids=list(user.offices.values_list("id", flat=True)),
        unit_ids=list(user.units.values_list("id", flat=True)),
        on=on or timezone.localdate(),
    ).values_list("id", flat=True)
    result = frozenset(ids)
    setattr(user, cache_key, result)
    return result


def restrict_by_commune(qs: QuerySet[Any], user: Any, field: str) -> QuerySet[Any]:
    ids = visible_commune_ids(user)
    if ids is ALL:
        return qs
    return qs.filter(**{f"{field}__in": ids})


def can_see_commune(user: Any, commune_id: int) -> bool:
    ids = visible_commune_ids(user)
    return ids is ALL or commune_id in ids


def persons_visible(user: User) -> QuerySet[Any]:
    from ansinh.registry.models import Person

    qs = Person.objects.all()
    if user.role == Role.CITIZEN:
        return qs.filter(pk=user.person_id) if user.person_id else qs.none()
    if user.role == Role.EMPLOYER_REP:
        if not user.employer_id:
            return qs.none()
        return qs.filter(pk__in=_employee_ids(user.employer_id))
    return restrict_by_commune(qs, user, "address_commune_id")


def _employee_ids(employer_id: int) -> QuerySet[Any]:
    from ansinh.registry.models import Employment

    return Employment.objects.filter(employer_id=employer_id).values("person_id")


def employers_visible(user: User) -> QuerySet[Any]:
    from ansinh.registry.models import Employer

    qs = Employer.objects.all()
    if user.role == Role.CITIZEN:
        return qs.none()
    if user.role == Role.EMPLOYER_REP:
        return qs.filter(pk=user.employer_id) if user.employer_id else qs.none()
    return restrict_by_commune(qs, user, "address_commune_id")


def households_visible(user: User) -> QuerySet[Any]:
    from ansinh.registry.models import Household, HouseholdMember

    qs = Household.objects.all()
    if user.role == Role.CITIZEN:
        if not user.person_id:
            return qs.none()
        return qs.filter(pk__in=HouseholdMember.objects.filter(person_id=user.person_id).values("household_id"))
    if user.role == Role.EMPLOYER_REP:
        return qs.none()
    return restrict_by_commune(qs, user, "commune_id")


def get_visible(qs: QuerySet[Any], what: str, pk: object) -> Any:
    """The object if the user's scoped queryset holds it; 'not found' otherwise (never 'forbidden')."""
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise NotFound(what, pk) from None
