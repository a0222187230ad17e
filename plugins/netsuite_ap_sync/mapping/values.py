"""Reading loosely typed API values: money, dates, NetSuite booleans.

Each returns None for what it cannot read, so the raw value is kept in the
staging row and validation quarantines the record with a reason.
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

CENT = Decimal("0.01")


def to_decimal(value) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return _decimal(value)
    except TypeError:  # unhashable: a list or dict where a number belongs
        return None


def to_money(value) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return _money(value)
    except TypeError:
        return None


# Decimals are immutable and a large account repeats the same few amounts, rates and
# quantities: parsing each distinct text once is most of planning's arithmetic saved.
@functools.lru_cache(maxsize=65536, typed=True)
def _decimal(value) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


@functools.lru_cache(maxsize=65536, typed=True)
def _money(value) -> Decimal | None:
    number = _decimal(value)
    return number.quantize(CENT) if number is not None else None


def to_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def ns_bool(value) -> bool | None:
    """NetSuite sends booleans as 'T' / 'F'."""
    if isinstance(value, bool):
        return value
    return {"T": True, "F": False}.get(str(value).strip().upper()) if value is not None else None


def text(value) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None
