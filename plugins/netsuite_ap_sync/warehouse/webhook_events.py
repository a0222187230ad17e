"""The AP webhook event queue: what the receiver enqueues and the event-driven DAG takes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse.clock import utcnow
from netsuite_ap_sync.warehouse.sql import load_sql


@dataclass(frozen=True)
class PendingPartner:
    """A partner with events not yet taken; ``last_id`` bounds what a take marks."""

    partner_id: str
    events: int
    last_id: int
    oldest_received_at: datetime | str


def enqueue(engine: Engine, partner_id: str, event: dict[str, Any]) -> bool:
    """Store one delivered event; False when this partner's event id was already queued."""
    data = event.get("data")
    object_id = data.get("id") if isinstance(data, dict) else None
    row = {
        "partner_id": partner_id,
        "event_id": event["id"],
        "topic": event["topic"],
        "object_id": object_id if isinstance(object_id, str) else None,
        "now": utcnow(),
        "payload_json": json.dumps(event, sort_keys=True),
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


def for_partner(engine: Engine, partner_id: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(load_sql("webhook_events/by_partner.sql"), {"partner_id": partner_id}).mappings()
        return [{**row, "payload": json.loads(row["payload_json"])} for row in rows]
