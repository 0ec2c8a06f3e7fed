"""ansinh compliance_detect --province 20 --period YYYY-MM [--user NAME]: who is missing and why, for the month."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.accounts.models import User
from ansinh.compliance.services.detect import detect
from ansinh.core.errors import ApplicationError
from ansinh.rules.periods import Month


def actor_for(username: str | None) -> User:
    user = (User.objects.filter(username=username).first() if username
            else User.objects.filter(is_superuser=True).order_by("id").first())
    if user is None:
        raise CommandError(f"no user {username!r}" if username else "no administrator: give --user")
    return user


class Command(BaseCommand):
    help = "Run the compliance detection rules for a province and month (set-based, idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--province", required=True)
        parser.add_argument("--period", required=True, help="YYYY-MM")
        parser.add_argument("--user", help="act as this user (their localities); default the first administrator")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            period = Month.parse(opts["period"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        started = time.monotonic()
        try:
            counts = detect(actor=actor_for(opts["user"]), province_code=opts["province"], period=period)
        except ApplicationError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from None
        for rule, n in counts.items():
            self.stdout.write(f"{rule:22} {n:>8,}")
        self.stdout.write(f"done in {time.monotonic() - started:.1f} s")
