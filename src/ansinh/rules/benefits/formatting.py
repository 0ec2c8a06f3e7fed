"""How the benefit explanations print rates: Decimal('0.75') → '75%', Decimal('0.005') → '0.5%'."""

from __future__ import annotations

from decimal import Decimal


def pct(rate: Decimal) -> str:
    return f"{format((rate * 100).normalize(), 'f')}%"
