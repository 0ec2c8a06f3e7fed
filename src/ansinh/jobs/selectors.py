"""Which runs a user sees: those of their localities.

A run belongs to the office of the user who started it (`JobRun.office`, inherited by the statistics refreshes it
triggers). A user who sees every locality (superuser, national) sees every run; an officer sees the runs they
started (and the refreshes those triggered), those of their offices and of the offices under them, and those of the
offices whose communes all lie in their localities (a user scoped by units). A user of a whole province (its
provincial agency, or the province named in their scope) sees every office's runs in it and the runs of no office
(a command, the demo's setup). A district office sees neither its neighbour's runs nor the province's."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from ansinh.jobs.models import JobRun


def offices_under(office_ids: list[int]) -> set[int]:
    """The offices and every office below them (a few levels at most: one query per level)."""
    from ansinh.places.models import Office

    seen: set[int] = set(office_ids)
    level = list(office_ids)
    while level:
        level = [pk for pk in Office.objects.filter(parent_id__in=level).values_list("id", flat=True) if pk not in seen]
        seen.update(level)
    return seen


def user_office(user: Any) -> Any:
    """The office a run started by this user belongs to: the user's first office (by id), or None."""
    if user is None or not getattr(user, "pk", None):
        return None
    return user.offices.order_by("id").first()


def runs_visible(user: Any) -> QuerySet[JobRun]:
    runs = JobRun.objects.all()
    if not getattr(user, "is_authenticated", False):
        return runs.none()
    if user.is_superuser or getattr(user, "whole_country", False):
        return runs
    from django.utils import timezone

    from ansinh.accounts.scope import visible_commune_ids
    from ansinh.places.models import AdminUnit, Level, Office, OfficeCommune

    mine = list(user.offices.values_list("id", "kind", "province_id"))
    offices = offices_under([pk for pk, _k, _p in mine])
    # an office whose communes all lie in the user's localities (a user scoped by units rather than offices)
    communes = visible_commune_ids(user) or frozenset()
    today = timezone.localdate()
    served: dict[int, set[int]] = {}
    for office_id, commune_id in (OfficeCommune.objects.filter(valid_from__lte=today)
                                  .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
                                  .values_list("office_id", "commune_id")):
        served.setdefault(office_id, set()).add(commune_id)
    offices |= {office for office, its in served.items() if its <= communes}
    # a user of a whole province (its provincial agency, or the province named in their scope) sees every office of
    # the province and the runs of no office
    provinces = {p for _pk, kind, p in mine if kind == Office.Kind.PROVINCIAL}
    provinces |= set(AdminUnit.objects.filter(id__in=user.units.values("id"), level=Level.PROVINCE)
                     .values_list("id", flat=True))
    q = (Q(started_by_id=user.pk) | Q(triggered_by__started_by_id=user.pk) | Q(office_id__in=offices)
         | Q(office__province_id__in=provinces))
    if provinces:
        q |= Q(office__isnull=True)
    return runs.filter(q)
