"""A person's action on one open entry (a quarantined record, a manual action), by its id."""

from __future__ import annotations

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse.clock import utcnow
from netsuite_ap_sync.warehouse.sql import load_sql


class UnknownEntry(LookupError):
    def __init__(self, what: str, entry_id: int):
        super().__init__(f"no open {what} with id {entry_id}; it may have been closed already")


def update_open_entry(engine: Engine, statement: str, what: str, entry_id: int, **values) -> None:
    """Run ``statement`` on the open entry ``entry_id`` (with ``now``); ``UnknownEntry`` when none is open."""
    with engine.begin() as conn:
        changed = conn.execute(load_sql(statement), {"id": entry_id, "now": utcnow(), **values}).rowcount
    if not changed:
        raise UnknownEntry(what, entry_id)
