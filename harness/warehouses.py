"""Warehouses to wire a partner to: a SQLite file, or a PostgreSQL database on the local server."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import NullPool

from harness.connections import WAREHOUSE_CONN_ID, variable

PG_ADMIN_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"


@dataclass
class Warehouse:
    """A warehouse's engine and the Airflow connection that reaches it; ``drop`` removes a database made for it."""

    engine: Engine
    connection: dict
    drop: Callable[[], None] | None = None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def airflow_env(self, conn_id: str = WAREHOUSE_CONN_ID) -> dict[str, str]:
        return {variable(conn_id): json.dumps(self.connection)}

    def migrate(self) -> Warehouse:
        from netsuite_ap_sync.warehouse.migrations import migrate

        migrate(self.engine)
        return self

    def close(self) -> None:
        self.engine.dispose()
        if self.drop:
            self.drop()


def sqlite_connection(path: Path, *, fresh: bool = False) -> dict:
    """The Airflow connection to the SQLite file at ``path``; ``fresh`` removes what an earlier run left there."""
    if fresh:
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    return {"conn_type": "sqlite", "host": str(path)}


def sqlite_warehouse(path: Path, *, fresh: bool = False) -> Warehouse:
    from netsuite_ap_sync.warehouse.engine import create_engine_from_url

    connection = sqlite_connection(path, fresh=fresh)
    return Warehouse(create_engine_from_url(f"sqlite:///{path}"), connection)


def postgres_warehouse(name: str, *, create: bool = False) -> Warehouse:
    """The database ``name`` on the local server; ``create`` makes it new, and ``drop`` removes it again."""
    from netsuite_ap_sync.warehouse.engine import create_engine_from_url

    drop = create_postgres_database(name) if create else None
    engine = create_engine_from_url(f"postgresql+psycopg2://postgres@127.0.0.1:5432/{name}")
    connection = {"conn_type": "postgres", "host": "127.0.0.1", "port": 5432, "login": "postgres", "schema": name}
    return Warehouse(engine, connection, drop)


def create_postgres_database(name: str) -> Callable[[], None]:
    """Create the database; returns what drops it."""
    # No pool: the server may restart while the database exists (a warehouse outage under test).
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return drop
