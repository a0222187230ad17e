"""JSON in and out: exact decimals for money, RFC 3339 timestamps, AP's error shape on bad input."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from sandbox.alternative_payments.errors import ApiError


def rfc3339(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


def to_json(value: Any) -> Any:
    """Stored records -> JSON values; keys starting with ``_`` are internal and dropped."""
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items() if not str(k).startswith("_")}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, Decimal):
        # JSON numbers, as AP sends them; two-decimal amounts survive the float round trip.
        return float(value)
    if isinstance(value, datetime):
        return rfc3339(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def respond(value: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(to_json(value), status_code=status)


async def json_object(request: Request) -> dict[str, Any]:
    """The request body as a JSON object, numbers as Decimal; 400 otherwise."""
    raw = await request.body()
    try:
        body = json.loads(raw or b"{}", parse_float=Decimal)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError.bad_request({"body": f"not valid JSON ({exc.__class__.__name__})"}) from exc
    if not isinstance(body, dict):
        raise ApiError.bad_request({"body": "must be a JSON object"})
    return body
