"""Staging de-duplicates on (id, last modified, content hash), on both dialects: NetSuite's clock has
one-second steps, so a record changed again within its second is staged again, while a reading of
what is staged is skipped."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from netsuite_ap_sync.mapping import staging_rows
from netsuite_ap_sync.warehouse import partners, staging

SECOND = "2026-03-04 10:20:30"


@pytest.fixture
def acme(warehouse):
    partners.register(warehouse.engine, "acme", "Acme IT", "netsuite_acme", "ap_acme", concurrency=5)
    return warehouse.engine


def invoice(run_id: str = "run-1", **changes) -> dict:
    answer = {
        "id": 104,
        "tranid": "INV-104",
        "entity": 7,
        "trandate": "2026-03-01",
        "duedate": "2026-03-31",
        "currency": 1,
        "currencysymbol": "USD",
        "foreigntotal": 200.0,
        "foreignamountunpaid": 200.0,
        "foreignamountpaid": 0.0,
        "status": "Invoice : Open",
        "memo": "March support",
        "voided": "F",
        "lastmodifieddate": SECOND,
        **changes,
    }
    return staging_rows.ns_invoice(answer, "acme", run_id)


def stored(engine) -> list[dict]:
    with engine.connect() as conn:
        query = text(
            "SELECT source_modified, content_hash, due_date, validation_status, outcome FROM stg_ns_invoice ORDER BY id"
        )
        return [dict(r) for r in conn.execute(query).mappings()]


def finish(engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE stg_ns_invoice SET validation_status = 'passed', outcome = 'applied'"))


def test_content_hash_is_one_per_reading_of_the_typed_values_and_the_answer():
    first = invoice()
    assert len(first["content_hash"]) == 64
    assert invoice(run_id="run-2")["content_hash"] == first["content_hash"], "where it was read is not content"
    assert invoice(foreigntotal=250.0)["content_hash"] != first["content_hash"]
    assert invoice(memo="April support")["content_hash"] != first["content_hash"], "a field only the raw JSON has"
    payout = staging_rows.ap_payout({"id": "po_1", "updated_at": "2026-03-04T10:20:30Z", "total": "5.00"}, "acme", "r")
    assert len(payout["content_hash"]) == 64


def test_S5_same_second_edit_is_staged_again_and_an_unchanged_reading_is_not(acme):
    assert staging.insert(acme, "stg_ns_invoice", [invoice()]) == 1
    finish(acme)
    assert staging.insert(acme, "stg_ns_invoice", [invoice(run_id="run-2")]) == 0
    assert [(r["validation_status"], r["outcome"]) for r in stored(acme)] == [("passed", "applied")]

    edited = invoice(run_id="run-3", duedate="2026-04-15")
    assert staging.insert(acme, "stg_ns_invoice", [edited]) == 1
    [row] = stored(acme)
    assert (row["source_modified"], row["content_hash"]) == (SECOND, edited["content_hash"])
    assert str(row["due_date"]) == "2026-04-15"
    assert (row["validation_status"], row["outcome"]) == ("pending", None), "processed again"


def test_row_staged_before_hashes_is_compared_by_its_raw_json(acme):
    staging.insert(acme, "stg_ns_invoice", [invoice()])
    finish(acme)
    with acme.begin() as conn:
        conn.execute(text("UPDATE stg_ns_invoice SET content_hash = NULL"))
    assert staging.insert(acme, "stg_ns_invoice", [invoice(run_id="run-2")]) == 0
    assert stored(acme)[0]["content_hash"] is None
    assert staging.insert(acme, "stg_ns_invoice", [invoice(run_id="run-3", memo="changed")]) == 1
    assert stored(acme)[0]["content_hash"] == invoice(memo="changed")["content_hash"]


def test_lines_of_a_version_read_with_other_content_are_dropped_to_be_read_again(acme):
    first = invoice()
    staging.insert(acme, "stg_ns_invoice", [first])
    line = {
        "transaction": 104,
        "id": 1,
        "item": 3,
        "memo": "Backup",
        "quantity": -2,
        "rate": 100,
        "foreignamount": -200,
    }
    staging.insert(acme, "stg_ns_invoice_line", [staging_rows.ns_invoice_line(line, SECOND, "acme", "run-1")])

    assert staging.staged_with_lines(acme, "acme", [invoice(run_id="run-2")]) == ({"104"}, [])
    unchanged, changed = staging.staged_with_lines(acme, "acme", [invoice(run_id="run-2", foreigntotal=300.0)])
    assert (unchanged, changed) == (set(), [("104", SECOND)])

    staging.drop_lines(acme, "acme", changed)
    with acme.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM stg_ns_invoice_line")).scalar() == 0
