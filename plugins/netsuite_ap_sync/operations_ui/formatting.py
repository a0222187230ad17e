"""How the pages write values: one-line errors, times to the minute, money, JSON as received."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def when(value) -> str:
    """A warehouse timestamp to the minute, in UTC (SQLite gives text, PostgreSQL a datetime)."""
    if value is None:
        return "—"
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def money(value) -> str:
    return "—" if value is None else f"{Decimal(str(value)):,.2f}"


def pretty_json(raw: str | None) -> str | None:
    if raw is None:
        return None
    try:
        return json.dumps(json.loads(raw), indent=2, sort_keys=True, default=str)
    except ValueError:
        return raw
