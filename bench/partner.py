"""One partner wired to the sandboxes and a fresh warehouse, the way Airflow wires it.

Connections go in as ``AIRFLOW_CONN_*`` variables (the ``warehouse_default``
one too, so the steps find the bench's warehouse and never the user's), the
warehouse is a migrated SQLite file, and the partner is registered with its
NetSuite concurrency limit.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from harness.connections import WAREHOUSE_CONN_ID, AirflowConnections
from harness.partner import register_partner
from harness.warehouses import sqlite_warehouse

PARTNER_ID = "bench"


@dataclass
class Partner:
    partner_id: str
    engine: Engine
    runs: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def ctx(self, dag_id: str = "bench", dry_run: bool = False):
        """A new run context, as one Airflow task of a run of ``dag_id`` gets."""
        from netsuite_ap_sync.engine.context import context_for

        return context_for(self.partner_id, f"{dag_id}-{next(self.runs)}", dag_id, dry_run)


def use_warehouse(path: Path) -> Engine:
    """The SQLite warehouse at ``path`` as this process's ``warehouse_default``."""
    warehouse = sqlite_warehouse(path)
    AirflowConnections().set(WAREHOUSE_CONN_ID, warehouse.connection)
    return warehouse.engine


def wire_partner(
    warehouse_db: Path,
    netsuite: dict[str, Any],
    ap: dict[str, Any],
    partner_id: str = PARTNER_ID,
    concurrency: int = 5,
) -> Partner:
    """Register ``partner_id`` in a new warehouse at ``warehouse_db``, reaching both sandboxes."""
    warehouse = sqlite_warehouse(warehouse_db).migrate()
    connections = AirflowConnections()
    connections.set(WAREHOUSE_CONN_ID, warehouse.connection)
    register_partner(warehouse, connections, partner_id, f"Benchmark partner {partner_id}", netsuite, ap, concurrency)
    return Partner(partner_id, warehouse.engine)
