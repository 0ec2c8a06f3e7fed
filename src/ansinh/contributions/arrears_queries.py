"""Scoped reads for the arrears pages and API: debt lists and notices the acting user may see."""

from __future__ import annotations

from typing import Any

from ansinh.accounts.models import Role
from ansinh.accounts.scope import visible_commune_ids
from ansinh.analytics.arrears import DebtRow, debts
from ansinh.contributions.notice import Notice, notice_for
from ansinh.registry import selectors as registry_selectors
from ansinh.registry.models import Employer
from ansinh.rules.periods import Month


def debts_visible(user: Any, period: Month, *, commune_id: int | None = None) -> list[tuple[DebtRow, Employer]]:
    """The debt list within the user's scope (employer representatives: their own employer only)."""
    if user.role == Role.CITIZEN:
        return []
    employer_ids = [user.employer_id] if user.role == Role.EMPLOYER_REP else None
    if user.role == Role.EMPLOYER_REP and not user.employer_id:
        return []
    communes = visible_commune_ids(user) if user.role != Role.EMPLOYER_REP else None
    if commune_id is not None:
        communes = frozenset({commune_id}) if communes is None else communes & {commune_id}
    rows = debts(period, commune_ids=communes, employer_ids=employer_ids)
    employers = Employer.objects.in_bulk([r.employer_id for r in rows])
    return [(r, employers[r.employer_id]) for r in rows if r.employer_id in employers]


def notice_visible(user: Any, employer_id: int, period: Month) -> tuple[Notice, Employer]:
    employer = registry_selectors.employer_get(user=user, employer_id=employer_id)  # scope: not found otherwise
    return notice_for(employer.pk, period), employer
