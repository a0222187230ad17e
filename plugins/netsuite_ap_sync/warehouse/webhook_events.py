"""The AP webhook event queue: what the receiver enqueues and the event-driven DAG takes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse.clock import utcnow
from netsuite_ap_sync.warehouse.sql import load_sql, select_in

SOURCES = ("webhook", "replay")


@dataclass(frozen=True)
class PendingPartner:
    """A partner with events not yet taken; ``last_id`` bounds what a take marks."""

    partner_id: str
    events: int
    last_id: int
    oldest_received_at: datetime | str


def enqueue(engine: Engine, partner_id: str, event: dict[str, Any], source: str = "webhook") -> bool:
    """Store one event, delivered (``webhook``) or found by the replay (``replay``); False when this
    partner's event id was already queued."""
    if source not in SOURCES:
        raise ValueError(f"unknown webhook event source {source!r}; one of {SOURCES}")
    data = event.get("data")
    object_id = data.get("id") if isinstance(data, dict) else None
    row = {
        "partner_id": partner_id,
        "event_id": event["id"],
        "topic": event["topic"],
        "object_id": object_id if isinstance(object_id, str) else None,
        "now": utcnow(),
        "payload_json": json.dumps(event, sort_keys=True, default=_number),
        "source": source,
    }
    with engine.begin() as conn:
        return conn.execute(load_sql("webhook_events/enqueue.sql"), row).rowcount == 1


def pending_partners(engine: Engine) -> list[PendingPartner]:
    with engine.connect() as conn:
        rows = conn.execute(load_sql("webhook_events/pending_partners.sql")).mappings()
        return [PendingPartner(**row) for row in rows]


def take(engine: Engine, partner_id: str, last_id: int, processed_by: str) -> int:
    """Mark the partner's events up to ``last_id`` taken by ``processed_by``; how many."""
    params = {"partner_id": partner_id, "last_id": last_id, "processed_by": processed_by, "now": utcnow()}
    with engine.begin() as conn:
        return conn.execute(load_sql("webhook_events/take.sql"), params).rowcount


def secret_connection(engine: Engine, partner_id: str) -> tuple[str | None, bool]:
    """The AP connection to read a delivery's secret from, and whether it is ``partner_id``'s own
    (registered, not disconnected); another partner's otherwise, (None, False) with no partner at all."""
    with engine.connect() as conn:
        row = conn.execute(load_sql("webhook_events/secret_connection.sql"), {"partner_id": partner_id}).first()
    return (None, False) if row is None else (row.ap_conn_id, bool(row.known))


def replay_partners(engine: Engine) -> list[str]:
    """The partners the event path replays on a timer (past their last 12 months, not disconnected)."""
    with engine.connect() as conn:
        return list(conn.execute(load_sql("webhook_events/replay_partners.sql")).scalars())


def prune(engine: Engine, before: datetime) -> int:
    """Delete events taken before ``before`` (each partner's newest is kept); how many."""
    with engine.begin() as conn:
        return conn.execute(load_sql("webhook_events/prune.sql"), {"before": before}).rowcount


def for_partner(engine: Engine, partner_id: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(load_sql("webhook_events/by_partner.sql"), {"partner_id": partner_id}).mappings()
        return [{**row, "payload": json.loads(row["payload_json"])} for row in rows]


def sources(engine: Engine, partner_id: str, event_ids: list[str]) -> dict[str, str]:
    """Of these AP event ids, those the partner's queue holds, each with how it came."""
    rows = select_in(engine, "webhook_events/sources.sql", "event_ids", event_ids, partner_id=partner_id)
    return {row["event_id"]: row["source"] for row in rows}


def _number(value: Any) -> Any:
    # A replayed event comes through the AP hook with Decimal amounts; store them as a delivery's JSON numbers.
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)
    raise TypeError(f"cannot store {type(value).__name__} in an event payload")
