"""Partners an operator disconnected (``partner_disconnection``): their runs stop, their rows stay."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine

from netsuite_ap_sync.warehouse.clock import utcnow
from netsuite_ap_sync.warehouse.sql import load_sql


@dataclass(frozen=True)
class Disconnection:
    partner_id: str
    disconnected_at: datetime | str
    disconnected_by: str
    reason: str | None


def record(engine: Engine, partner_id: str, disconnected_by: str, reason: str | None = None) -> bool:
    """Mark the partner disconnected; False when it already was (the first record is kept)."""
    if not (disconnected_by or "").strip():
        raise ValueError("say who disconnects the partner")
    values = {"partner_id": partner_id, "now": utcnow(), "disconnected_by": disconnected_by.strip(), "reason": reason}
    with engine.begin() as conn:
        return conn.execute(load_sql("disconnections/record.sql"), values).rowcount == 1


def get(engine: Engine, partner_id: str) -> Disconnection | None:
    with engine.connect() as conn:
        row = conn.execute(load_sql("disconnections/get.sql"), {"partner_id": partner_id}).mappings().first()
    return None if row is None else Disconnection(**row)


def clear(conn: Connection, partner_id: str) -> None:
    """Inside a registration's transaction: registering the partner again reconnects it."""
    conn.execute(load_sql("disconnections/clear.sql"), {"partner_id": partner_id})
