"""One partner wired to the sandboxes and a fresh warehouse, the way Airflow wires it.

Connections go in as ``AIRFLOW_CONN_*`` variables (the ``warehouse_default``
one too, so the steps find the bench's warehouse and never the user's), the
warehouse is a migrated SQLite file, and the partner is registered with its
NetSuite concurrency limit.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse import partners
from netsuite_ap_sync.warehouse.engine import engine_for
from netsuite_ap_sync.warehouse.migrations import migrate

PARTNER_ID = "bench"


def sqlite_connection(path: Path) -> dict[str, Any]:
    return {"conn_type": "sqlite", "host": str(path)}


@dataclass
class Partner:
    partner_id: str
    engine: Engine
    runs: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def ctx(self, dag_id: str = "bench", dry_run: bool = False):
        """A new run context, as one Airflow task of a run of ``dag_id`` gets."""
        from netsuite_ap_sync.engine.context import context_for

        return context_for(self.partner_id, f"{dag_id}-{next(self.runs)}", dag_id, dry_run)


def set_connection(conn_id: str, connection: dict[str, Any]) -> None:
    os.environ[f"AIRFLOW_CONN_{conn_id.upper()}"] = json.dumps(connection)


def wire_partner(
    warehouse_db: Path,
    netsuite: dict[str, Any],
    ap: dict[str, Any],
    partner_id: str = PARTNER_ID,
    concurrency: int = 5,
) -> Partner:
    """Register ``partner_id`` in a new warehouse at ``warehouse_db``, reaching both sandboxes."""
    set_connection("warehouse_default", sqlite_connection(warehouse_db))
    engine = engine_for("warehouse_default")
    migrate(engine)
    ns_conn, ap_conn = f"netsuite_{partner_id}", f"ap_{partner_id}"
    set_connection(ns_conn, netsuite)
    set_connection(ap_conn, ap)
    partners.register(engine, partner_id, f"Benchmark partner {partner_id}", ns_conn, ap_conn, concurrency)
    return Partner(partner_id, engine)
