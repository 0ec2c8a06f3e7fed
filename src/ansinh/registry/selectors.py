"""Reads of the registry. Every function takes the acting user and applies their scope."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Prefetch, QuerySet

from ansinh.accounts.models import AuditEvent
from ansinh.accounts.scope import (
    employers_visible,
    get_visible,
    households_visible,
    persons_visible,
    sees_person_history,
    unit_filter,
)
from ansinh.core.text import fold
from ansinh.registry.models import Employer, Employment, Household, HouseholdMember, Person, SalaryRecord

_DIGITS = re.compile(r"^\d+$")
_PREFIX_END = "\U0010ffff"


def _prefix(qs: QuerySet[Any], field: str, prefix: str) -> QuerySet[Any]:
    """`field` starts with `prefix`, in a form each database serves from a B-tree index:
    PostgreSQL: LIKE 'prefix%' on a varchar_pattern_ops index; SQLite: a range (its LIKE cannot use the index)."""
    if connection.vendor == "postgresql":
        return qs.filter(**{f"{field}__startswith": prefix})
    return qs.filter(**{f"{field}__gte": prefix, f"{field}__lt": prefix + _PREFIX_END})


@dataclass(frozen=True)
class PersonQuery:
    q: str = ""
    birth_year: int | None = None
    commune_id: int | None = None

    @property
    def kind(self) -> str:
        text = self.q.strip().replace(" ", "")
        if _DIGITS.match(text or "x"):
            if len(text) == 12:
                return "citizen_id"
            if len(text) == 10:
                return "si_code"
            return "digits"
        return "name" if self.q.strip() else "all"


def person_search(*, user: Any, query: PersonQuery) -> QuerySet[Person]:
    """By citizen ID (12 digits), SI number (10 digits), or name accent-insensitively ('nguyen van an' finds
    'Nguyễn Văn An', and 'nguyen van' finds every 'Nguyễn Văn …'), optionally with birth year and commune."""
    qs = persons_visible(user)
    kind = query.kind
    text = query.q.strip().replace(" ", "")
    if kind == "citizen_id":
        qs = qs.filter(citizen_id=text)
    elif kind == "si_code":
        qs = qs.filter(si_code=text)
    elif kind == "digits":
        qs = qs.none()
    elif kind == "name":
        qs = _prefix(qs, "name_search", fold(query.q))
    if query.birth_year:
        qs = qs.filter(birth_year=query.birth_year)
    if query.commune_id:
        qs = qs.filter(address_commune_id=query.commune_id)
    return qs.select_related("address_commune").order_by("name_search", "birth_year", "id")


def person_get(*, user: Any, person_id: object) -> Person:
    return get_visible(persons_visible(user).select_related("address_commune"), "person", person_id)


def person_employments(person: Person, user: Any = None) -> list[Employment]:
    """The person's employments; an employer representative sees only those with the unit."""
    qs = person.employments.all() if user is None else unit_filter(person.employments.all(), user)
    return list(
        qs.select_related("employer")
        .prefetch_related(Prefetch("salaries", queryset=SalaryRecord.objects.order_by("valid_from")))
        .order_by("-valid_from")
    )


def person_households(person: Person, user: Any = None) -> list[HouseholdMember]:
    if user is not None and not sees_person_history(user):
        return []
    return list(person.memberships.select_related("household", "household__commune").order_by("-valid_from"))


def audit_trail(obj: Any, limit: int = 200) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )


def household_search(*, user: Any, q: str = "", commune_id: int | None = None) -> QuerySet[Household]:
    qs = households_visible(user)
    q = q.strip()
    if q:
        if any(ch.isdigit() for ch in q):
            qs = qs.filter(code__startswith=q.upper())
        else:
            heads = _prefix(Person.objects.all(), "name_search", fold(q)).values("id")
            qs = qs.filter(head_id__in=heads)
    if commune_id:
        qs = qs.filter(commune_id=commune_id)
    return qs.select_related("commune", "head").order_by("code")


def household_get(*, user: Any, household_id: object) -> Household:
    return get_visible(households_visible(user).select_related("commune", "head"), "household", household_id)


def household_members(household: Household, *, current_only: bool = True) -> list[HouseholdMember]:
    qs = household.members.select_related("person")
    if current_only:
        qs = qs.filter(valid_to__isnull=True)
    return list(qs.order_by("valid_from", "id"))


def employer_search(
    *, user: Any, q: str = "", commune_id: int | None = None, status: str | None = None
) -> QuerySet[Employer]:
    qs = employers_visible(user)
    q = q.strip()
    if q:
        compact = q.replace(" ", "").upper()
        if any(ch.isdigit() for ch in compact) and len(compact) >= 7:
            qs = qs.filter(unit_code__startswith=compact) | qs.filter(tax_code__startswith=compact)
        else:
            qs = qs.filter(name_search__contains=fold(q))
    if commune_id:
        qs = qs.filter(address_commune_id=commune_id)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("address_commune").order_by("name_search", "id")


def employer_get(*, user: Any, employer_id: object) -> Employer:
    return get_visible(employers_visible(user).select_related("address_commune"), "employer", employer_id)


def employer_employees(employer: Employer, *, current_only: bool = True) -> QuerySet[Employment]:
    qs = employer.employments.select_related("person")
    if current_only:
        qs = qs.filter(valid_to__isnull=True)
    return qs.order_by("person__name_search", "id")
