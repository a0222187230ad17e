"""SuiteQL kept in include/sql/suiteql/, read into the hook's keyset queries.

Each file is one ``SELECT ... FROM ... WHERE ...`` with the three keywords at
the start of a line; anything nested (a sub-select) is indented. The hook adds
key bounds and ORDER BY itself, always as bound parameters.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from netsuite_ap_sync.warehouse.sql import SQL_DIR

SUITEQL_DIR = SQL_DIR / "suiteql"
_CLAUSE = re.compile(r"^(SELECT|FROM|WHERE)\s", re.MULTILINE)


@functools.cache
def _clauses(name: str) -> dict[str, str]:
    lines = [ln for ln in (SUITEQL_DIR / name).read_text().splitlines() if not ln.lstrip().startswith("--")]
    sql = "\n".join(lines)
    marks = list(_CLAUSE.finditer(sql))
    if [m.group(1) for m in marks][:2] != ["SELECT", "FROM"]:
        raise ValueError(f"{name}: expected SELECT ... FROM ... [WHERE ...] with each keyword starting a line")
    parts = {}
    for mark, nxt in zip(marks, [*marks[1:], None], strict=True):
        parts[mark.group(1)] = " ".join(sql[mark.end() : nxt.start() if nxt else None].split())
    return parts


def split_columns(select: str) -> tuple[str, ...]:
    """Split a select list on the commas that are not inside parentheses."""
    columns, depth, current = [], 0, []
    for char in select:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            columns.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    columns.append("".join(current).strip())
    return tuple(c for c in columns if c)


def keyset_query(name: str, params: Sequence = (), key: str = "id"):
    from netsuite_hook.keyset_query import KeysetQuery

    parts = _clauses(name)
    return KeysetQuery(
        columns=split_columns(parts["SELECT"]),
        from_=parts["FROM"],
        where=parts.get("WHERE"),
        params=tuple(params),
        key=key,
    )


def plain_query(name: str, ids: int = 0) -> str:
    """The whole statement, for queries read without keyset paging.

    ``ids`` expands ``{ids}`` into that many ``?`` placeholders: values stay bound.
    """
    parts = _clauses(name)
    where = f" WHERE {parts['WHERE']}" if "WHERE" in parts else ""
    sql = f"SELECT {parts['SELECT']} FROM {parts['FROM']}{where}"
    if "{ids}" in sql:
        if ids < 1:
            raise ValueError(f"{name} needs at least one id")
        sql = sql.replace("{ids}", ", ".join("?" * ids))
    return sql
