"""Read a NetSuite connection for the authorize tool, and save the grant back to it.

A connection in Airflow's metadata DB is updated in place (its extra is
encrypted there when a Fernet key is set). A connection defined by an
``AIRFLOW_CONN_*`` variable cannot be changed from here: the new definition is
written to a file only the current user can read, for the operator to move
into the variable or secrets backend.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netsuite_hook.errors import ConfigurationError


def env_var_name(conn_id: str) -> str:
    return f"AIRFLOW_CONN_{conn_id.upper()}"


@dataclass
class StoredConnection:
    conn_id: str
    source: str  # "env" or "db"
    connection: Any  # airflow.models.Connection


def load(conn_id: str) -> StoredConnection:
    from airflow.models import Connection

    value = os.environ.get(env_var_name(conn_id))
    if value:
        if value.lstrip().startswith("{"):
            return StoredConnection(conn_id, "env", Connection.from_json(value, conn_id=conn_id))
        return StoredConnection(conn_id, "env", Connection(conn_id=conn_id, uri=value))
    connection = _db_connection(conn_id)
    if connection is None:
        raise ConfigurationError(
            f"no connection {conn_id!r}: create it first (conn_type netsuite, auth_method "
            "oauth2_authorization_code, login = client id, password = client secret, extra account_id)"
        )
    return StoredConnection(conn_id, "db", connection)


def _db_connection(conn_id: str) -> Any:
    from airflow.models import Connection
    from airflow.utils.session import create_session
    from sqlalchemy import select

    with create_session() as session:
        connection = session.scalar(select(Connection).where(Connection.conn_id == conn_id))
        if connection is not None:
            session.expunge(connection)
        return connection


def updated_extra(connection: Any, values: dict[str, str]) -> dict[str, Any]:
    extra = dict(connection.extra_dejson or {})
    extra.update(values)
    return extra


def save_to_db(conn_id: str, values: dict[str, str]) -> None:
    from airflow.models import Connection
    from airflow.utils.session import create_session
    from sqlalchemy import select

    with create_session() as session:
        connection = session.scalar(select(Connection).where(Connection.conn_id == conn_id))
        if connection is None:
            raise ConfigurationError(f"connection {conn_id!r} disappeared from the metadata DB")
        connection.set_extra(json.dumps(updated_extra(connection, values)))


def write_private_file(path: Path, stored: StoredConnection, values: dict[str, str]) -> Path:
    """The connection's new JSON definition, readable by the current user only."""
    connection = stored.connection
    definition = {
        "conn_type": connection.conn_type,
        "host": connection.host,
        "login": connection.login,
        "password": connection.password,
        "port": connection.port,
        "extra": updated_extra(connection, values),
    }
    definition = {key: value for key, value in definition.items() if value not in (None, "")}
    path = path.expanduser().resolve()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(definition, handle, indent=2)
    os.chmod(path, 0o600)
    return path
