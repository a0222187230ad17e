"""SQLAlchemy engines built from Airflow connections."""

from __future__ import annotations

import functools
import os
import sqlite3
from decimal import Decimal

from sqlalchemy import URL, Engine, create_engine, event

DEFAULT_CONN_ID = "warehouse_default"

# Money stays Decimal in Python; SQLite's driver has no adapter for it.
sqlite3.register_adapter(Decimal, str)

_DRIVERS = {
    "sqlite": "sqlite",
    "postgres": "postgresql+psycopg2",
    "postgresql": "postgresql+psycopg2",
}


def url_from_connection(conn) -> URL:
    """Turn an Airflow connection (sqlite or postgres) into a SQLAlchemy URL.

    For SQLite the file path is the connection's host, as Airflow's SQLite
    provider has it. The password stays inside the URL object, which masks it
    when printed.
    """
    conn_type = (conn.conn_type or "").lower()
    if conn_type not in _DRIVERS:
        raise ValueError(f"warehouse connection type {conn.conn_type!r} is not supported; use 'sqlite' or 'postgres'")
    if conn_type == "sqlite":
        if not conn.host:
            raise ValueError("the sqlite warehouse connection needs the database file path as its host")
        return URL.create("sqlite", database=conn.host)
    return URL.create(
        _DRIVERS[conn_type],
        username=conn.login or None,
        password=conn.password or None,
        host=conn.host or "127.0.0.1",
        port=conn.port or 5432,
        database=conn.schema or "postgres",
    )


def engine_for(conn_id: str = DEFAULT_CONN_ID) -> Engine:
    """The engine for an Airflow connection: one per database and process,
    since engines (and their pools) are not fork-safe."""
    from airflow.sdk import BaseHook

    url = url_from_connection(BaseHook.get_connection(conn_id))
    return _engine(url.render_as_string(hide_password=False), os.getpid())


@functools.cache
def _engine(url: str, _pid: int) -> Engine:
    return create_engine_from_url(url)


def create_engine_from_url(url: URL | str) -> Engine:
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _tune_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
    return engine


def _tune_sqlite(dbapi_conn, _record) -> None:
    # pysqlite would otherwise run DDL outside any transaction; take over BEGIN
    # so a migration or a batch commits whole or not at all.
    dbapi_conn.isolation_level = None
    # WAL lets readers run beside the one writer; the busy timeout makes
    # concurrent tasks wait for the write lock instead of failing at once.
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_sqlite(conn) -> None:
    # ``execution_options(sqlite_begin="IMMEDIATE")`` takes the write lock up front.
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")
