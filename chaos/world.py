"""One partner wired end to end outside pytest: both sandboxes on loopback, a
migrated warehouse (SQLite file or a fresh PostgreSQL database) and the
``AIRFLOW_CONN_*`` variables the pipeline reads, set in this process so that
forked task processes inherit them.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from harness.connections import WAREHOUSE_CONN_ID, AirflowConnections
from harness.partner import accounts_to_choose, register_partner
from harness.sandboxes import Sandboxes, start_sandboxes
from harness.warehouses import Warehouse, postgres_warehouse, sqlite_warehouse
from sandbox.alternative_payments import AlternativePaymentsSettings
from sandbox.netsuite import NetSuiteSettings


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
class ChaosWorld(Sandboxes):
    spec: WorldSpec
    warehouse: Warehouse
    work_dir: Path
    connections: AirflowConnections
    owns_warehouse: bool = True

    @property
    def partner_id(self) -> str:
        return self.spec.partner_id

    @property
    def engine(self) -> Engine:
        return self.warehouse.engine

    def ctx(self, dag_id: str = "chaos", run_id: str | None = None):
        from netsuite_ap_sync.engine.context import context_for

        return context_for(self.partner_id, run_id or f"{dag_id}-{uuid.uuid4().hex[:8]}", dag_id)

    def partner_status(self) -> str:
        from netsuite_ap_sync.warehouse import partners

        return partners.get(self.engine, self.partner_id).status

    def chosen_accounts(self) -> dict[str, str]:
        """C3: the first active account of each type, as the partner would pick from NetSuite's list
        (read through the sandbox's controls, which faults never reach)."""
        listed = self.ns_controls.records({"accounts"})["accounts"]
        return accounts_to_choose((a["accttype"], str(a["id"])) for a in listed if a["isinactive"] == "F")

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
        self.stop()
        if self.owns_warehouse:
            self.warehouse.close()
        self.connections.restore()


def build_world(spec: WorldSpec, work_dir: Path, warehouse: Warehouse | None = None) -> ChaosWorld:
    """Start both sandboxes, make the warehouse (or join ``warehouse``, shared with other partners),
    register the partner."""
    shutil.rmtree(work_dir, ignore_errors=True)
    work_dir.mkdir(parents=True)
    netsuite = NetSuiteSettings.from_options(
        customers=spec.customers, invoices=spec.invoices, years=spec.years, seed=spec.seed, **spec.netsuite_options
    )
    ap: dict[str, Any] = {"rate_limit_per_second": spec.ap_rate_limit}
    if spec.ap_client_secret:
        ap["client_secret"] = spec.ap_client_secret
    # Not uvicorn's own logging set-up: the sandboxes log through the caller's configuration.
    boxes = start_sandboxes(netsuite, AlternativePaymentsSettings(**ap), spec.netsuite_secrets, log_config=None)
    connections = AirflowConnections()
    owned = warehouse is None
    if owned:
        try:
            warehouse = _new_warehouse(spec, work_dir)
        except Exception:
            boxes.stop()
            raise
        connections.set(WAREHOUSE_CONN_ID, warehouse.connection)
    built = ChaosWorld(
        **vars(boxes), spec=spec, warehouse=warehouse, work_dir=work_dir, connections=connections, owns_warehouse=owned
    )
    register_partner(
        warehouse,
        connections,
        spec.partner_id,
        f"Chaos partner {spec.partner_id}",
        boxes.netsuite_connection(spec.auth_method, **spec.connection_options),
        boxes.ap_connection(),
    )
    return built


def _new_warehouse(spec: WorldSpec, work_dir: Path) -> Warehouse:
    if spec.warehouse == "postgres":
        return postgres_warehouse(f"warehouse_chaos_{uuid.uuid4().hex[:10]}", create=True).migrate()
    return sqlite_warehouse(work_dir / "warehouse.db", fresh=True).migrate()


@contextmanager
def world(spec: WorldSpec, work_dir: Path) -> Iterator[ChaosWorld]:
    built = build_world(spec, work_dir)
    try:
        yield built
    finally:
        built.close()
