"""Which runs a user sees: those of their localities.

A run belongs to the office of the user who started it (`JobRun.office`, inherited by the statistics refreshes it
triggers). A user who sees every locality (superuser, national) sees every run; an officer sees the runs they
started (and the refreshes those triggered) and those of their offices and of the offices under them (the provincial agency sees its local offices'
runs; a district office does not see its neighbour's or the province's). Runs of the whole system (no office:
a command, the demo's setup) are seen by the users of a provincial agency and by those who see everything."""

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
    from ansinh.places.models import Office

    mine = list(user.offices.values_list("id", "kind"))
    q = (Q(started_by_id=user.pk) | Q(triggered_by__started_by_id=user.pk)
         | Q(office_id__in=offices_under([pk for pk, _k in mine])))
    if any(kind == Office.Kind.PROVINCIAL for _pk, kind in mine):
        q |= Q(office__isnull=True)
    return runs.filter(q)
