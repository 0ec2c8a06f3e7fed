"""ansinh api_token USERNAME [--name NAME]: make a bearer token for the REST API (shown once)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.accounts.models import User
from ansinh.accounts.services import token_create


class Command(BaseCommand):
    help = "Make a bearer token for the REST API; it is printed once (only its hash is stored)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")

    def handle(self, *args: Any, **opts: Any) -> None:
        user = User.objects.filter(username=opts["username"]).first()
        if user is None:
            raise CommandError(f"no user {opts['username']!r}")
        self.stdout.write(token_create(user=user, name=opts["name"]))
