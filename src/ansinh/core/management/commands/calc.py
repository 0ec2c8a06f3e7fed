"""ansinh calc KIND [--input FILE]: run a calculator on a JSON input (file or stdin), print the JSON result.

Every refusal is printed as JSON on standard output, `{"error": {"code", "field", "message"}}`, and the command exits
non-zero (2): an unknown calculator (field `kind`), an unreadable file, an empty input, input that is not JSON, not
an object or repeats a key (field `input`), an unknown or bad field, and a date the tables hold no law for (the
calculator's field).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.rules.catalogue import all_calculators
from ansinh.rules.tables import RuleError

EXIT_REFUSED = 2


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise RuleError("duplicate_field", f"{key} is given twice", field=key)
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise RuleError("not_json", f"{name} is not a JSON number", field="input")


def parse_input(text: str) -> dict[str, Any]:
    """The JSON object a calculator reads; refusals name the field (`input` for the document as a whole)."""
    if not text.strip():
        raise RuleError("empty_input", "the input is empty: give a JSON object such as {\"month\": \"2026-03\"}",
                        field="input")
    try:
        data = json.loads(text, object_pairs_hook=_object, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise RuleError("not_json", f"the input is not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
                        field="input") from None
    except RecursionError:
        raise RuleError("not_json", "the input nests too deeply", field="input") from None
    if not isinstance(data, dict):
        raise RuleError("not_object", "the input must be a JSON object {\"field\": value, …}", field="input")
    return data


class Command(BaseCommand):
    help = "Run a calculator: JSON in (file or stdin), JSON out. `ansinh calc --list` lists the kinds."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", nargs="?", help="calculator name")
        parser.add_argument("--input", "-i", help="JSON file (default: standard input)")
        parser.add_argument("--list", action="store_true", help="list calculators with an example input")

    def refuse(self, exc: RuleError) -> None:
        error = {"code": exc.code, "field": exc.field or "input", "message": exc.message}
        self.stdout.write(json.dumps({"error": error}, ensure_ascii=False, indent=2))
        raise CommandError(f"{error['field']}: {exc.message}", returncode=EXIT_REFUSED)

    def handle(self, *args: Any, **opts: Any) -> None:
        calculators = all_calculators()
        if opts["list"] or not opts["kind"]:
            for kind, spec in sorted(calculators.items()):
                self.stdout.write(f"{kind:28} {spec.summary}\n{'':28} example: {json.dumps(spec.example, ensure_ascii=False)}")
            return
        try:
            spec = calculators.get(opts["kind"])
            if spec is None:
                raise RuleError("unknown_calculator", f"unknown calculator {opts['kind']!r}; known: "
                                f"{', '.join(sorted(calculators))}", field="kind")
            if opts["input"]:
                try:
                    text = Path(opts["input"]).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as exc:
                    raise RuleError("unreadable_input", f"cannot read {opts['input']}: {exc}", field="input") from None
            else:
                try:
                    text = sys.stdin.read()
                except UnicodeDecodeError as exc:
                    raise RuleError("unreadable_input", f"standard input is not UTF-8: {exc}", field="input") from None
            data = parse_input(text)
            result = spec.compute_json(data)
            if spec.kind == "report-figures":
                from ansinh.reports.figures import printed_report_figures

                result["printed"] = printed_report_figures(spec.compute(data))
        except RuleError as exc:
            self.refuse(exc)
            return
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
