"""What the warehouse knows about each partner's pending work, for every partner in one read each:
open staging records, failed PDF uploads, watermarks and when a scheduled DAG last took the partner."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse.clock import utcnow
from netsuite_ap_sync.warehouse.sql import load_sql, select_in

# The sync_state object under which a DAG records when it last took a partner.
TAKEN_PREFIX = "taken:"
# Where the hourly steps keep how far they have read an AP mirror: the payments steps refresh the
# mirrors too, so the mirror's own watermark may have moved past a change the hourly has not handled.
HOURLY_READ_PREFIX = "hourly_read:"


@dataclass(frozen=True)
class OpenRecords:
    unfinished: int = 0  # new or held: the next run must try them
    quarantined: int = 0  # waiting for a change, retried with other work or at a sweep


def open_records(engine: Engine, cycle: str) -> dict[str, OpenRecords]:
    """Per partner, the open records of ``cycle`` (``payments`` or ``hourly``)."""
    with engine.connect() as conn:
        rows = conn.execute(load_sql(f"work/open_{cycle}.sql"))
        return {r.partner_id: OpenRecords(int(r.unfinished or 0), int(r.quarantined or 0)) for r in rows}


def failed_pdfs(engine: Engine, dag_id: str) -> dict[str, int]:
    """Per partner, the PDF uploads that failed in the last run of ``dag_id`` that took it."""
    with engine.connect() as conn:
        rows = conn.execute(load_sql("work/failed_pdfs.sql"), {"taken": taken_key(dag_id)})
        return {r.partner_id: int(r.failed) for r in rows}


def own_ap_writes(engine: Engine, partner_id: str, ap_ids: Iterable[str], since: datetime) -> set[str]:
    """Which of ``ap_ids`` this integration posted to AP for the partner since ``since``."""
    rows = select_in(engine, "work/own_ap_writes.sql", "ap_ids", ap_ids, partner_id=partner_id, since=since)
    return {r["remote_id"] for r in rows}


def sync_states(
    engine: Engine, object_types: Iterable[str], partner_ids: Iterable[str] | None = None
) -> dict[tuple[str, str], dict]:
    """(partner, object) -> {watermark, updated_at} for the named objects, every partner (or the
    named ones) at once."""
    if partner_ids is None:
        rows = select_in(engine, "work/sync_state_of.sql", "object_types", object_types)
    else:
        types = sorted(set(object_types))
        rows = select_in(engine, "work/sync_state_of_partners.sql", "partner_ids", partner_ids, object_types=types)
    return {(r["partner_id"], r["object_type"]): r for r in rows}


def taken_key(dag_id: str) -> str:
    return f"{TAKEN_PREFIX}{dag_id}"


def hourly_read_key(object_type: str) -> str:
    """The watermark ``object_type`` (an AP mirror) had when the hourly steps last read it."""
    return f"{HOURLY_READ_PREFIX}{object_type}"


def mark_taken(
    engine: Engine, dag_id: str, partner_ids: Iterable[str], run_id: str, now: datetime | None = None
) -> None:
    """Record that a run of ``dag_id`` took these partners (the oldest mark goes first next time)."""
    now = now or utcnow()
    rows = [
        {"partner_id": p, "object_type": taken_key(dag_id), "watermark": now.isoformat(), "run_id": run_id, "now": now}
        for p in partner_ids
    ]
    if rows:
        with engine.begin() as conn:
            conn.execute(load_sql("sync_state/advance.sql"), rows)
