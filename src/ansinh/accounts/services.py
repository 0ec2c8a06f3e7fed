"""Accounts: users and API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ansinh.accounts import audit
from ansinh.accounts.models import ApiToken, Role, User
from ansinh.core.errors import InvalidInput, NotFound


def user_ensure(
    *, username: str, password: str, role: str, first_name: str = "", last_name: str = "",
    whole_country: bool = False, offices: list[Any] | None = None, units: list[Any] | None = None,
    employer: Any = None, person: Any = None, is_superuser: bool = False, actor: Any = None,
    job_title: str = "",
) -> tuple[User, bool]:
    """Create the user if missing (and set its scope); an existing user is left as it is."""
    if role not in Role.values:
        raise InvalidInput("bad_role", f"role must be one of {', '.join(Role.values)}", field="role")
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        if user is not None:
            return user, False
        user = User(username=username, role=role, first_name=first_name, last_name=last_name, job_title=job_title,
                    whole_country=whole_country, employer=employer, person=person,
                    is_superuser=is_superuser, is_staff=is_superuser)
        user.set_password(password)
        user.save()
        if offices:
            user.offices.set(offices)
        if units:
            user.units.set(units)
        after = audit.snapshot(user)
        after.pop("password", None)
        after["offices"] = [o.pk for o in offices or []]
        after["units"] = [u.pk for u in units or []]
        audit.record(actor=actor, action="create", obj=user, after=after, source="cli")
    return user, True


MAX_TOKEN_DAYS = 366


def token_create(*, user: User, name: str, days: int | None = None, actor: Any = None, source: str = "cli") -> str:
    """Make a token and return it: it is shown once, only its hash is kept. It expires after `days`
    (ANSINH_TOKEN_DAYS by default, at most a year) and with any change of the user's password."""
    name = (name or "").strip()[:100]
    if not name:
        raise InvalidInput("required", "name is required", field="name")
    days = settings.ANSINH_TOKEN_DAYS if days is None else days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise InvalidInput("out_of_range", f"days must be from 1 to {MAX_TOKEN_DAYS}", field="days")
    key = ApiToken.new_key()
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, key_hash=ApiToken.hash_key(key), prefix=key[:12],
                                        expires_at=timezone.now() + dt.timedelta(days=days))
        audit.record(actor=actor or user, action="create", obj=token,
                     after={"user": user.pk, "name": name, "prefix": token.prefix,
                            "expires_at": token.expires_at.isoformat()}, source=source)
    return key


def token_list(*, user: User) -> list[ApiToken]:
    """The user's tokens, newest first (revoked and expired ones too, so that they can be told apart)."""
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-id"))


def token_revoke(*, actor: Any, token_id: object, source: str = "web") -> ApiToken:
    """Revoke one of the actor's own tokens (an administrator: anyone's). Any other id is 'not found'."""
    qs = ApiToken.objects.all()
    if not (getattr(actor, "is_superuser", False) or getattr(actor, "role", None) == Role.ADMINISTRATOR):
        qs = qs.filter(user=actor)
    try:
        token = qs.get(pk=int(token_id))  # type: ignore[call-overload]
    except (ApiToken.DoesNotExist, TypeError, ValueError, OverflowError):
        raise NotFound("token", token_id) from None
    with transaction.atomic():
        token = qs.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit.record(actor=actor, action="update", obj=token, before={"revoked_at": None},
                         after={"revoked_at": token.revoked_at.isoformat()}, source=source)
    return token
