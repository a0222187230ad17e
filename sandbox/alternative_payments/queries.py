"""List queries: typed filters and keyset pagination over ``(updated_at, id)``.

Every list is ordered by ``updated_at`` then ``id``. A cursor names the position of one
record in that order, so a record changed while a client pages moves behind the client's
position and is read again instead of being skipped.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from starlette.requests import Request

from sandbox.alternative_payments.errors import ApiError
from sandbox.alternative_payments.jsonio import rfc3339
from sandbox.alternative_payments.validation import parse_timestamp

DEFAULT_LIMIT = 100
MAX_LIMIT = 100
PAGING_PARAMS = {"limit", "after", "before"}


def sort_key(record: dict) -> tuple[datetime, str]:
    return record["updated_at"], record["id"]


def encode_cursor(record: dict) -> str:
    raw = json.dumps([rfc3339(record["updated_at"]), record["id"]]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, name: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        stamp, record_id = json.loads(raw)
        moment = parse_timestamp(stamp)
        if moment is None or not isinstance(record_id, str):
            raise ValueError(stamp)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise ApiError.bad_request({name: "is not a cursor this API returned"}) from exc
    return moment, record_id


@dataclass
class PageRequest:
    limit: int
    after: tuple[datetime, str] | None
    before: tuple[datetime, str] | None
    raw_after: str | None


class Query:
    """The query string of a list request; unknown parameters are a 400, like typos should be."""

    def __init__(self, request: Request, filters: set[str]) -> None:
        self.params = request.query_params
        self.errors: dict[str, str] = {
            key: "unknown query parameter" for key in self.params if key not in filters | PAGING_PARAMS
        }

    def string(self, name: str) -> str | None:
        return self.params.get(name) or None

    def choice(self, name: str, options: Iterable[str]) -> str | None:
        value = self.string(name)
        if value is not None and value not in options:
            self.errors[name] = f"must be one of {', '.join(options)}"
        return value

    def timestamp(self, name: str) -> datetime | None:
        value = self.string(name)
        if value is None:
            return None
        moment = parse_timestamp(value)
        if moment is None:
            self.errors[name] = "must be an RFC 3339 timestamp with a time zone"
        return moment

    def date(self, name: str) -> date | None:
        value = self.string(name)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.errors[name] = "must be a date formatted YYYY-MM-DD"
            return None

    def page(self) -> PageRequest:
        limit = self._limit()
        after, before = self.string("after"), self.string("before")
        if after and before:
            self.errors["before"] = "cannot be combined with after"
        page = PageRequest(
            limit=limit,
            after=self._cursor(after, "after"),
            before=self._cursor(before, "before"),
            raw_after=after,
        )
        self.done()
        return page

    def _limit(self) -> int:
        raw = self.params.get("limit")
        if raw is None:
            return DEFAULT_LIMIT
        if raw.isdigit() and 1 <= int(raw) <= MAX_LIMIT:
            return int(raw)
        self.errors["limit"] = f"must be an integer between 1 and {MAX_LIMIT}"
        return DEFAULT_LIMIT

    def _cursor(self, value: str | None, name: str) -> tuple[datetime, str] | None:
        if not value:
            return None
        try:
            return decode_cursor(value, name)
        except ApiError as exc:
            self.errors.update(exc.validation_errors)
            return None

    def done(self) -> None:
        if self.errors:
            raise ApiError.bad_request(self.errors)


def between(value: Any, start: Any, end: Any) -> bool:
    """Inclusive range check where a missing bound is open."""
    if value is None:
        return start is None and end is None
    return (start is None or value >= start) and (end is None or value <= end)


def paginate(
    records: Iterable[dict],
    page: PageRequest,
    render: Callable[[dict], Any],
    repeat_cursor: bool = False,
) -> dict[str, Any]:
    """One page in AP's flat shape: data, start/end cursor, has next/previous page."""
    ordered = sorted(records, key=sort_key)
    start, stop = _window(ordered, page)
    window = ordered[start:stop]
    answer = {
        "data": [render(record) for record in window],
        "start_cursor": encode_cursor(window[0]) if window else None,
        "end_cursor": encode_cursor(window[-1]) if window else None,
        "has_next_page": stop < len(ordered),
        "has_previous_page": start > 0,
    }
    if repeat_cursor and page.raw_after:
        # Fault mode: a broken server that hands the same cursor back forever.
        answer.update(end_cursor=page.raw_after, has_next_page=True)
    return answer


def _window(ordered: list[dict], page: PageRequest) -> tuple[int, int]:
    if page.after is not None:
        start = next((i for i, r in enumerate(ordered) if sort_key(r) > page.after), len(ordered))
        return start, min(start + page.limit, len(ordered))
    if page.before is not None:
        stop = next((i for i, r in enumerate(ordered) if sort_key(r) >= page.before), len(ordered))
        return max(0, stop - page.limit), stop
    return 0, min(page.limit, len(ordered))
