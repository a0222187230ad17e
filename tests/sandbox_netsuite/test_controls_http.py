"""Test controls over HTTP: what the partner does in NetSuite, and reading every record back."""

from __future__ import annotations

import requests

from tests.sandbox_netsuite.clients import rows, session


def _post(running, path: str, body: dict | None = None) -> dict:
    response = requests.post(running.base_url + "/_sandbox" + path, json=body or {}, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def test_partner_actions_show_up_in_suiteql(netsuite_sandbox):
    http = session(netsuite_sandbox)
    customer = _post(netsuite_sandbox, "/customers", {"companyname": "Control Co", "currency": 1})
    invoice = _post(
        netsuite_sandbox,
        "/invoices",
        {"customer": customer["id"], "duedate": "2030-01-31", "lines": [{"item": 2, "quantity": 4, "rate": 50}]},
    )
    assert invoice["foreigntotal"] == 200.0 and invoice["lines"][0]["quantity"] == 4
    edited = requests.patch(
        f"{netsuite_sandbox.base_url}/_sandbox/invoices/{invoice['id']}",
        json={"total": 260.0, "duedate": "2030-02-28", "memo": "edited"},
        timeout=30,
    ).json()
    assert edited["foreigntotal"] == 260.0 and edited["duedate"].startswith("2030-02-28") and edited["memo"] == "edited"
    payment = _post(netsuite_sandbox, f"/invoices/{invoice['id']}/payments", {"amount": 60.0, "externalid": "bank-1"})
    assert payment["type"] == "CustPymt" and payment["externalid"] == "bank-1"
    credit = _post(netsuite_sandbox, f"/invoices/{invoice['id']}/credits", {"amount": 100.0})
    assert credit["type"] == "CustCred"
    state = rows(
        http, netsuite_sandbox, "SELECT foreignamountunpaid AS u FROM transaction WHERE id = ?", [invoice["id"]]
    )
    assert state[0]["u"] == "100"
    paid = _post(netsuite_sandbox, f"/invoices/{invoice['id']}/pay-in-full")
    assert paid["foreigntotal"] == 100.0
    record = requests.get(f"{netsuite_sandbox.base_url}/_sandbox/records/invoice/{invoice['id']}", timeout=30).json()
    assert record["status"] == "B" and len(record["applied"]) == 3


def test_void_delete_and_inactivate(netsuite_sandbox):
    http = session(netsuite_sandbox)
    customer = _post(netsuite_sandbox, "/customers", {"companyname": "Short Lived"})
    first = _post(netsuite_sandbox, "/invoices", {"customer": customer["id"]})
    second = _post(netsuite_sandbox, "/invoices", {"customer": customer["id"]})
    voided = _post(netsuite_sandbox, f"/transactions/{first['id']}/void")
    assert voided["voided"] == "T" and voided["status"] == "V"
    gone = requests.delete(f"{netsuite_sandbox.base_url}/_sandbox/records/invoice/{second['id']}", timeout=30)
    assert gone.status_code == 204
    deleted = rows(http, netsuite_sandbox, "SELECT type, context FROM deletedrecord WHERE recordid = ?", [second["id"]])
    assert deleted == [{"links": [], "type": "invoice", "context": "UI"}]
    inactive = _post(netsuite_sandbox, f"/customers/{customer['id']}/inactivate")
    assert inactive["isinactive"] == "T"
    refused = requests.delete(f"{netsuite_sandbox.base_url}/_sandbox/records/customer/{customer['id']}", timeout=30)
    assert refused.status_code == 400


def test_records_dump_has_every_kind(netsuite_sandbox):
    dump = requests.get(netsuite_sandbox.base_url + "/_sandbox/records", timeout=30).json()
    assert set(dump) == {
        "customers",
        "invoices",
        "payments",
        "credits",
        "deposits",
        "deleted",
        "accounts",
        "currencies",
    }
    assert len(dump["customers"]) == 12
    invoice = dump["invoices"][0]
    assert invoice["lines"] and "applied" in invoice
    assert all("apply" in p and "externalid" in p for p in dump["payments"])
    assert all({"payments", "other", "cashback"} <= set(d) for d in dump["deposits"])
    only = requests.get(netsuite_sandbox.base_url + "/_sandbox/records", params={"kinds": "customers"}, timeout=30)
    assert set(only.json()) == {"customers"}


def test_credentials_and_connection_for_each_auth_method(netsuite_sandbox):
    credentials = requests.get(netsuite_sandbox.base_url + "/_sandbox/credentials", timeout=30).json()
    assert credentials["account_id"] == "1234567_SB1" and "BEGIN PRIVATE KEY" in credentials["private_key_pem"]
    for method in ("oauth2_client_credentials", "oauth2_authorization_code", "tba"):
        connection = netsuite_sandbox.connection(method, concurrency_limit=3)
        assert connection["conn_type"] == "netsuite" and connection["host"] == netsuite_sandbox.base_url
        assert connection["extra"]["auth_method"] == method and connection["extra"]["concurrency_limit"] == 3
    held = netsuite_sandbox.sandbox.credentials
    for secret in (held.client_secret, held.consumer_secret, held.token_secret, held.private_key_pem):
        assert secret not in repr(held)
