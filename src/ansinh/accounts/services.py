"""Accounts: users and API tokens."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ansinh.accounts import audit
from ansinh.accounts.models import ApiToken, Role, User
from ansinh.core.errors import InvalidInput


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


def token_create(*, user: User, name: str) -> str:
    """Make a token and return it: it is shown once, only its hash is kept."""
    key = ApiToken.new_key()
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, key_hash=ApiToken.hash_key(key), prefix=key[:12])
        audit.record(actor=user, action="create", obj=token, after={"user": user.pk, "name": name, "prefix": token.prefix}, source="cli")
    return key
