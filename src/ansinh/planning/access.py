"""Who may set, revise and allocate targets: managers and administrators (and superusers) whose localities cover
the whole unit concerned — the province to set or revise a plan or split the province's target, a local office
to split the office's target among its communes. Everyone else is answered "not found"."""

from __future__ import annotations

from typing import Any

from ansinh.accounts.models import Role
from ansinh.reports.selectors import Scope

EDITOR_ROLES = (Role.MANAGER, Role.ADMINISTRATOR)


def may_edit(user: Any, kind: str, pk: int, scope: Scope | None = None) -> bool:
    """Whether `user` may change the targets of the unit ("province" or "office", id)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not (user.is_superuser or getattr(user, "role", "") in EDITOR_ROLES):
        return False
    return (scope or Scope(user)).can_see(kind, pk)
