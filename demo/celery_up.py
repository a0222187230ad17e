"""``make up-celery``: docker-compose.yaml's shape on this machine, without Docker.

CeleryExecutor with the local Redis (127.0.0.1:6379, a database number of its
own) as broker, PostgreSQL (127.0.0.1:5432) as metadata database, Celery result
backend and warehouse, one api-server, scheduler, dag-processor and triggerer,
and two ``airflow celery worker`` processes serving the ``default`` queue under
names of their own (``worker-1``, ``worker-2``: each task instance's hostname
says which ran it). The AP rate limit of every key is shared through the same
Redis (the ``rate_limit_store`` connection), and NetSuite's request slots through
the warehouse, so the limits hold across both workers.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
# Not 0: a Redis shared with other things keeps this deployment's queues and buckets apart.
DEFAULT_REDIS_DB = 5
WORKERS = 2
WORKER_CONCURRENCY = 2
AIRFLOW = str(Path(sys.executable).with_name("airflow"))


def worker_hostname() -> str:
    """``[core] hostname_callable`` of the workers: the name each was started with."""
    return os.environ.get("UP_WORKER_NAME") or os.uname().nodename


def database_names(tag: str | None = None) -> tuple[str, str]:
    """Metadata and warehouse database names, unique to this checkout (or to ``tag``)."""
    tag = tag or hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]
    return f"ns_ap_airflow_{tag}", f"ns_ap_warehouse_{tag}"


def pg_url(database: str, driver: str = "postgresql+psycopg2") -> str:
    return f"{driver}://{PG_USER}@{PG_HOST}:{PG_PORT}/{database}"


def ensure_databases(*names: str) -> None:
    """Create the PostgreSQL databases that do not exist yet."""
    admin = create_engine(pg_url("postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            for name in names:
                exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
                if not exists:
                    conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        admin.dispose()


def drop_databases(*names: str) -> None:
    admin = create_engine(pg_url("postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            for name in names:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def warehouse_connection(database: str) -> dict:
    return {"conn_type": "postgres", "host": PG_HOST, "port": PG_PORT, "login": PG_USER, "schema": database}


def rate_limit_store_connection(redis_db: int) -> dict:
    return {"conn_type": "redis", "host": REDIS_HOST, "port": REDIS_PORT, "extra": {"db": redis_db}}


def celery_env(metadata_db: str, warehouse_db: str, redis_db: int) -> dict[str, str]:
    """What every Airflow process of the Celery deployment shares."""
    return {
        "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": pg_url(metadata_db),
        "AIRFLOW__CELERY__BROKER_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{redis_db}",
        "AIRFLOW__CELERY__RESULT_BACKEND": pg_url(metadata_db, "db+postgresql+psycopg2"),
        "AIRFLOW__CELERY__WORKER_CONCURRENCY": str(WORKER_CONCURRENCY),
        "AIRFLOW_CONN_WAREHOUSE_DEFAULT": json.dumps(warehouse_connection(warehouse_db)),
        "AIRFLOW_CONN_RATE_LIMIT_STORE": json.dumps(rate_limit_store_connection(redis_db)),
    }


def worker_commands(workers: int = WORKERS, queue: str = "default") -> dict[str, tuple[list[str], dict[str, str]]]:
    """``airflow celery worker`` processes serving ``queue``: name -> (argv, env of its own)."""
    commands = {}
    for number in range(1, workers + 1):
        name = f"worker-{number}"
        argv = [AIRFLOW, "celery", "worker", "--celery-hostname", f"{name}@%h", "--queues", queue]
        # Both read and write the same log folder, which the api-server reads directly.
        argv.append("--skip-serve-logs")
        env = {"UP_WORKER_NAME": name, "AIRFLOW__CORE__HOSTNAME_CALLABLE": "demo.celery_up.worker_hostname"}
        commands[name] = (argv, env)
    return commands
