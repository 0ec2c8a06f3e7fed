"""ansinh import_bank_statement FILE --bank MB --account NO [--layout CONFIG.csv --layout-bank VCB3] [--dry-run]:
import an agency bank statement (CSV or XLSX); credit lines are matched to employers, allocated and posted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.contributions.imports.bank_statement import layout_for
from ansinh.contributions.services.payments import bank_statement_import
from ansinh.core.errors import ApplicationError, FileErrors


class Command(BaseCommand):
    help = "Import a bank statement: match credit lines to employers by unit code, allocate and post payments."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="statement file (.csv or .xlsx)")
        parser.add_argument("--bank", default="MB", help="bank code; MB has a built-in layout (default MB)")
        parser.add_argument("--account", default="", help="the agency's account number the statement is of")
        parser.add_argument("--layout", help="layout config CSV (shape of statement_config_example.csv)")
        parser.add_argument("--layout-bank", help="bank_code of the config rows to use (default: --bank)")
        parser.add_argument("--agency", type=int, default=0, help="office id holding the account (ledger holder)")
        parser.add_argument("--dry-run", action="store_true", help="parse, match and allocate; write nothing")
        parser.add_argument("--json", action="store_true", help="print the whole report as JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            config = Path(opts["layout"]).read_text(encoding="utf-8-sig") if opts["layout"] else None
            layout = layout_for(opts["bank"], config, opts["layout_bank"])
        except (OSError, ValueError) as exc:
            raise CommandError(f"layout: {exc}") from None
        try:
            report = bank_statement_import(
                actor=None, data=path.read_bytes(), file_name=path.name, bank=opts["bank"], account_no=opts["account"],
                layout=layout, agency_id=opts["agency"], dry_run=opts["dry_run"], source="cli",
            )
        except FileErrors as exc:
            for err in exc.details or []:  # type: ignore[union-attr]
                line = f"line {err['line']}" if err.get("line") else "file"
                self.stderr.write(f"{path.name}: {line}: {err['field']}: {err['message']}")
            raise CommandError(f"{len(exc.details or [])} error(s); nothing was written") from None  # type: ignore[arg-type]
        except ApplicationError as exc:
            raise CommandError(f"{exc.field or 'error'}: {exc.message}") from None
        if opts["json"]:
            self.stdout.write(json.dumps(report.__dict__, default=str, ensure_ascii=False, indent=2))
            return
        t = report.timings
        self.stdout.write(
            f"{'DRY RUN: ' if report.dry_run else ''}{path.name} ({report.layout}, account {report.account_no}): "
            f"{report.lines:,} lines, {report.debits_skipped:,} debits left out, {report.credits:,} credits; "
            f"{len(report.already_imported):,} already imported; matched {report.matched:,} "
            f"({report.matched_amount:,} VND), to the queue {report.unmatched:,} ({report.unmatched_amount:,} VND, "
            f"{len(report.ambiguous)} ambiguous); {report.txns:,} txns, {report.entries:,} entries; "
            f"parse {t.get('parse_s', 0):.2f} s, match {t.get('match_s', 0):.2f} s, write {t.get('write_s', 0):.2f} s"
        )
        for a in report.ambiguous[:20]:
            self.stdout.write(f"  ambiguous line {a['line']} ({a['reference']}): {', '.join(a['candidates'])}")
