"""ansinh claims_import FILE…: load Decision 130/4750 GIAMDINHHS files (each all or nothing), then check the
episodes received."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.core.errors import ApplicationError
from ansinh.healthcare.models import ClaimFile
from ansinh.healthcare.services import claims_receive


class Command(BaseCommand):
    help = "Load GIAMDINHHS claim files (XML1-XML15); a file with any error is refused whole, per table and field."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("files", nargs="+")

    def handle(self, *args: Any, **opts: Any) -> None:
        failed = 0
        for name in opts["files"]:
            path = Path(name)
            try:
                with path.open("rb") as fh:
                    f = claims_receive(actor=None, stream=fh, file_name=path.name, channel=ClaimFile.Channel.CLI)
            except OSError as exc:
                raise CommandError(f"{name}: {exc}") from exc
            except ApplicationError as exc:
                failed += 1
                self.stderr.write(f"{name}: refused: {exc.message}")
                for p in (exc.details or [])[:50] if isinstance(exc.details, list) else []:
                    where = " ".join(str(x) for x in (p.get("table"), p.get("ma_lk"), p.get("line")) if x)
                    self.stderr.write(f"  {where} {p.get('field') or ''}: {p['message']}")
                continue
            self.stdout.write(f"{name}: facility {f.facility_code}: {f.episodes} episodes stored "
                              f"({f.replaced} replacing an earlier version), {f.unchanged} unchanged")
        if failed:
            raise CommandError(f"{failed} file(s) refused")
