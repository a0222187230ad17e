"""The invoices reconciliation plans, read in one query with their AP mirror and lines, on both dialects."""

from __future__ import annotations

import pickle
from decimal import Decimal

import pytest
from sqlalchemy import text

from netsuite_ap_sync.warehouse import ap_mirror, partners, staging


@pytest.fixture
def acme(warehouse):
    partners.register(warehouse.engine, "acme", "Acme IT", "netsuite_acme", "ap_acme", concurrency=5)
    return warehouse.engine


def _invoice(source_id: str, modified: str, run_id: str = "run-1", **extra) -> dict:
    return {
        "partner_id": "acme",
        "run_id": run_id,
        "source_id": source_id,
        "source_modified": modified,
        "raw_json": f'{{"id": "{source_id}", "memo": "m{source_id}"}}',
        "tran_id": f"INV{source_id}",
        "customer_id": "7",
        "currency": "USD",
        "total": Decimal("100.00"),
        "amount_unpaid": Decimal("100.00"),
        **extra,
    }


def _line(invoice_id: str, line_id: str, modified: str, quantity: str, amount: str) -> dict:
    return {
        "partner_id": "acme",
        "run_id": "run-1",
        "invoice_id": invoice_id,
        "line_id": line_id,
        "source_modified": modified,
        "item": f"item {line_id}",
        "description": None,
        "quantity": Decimal(quantity),
        "rate": None,
        "amount": Decimal(amount),
    }


def _mirror(ap_id: str, external_id: str) -> dict:
    return {
        "ap_id": ap_id,
        "external_id": external_id,
        "customer_id": "c1",
        "invoice_number": f"INV{external_id}",
        "currency": "USD",
        "due_date": "2026-01-31",
        "total": Decimal("100.00"),
        "amount_due": Decimal("100.00"),
        "status": "open",
        "paid_via": None,
        "line_items": "[]",
        "memo": None,
        "pdf_source_version": None,
        "updated_at": "2026-01-01T00:00:00Z",
    }


def _set(engine, source_id: str, **values) -> None:
    assignments = ", ".join(f"{k} = :{k}" for k in values)
    statement = text(f"UPDATE stg_ns_invoice SET {assignments} WHERE source_id = :sid")
    with engine.begin() as conn:
        conn.execute(statement, {**values, "sid": source_id})


@pytest.fixture
def staged(acme):
    """Five versions: three passed and open (one with two AP invoices under its id), one
    failed, one already applied; lines of two versions of invoice 1."""
    staging.insert(
        acme,
        "stg_ns_invoice",
        [
            _invoice("1", "2026-01-02 00:00:00"),
            _invoice("2", "2026-01-01 00:00:00", run_id="run-2"),
            _invoice("3", "2026-01-03 00:00:00"),
            _invoice("4", "2026-01-01 00:00:00"),
            _invoice("5", "2026-01-01 00:00:00"),
        ],
    )
    for source_id in ("1", "2", "3", "4", "5"):
        _set(acme, source_id, validation_status="passed")
    _set(acme, "4", validation_status="failed")
    _set(acme, "5", outcome="applied")
    staging.insert(
        acme,
        "stg_ns_invoice_line",
        [
            _line("1", "10", "2026-01-02 00:00:00", "3.5", "30.00"),
            _line("1", "2", "2026-01-02 00:00:00", "1", "10.00"),
            _line("1", "9", "2026-01-02 00:00:00", "2.25", "60.00"),
            _line("1", "2", "2025-12-01 00:00:00", "8", "99.00"),  # an older version's line
        ],
    )
    ap_mirror.upsert_invoices(acme, "acme", [_mirror("ap-b", "1"), _mirror("ap-a", "1"), _mirror("ap-c", "3")])
    return acme


def _read(engine, **kwargs) -> list[dict]:
    return [row for batch in staging.invoices_to_plan(engine, "acme", **kwargs) for row in batch]


def test_passed_open_invoices_come_in_work_set_order_with_mirror_and_lines(staged):
    rows = _read(staged)
    assert [r["source_id"] for r in rows] == ["2", "1", "3"]
    by_id = {r["source_id"]: r for r in rows}
    assert by_id["2"]["mirror"] is None and by_id["2"]["lines"] == []
    assert by_id["3"]["mirror"]["ap_id"] == "ap-c"
    assert by_id["3"]["mirror"]["invoice_number"] == "INV3"
    lines = by_id["1"]["lines"]
    assert [line["line_id"] for line in lines] == ["2", "9", "10"]  # line order, this version only
    assert [Decimal(line["quantity"]) for line in lines] == [Decimal(1), Decimal("2.25"), Decimal("3.5")]
    assert [Decimal(line["amount"]) for line in lines] == [Decimal(10), Decimal(60), Decimal(30)]
    assert by_id["1"]["raw_json"] == '{"id": "1", "memo": "m1"}'


def test_two_ap_invoices_under_one_external_id_give_one_row_planned_against_the_first(staged):
    rows = [r for r in _read(staged) if r["source_id"] == "1"]
    assert len(rows) == 1 and rows[0]["mirror"]["ap_id"] == "ap-a"


def test_run_ids_narrow_the_work_set(staged):
    assert [r["source_id"] for r in _read(staged, run_ids=["run-2"])] == ["2"]
    assert _read(staged, run_ids=[]) == []


def test_batches_hold_at_most_size_rows_and_travel_to_a_planning_process(staged):
    batches = list(staging.invoices_to_plan(staged, "acme", size=2))
    assert [len(b) for b in batches] == [2, 1]
    assert list(pickle.loads(pickle.dumps(batches[0]))) == list(batches[0])  # noqa: S301 (our own bytes)
