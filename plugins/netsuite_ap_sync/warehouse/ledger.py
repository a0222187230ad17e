"""The ledger: every mutation posted to either system, under a unique key.

The protocol that keeps a crash from losing or doubling a mutation:
``claim`` writes the intent (pending) before the call; ``mark_posted`` records
the remote id after it. A pending entry found on a later attempt means the
call may have gone through: the poster must look the record up by its
external id before calling again.

A mutation the target refused as invalid is marked ``refused``: a later claim with the
same payload does not start it again (no request), one with another payload (the record
changed) does, and ``retry_refused`` lets a person ask for it to be sent again as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse.clock import utcnow
from netsuite_ap_sync.warehouse.sql import load_sql, select_in


@dataclass(frozen=True)
class LedgerEntry:
    idempotency_key: str
    partner_id: str
    target_system: str
    action: str
    object_type: str
    source_id: str
    rules: str
    payload_hash: str
    status: str
    attempts: int
    remote_id: str | None
    last_error: str | None
    refused: bool = False

    @property
    def done(self) -> bool:
        return self.status in ("posted", "deleted_by_partner")


def claim(
    engine: Engine,
    *,
    key: str,
    partner_id: str,
    target_system: str,
    action: str,
    object_type: str,
    source_id: str,
    rules: str,
    payload_hash: str,
    run_id: str,
) -> LedgerEntry:
    """Write the intent (once per key) and count an attempt; return the entry as it now stands."""
    params = {
        "key": key,
        "partner_id": partner_id,
        "target_system": target_system,
        "action": action,
        "object_type": object_type,
        "source_id": source_id,
        "rules": rules,
        "payload_hash": payload_hash,
        "run_id": run_id,
        "now": utcnow(),
    }
    with engine.begin() as conn:
        conn.execute(load_sql("ledger/claim.sql"), params)
        conn.execute(load_sql("ledger/start_attempt.sql"), params)
        row = conn.execute(load_sql("ledger/get.sql"), {"key": key}).mappings().one()
    return _entry(row)


def _entry(row) -> LedgerEntry:
    return LedgerEntry(**{**row, "refused": bool(row["refused"])})


def get(engine: Engine, key: str) -> LedgerEntry | None:
    with engine.connect() as conn:
        row = conn.execute(load_sql("ledger/get.sql"), {"key": key}).mappings().first()
    return _entry(row) if row else None


def mark_posted(engine: Engine, key: str, remote_id: str | None) -> None:
    with engine.begin() as conn:
        conn.execute(load_sql("ledger/mark_posted.sql"), {"key": key, "remote_id": remote_id, "now": utcnow()})


def record_carried(
    engine: Engine,
    *,
    keys: dict[str, str],
    partner_id: str,
    target_system: str,
    action: str,
    rules: str,
    payload_hash: str,
    remote_id: str,
    run_id: str,
) -> None:
    """Payments posted inside another mutation (``keys``: payment id -> its key), each posted as ``remote_id``.

    Written right after the call and before that mutation is marked posted, so a crash
    in between writes them again on the retry (a second write of a key inserts nothing).
    """
    now = utcnow()
    rows = [
        {
            "key": key,
            "partner_id": partner_id,
            "target_system": target_system,
            "action": action,
            "source_id": source_id,
            "rules": rules,
            "payload_hash": payload_hash,
            "remote_id": remote_id,
            "run_id": run_id,
            "now": now,
        }
        for source_id, key in keys.items()
    ]
    if rows:
        with engine.begin() as conn:
            conn.execute(load_sql("ledger/record_carried.sql"), rows)


def mark_failed(engine: Engine, key: str, error: str) -> None:
    with engine.begin() as conn:
        conn.execute(load_sql("ledger/mark_failed.sql"), {"key": key, "error": error[:2000], "now": utcnow()})


def mark_refused(engine: Engine, key: str, error: str) -> None:
    with engine.begin() as conn:
        conn.execute(load_sql("ledger/mark_refused.sql"), {"key": key, "error": error[:2000], "now": utcnow()})


def retry_refused(engine: Engine, partner_id: str, object_type: str | None = None, source_id: str | None = None) -> int:
    """Let the next run send a partner's refused mutations again (of one record when named); how many."""
    with engine.begin() as conn:
        result = conn.execute(
            load_sql("ledger/retry_refused.sql"),
            {"partner_id": partner_id, "object_type": object_type, "source_id": source_id, "now": utcnow()},
        )
    return result.rowcount


def mark_deleted_by_partner(engine: Engine, partner_id: str, remote_id: str) -> bool:
    with engine.begin() as conn:
        result = conn.execute(
            load_sql("ledger/mark_deleted_by_partner.sql"),
            {"partner_id": partner_id, "remote_id": remote_id, "now": utcnow()},
        )
    return result.rowcount > 0


# What the ledger knows of a source record: the NetSuite record posted for it.
_POSTED_AS = ("create_customer_payment", "create_deposit", "deposit_line")


def posted_facts(engine: Engine, partner_id: str, object_type: str, source_ids: Iterable[str]) -> dict[str, dict]:
    """Per source id: the NetSuite record posted for it (for an S7 payment, the deposit holding it
    as a line, with that line's ledger key) and whether the partner deleted it."""
    facts: dict[str, dict] = {}
    rows = select_in(
        engine, "ledger/by_sources.sql", "source_ids", source_ids, partner_id=partner_id, object_type=object_type
    )
    for row in rows:
        if row["action"] in _POSTED_AS and row["status"] in ("posted", "deleted_by_partner"):
            facts[row["source_id"]] = {
                "remote_id": row["remote_id"],
                "deleted_by_partner": row["status"] == "deleted_by_partner",
                "key": row["idempotency_key"],
            }
    return facts


def source_of_remote(engine: Engine, partner_id: str, remote_id: str) -> str | None:
    """The AP payment a NetSuite record was posted for, if this integration posted it."""
    with engine.connect() as conn:
        row = conn.execute(
            load_sql("ledger/source_of_remote.sql"), {"partner_id": partner_id, "remote_id": remote_id}
        ).first()
    return row[0] if row else None


def deleted_by_partner(engine: Engine, partner_id: str) -> set[str]:
    """AP payments whose NetSuite customer payment the partner deleted (F7)."""
    with engine.connect() as conn:
        return {r[0] for r in conn.execute(load_sql("ledger/deleted_by_partner.sql"), {"partner_id": partner_id})}
