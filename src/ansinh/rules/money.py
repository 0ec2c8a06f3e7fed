"""Money is whole VND (int). Rates are Decimal. Rounding is explicit and named in every result."""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

HALF_UP = "round half up to the whole đồng"
FLOOR = "round down to the whole đồng"


def vnd(amount: Decimal | int) -> int:
    """Round half up to whole VND (the project's default rule; see docs/rounding.md)."""
    return int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def vnd_floor(amount: Decimal | int) -> int:
    return int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_FLOOR))


def rate(text: str) -> Decimal:
    """A rate written as in the law: rate('8%') == Decimal('0.08'); rate('0.015') == Decimal('0.015')."""
    text = text.strip()
    if text.endswith("%"):
        return Decimal(text[:-1]) / 100
    return Decimal(text)
