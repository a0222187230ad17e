"""A SuiteQL SELECT described by parts, so key bounds can be added as bound parameters.

The query text is assembled from the caller's fixed SQL fragments only; every
value (including key bounds) travels in ``params``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")
_ALIAS = re.compile(r"\bAS\s+([A-Za-z_][A-Za-z0-9_]*)\s*$", re.IGNORECASE)


def column_name(expression: str) -> str:
    """The name SuiteQL gives a select expression: its alias, or the column, in lower case."""
    expression = expression.strip()
    alias = _ALIAS.search(expression)
    if alias:
        return alias.group(1).lower()
    if _IDENTIFIER.match(expression):
        return expression.rsplit(".", 1)[-1].lower()
    raise ValueError(f"give the select expression {expression!r} an alias (... AS name)")


@dataclass(frozen=True)
class KeysetQuery:
    """``SELECT columns FROM from_ [WHERE where]`` read in order of a unique integer ``key``."""

    columns: tuple[str, ...]
    from_: str
    where: str | None = None
    params: tuple[Any, ...] = ()
    key: str = "id"

    def __post_init__(self) -> None:
        if not _IDENTIFIER.match(self.key):
            raise ValueError(f"key must be a column name (got {self.key!r})")
        if self.key_name not in self.names:
            raise ValueError(f"the key column {self.key!r} must be one of the selected columns")
        if self.where and self.where.count("?") != len(self.params):
            raise ValueError("where has a different number of ? placeholders than params")

    @property
    def names(self) -> list[str]:
        return [column_name(c) for c in self.columns]

    @property
    def key_name(self) -> str:
        return self.key.rsplit(".", 1)[-1].lower()

    def _conditions(self, after: int | None, up_to: int | None) -> tuple[list[str], list[Any]]:
        conditions, params = ([f"({self.where})"], list(self.params)) if self.where else ([], [])
        if after is not None:
            conditions.append(f"{self.key} > ?")
            params.append(after)
        if up_to is not None:
            conditions.append(f"{self.key} <= ?")
            params.append(up_to)
        return conditions, params

    def select(self, after: int | None = None, up_to: int | None = None) -> tuple[str, list[Any]]:
        conditions, params = self._conditions(after, up_to)
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        return f"SELECT {', '.join(self.columns)} FROM {self.from_}{where} ORDER BY {self.key}", params

    def key_stats(self) -> tuple[str, list[Any]]:
        conditions, params = self._conditions(None, None)
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        sql = f"SELECT MIN({self.key}) AS lo, MAX({self.key}) AS hi, COUNT(*) AS n FROM {self.from_}{where}"
        return sql, params
