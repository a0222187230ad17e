"""Run reports and the list of things a person must do by hand."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal

from sqlalchemy import Connection, Engine

from netsuite_ap_sync.warehouse.clock import utcnow
from netsuite_ap_sync.warehouse.entries import update_open_entry
from netsuite_ap_sync.warehouse.sql import load_sql


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
    refused: int = 0,
    seconds: float | None = None,
) -> None:
    """Add a step's counts to the run's report; its quarantines by check are those the run saw."""
    key = {"partner_id": partner_id, "dag_id": dag_id, "run_id": run_id, "object_type": object_type}
    with engine.begin() as conn:
        conn.execute(
            load_sql("reports/write.sql"),
            {
                **key,
                "direction": direction,
                "read_count": read_count,
                "applied": applied,
                "held": held,
                "skipped": json.dumps(dict(skipped), sort_keys=True),
                "quarantined": json.dumps(dict(quarantined), sort_keys=True),
                "refused": refused,
                "seconds": round(seconds, 3) if seconds is not None else None,
                "now": utcnow(),
            },
        )
        _record_quarantines(conn, key, dict(quarantined))


# Records named per check in a run report, with their reasons.
SAMPLES = 3


def open_report(engine: Engine, partner_id: str, *, dag_id: str, run_id: str, object_type: str, direction: str) -> None:
    """Begin the run's report of an object, if not begun, before a step quarantines anything."""
    with engine.begin() as conn:
        conn.execute(
            load_sql("reports/open.sql"),
            {
                "partner_id": partner_id,
                "dag_id": dag_id,
                "run_id": run_id,
                "object_type": object_type,
                "direction": direction,
                "now": utcnow(),
            },
        )


def record_quarantines(engine: Engine, partner_id: str, *, dag_id: str, run_id: str, object_type: str) -> dict:
    """Write into the run's report what it left in quarantine, by check; return that."""
    key = {"partner_id": partner_id, "dag_id": dag_id, "run_id": run_id, "object_type": object_type}
    with engine.begin() as conn:
        counts = json.loads(conn.execute(load_sql("reports/get_quarantined.sql"), key).scalar_one_or_none() or "{}")
        return _record_quarantines(conn, key, counts)


def _record_quarantines(conn: Connection, key: dict, counts: dict[str, int]) -> dict:
    """The run's quarantines as the quarantine table holds them (each record once, however often the
    run looked at it): the entries still open that it recorded since its report began."""
    by_check: dict[str, dict] = {}
    for row in conn.execute(load_sql("reports/seen_quarantine.sql"), key).mappings():
        entry = by_check.setdefault(row["check_name"], {"records": 0, "samples": []})
        entry["records"] += 1
        if len(entry["samples"]) < SAMPLES:
            entry["samples"].append({"source_id": row["source_id"], "reason": row["reason"]})
    conn.execute(load_sql("reports/forget_quarantines.sql"), key)
    if by_check:
        conn.execute(
            load_sql("reports/put_quarantine.sql"),
            [
                {**key, "check_name": check, "records": e["records"], "samples": json.dumps(e["samples"])}
                for check, e in by_check.items()
            ],
        )
    merged = {**counts, **{check: e["records"] for check, e in by_check.items()}}
    conn.execute(load_sql("reports/set_quarantined.sql"), {**key, "quarantined": json.dumps(merged, sort_keys=True)})
    return by_check


def run_quarantines(engine: Engine, partner_id: str, *, dag_id: str, run_id: str, object_type: str) -> dict:
    """A run's quarantines of an object by check: {check: {"records": n, "samples": [...]}}."""
    key = {"partner_id": partner_id, "dag_id": dag_id, "run_id": run_id, "object_type": object_type}
    with engine.connect() as conn:
        rows = conn.execute(load_sql("reports/run_quarantines.sql"), key).mappings()
        return {r["check_name"]: {"records": r["records"], "samples": json.loads(r["samples"])} for r in rows}


def all_run_quarantines(engine: Engine, partner_id: str) -> list[dict]:
    """Every run's quarantines by check, oldest run first, samples parsed."""
    with engine.connect() as conn:
        rows = conn.execute(load_sql("reports/quarantines.sql"), {"partner_id": partner_id}).mappings()
        return [{**r, "samples": json.loads(r["samples"])} for r in rows]


def manual_action_listing(engine: Engine, partner_id: str | None = None, include_done: bool = False) -> list[dict]:
    """Manual actions of every partner (or one), open ones first; done ones only when asked."""
    params = {"partner_id": partner_id or None, "include_done": include_done}
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(load_sql("reports/manual_action_listing.sql"), params).mappings()]


def manual_action_by_id(engine: Engine, action_id: int) -> dict | None:
    with engine.connect() as conn:
        row = conn.execute(load_sql("reports/manual_action_by_id.sql"), {"id": action_id}).mappings().first()
    return dict(row) if row else None


def mark_manual_action_done(engine: Engine, action_id: int, by: str, note: str | None = None) -> dict:
    """A person did what the action asks; who, when and their note are kept. Return the action."""
    note = (note or "").strip() or None
    update_open_entry(engine, "reports/mark_manual_action_done.sql", "manual action", action_id, by=by, note=note)
    return manual_action_by_id(engine, action_id)


def open_manual_action_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(load_sql("reports/open_manual_action_counts.sql")).mappings()
        return {r["partner_id"]: r["n"] for r in rows}


def partner_runs(engine: Engine, partner_id: str, limit: int = 50) -> list[dict]:
    """The partner's runs that reported, newest first per DAG, with their totals."""
    with engine.connect() as conn:
        rows = conn.execute(load_sql("reports/partner_runs.sql"), {"partner_id": partner_id, "limit": limit})
        return [dict(r) for r in rows.mappings()]


def run_report(engine: Engine, partner_id: str, run_id: str | None = None, limit: int = 50) -> list[dict]:
    """A partner's run reports per object (one run's, or the latest), counts parsed."""
    params = {"partner_id": partner_id, "run_id": run_id or None, "limit": limit}
    with engine.connect() as conn:
        rows = conn.execute(load_sql("reports/run_report.sql"), params).mappings()
        return [{**r, "skipped": _counts(r["skipped"]), "quarantined": _counts(r["quarantined"])} for r in rows]


def _counts(value) -> dict:
    return value if isinstance(value, dict) else json.loads(value or "{}")


def manual_reported(engine: Engine, partner_id: str, rule: str, object_type: str) -> set[str]:
    """Source ids already reported to a person under ``rule`` (each report is made once)."""
    with engine.connect() as conn:
        rows = conn.execute(
            load_sql("reports/manual_reported.sql"),
            {"partner_id": partner_id, "rule": rule, "object_type": object_type},
        )
        return {r[0] for r in rows}


def moved(engine: Engine, partner_id: str) -> list[dict]:
    """What moved each way."""
    return _rows(engine, "reports/moved.sql", partner_id)


def held(engine: Engine, partner_id: str) -> list[dict]:
    """What is held, and why."""
    return _rows(engine, "reports/held.sql", partner_id)


def _rows(engine: Engine, statement: str, partner_id: str) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(load_sql(statement), {"partner_id": partner_id}).mappings()]
