"""Watermarks per partner and object, kept in the source's own clock."""

from __future__ import annotations

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse.clock import utcnow
from netsuite_ap_sync.warehouse.sql import load_sql


def get_watermark(engine: Engine, partner_id: str, object_type: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(
            load_sql("sync_state/get.sql"), {"partner_id": partner_id, "object_type": object_type}
        ).scalar()


def advance_watermark(engine: Engine, partner_id: str, object_type: str, watermark: str, run_id: str) -> bool:
    """Move the watermark forward; a value not greater than the stored one changes nothing."""
    with engine.begin() as conn:
        result = conn.execute(
            load_sql("sync_state/advance.sql"),
            {
                "partner_id": partner_id,
                "object_type": object_type,
                "watermark": watermark,
                "run_id": run_id,
                "now": utcnow(),
            },
        )
    return result.rowcount > 0


def watermarks(engine: Engine, partner_id: str) -> list[dict]:
    """Every stream's watermark of a partner, with when it last moved."""
    with engine.connect() as conn:
        rows = conn.execute(load_sql("sync_state/for_partner.sql"), {"partner_id": partner_id}).mappings()
        return [dict(r) for r in rows]
