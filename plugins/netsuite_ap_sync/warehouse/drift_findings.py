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
    keys = {"partner_id": partner_id, "run_id": run_id, "now": now}
    with engine.begin() as conn:
        conn.execute(load_sql("drift/clear.sql"), {"partner_id": partner_id})
        for finding in findings:
            values = {"repair": None, "repair_outcome": None, **finding}
            conn.execute(load_sql("drift/insert.sql"), {**values, **keys})
            count += 1
        conn.execute(load_sql("drift/clear_audit.sql"), {"partner_id": partner_id})
        conn.execute(load_sql("drift/record_audit.sql"), {**keys, "findings": count})
    return count


def listing(engine: Engine, partner_id: str = "") -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(load_sql("drift/listing.sql"), {"partner_id": partner_id}).mappings()
        return [dict(r) for r in rows]


def counts(engine: Engine) -> dict[str, dict]:
    """partner id -> {findings, for_a_person, run_id, audited_at} of its latest audit (partners
    never audited are left out)."""
    with engine.connect() as conn:
        rows = conn.execute(load_sql("drift/counts.sql")).mappings()
        return {
            r["partner_id"]: {
                "findings": int(r["findings"]),
                "for_a_person": int(r["for_a_person"] or 0),
                "run_id": r["run_id"],
                "audited_at": r["audited_at"],
            }
            for r in rows
        }
