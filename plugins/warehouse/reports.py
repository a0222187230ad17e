"""Run reports and the list of things a person must do by hand."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal

from sqlalchemy import Engine

from warehouse.clock import utcnow
from warehouse.sql import load_sql


def report_manual_action(
    engine: Engine,
    partner_id: str,
    *,
    rule: str,
    object_type: str,
    source_id: str,
    message: str,
    invoice_number: str | None = None,
    amount: Decimal | None = None,
    run_id: str | None = None,
) -> bool:
    """Record an action for a person, once; True when it is new."""
    with engine.begin() as conn:
        result = conn.execute(
            load_sql("reports/manual_action.sql"),
            {
                "partner_id": partner_id,
                "rule": rule,
                "object_type": object_type,
                "source_id": source_id,
                "message": message,
                "invoice_number": invoice_number,
                "amount": amount,
                "run_id": run_id,
                "now": utcnow(),
            },
        )
    return result.rowcount > 0


def manual_actions(engine: Engine, partner_id: str) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(load_sql("reports/manual_actions.sql"), {"partner_id": partner_id}).mappings()
        return [dict(r) for r in rows]


def write_report(
    engine: Engine,
    partner_id: str,
    *,
    dag_id: str,
    run_id: str,
    object_type: str,
    direction: str,
    read_count: int,
    applied: int,
    held: int,
    skipped: Mapping[str, int],
    quarantined: Mapping[str, int],
    seconds: float | None = None,
) -> None:
    with engine.begin() as conn:
        conn.execute(
            load_sql("reports/write.sql"),
            {
                "partner_id": partner_id,
                "dag_id": dag_id,
                "run_id": run_id,
                "object_type": object_type,
                "direction": direction,
                "read_count": read_count,
                "applied": applied,
                "held": held,
                "skipped": json.dumps(dict(skipped), sort_keys=True),
                "quarantined": json.dumps(dict(quarantined), sort_keys=True),
                "seconds": round(seconds, 3) if seconds is not None else None,
                "now": utcnow(),
            },
        )
