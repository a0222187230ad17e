"""Quarantine: records that failed a check, with the reason, retried later."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine

from warehouse.clock import utcnow
from warehouse.sql import load_sql


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
