"""Load the SQL kept in include/sql/, and run it over long lists of ids."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Engine, TextClause, bindparam, text

SQL_DIR = Path(__file__).resolve().parents[2] / "include" / "sql"
IN_CHUNK = 500


@functools.cache
def load_sql(name: str) -> TextClause:
    """``load_sql("ledger/claim.sql")`` -> a bindable statement."""
    return text((SQL_DIR / name).read_text())


def select_in(engine: Engine, name: str, list_param: str, values: Iterable, **params) -> list[dict]:
    """Run a statement with ``IN :list_param`` over any number of values, a chunk at a time."""
    values = sorted(set(values), key=str)
    query = load_sql(name).bindparams(bindparam(list_param, expanding=True))
    rows: list[dict] = []
    with engine.connect() as conn:
        for start in range(0, len(values), IN_CHUNK):
            chunk = {**params, list_param: values[start : start + IN_CHUNK]}
            result = conn.execute(query, chunk)
            keys = list(result.keys())
            rows.extend(dict(zip(keys, row, strict=True)) for row in result.fetchall())
    return rows


def execute_in(engine: Engine, name: str, list_param: str, values: Iterable, **params) -> int:
    """Run a write statement with ``IN :list_param`` over any number of values; rows changed."""
    values = sorted(set(values), key=str)
    query = load_sql(name).bindparams(bindparam(list_param, expanding=True))
    changed = 0
    with engine.begin() as conn:
        for start in range(0, len(values), IN_CHUNK):
            changed += conn.execute(query, {**params, list_param: values[start : start + IN_CHUNK]}).rowcount
    return changed
