"""Load the SQL kept in include/sql/, and run it over long lists of ids."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from sqlalchemy import Engine, Executable, TextClause, bindparam, text

SQL_DIR = Path(__file__).resolve().parents[3] / "include" / "sql"
IN_CHUNK = 500
# The few functions SQLite and PostgreSQL spell differently, as {{placeholders}} in a statement.
_DIALECT_FUNCTIONS = {
    "sqlite": {"json_agg": "json_group_array", "json_object": "json_object"},
    "postgresql": {"json_agg": "json_agg", "json_object": "json_build_object"},
}


@functools.cache
def load_sql(name: str, dialect: str | None = None) -> TextClause:
    """``load_sql("ledger/claim.sql")`` -> a bindable statement; with ``dialect``, its
    {{placeholders}} spelled for that database."""
    sql = (SQL_DIR / name).read_text()
    for placeholder, spelling in _DIALECT_FUNCTIONS[dialect].items() if dialect else ():
        sql = sql.replace("{{" + placeholder + "}}", spelling)
    return text(sql)


def batches(engine: Engine, statement: Executable, params: Mapping, size: int) -> Iterator[list[dict]]:
    """A query's rows as dicts, ``size`` at a time, streamed (never all held at once)."""
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True).execute(statement, dict(params))
        keys = list(result.keys())
        while rows := result.fetchmany(size):
            yield [dict(zip(keys, row, strict=True)) for row in rows]


def select_in(engine: Engine, name: str, list_param: str, values: Iterable, **params) -> list[dict]:
    """Run a statement with ``IN :list_param`` over any number of values, a chunk at a time (other
    list parameters, short ones, are bound whole)."""
    values = sorted(set(values), key=str)
    query = load_sql(name).bindparams(*_expanding(list_param, params))
    rows: list[dict] = []
    with engine.connect() as conn:
        for start in range(0, len(values), IN_CHUNK):
            chunk = {**params, list_param: values[start : start + IN_CHUNK]}
            result = conn.execute(query, chunk)
            keys = list(result.keys())
            rows.extend(dict(zip(keys, row, strict=True)) for row in result.fetchall())
    return rows


def _expanding(list_param: str, params: Mapping) -> list:
    lists = [name for name, value in params.items() if isinstance(value, list | tuple)]
    return [bindparam(name, expanding=True) for name in (list_param, *lists)]


def execute_in(engine: Engine, name: str, list_param: str, values: Iterable, **params) -> int:
    """Run a write statement with ``IN :list_param`` over any number of values; rows changed."""
    values = sorted(set(values), key=str)
    query = load_sql(name).bindparams(bindparam(list_param, expanding=True))
    changed = 0
    with engine.begin() as conn:
        for start in range(0, len(values), IN_CHUNK):
            changed += conn.execute(query, {**params, list_param: values[start : start + IN_CHUNK]}).rowcount
    return changed
