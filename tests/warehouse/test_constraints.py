"""The unique constraints the sync relies on to never post twice."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _partner(conn, partner_id: str = "acme") -> None:
    conn.execute(
        text(
            "INSERT INTO partner (partner_id, name, netsuite_conn_id, ap_conn_id, created_at, updated_at)"
            " VALUES (:p, :p, :ns, :ap, :t, :t)"
        ),
        {"p": partner_id, "ns": f"ns_{partner_id}", "ap": f"ap_{partner_id}", "t": NOW},
    )


def _ledger_row(conn, key: str, source_id: str = "1") -> None:
    conn.execute(
        text(
            "INSERT INTO ledger (idempotency_key, partner_id, target_system, action, object_type, source_id,"
            " rules, payload_hash, created_at, updated_at)"
            " VALUES (:k, 'acme', 'netsuite', 'create_customer_payment', 'payment', :s, 'F3', 'h', :t, :t)"
        ),
        {"k": key, "s": source_id, "t": NOW},
    )


def test_ledger_idempotency_key_is_unique(warehouse):
    with warehouse.engine.begin() as conn:
        _partner(conn)
        _ledger_row(conn, "acme:apay-1")
    with pytest.raises(IntegrityError), warehouse.engine.begin() as conn:
        _ledger_row(conn, "acme:apay-1", source_id="other")
    with warehouse.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM ledger")).scalar_one() == 1


def test_id_map_has_one_row_per_source_id(warehouse):
    insert = text(
        "INSERT INTO id_map (partner_id, object_type, netsuite_id, ap_id, created_at)"
        " VALUES ('acme', 'invoice', :ns, :ap, :t)"
    )
    with warehouse.engine.begin() as conn:
        _partner(conn)
        conn.execute(insert, {"ns": "101", "ap": "inv_1", "t": NOW})
    with pytest.raises(IntegrityError), warehouse.engine.begin() as conn:
        conn.execute(insert, {"ns": "101", "ap": "inv_2", "t": NOW})
    with pytest.raises(IntegrityError), warehouse.engine.begin() as conn:
        conn.execute(insert, {"ns": "102", "ap": "inv_1", "t": NOW})


def test_staging_deduplicates_on_id_and_last_modified(warehouse):
    insert = text(
        "INSERT INTO stg_ns_invoice (partner_id, source_id, source_modified, run_id, raw_json, staged_at)"
        " VALUES ('acme', '101', :m, 'r1', '{}', :t)"
    )
    with warehouse.engine.begin() as conn:
        _partner(conn)
        conn.execute(insert, {"m": "2026-01-01 10:00:00", "t": NOW})
        conn.execute(insert, {"m": "2026-01-01 11:00:00", "t": NOW})
    with pytest.raises(IntegrityError), warehouse.engine.begin() as conn:
        conn.execute(insert, {"m": "2026-01-01 10:00:00", "t": NOW})


def test_quarantine_keeps_one_row_per_record_and_check(warehouse):
    insert = text(
        "INSERT INTO quarantine (partner_id, object_type, source_id, check_name, reason,"
        " first_seen, last_seen)"
        " VALUES ('acme', 'invoice', '101', 'amount_unpaid_le_total', 'too much', :t, :t)"
    )
    with warehouse.engine.begin() as conn:
        _partner(conn)
        conn.execute(insert, {"t": NOW})
    with pytest.raises(IntegrityError), warehouse.engine.begin() as conn:
        conn.execute(insert, {"t": NOW})


def test_one_partner_per_netsuite_connection(warehouse):
    with warehouse.engine.begin() as conn:
        _partner(conn, "acme")
    with pytest.raises(IntegrityError), warehouse.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO partner (partner_id, name, netsuite_conn_id, ap_conn_id, created_at, updated_at)"
                " VALUES ('other', 'Other', 'ns_acme', 'ap_other', :t, :t)"
            ),
            {"t": NOW},
        )


def test_one_ap_connection_belongs_to_one_partner(warehouse):
    with warehouse.engine.begin() as conn:
        _partner(conn, "acme")
    with pytest.raises(IntegrityError), warehouse.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO partner (partner_id, name, netsuite_conn_id, ap_conn_id, created_at, updated_at)"
                " VALUES ('beta', 'Beta', 'ns_beta', 'ap_acme', :t, :t)"
            ),
            {"t": NOW},
        )
