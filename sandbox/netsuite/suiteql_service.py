"""POST /services/rest/query/v1/suiteql: paging rules, running the query, NetSuite's answer shape."""

from __future__ import annotations

import sqlite3
from typing import Any

from sandbox.netsuite.clock import account_date_text
from sandbox.netsuite.database import Database
from sandbox.netsuite.errors import NetSuiteError, invalid_parameter, search_error
from sandbox.netsuite.schema import DATE_KINDS
from sandbox.netsuite.sqlfunctions import oracle_number, take_last_error
from sandbox.netsuite.suiteql import OutputColumn, check_parameters, translate

MAX_LIMIT = 1000
ROW_CAP = 100_000
QUERY_PATH = "/services/rest/query/v1/suiteql"


def paging(limit: str | None, offset: str | None) -> tuple[int, int]:
    """Validate ?limit=&offset= as SuiteQL does: limit 1..1000, offset a multiple of limit, below the cap."""
    size = _integer(limit, "limit", MAX_LIMIT)
    start = _integer(offset, "offset", 0)
    if not 1 <= size <= MAX_LIMIT:
        raise invalid_parameter(f"Invalid value for the parameter 'limit': {size}. It must be between 1 and 1000.")
    if start < 0:
        raise invalid_parameter(f"Invalid value for the parameter 'offset': {start}. It must not be negative.")
    if start % size:
        raise invalid_parameter(
            f"Invalid value for the parameter 'offset': {start}. The offset must be a multiple of the limit ({size})."
        )
    if start + size > ROW_CAP:
        raise invalid_parameter(
            f"The query reaches past row {ROW_CAP:,} (offset {start} + limit {size}). SuiteQL returns at most "
            f"{ROW_CAP:,} results for one query; split it into key ranges (for example WHERE id > ? ORDER BY id)."
        )
    return size, start


def _integer(raw: str | None, name: str, default: int) -> int:
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise invalid_parameter(f"Invalid value for the parameter '{name}': {raw!r}.") from None


def parse_body(body: Any) -> tuple[str, list]:
    if not isinstance(body, dict) or not isinstance(body.get("q"), str):
        raise NetSuiteError(
            400, "INVALID_CONTENT", 'The request body must be a JSON object with the query in "q".', "q"
        )
    unknown = set(body) - {"q", "params"}
    if unknown:
        raise NetSuiteError(400, "INVALID_CONTENT", f"Unknown property {sorted(unknown)[0]!r}.", sorted(unknown)[0])
    params = body.get("params", [])
    if params is None:
        params = []
    if not isinstance(params, list):
        raise NetSuiteError(400, "INVALID_CONTENT", '"params" must be an array.', "params")
    for index, value in enumerate(params):
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise NetSuiteError(
                400, "INVALID_CONTENT", f"Parameter {index + 1} must be a string or a number.", f"params[{index}]"
            )
    return body["q"], params


def run_query(db: Database, body: Any, limit: str | None, offset: str | None, base_url: str) -> dict[str, Any]:
    size, start = paging(limit, offset)
    query, params = parse_body(body)
    translation = translate(query)
    check_parameters(translation, params)
    connection = db.connection()
    try:
        total = connection.execute(translation.count_sql, params).fetchone()[0]
        cursor = connection.execute(f"{translation.sql} LIMIT {size} OFFSET {start}", params)
        cursor.row_factory = None
        rows = cursor.fetchall()
    except sqlite3.Error as exc:
        reason = take_last_error() or str(exc)
        raise search_error(reason) from None
    items = [_item(row, translation.columns) for row in rows]
    has_more = start + len(items) < total
    return {
        "links": _links(base_url, size, start, total, has_more),
        "count": len(items),
        "hasMore": has_more,
        "items": items,
        "offset": start,
        "totalResults": total,
    }


def _item(row: tuple, columns: tuple[OutputColumn, ...]) -> dict[str, Any]:
    item: dict[str, Any] = {"links": []}
    for column, value in zip(columns, row, strict=True):
        if value is None:
            continue  # NetSuite leaves empty columns out
        item[column.name] = _shown(value, column.kind)
    return item


def _shown(value: Any, kind: str | None) -> str:
    """Every value comes back as text; dates in the account's format, numbers as Oracle prints them."""
    if kind in DATE_KINDS and isinstance(value, str) and len(value) == len("2025-01-01 00:00:00"):
        try:
            return account_date_text(value)
        except ValueError:
            return value
    if isinstance(value, int | float):
        return oracle_number(value)
    return str(value)


def _links(base_url: str, size: int, start: int, total: int, has_more: bool) -> list[dict[str, str]]:
    def href(offset: int) -> str:
        return f"{base_url}{QUERY_PATH}?limit={size}&offset={offset}"

    reachable = min(total, ROW_CAP)
    last = max(0, (reachable - 1) // size * size)
    links = [{"rel": "first", "href": href(0)}]
    if start > 0:
        links.append({"rel": "prev", "href": href(max(0, start - size))})
    if has_more:
        links.append({"rel": "next", "href": href(start + size)})
    links.append({"rel": "last", "href": href(last)})
    links.append({"rel": "self", "href": href(start)})
    return links
