"""Money as Decimal inside, JSON numbers on the wire.

Both APIs take amounts as JSON numbers, which their parsers read as binary
doubles. An amount is sent only when the double round-trips to the very same
decimal; anything else (more than ~15 significant digits) is quarantined by the
planners instead of being silently rounded.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from decimal import Decimal

ZERO = Decimal(0)


@functools.lru_cache(maxsize=65536)
def is_exact_json_number(amount: Decimal) -> bool:
    """Whether ``amount`` survives the trip through a JSON number unchanged (cached: amounts recur)."""
    if not amount.is_finite():
        return False
    return Decimal(repr(float(amount))) == amount


def json_number(amount: Decimal) -> float:
    """``amount`` as the float ``json.dumps`` writes; ValueError when it would be inexact."""
    if not is_exact_json_number(amount):
        raise ValueError(f"amount {amount} cannot be sent exactly as a JSON number")
    return float(amount)


def json_integer(count: Decimal) -> int:
    """A whole count as a JSON integer (``1``, never ``1.0``); ValueError when it has a fraction."""
    if not count.is_finite() or count != count.to_integral_value():
        raise ValueError(f"{count} is not a whole number")
    return int(count)


def inexact_amounts(amounts: Iterable[Decimal]) -> list[Decimal]:
    """The amounts among ``amounts`` that a JSON number would change."""
    return [amount for amount in amounts if not is_exact_json_number(amount)]


def fmt(amount: Decimal, currency: str | None = None) -> str:
    """An amount for people: ``1,234.50 USD``; keeps every digit it has."""
    text = f"{amount:,f}"
    return f"{text} {currency}" if currency else text
