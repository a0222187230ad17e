"""NetSuite internal id <-> AP id, per partner and object."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse.clock import utcnow
from netsuite_ap_sync.warehouse.sql import load_sql


def put(engine: Engine, partner_id: str, object_type: str, netsuite_id: str, ap_id: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            load_sql("id_map/put.sql"),
            {
                "partner_id": partner_id,
                "object_type": object_type,
                "netsuite_id": netsuite_id,
                "ap_id": ap_id,
                "now": utcnow(),
            },
        )


def put_many(engine: Engine, partner_id: str, object_type: str, pairs: Iterable[tuple[str, str]]) -> None:
    """``put`` for many (netsuite id, AP id) pairs in one transaction."""
    now = utcnow()
    rows = [
        {"partner_id": partner_id, "object_type": object_type, "netsuite_id": ns, "ap_id": ap, "now": now}
        for ns, ap in pairs
    ]
    if rows:
        with engine.begin() as conn:
            conn.execute(load_sql("id_map/put.sql"), rows)


def netsuite_to_ap(engine: Engine, partner_id: str, object_type: str) -> dict[str, str]:
    with engine.connect() as conn:
        rows = conn.execute(load_sql("id_map/all.sql"), {"partner_id": partner_id, "object_type": object_type})
        return {ns: ap for ns, ap in rows}


def ap_id_for(engine: Engine, partner_id: str, object_type: str, netsuite_id: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(
            load_sql("id_map/get.sql"),
            {"partner_id": partner_id, "object_type": object_type, "netsuite_id": netsuite_id},
        ).scalar()
