"""The record service against the sandbox: 204 + Location, PATCH, eid: upserts, strict field names."""

from __future__ import annotations

from datetime import timedelta

import pytest

from netsuite_hook.errors import InvalidExternalId, NetSuiteApiError, NetSuiteNotFound
from tests.netsuite_hook.conftest import stats


def _customers_with_external_id(hook, external_id: str) -> list[dict]:
    return list(hook.suiteql.rows("SELECT id FROM customer WHERE externalid = ?", [external_id]))


def _open_invoice(hook) -> dict:
    sql = (
        "SELECT id, entity, foreignamountunpaid FROM transaction WHERE type = ? AND foreignamountunpaid > ? ORDER BY id"
    )
    return hook.suiteql.page(sql, ["CustInvc", 0], limit=1).items[0]


def test_create_returns_the_new_id_from_location(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox)
    new_id = hook.records.create("customer", {"companyName": "Acme Created", "email": "ap@acme.test"})
    assert new_id.isdigit()
    record = hook.records.get("customer", new_id)
    assert record["companyName"] == "Acme Created"


def test_update_patches_only_the_fields_sent(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox)
    new_id = hook.records.create("customer", {"companyName": "Acme Patch", "email": "old@acme.test"})
    hook.records.update("customer", new_id, {"email": "new@acme.test"})
    record = hook.records.get("customer", new_id)
    assert (record["companyName"], record["email"]) == ("Acme Patch", "new@acme.test")


def test_upsert_by_external_id_is_idempotent(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox)
    first = hook.records.upsert("customer", "apcust-42", {"companyName": "Upsert Ltd"})
    second = hook.records.upsert("customer", "apcust-42", {"companyName": "Upsert Ltd", "email": "x@upsert.test"})
    assert first == second
    assert [row["id"] for row in _customers_with_external_id(hook, "apcust-42")] == [first]
    assert hook.records.get_by_external_id("customer", "apcust-42")["email"] == "x@upsert.test"


def test_customer_payment_upsert_applies_to_the_invoice(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox)
    invoice = _open_invoice(hook)
    body = {
        "customer": {"id": invoice["entity"]},
        "payment": 1.0,
        "undepFunds": True,
        "memo": "AP payment",
        "apply": {"items": [{"doc": {"id": invoice["id"]}, "apply": True, "amount": 1.0}]},
    }
    payment_id = hook.records.upsert("customerpayment", "apay-P123", body)
    again = hook.records.upsert("customerpayment", "apay-P123", body)
    assert payment_id == again
    payment = hook.records.get("customerpayment", payment_id, expand_sub_resources=True)
    assert payment["externalId"] == "apay-P123"
    assert "apply" in payment


def test_invalid_external_id_is_refused_before_any_request(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox)
    hook.server_time()
    netsuite_sandbox.sandbox.stats.reset()
    with pytest.raises(InvalidExternalId):
        hook.records.upsert("customerpayment", "apay-P/1", {"payment": 1.0})
    assert stats(netsuite_sandbox)["requests_total"] == 0


def test_unknown_field_fails_with_its_path(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox)
    with pytest.raises(NetSuiteApiError) as caught:
        hook.records.create("customer", {"companyName": "Typo Inc", "emial": "x@typo.test"})
    error = caught.value
    assert (error.status, error.code, error.error_path) == (400, "INVALID_CONTENT", "emial")
    assert "emial" in str(error) and "o:errorPath" in str(error)


def test_delete_then_get_is_not_found(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox)
    new_id = hook.records.create("customer", {"companyName": "Short Lived"})
    assert hook.records.delete("customer", new_id) is True
    with pytest.raises(NetSuiteNotFound):
        hook.records.get("customer", new_id)
    assert hook.records.delete("customer", new_id, missing_ok=True) is False


def test_server_time_is_netsuites_clock_in_utc(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox)
    netsuite_sandbox.sandbox.update_settings(auth_clock="wall")  # signatures keep using the real time
    before = hook.server_time()
    netsuite_sandbox.sandbox.advance_clock(3 * 3600)
    server_time = hook.server_time()
    assert server_time.tzinfo is not None and server_time.utcoffset() == timedelta(0)
    assert server_time - before > timedelta(hours=2, minutes=59)
    assert abs(server_time - netsuite_sandbox.sandbox.clock.now_utc()) < timedelta(minutes=1)
