"""The initial sync's chunks (C2): planned per phase, each done once, and the refusals of a phase."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse.clock import utcnow
from netsuite_ap_sync.warehouse.sql import load_sql


def forget(engine: Engine, partner_id: str) -> None:
    """Drop the partner's planned chunks: a new initial sync plans afresh."""
    with engine.begin() as conn:
        conn.execute(load_sql("initial_sync/forget.sql"), {"partner_id": partner_id})


def plan_chunks(engine: Engine, partner_id: str, phase: str, chunks: Sequence[dict]) -> None:
    """``chunks``: chunk_no, id_low, id_high, unpaid, expected; one already planned stays as it is."""
    now = utcnow()
    rows = [{"partner_id": partner_id, "phase": phase, "now": now, **chunk} for chunk in chunks]
    if rows:
        with engine.begin() as conn:
            conn.execute(load_sql("initial_sync/plan_chunk.sql"), rows)


def chunks(engine: Engine, partner_id: str, phase: str) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(load_sql("initial_sync/chunks.sql"), {"partner_id": partner_id, "phase": phase})
        return [dict(r) for r in rows.mappings()]


def chunk_done(engine: Engine, partner_id: str, phase: str, chunk_no: int, records: int) -> bool:
    """Mark a pending chunk done; False when it was done already (a retry)."""
    params = {"partner_id": partner_id, "phase": phase, "chunk_no": chunk_no, "records": records, "now": utcnow()}
    with engine.begin() as conn:
        return bool(conn.execute(load_sql("initial_sync/chunk_done.sql"), params).rowcount)


def phase_refusals(engine: Engine, partner_id: str, phase: str) -> tuple[int, int, tuple[str, str] | None]:
    """The phase's invoices AP took and refused, and one refused with AP's answer (source id, error)."""
    params = {"partner_id": partner_id, "run_tag": f"initial:{phase}:%"}
    with engine.connect() as conn:
        counts = conn.execute(load_sql("initial_sync/phase_refusals.sql"), params).mappings().one()
        sample = conn.execute(load_sql("initial_sync/phase_refusal_sample.sql"), params).first()
    return int(counts["applied"] or 0), int(counts["refused"] or 0), (sample[0], sample[1]) if sample else None
