"""ansinh import_declarations FILE.zip [--period YYYY-MM] --user USERNAME: D02-LT files of several employers in one
ZIP, each routed to the employer whose unit code it names; all or nothing (every error is listed with its file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.accounts.models import User
from ansinh.contributions.services.declare import declarations_upload_many
from ansinh.core.errors import ApplicationError, FileErrors
from ansinh.rules.periods import Month


class Command(BaseCommand):
    help = "Import a ZIP of D02-LT declarations of several employers (all or nothing)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--period", help="the declarations' month YYYY-MM (default: the one each file names)")
        parser.add_argument("--user", required=True, help="the officer the declarations are received by")

    def handle(self, *args: Any, **opts: Any) -> None:
        path: Path = opts["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            period = Month.parse(opts["period"]) if opts["period"] else None
        except ValueError as exc:
            raise CommandError(f"--period: {exc}") from None
        actor = User.objects.filter(username=opts["user"]).first()
        if actor is None:
            raise CommandError(f"--user: no user {opts['user']}")
        try:
            report = declarations_upload_many(actor=actor, data=path.read_bytes(), period=period)
        except FileErrors as exc:
            for err in exc.details or []:  # type: ignore[union-attr]
                self.stderr.write(f"{err.get('file', path.name)}: line {err.get('line', 0)}: {err.get('field')}: "
                                  f"{err.get('message')}")
            raise CommandError(f"{len(exc.details or [])} error(s); nothing was written") from None  # type: ignore[arg-type]
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        for d in report.declarations:
            self.stdout.write(f"{d['file']}: unit {d['unit_code']} → declaration {d['declaration']}")
        self.stdout.write(f"{report.files} files, {len(report.declarations)} declarations received")
