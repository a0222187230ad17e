"""SQLite access: one connection per thread, writes serialised, WAL so reads run alongside.

Request handlers run in worker threads; SuiteQL reads on different threads
proceed in parallel while one write transaction at a time holds the lock.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sandbox.netsuite import sqlfunctions
from sandbox.netsuite.schema import INDEXES, create_table_statements


class Database:
    def __init__(self, path: str) -> None:
        self.path = path
        self._write_lock = threading.RLock()
        self._local = threading.local()
        self._open: list[sqlite3.Connection] = []
        self._open_lock = threading.Lock()
        self._closed = False

    def connect(self) -> sqlite3.Connection:
        """A new connection with the SuiteQL functions registered (autocommit mode)."""
        connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=60)
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA busy_timeout = 60000")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA cache_size = -16000")
        connection.execute("PRAGMA case_sensitive_like = ON")  # Oracle's LIKE is case-sensitive
        sqlfunctions.register(connection)
        return connection

    def connection(self) -> sqlite3.Connection:
        """This thread's connection."""
        if self._closed:
            raise RuntimeError("the sandbox database is closed")
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self.connect()
            self._local.connection = connection
            with self._open_lock:
                self._open.append(connection)
        return connection

    def create_schema(self) -> None:
        connection = self.connection()
        connection.execute("PRAGMA journal_mode = WAL")
        for statement in create_table_statements():
            connection.execute(statement)

    def create_indexes(self, connection: sqlite3.Connection | None = None) -> None:
        connection = connection or self.connection()
        for statement in INDEXES:
            connection.execute(statement)
        connection.execute("PRAGMA analysis_limit = 1000")
        connection.execute("ANALYZE")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction; nested calls on one thread join the outer one."""
        with self._write_lock:
            connection = self.connection()
            depth = getattr(self._local, "depth", 0)
            self._local.depth = depth + 1
            try:
                if depth:
                    yield connection
                    return
                connection.execute("BEGIN IMMEDIATE")
                try:
                    yield connection
                except BaseException:
                    connection.execute("ROLLBACK")
                    raise
                connection.execute("COMMIT")
            finally:
                self._local.depth = depth

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the write lock without a transaction (bulk work that commits in chunks)."""
        with self._write_lock:
            yield

    def query(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        return self.connection().execute(sql, params).fetchall()

    def query_one(self, sql: str, params: tuple | list = ()) -> sqlite3.Row | None:
        return self.connection().execute(sql, params).fetchone()

    def scalar(self, sql: str, params: tuple | list = ()) -> Any:
        row = self.connection().execute(sql, params).fetchone()
        return None if row is None else row[0]

    def get_meta(self, key: str) -> str | None:
        return self.scalar("SELECT value FROM ns_meta WHERE key = ?", (key,))

    def set_meta(self, key: str, value: str) -> None:
        with self.write() as connection:
            connection.execute(
                "INSERT INTO ns_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def next_id(self, sequence: str) -> int:
        """The next internal id of a sequence (ids are never reused, deleted or not)."""
        with self.write() as connection:
            key = f"seq:{sequence}"
            row = connection.execute("SELECT value FROM ns_meta WHERE key = ?", (key,)).fetchone()
            value = int(row[0]) + 1 if row else 1
            connection.execute(
                "INSERT INTO ns_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, str(value)),
            )
            return value

    def close(self) -> None:
        self._closed = True
        with self._open_lock:
            for connection in self._open:
                with contextlib.suppress(sqlite3.Error):
                    connection.close()
            self._open.clear()
