"""The --period YYYY-MM option of the monthly batch commands, parsed once with a clear error."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from ansinh.rules.periods import Month


def add_period_option(parser: Any, *, required: bool = True, help_text: str = "month YYYY-MM") -> None:
    parser.add_argument("--period", required=required, help=help_text)


def period_from(opts: dict[str, Any]) -> Month:
    try:
        return Month.parse(opts["period"])
    except ValueError as exc:
        raise CommandError(f"--period: {exc}") from None
