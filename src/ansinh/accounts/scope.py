"""Which localities a user may see, and the querysets that apply it.

Staff see the communes served by their offices and the units named in their scope (a province means all its
communes, of both generations), plus the old (pre-2025) communes that map into those: history stays visible.
Employer representatives see their employer and its CURRENT employees (a person who left is no longer theirs to
read), and of those only what concerns the unit (`unit_filter`); citizens see themselves and their household.
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
    if user.role in (Role.EMPLOYER_REP, Role.CITIZEN, Role.COLLECTION_AGENT):
        return frozenset()  # agent staff reach their agent's communes through ansinh.agents only
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


def person_related(qs: QuerySet[Any], user: Any, field: str = "person") -> QuerySet[Any]:
    """Rows about one person each (claims, entitlements, cards, participations…) that the user may see: the rows
    of `persons_visible(user)`. For staff it filters through a join on the person's commune rather than `IN (the
    persons of the communes)`, so the database starts from the rows asked for (a province's 150 claims), not from
    its 800,000 persons (SQLite builds the whole IN list first: 10 s a count at that size)."""
    if getattr(user, "role", None) in (Role.CITIZEN, Role.EMPLOYER_REP):
        return qs.filter(**{f"{field}__in": persons_visible(user)})
    return restrict_by_commune(qs, user, f"{field}__address_commune_id")


def _employee_ids(employer_id: int, on: dt.date | None = None) -> QuerySet[Any]:
    """The persons employed by the unit on the day (or from a later day already declared): never its former
    employees, whose later jobs, salaries and claims are none of the unit's business."""
    from django.db.models import Q

    from ansinh.registry.models import Employment

    day = on or timezone.localdate()
    return (
        Employment.objects.filter(employer_id=employer_id)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .values("person_id")
    )


def is_unit_user(user: Any) -> bool:
    """An employer representative: sees persons only as the unit's employees."""
    return getattr(user, "role", None) == Role.EMPLOYER_REP and not getattr(user, "is_superuser", False)


def unit_filter(qs: QuerySet[Any], user: Any, employer_field: str = "employer_id") -> QuerySet[Any]:
    """For an employer representative, the rows of a visible person that concern the unit (its employments,
    salaries, contributions); everything for other users (their scope was applied to the person already)."""
    if not is_unit_user(user):
        return qs
    if not user.employer_id:
        return qs.none()
    return qs.filter(**{employer_field: user.employer_id})


def sees_person_history(user: Any) -> bool:
    """The audit trail and household of a person are for staff and the person; not for an employer."""
    return not is_unit_user(user)


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
    except (qs.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(what, pk) from None
