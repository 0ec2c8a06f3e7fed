"""Sign-in events in the audit trail: who signed in or out, and every failed attempt (with the name tried and the
address it came from). A lockout by django-axes is logged as a failed attempt too."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from ansinh.accounts import audit


def _address(request: Any) -> str:
    return (getattr(request, "META", {}) or {}).get("REMOTE_ADDR", "")[:45] if request is not None else ""


@receiver(user_logged_in)
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        audit.record(actor=user, action="action", obj=user, reason="sign-in",
                     after={"event": "sign_in", "address": _address(request)}, source="web")


@receiver(user_logged_out)
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    with transaction.atomic():
        audit.record(actor=user, action="action", obj=user, reason="sign-out",
                     after={"event": "sign_out", "address": _address(request)}, source="web")


@receiver(user_login_failed)
def _failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:64]
    with transaction.atomic():
        audit.record(actor=None, action="action", object_type="accounts.user", object_id=username,
                     reason="sign-in failed", after={"event": "sign_in_failed", "username": username,
                                                     "address": _address(request)}, source="web")
