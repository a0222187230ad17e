"""Open the account's database: reuse a kept data set, or generate a new one."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime

from sandbox.netsuite.database import Database
from sandbox.netsuite.generator import DataSetSpec, generate, spec_json
from sandbox.netsuite.schema import INDEXES, create_table_statements, data_tables


def open_database(path: str, spec: DataSetSpec, now: datetime) -> tuple[Database, bool]:
    """The database at ``path`` holding ``spec``'s data set; True when it was generated now."""
    if os.path.exists(path) and _stored_spec(path) == spec_json(spec, now):
        return Database(path), False
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    _bulk_generate(path, spec, now)
    return Database(path), True


def last_change(database: Database) -> str | None:
    """The latest stamp in the account (stored local text), to resume a kept data set's clock after it."""
    return database.scalar(
        'SELECT MAX(stamp) FROM (SELECT MAX(lastmodifieddate) AS stamp FROM "transaction" '
        "UNION ALL SELECT MAX(lastmodifieddate) FROM customer UNION ALL SELECT MAX(deleteddate) FROM deletedrecord)"
    )


def regenerate(database: Database, spec: DataSetSpec, now: datetime) -> None:
    """Replace the data set in place (the reset control); connections stay open."""
    with database.exclusive():
        connection = database.connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            for table in data_tables():
                connection.execute(f"DELETE FROM {table}")
            connection.execute("DELETE FROM ns_meta WHERE key LIKE 'seq:%'")
            generate(connection, spec, now)
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")


def _stored_spec(path: str) -> str | None:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = connection.execute("SELECT value FROM ns_meta WHERE key = 'data_set'").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def _bulk_generate(path: str, spec: DataSetSpec, now: datetime) -> None:
    """A fresh file: no journal while loading, indexes after the load, then WAL for serving."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA cache_size = -131072")
        connection.execute("PRAGMA temp_store = FILE")
        for statement in create_table_statements():
            connection.execute(statement)
        connection.execute("BEGIN")
        generate(connection, spec, now)
        connection.execute("COMMIT")
        for statement in INDEXES:
            connection.execute(statement)
        connection.execute("PRAGMA analysis_limit = 1000")
        connection.execute("ANALYZE")
        identity = spec_json(spec, now)
        connection.execute("INSERT OR REPLACE INTO ns_meta (key, value) VALUES ('data_set', ?)", (identity,))
        connection.execute("PRAGMA journal_mode = WAL")
    finally:
        connection.close()
