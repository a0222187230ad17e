"""What booking a reversed AP payment reads: the reversed payments staged, the deposits
that hold a payment, and the reversal steps the ledger shows done."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse.sql import load_sql, select_in

REVERSED_STATUSES = ("failed", "refunded", "chargeback")


def reversed_payments_since(engine: Engine, partner_id: str, since: str | None) -> list[dict]:
    """The AP answers of payments staged as failed, refunded or charged back after ``since``."""
    with engine.connect() as conn:
        rows = conn.execute(
            load_sql("reversals/reversed_payments_since.sql"), {"partner_id": partner_id, "since": since or ""}
        ).mappings()
        return [json.loads(row["raw_json"]) for row in rows]


def deposits_holding(engine: Engine, partner_id: str, payment_ids: Iterable[str]) -> dict[str, str]:
    """Per AP payment: the NetSuite deposit this integration posted with it, if any."""
    held: dict[str, str] = {}
    with engine.connect() as conn:
        for payment_id in sorted(set(payment_ids)):
            pattern = f"%{json.dumps(payment_id)}%"
            rows = conn.execute(
                load_sql("reversals/deposits_naming_payment.sql"), {"partner_id": partner_id, "pattern": pattern}
            ).mappings()
            for row in rows:
                # The LIKE only narrows the search: the payout must list the payment itself.
                if payment_id in json.loads(row["raw_json"]).get("payment_ids", ()):
                    held[payment_id] = str(row["remote_id"])
                    break
    return held


def posted_actions(engine: Engine, partner_id: str, payment_ids: Iterable[str]) -> dict[str, dict[str, str]]:
    """Per reversed AP payment: the reversal actions the ledger shows posted, with their NetSuite ids."""
    done: dict[str, dict[str, str]] = defaultdict(dict)
    for row in select_in(engine, "reversals/posted_actions.sql", "source_ids", payment_ids, partner_id=partner_id):
        done[row["source_id"]][row["action"]] = row["remote_id"]
    return dict(done)
