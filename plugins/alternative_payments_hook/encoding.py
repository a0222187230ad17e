"""Values in and out: query filters, JSON bodies with exact money, path segments."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote


def rfc3339(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("timestamps for AP filters need a time zone (naive datetime given)")
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def query_value(value: Any) -> str:
    if isinstance(value, datetime):
        return rfc3339(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def query(filters: Mapping[str, Any]) -> dict[str, str]:
    """Filters as query parameters; None means "not filtered"."""
    return {key: query_value(value) for key, value in filters.items() if value is not None}


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        # AP takes JSON numbers; two-decimal amounts round-trip exactly through float.
        return float(value)
    if isinstance(value, datetime):
        return rfc3339(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot send {type(value).__name__} to AP as JSON")


def json_body(body: Mapping[str, Any]) -> bytes:
    return json.dumps(body, default=_json_default).encode()


def segment(record_id: str) -> str:
    """A record id as one path segment, so an odd id cannot reach another path."""
    if not isinstance(record_id, str) or not record_id:
        raise ValueError("record ids are non-empty strings")
    return quote(record_id, safe="")
