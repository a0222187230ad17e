"""The record service: 204 + Location, GET with sublists, PATCH, eid: upserts, DELETE, validation."""

from __future__ import annotations

import pytest
import requests

from tests.fixtures.netsuite import start_netsuite
from tests.sandbox_netsuite.clients import RECORD_PATH, error_detail, rows, session


@pytest.fixture(scope="module")
def netsuite_sandbox():
    """One account for the whole module: these tests only read, or add records of their own."""
    running = start_netsuite()
    yield running
    running.stop()


@pytest.fixture
def http(netsuite_sandbox):
    return session(netsuite_sandbox)


def _open_invoice(running, http, minimum: float = 50.0) -> dict:
    return rows(
        http,
        running,
        "SELECT id, entity, currency, foreignamountunpaid FROM transaction WHERE "
        "type = 'CustInvc' AND status = 'A' AND foreignamountunpaid > ? ORDER BY id",
        [minimum],
        limit=1,
    )[0]


def _payment(invoice: dict, amount: float, **extra) -> dict:
    return {
        "customer": {"id": invoice["entity"]},
        "payment": amount,
        "undepFunds": True,
        "tranDate": "2026-01-31",
        "currency": {"id": invoice["currency"]},
        "memo": "AP payment",
        "apply": {"items": [{"doc": {"id": invoice["id"]}, "apply": True, "amount": amount}]},
        **extra,
    }


def test_post_answers_204_with_location_and_no_body(netsuite_sandbox, http):
    invoice = _open_invoice(netsuite_sandbox, http)
    url = netsuite_sandbox.base_url + RECORD_PATH + "/customerpayment"
    response = http.post(url, json=_payment(invoice, 10.0))
    assert response.status_code == 204
    assert response.content == b""
    location = response.headers["Location"]
    assert location.startswith(url + "/")
    record = http.get(location, params={"expandSubResources": "true"}).json()
    assert record["id"] == location.rsplit("/", 1)[1]
    assert record["payment"] == 10.0 and record["undepFunds"] is True
    applied = [line for line in record["apply"]["items"] if line["apply"]]
    assert applied == [{**applied[0], "amount": 10.0}] and applied[0]["doc"]["id"] == invoice["id"]


def test_get_expands_invoice_item_sublist_only_when_asked(netsuite_sandbox, http):
    invoice = _open_invoice(netsuite_sandbox, http)
    url = f"{netsuite_sandbox.base_url}{RECORD_PATH}/invoice/{invoice['id']}"
    collapsed = http.get(url).json()
    assert "items" not in collapsed["item"] and collapsed["item"]["links"][0]["href"].endswith("/item")
    expanded = http.get(url, params={"expandSubResources": "true"}).json()
    lines = expanded["item"]["items"]
    assert lines and all(line["quantity"] > 0 and line["amount"] > 0 for line in lines)
    assert round(sum(line["amount"] for line in lines), 2) == expanded["total"]
    assert expanded["entity"]["id"] == invoice["entity"]
    assert expanded["lastModifiedDate"].endswith("Z")


def test_missing_record_is_404_nonexistent_id(netsuite_sandbox, http):
    response = http.get(netsuite_sandbox.base_url + RECORD_PATH + "/invoice/999999999")
    assert response.status_code == 404
    assert error_detail(response)["o:errorCode"] == "NONEXISTENT_ID"


def test_put_eid_upsert_is_idempotent(netsuite_sandbox, http):
    invoice = _open_invoice(netsuite_sandbox, http)
    url = netsuite_sandbox.base_url + RECORD_PATH + "/customerpayment/eid:apay-P_123"
    first = http.put(url, json=_payment(invoice, 20.0))
    assert first.status_code == 204
    unpaid_after_first = netsuite_sandbox.sandbox.controls.record("invoice", int(invoice["id"]))["foreignamountunpaid"]
    second = http.put(url, json=_payment(invoice, 20.0))
    assert second.status_code == 204
    assert first.headers["Location"] == second.headers["Location"]
    payments = rows(http, netsuite_sandbox, "SELECT id FROM transaction WHERE externalid = ?", ["apay-P_123"])
    assert len(payments) == 1
    record = netsuite_sandbox.sandbox.controls.record("invoice", int(invoice["id"]))
    assert record["foreignamountunpaid"] == unpaid_after_first == round(float(invoice["foreignamountunpaid"]) - 20, 2)
    by_eid = http.get(url).json()
    assert by_eid["externalId"] == "apay-P_123"


@pytest.mark.parametrize("external_id", ["apay P1", "apay#1", "ap.1", "päy"])
def test_external_ids_allow_only_letters_digits_underscore_dash(netsuite_sandbox, http, external_id):
    invoice = _open_invoice(netsuite_sandbox, http)
    url = f"{netsuite_sandbox.base_url}{RECORD_PATH}/customerpayment/eid:{requests.utils.quote(external_id, safe='')}"
    response = http.put(url, json=_payment(invoice, 5.0))
    assert response.status_code == 400
    assert error_detail(response)["o:errorCode"] == "INVALID_ID"


def test_unknown_fields_fail_with_error_path_when_validation_is_on(netsuite_sandbox, http):
    invoice = _open_invoice(netsuite_sandbox, http)
    url = netsuite_sandbox.base_url + RECORD_PATH + "/customerpayment"
    body = _payment(invoice, 5.0, undepfunds=True)
    strict = http.post(url, json=body, headers={"X-NetSuite-PropertyNameValidation": "Error"})
    assert strict.status_code == 400
    detail = error_detail(strict)
    assert detail["o:errorCode"] == "INVALID_CONTENT" and detail["o:errorPath"] == "undepfunds"
    nested = _payment(invoice, 5.0)
    nested["apply"]["items"][0]["amt"] = 5.0
    strict_nested = http.post(url, json=nested, headers={"X-NetSuite-PropertyNameValidation": "Error"})
    assert error_detail(strict_nested)["o:errorPath"] == "apply.items[0].amt"
    lenient = http.post(url, json=body)
    assert lenient.status_code == 204


def test_patch_leaves_omitted_fields_and_null_clears(netsuite_sandbox, http):
    invoice = _open_invoice(netsuite_sandbox, http)
    location = http.post(
        netsuite_sandbox.base_url + RECORD_PATH + "/customerpayment",
        json=_payment(invoice, 7.5, externalId="apay-patch"),
    ).headers["Location"]
    response = http.patch(location, json={"memo": None})
    assert response.status_code == 204 and response.content == b""
    record = http.get(location).json()
    assert "memo" not in record
    assert record["externalId"] == "apay-patch" and record["payment"] == 7.5


def test_delete_answers_204_and_writes_deletedrecord(netsuite_sandbox, http):
    invoice = _open_invoice(netsuite_sandbox, http)
    location = http.post(
        netsuite_sandbox.base_url + RECORD_PATH + "/customerpayment", json=_payment(invoice, 12.0)
    ).headers["Location"]
    payment_id = location.rsplit("/", 1)[1]
    response = http.delete(location)
    assert response.status_code == 204
    assert http.get(location).status_code == 404
    deleted = rows(
        http,
        netsuite_sandbox,
        "SELECT recordid, type, TO_CHAR(deleteddate, 'YYYY-MM-DD HH24:MI:SS') AS d "
        "FROM deletedrecord WHERE recordid = ?",
        [payment_id],
    )
    assert deleted and deleted[0]["type"] == "customerpayment"


def test_list_has_collection_shape(netsuite_sandbox, http):
    body = http.get(netsuite_sandbox.base_url + RECORD_PATH + "/customer", params={"limit": 5}).json()
    assert body["count"] == 5 and body["totalResults"] == 12 and body["hasMore"] is True
    assert all(set(item) == {"links", "id"} for item in body["items"])
    filtered = http.get(
        netsuite_sandbox.base_url + RECORD_PATH + "/customer",
        params={"q": 'isInactive IS false AND companyName START_WITH "Z"'},
    ).json()
    assert filtered["totalResults"] == 0


def test_accounts_are_read_only(netsuite_sandbox, http):
    url = netsuite_sandbox.base_url + RECORD_PATH + "/account"
    assert http.get(url + "/7").json()["acctType"]["id"] == "UndepFunds"
    response = http.post(url, json={"acctName": "New"})
    assert response.status_code == 403
    assert error_detail(response)["o:errorCode"] == "INSUFFICIENT_PERMISSION"
