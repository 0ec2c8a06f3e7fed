"""ansinh api_token USERNAME [--name NAME] [--days N]: make a bearer token for the REST API (shown once).
ansinh api_token USERNAME --list: the user's tokens.  ansinh api_token USERNAME --revoke ID: revoke one."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ansinh.accounts.models import User
from ansinh.accounts.services import token_create, token_list, token_revoke
from ansinh.core.errors import ApplicationError


class Command(BaseCommand):
    help = ("Make a bearer token for the REST API; it is printed once (only its hash is stored). It expires after "
            "--days (ANSINH_TOKEN_DAYS by default) and with a change of the user's password. --list and --revoke ID "
            "manage the user's tokens.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")
        parser.add_argument("--days", type=int, default=None)
        parser.add_argument("--list", action="store_true")
        parser.add_argument("--revoke", metavar="ID", default=None)

    def handle(self, *args: Any, **opts: Any) -> None:
        user = User.objects.filter(username=opts["username"]).first()
        if user is None:
            raise CommandError(f"no user {opts['username']!r}")
        try:
            if opts["list"]:
                now = timezone.now()
                for t in token_list(user=user):
                    state = ("revoked" if t.revoked_at else "expired" if not t.is_valid_for(user, now) else "active")
                    self.stdout.write(f"{t.pk}\t{t.prefix}…\t{t.name}\t{state}\texpires {t.expires_at:%Y-%m-%d}\t"
                                      f"last used {t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else
                                      f"{t.pk}\t{t.prefix}…\t{t.name}\t{state}\texpires {t.expires_at:%Y-%m-%d}\tnever used")
                return
            if opts["revoke"]:
                token = token_revoke(actor=user, token_id=opts["revoke"], source="cli")
                self.stdout.write(f"revoked token {token.pk} ({token.prefix}…)")
                return
            self.stdout.write(token_create(user=user, name=opts["name"], days=opts["days"]))
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
