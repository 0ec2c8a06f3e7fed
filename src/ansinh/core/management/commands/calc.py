"""ansinh calc KIND [--input FILE]: run a calculator on a JSON input (file or stdin), print the JSON result."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.rules.catalogue import all_calculators
from ansinh.rules.explain import to_jsonable
from ansinh.rules.tables import RuleError


class Command(BaseCommand):
    help = "Run a calculator: JSON in (file or stdin), JSON out. `ansinh calc --list` lists the kinds."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", nargs="?", help="calculator name")
        parser.add_argument("--input", "-i", help="JSON file (default: standard input)")
        parser.add_argument("--list", action="store_true", help="list calculators with an example input")

    def handle(self, *args: Any, **opts: Any) -> None:
        calculators = all_calculators()
        if opts["list"] or not opts["kind"]:
            for kind, spec in sorted(calculators.items()):
                self.stdout.write(f"{kind:28} {spec.summary}\n{'':28} example: {json.dumps(spec.example, ensure_ascii=False)}")
            return
        spec = calculators.get(opts["kind"])
        if spec is None:
            raise CommandError(f"unknown calculator {opts['kind']!r}; known: {', '.join(sorted(calculators))}")
        text = Path(opts["input"]).read_text(encoding="utf-8") if opts["input"] else sys.stdin.read()
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"input is not JSON: {exc}") from None
        if not isinstance(data, dict):
            raise CommandError("input must be a JSON object")
        try:
            result = spec.run(data)
        except RuleError as exc:
            self.stdout.write(json.dumps({"error": {"code": exc.code, "field": exc.field, "message": exc.message}}, ensure_ascii=False, indent=2))
            raise CommandError(f"{exc.field or 'input'}: {exc.message}") from None
        self.stdout.write(json.dumps(to_jsonable(result), ensure_ascii=False, indent=2))
