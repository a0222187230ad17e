"""The schema is created from nothing and re-running the migration changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from netsuite_ap_sync.warehouse.migrations import MIGRATIONS_DIR, applied_versions, available, migrate

CORE_TABLES = {
    "partner",
    "sync_state",
    "stg_ns_customer",
    "stg_ns_invoice",
    "stg_ns_deleted_record",
    "stg_ap_payment",
    "stg_ap_payout",
    "id_map",
    "ledger",
    "quarantine",
    "manual_action",
    "sync_report",
}


def _schema(engine) -> dict[str, list[str]]:
    insp = inspect(engine)
    return {t: sorted(c["name"] for c in insp.get_columns(t)) for t in insp.get_table_names()}


def test_migration_creates_schema_from_nothing(empty_warehouse):
    assert inspect(empty_warehouse.engine).get_table_names() == []
    applied = migrate(empty_warehouse.engine)
    assert applied == [m.version for m in available()]
    assert set(inspect(empty_warehouse.engine).get_table_names()) >= CORE_TABLES


def test_second_migration_is_a_noop(warehouse):
    before = _schema(warehouse.engine)
    assert migrate(warehouse.engine) == []
    assert _schema(warehouse.engine) == before
    assert applied_versions(warehouse.engine) == {m.version for m in available()}


def test_staging_tables_keep_raw_json_typed_columns_run_and_outcome(warehouse):
    for table in (t for t in CORE_TABLES if t.startswith("stg_")):
        columns = set(_schema(warehouse.engine)[table])
        assert {"partner_id", "source_id", "source_modified", "run_id", "raw_json"} <= columns, table
        assert {"validation_status", "outcome", "outcome_rule"} <= columns, table


def test_unused_customer_payment_staging_is_dropped(empty_warehouse, tmp_path: Path):
    # 0008 drops the table 0001 created and nothing ever wrote, from a warehouse at 0007 too.
    upto_7 = tmp_path / "migrations"
    upto_7.mkdir()
    for migration in available():
        if migration.version <= 7:
            (upto_7 / migration.path.name).write_text(migration.path.read_text())
    migrate(empty_warehouse.engine, upto_7)
    assert "stg_ns_customer_payment" in inspect(empty_warehouse.engine).get_table_names()
    assert migrate(empty_warehouse.engine)[:1] == [8]  # then any later migrations
    assert "stg_ns_customer_payment" not in inspect(empty_warehouse.engine).get_table_names()


def test_failed_migration_leaves_nothing_behind(empty_warehouse, tmp_path: Path):
    broken = tmp_path / "migrations"
    broken.mkdir()
    (broken / "0001_core.sql").write_text((MIGRATIONS_DIR / "0001_core.sql").read_text())
    (broken / "0002_broken.sql").write_text("CREATE TABLE half_done (x INTEGER);\nCREATE TABLE oops (;\n")
    with pytest.raises(Exception):  # noqa: B017 - the driver's own syntax error
        migrate(empty_warehouse.engine, broken)
    tables = set(inspect(empty_warehouse.engine).get_table_names())
    assert "half_done" not in tables, "a failed migration must roll back whole"
    assert applied_versions(empty_warehouse.engine) == {1}


def test_badly_named_migration_file_is_refused(tmp_path: Path):
    (tmp_path / "1_core.sql").write_text("SELECT 1;")
    with pytest.raises(ValueError, match="NNNN_description"):
        available(tmp_path)


def test_partner_status_is_constrained(warehouse):
    with pytest.raises(Exception, match=r"(?i)check"), warehouse.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO partner (partner_id, name, netsuite_conn_id, ap_conn_id, status,"
                " created_at, updated_at) VALUES ('p', 'P', 'ns', 'ap', 'bogus', :t, :t)"
            ),
            {"t": "2026-01-01 00:00:00"},
        )
