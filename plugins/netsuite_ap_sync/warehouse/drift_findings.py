"""The drift audit's findings per partner, and the ledger's list of records posted in NetSuite."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse.clock import utcnow
from netsuite_ap_sync.warehouse.sql import load_sql


def posted_netsuite_records(engine: Engine, partner_id: str) -> list[dict]:
    """(object_type, source_id, remote_id) of each customer payment and deposit this integration posted."""
    with engine.connect() as conn:
        rows = conn.execute(load_sql("drift/posted_netsuite_records.sql"), {"partner_id": partner_id}).mappings()
        return [dict(r) for r in rows]


def replace(engine: Engine, partner_id: str, run_id: str, findings: Iterable[Mapping]) -> int:
    """Store the partner's latest audit in place of the one before; how many findings."""
    now, count = utcnow(), 0
    with engine.begin() as conn:
        conn.execute(load_sql("drift/clear.sql"), {"partner_id": partner_id})
        for finding in findings:
            values = {"repair": None, "repair_outcome": None, **finding}
            conn.execute(
                load_sql("drift/insert.sql"), {**values, "partner_id": partner_id, "run_id": run_id, "now": now}
            )
            count += 1
    return count


def listing(engine: Engine, partner_id: str = "") -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(load_sql("drift/listing.sql"), {"partner_id": partner_id}).mappings()
        return [dict(r) for r in rows]


def counts(engine: Engine) -> dict[str, dict[str, int]]:
    """partner id -> {findings, for_a_person} of its latest audit (partners never audited are left out)."""
    with engine.connect() as conn:
        rows = conn.execute(load_sql("drift/counts.sql")).mappings()
        return {
            r["partner_id"]: {"findings": int(r["findings"]), "for_a_person": int(r["for_a_person"] or 0)} for r in rows
        }
