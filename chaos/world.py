"""One partner wired end to end outside pytest: both sandboxes on loopback, a
migrated warehouse (SQLite file or a fresh PostgreSQL database) and the
``AIRFLOW_CONN_*`` variables the pipeline reads, set in this process so that
forked task processes inherit them.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import NullPool

from sandbox.alternative_payments import AlternativePaymentsSandbox, AlternativePaymentsSettings
from sandbox.alternative_payments.control_client import SandboxControl
from sandbox.netsuite import NetSuiteSandbox, NetSuiteSettings
from sandbox.server import RunningServer, serve_in_thread

PG_ADMIN_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
WAREHOUSE_CONN = "AIRFLOW_CONN_WAREHOUSE_DEFAULT"


@dataclass
class WorldSpec:
    """What to build: data-set size, warehouse dialect, auth method and sandbox options."""

    customers: int = 12
    invoices: int = 80
    years: float = 2.0
    seed: int = 7
    warehouse: str = "sqlite"  # or "postgres"
    auth_method: str = "oauth2_client_credentials"
    partner_id: str = "chaos"
    ap_rate_limit: float = 200.0
    ap_client_secret: str | None = None
    netsuite_secrets: dict[str, str] = field(default_factory=dict)  # client_secret, consumer_secret, token_secret
    netsuite_options: dict[str, Any] = field(default_factory=dict)
    connection_options: dict[str, Any] = field(default_factory=dict)


@dataclass
class Warehouse:
    engine: Engine
    connection: dict
    drop: Any = None  # callable that removes a PostgreSQL database made for the run


class EnvVars:
    """Set environment variables and put the old values back on ``restore``."""

    def __init__(self) -> None:
        self._saved: dict[str, str | None] = {}

    def set(self, name: str, value: str) -> None:
        self._saved.setdefault(name, os.environ.get(name))
        os.environ[name] = value

    def restore(self) -> None:
        for name, value in self._saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved.clear()


@dataclass
class ChaosWorld:
    spec: WorldSpec
    netsuite: NetSuiteSandbox
    netsuite_server: RunningServer
    ap: AlternativePaymentsSandbox
    ap_server: RunningServer
    warehouse: Warehouse
    work_dir: Path
    env: EnvVars
    owns_warehouse: bool = True

    @property
    def partner_id(self) -> str:
        return self.spec.partner_id

    @property
    def engine(self) -> Engine:
        return self.warehouse.engine

    @property
    def ns_controls(self):
        return self.netsuite.controls

    @property
    def ap_controls(self) -> SandboxControl:
        return SandboxControl(self.ap_server.base_url)

    def ctx(self, dag_id: str = "chaos", run_id: str | None = None):
        from netsuite_ap_sync.engine.context import context_for

        return context_for(self.partner_id, run_id or f"{dag_id}-{uuid.uuid4().hex[:8]}", dag_id)

    def partner_status(self) -> str:
        from netsuite_ap_sync.warehouse import partners

        return partners.get(self.engine, self.partner_id).status

    def chosen_accounts(self) -> dict[str, str]:
        """C3: the first active account of each type, as the partner would pick from NetSuite's list."""
        by_type: dict[str, str] = {}
        for account in self.ns_controls.records({"accounts"})["accounts"]:
            if account["isinactive"] == "F":
                by_type.setdefault(account["accttype"], str(account["id"]))
        return {
            "undeposited_funds": by_type["UndepFunds"],
            "bank": by_type["Bank"],
            "fee": by_type["Expense"],
            "other_deposits": by_type["Income"],
        }

    # The DAGs' work in this process, one call per DAG run (tests that need no task processes).

    def initial_sync(self) -> None:
        from netsuite_ap_sync.orchestration.run_steps import run_in_order

        run_in_order(self.ctx("netsuite_initial_sync"), "initial")

    def set_up_accounts(self) -> dict:
        from netsuite_ap_sync.partners.accounts import choose

        return choose(self.ctx("netsuite_account_setup"), **self.chosen_accounts())

    def hourly(self) -> dict:
        from netsuite_ap_sync.orchestration.run_steps import run_in_order

        return run_in_order(self.ctx("netsuite_hourly_sync"), "hourly")

    def payments(self) -> dict:
        from netsuite_ap_sync.orchestration.run_steps import run_in_order

        return run_in_order(self.ctx("netsuite_payments_sync"), "payments")

    def audit(self) -> dict:
        from netsuite_ap_sync.tools.audit import audit

        return audit(self.ctx("audit"))

    def close(self) -> None:
        self.netsuite_server.stop()
        self.ap_server.stop()
        self.netsuite.close()
        if self.owns_warehouse:
            self.warehouse.engine.dispose()
            if self.warehouse.drop:
                self.warehouse.drop()
        self.env.restore()


def sqlite_warehouse(path: Path) -> Warehouse:
    from netsuite_ap_sync.warehouse.engine import create_engine_from_url
    from netsuite_ap_sync.warehouse.migrations import migrate

    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    engine = create_engine_from_url(f"sqlite:///{path}")
    migrate(engine)
    return Warehouse(engine, {"conn_type": "sqlite", "host": str(path)})


def postgres_warehouse(name: str | None = None) -> Warehouse:
    """A new database on the local server, dropped again by ``drop()``."""
    from netsuite_ap_sync.warehouse.engine import create_engine_from_url
    from netsuite_ap_sync.warehouse.migrations import migrate

    name = name or f"warehouse_chaos_{uuid.uuid4().hex[:10]}"
    # No pool: the server may restart while the database exists (a warehouse outage under test).
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine = create_engine_from_url(f"postgresql+psycopg2://postgres@127.0.0.1:5432/{name}")
    migrate(engine)

    def drop() -> None:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    connection = {"conn_type": "postgres", "host": "127.0.0.1", "port": 5432, "login": "postgres", "schema": name}
    return Warehouse(engine, connection, drop)


def build_world(spec: WorldSpec, work_dir: Path, warehouse: Warehouse | None = None) -> ChaosWorld:
    """Start both sandboxes, make the warehouse (or join ``warehouse``, shared with other partners),
    register the partner."""
    from netsuite_ap_sync.warehouse import partners

    shutil.rmtree(work_dir, ignore_errors=True)
    work_dir.mkdir(parents=True)
    env = EnvVars()
    ns = NetSuiteSandbox(
        NetSuiteSettings.from_options(
            customers=spec.customers, invoices=spec.invoices, years=spec.years, seed=spec.seed, **spec.netsuite_options
        )
    )
    if spec.netsuite_secrets:
        # The account's integration secrets, as the partner's own account would have them.
        ns.credentials = dataclasses.replace(ns.credentials, **spec.netsuite_secrets)
        ns.tba_validator.credentials = ns.credentials
    ap_settings = {"rate_limit_per_second": spec.ap_rate_limit}
    if spec.ap_client_secret:
        ap_settings["client_secret"] = spec.ap_client_secret
    ap = AlternativePaymentsSandbox(AlternativePaymentsSettings(**ap_settings), now=ns.settings.now)
    # Not uvicorn's own logging set-up: the sandboxes log through the caller's configuration.
    ns_server, ap_server = serve_in_thread(ns.app, log_config=None), serve_in_thread(ap.app, log_config=None)
    owned = warehouse is None
    try:
        if owned:
            sqlite = work_dir / "warehouse.db"
            warehouse = postgres_warehouse() if spec.warehouse == "postgres" else sqlite_warehouse(sqlite)
            env.set(WAREHOUSE_CONN, json.dumps(warehouse.connection))
    except Exception:
        ns_server.stop()
        ap_server.stop()
        ns.close()
        raise
    ns_conn, ap_conn = f"netsuite_{spec.partner_id}", f"ap_{spec.partner_id}"
    connection = ns.airflow_connection(ns_server.base_url, spec.auth_method, **spec.connection_options)
    env.set(f"AIRFLOW_CONN_{ns_conn.upper()}", json.dumps(connection))
    env.set(f"AIRFLOW_CONN_{ap_conn.upper()}", json.dumps(ap.airflow_connection(ap_server.base_url)))
    partners.register(warehouse.engine, spec.partner_id, f"Chaos partner {spec.partner_id}", ns_conn, ap_conn, 5)
    return ChaosWorld(spec, ns, ns_server, ap, ap_server, warehouse, work_dir, env, owns_warehouse=owned)


@contextmanager
def world(spec: WorldSpec, work_dir: Path) -> Iterator[ChaosWorld]:
    built = build_world(spec, work_dir)
    try:
        yield built
    finally:
        built.close()
