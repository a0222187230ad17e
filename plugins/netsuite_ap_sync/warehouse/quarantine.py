"""Quarantine: records that failed a check, with the reason, retried later."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse.clock import utcnow
from netsuite_ap_sync.warehouse.entries import update_open_entry
from netsuite_ap_sync.warehouse.sql import load_sql


@dataclass(frozen=True)
class Failure:
    object_type: str
    source_id: str
    check_name: str
    reason: str
    raw: dict | None = None


def record(engine: Engine, partner_id: str, failures: Iterable[Failure]) -> int:
    now = utcnow()
    rows = [
        {
            "partner_id": partner_id,
            "object_type": f.object_type,
            "source_id": f.source_id,
            "check_name": f.check_name,
            "reason": f.reason,
            "raw_json": json.dumps(f.raw, default=str) if f.raw is not None else None,
            "now": now,
        }
        for f in failures
    ]
    if rows:
        with engine.begin() as conn:
            conn.execute(load_sql("quarantine/record.sql"), rows)
    return len(rows)


def resolve(engine: Engine, partner_id: str, object_type: str, source_ids: Iterable[str]) -> None:
    rows = [{"partner_id": partner_id, "object_type": object_type, "source_id": s, "now": utcnow()} for s in source_ids]
    if rows:
        with engine.begin() as conn:
            conn.execute(load_sql("quarantine/resolve.sql"), rows)


def open_entries(engine: Engine, partner_id: str) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(load_sql("quarantine/open.sql"), {"partner_id": partner_id}).mappings()]


# What a person may do to close a quarantined record.
CLOSING_ACTIONS = ("resolved", "ignored")
LISTING_LIMIT = 500


def listing(
    engine: Engine,
    partner_id: str | None = None,
    object_type: str | None = None,
    check_name: str | None = None,
    include_closed: bool = False,
    limit: int = LISTING_LIMIT,
) -> list[dict]:
    """Quarantined records, newest first; each filter is optional."""
    params = {
        "partner_id": partner_id or None,
        "object_type": object_type or None,
        "check_name": check_name or None,
        "include_closed": include_closed,
        "limit": limit,
    }
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(load_sql("quarantine/listing.sql"), params).mappings()]


def by_id(engine: Engine, entry_id: int) -> dict | None:
    with engine.connect() as conn:
        row = conn.execute(load_sql("quarantine/by_id.sql"), {"id": entry_id}).mappings().first()
    return dict(row) if row else None


def filters(engine: Engine) -> list[dict]:
    """(partner, object, check) of every open record: the choices of the page's filters."""
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(load_sql("quarantine/filters.sql")).mappings()]


def open_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {r["partner_id"]: r["n"] for r in conn.execute(load_sql("quarantine/open_counts.sql")).mappings()}


def request_retry(engine: Engine, entry_id: int, by: str, note: str | None = None) -> dict:
    """Record that a person asked for the open record to be tried again; return the record."""
    return _act(engine, "quarantine/request_retry.sql", entry_id, by=by, note=note)


def close(engine: Engine, entry_id: int, action: str, by: str, note: str) -> dict:
    """A person resolves or ignores an open record, with a note saying why; return the record."""
    if action not in CLOSING_ACTIONS:
        raise ValueError(f"a quarantined record is closed as one of {CLOSING_ACTIONS}, not {action!r}")
    if not (note or "").strip():
        raise ValueError("say in a note why the record is closed")
    return _act(engine, "quarantine/close_by_person.sql", entry_id, action=action, by=by, note=note.strip())


def _act(engine: Engine, statement: str, entry_id: int, **values) -> dict:
    update_open_entry(engine, statement, "quarantined record", entry_id, **values)
    return by_id(engine, entry_id)


def open_ids(engine: Engine, partner_id: str, object_type: str) -> set[str]:
    """Source ids of the object with an open quarantine entry."""
    with engine.connect() as conn:
        rows = conn.execute(load_sql("quarantine/open_ids.sql"), {"partner_id": partner_id, "object_type": object_type})
        return {r[0] for r in rows}
