"""Customer payments really pay invoices; deposits really move payments out of Undeposited Funds."""

from __future__ import annotations

import pytest

from tests.sandbox_netsuite.clients import RECORD_PATH, error_detail, rows, session

UNDEPOSITED_FUNDS, USD_BANK, FEES = 7, 1, 13


@pytest.fixture
def http(netsuite_sandbox):
    return session(netsuite_sandbox)


def _invoice_state(running, http, invoice_id) -> dict:
    return rows(
        http,
        running,
        "SELECT foreignamountunpaid AS unpaid, foreignamountpaid AS paid, status, "
        "TO_CHAR(lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS lm FROM transaction WHERE id = ?",
        [invoice_id],
    )[0]


def _new_invoice(running, total: float = 300.0, customer: int | None = None) -> dict:
    """An invoice of a USD customer (customer 104 of the generated set pays in CAD)."""
    controls = running.sandbox.controls
    if customer is None:
        customer = controls.create_customer("Payment Test Co", currency=1)["id"]
    return controls.create_invoice(customer, [{"item": 1, "quantity": 2, "rate": total / 2}])


def _pay(running, http, invoice: dict, amount: float, applied: float | None = None, **extra):
    body = {
        "customer": {"id": str(invoice["entity"])},
        "payment": amount,
        "undepFunds": True,
        "apply": {"items": [{"doc": {"id": str(invoice["id"])}, "apply": True, "amount": applied or amount}]},
        **extra,
    }
    return http.post(running.base_url + RECORD_PATH + "/customerpayment", json=body)


def test_payment_lowers_amount_unpaid_and_stamps_the_invoice(netsuite_sandbox, http):
    invoice = _new_invoice(netsuite_sandbox)
    before = _invoice_state(netsuite_sandbox, http, invoice["id"])
    netsuite_sandbox.sandbox.advance_clock(120)
    assert _pay(netsuite_sandbox, http, invoice, 100.0).status_code == 204
    after = _invoice_state(netsuite_sandbox, http, invoice["id"])
    assert (after["unpaid"], after["paid"], after["status"]) == ("200", "100", "A")
    assert after["lm"] > before["lm"]


def test_paying_the_rest_makes_the_invoice_paid_in_full(netsuite_sandbox, http):
    invoice = _new_invoice(netsuite_sandbox)
    assert _pay(netsuite_sandbox, http, invoice, 120.0).status_code == 204
    assert _pay(netsuite_sandbox, http, invoice, 180.0).status_code == 204
    state = rows(
        http,
        netsuite_sandbox,
        "SELECT foreignamountunpaid AS unpaid, BUILTIN.DF(status) AS label FROM transaction WHERE id = ?",
        [invoice["id"]],
    )[0]
    assert state == {"links": [], "unpaid": "0", "label": "Invoice : Paid In Full"}


@pytest.mark.parametrize(
    ("case", "fragment"),
    [
        ("more_than_due", "more than its amount due"),
        ("applied_more_than_payment", "more than the payment"),
        ("other_customers_invoice", "belongs to another customer"),
        ("unknown_customer", "customer"),
    ],
)
def test_payment_validation(netsuite_sandbox, http, case, fragment):
    invoice = _new_invoice(netsuite_sandbox, total=100.0)
    if case == "more_than_due":
        response = _pay(netsuite_sandbox, http, invoice, 150.0)
    elif case == "applied_more_than_payment":
        response = _pay(netsuite_sandbox, http, invoice, 40.0, applied=60.0)
    elif case == "other_customers_invoice":
        response = _pay(netsuite_sandbox, http, {**invoice, "entity": 101}, 10.0)
    else:
        response = _pay(netsuite_sandbox, http, {**invoice, "entity": 99999}, 10.0)
    assert response.status_code == 400
    assert fragment in error_detail(response)["detail"]
    assert _invoice_state(netsuite_sandbox, http, invoice["id"])["unpaid"] == "100"


def test_payment_into_a_bank_account_needs_the_account(netsuite_sandbox, http):
    invoice = _new_invoice(netsuite_sandbox, total=100.0)
    cad_invoice = netsuite_sandbox.sandbox.controls.create_invoice(104, [{"item": 1, "quantity": 1, "rate": 50.0}])
    wrong_currency = _pay(netsuite_sandbox, http, cad_invoice, 10.0, undepFunds=False, account={"id": str(USD_BANK)})
    assert "currency" in error_detail(wrong_currency)["detail"]
    missing = _pay(netsuite_sandbox, http, invoice, 10.0, undepFunds=False)
    assert missing.status_code == 400 and error_detail(missing)["o:errorPath"] == "account"
    direct = _pay(netsuite_sandbox, http, invoice, 10.0, undepFunds=False, account={"id": str(USD_BANK)})
    assert direct.status_code == 204
    record = http.get(direct.headers["Location"]).json()
    assert record["undepFunds"] is False and record["account"]["id"] == str(USD_BANK)


def test_deleting_a_payment_restores_the_invoice_balance(netsuite_sandbox, http):
    invoice = _new_invoice(netsuite_sandbox)
    location = _pay(netsuite_sandbox, http, invoice, 300.0).headers["Location"]
    assert _invoice_state(netsuite_sandbox, http, invoice["id"])["status"] == "B"
    netsuite_sandbox.sandbox.advance_clock(60)
    stamped = _invoice_state(netsuite_sandbox, http, invoice["id"])["lm"]
    assert http.delete(location).status_code == 204
    state = _invoice_state(netsuite_sandbox, http, invoice["id"])
    assert (state["unpaid"], state["status"]) == ("300", "A")
    assert state["lm"] > stamped


def test_credit_memo_from_the_partner_lowers_the_balance(netsuite_sandbox, http):
    invoice = _new_invoice(netsuite_sandbox)
    credit = netsuite_sandbox.sandbox.controls.apply_credit(invoice["id"], 50.0, memo="goodwill")
    assert credit["type"] == "CustCred" and credit["apply"] == [{"invoice": invoice["id"], "amount": 50.0}]
    assert _invoice_state(netsuite_sandbox, http, invoice["id"])["unpaid"] == "250"


def test_deposit_moves_payments_out_of_undeposited_funds(netsuite_sandbox, http):
    first, second = _new_invoice(netsuite_sandbox, 100.0), _new_invoice(netsuite_sandbox, 200.0)
    payments = [
        _pay(netsuite_sandbox, http, first, 100.0).headers["Location"].rsplit("/", 1)[1],
        _pay(netsuite_sandbox, http, second, 200.0).headers["Location"].rsplit("/", 1)[1],
    ]
    body = {
        "account": {"id": str(USD_BANK)},
        "tranDate": "2026-02-01",
        "memo": "AP payout O1",
        "externalId": "apo-O1",
        "payment": {"items": [{"id": p, "deposit": True} for p in payments]},
        "other": {"items": [{"account": {"id": "11"}, "amount": 25.0, "memo": "stand-alone"}]},
        "cashBack": {"items": [{"account": {"id": str(FEES)}, "amount": 9.5, "memo": "processor fee"}]},
    }
    response = http.put(netsuite_sandbox.base_url + RECORD_PATH + "/deposit/eid:apo-O1", json=body)
    assert response.status_code == 204
    deposit = http.get(response.headers["Location"], params={"expandSubResources": "true"}).json()
    assert deposit["total"] == 100.0 + 200.0 + 25.0 - 9.5
    assert sorted(line["id"] for line in deposit["payment"]["items"]) == sorted(payments)
    statuses = rows(
        http, netsuite_sandbox, "SELECT BUILTIN.DF(status) AS s FROM transaction WHERE id IN (?, ?)", payments
    )
    assert {item["s"] for item in statuses} == {"Payment : Deposited"}
    again = http.put(netsuite_sandbox.base_url + RECORD_PATH + "/deposit/eid:apo-O1", json=body)
    assert again.headers["Location"] == response.headers["Location"]
    twice = http.post(
        netsuite_sandbox.base_url + RECORD_PATH + "/deposit",
        json={**body, "externalId": "apo-O2", "other": {"items": []}, "cashBack": {"items": []}},
    )
    assert twice.status_code == 400
    assert "already been deposited" in error_detail(twice)["detail"]


def test_a_deposited_payment_cannot_be_deleted_until_the_deposit_is(netsuite_sandbox, http):
    invoice = _new_invoice(netsuite_sandbox, 100.0)
    payment = _pay(netsuite_sandbox, http, invoice, 100.0).headers["Location"]
    deposit = http.post(
        netsuite_sandbox.base_url + RECORD_PATH + "/deposit",
        json={
            "account": {"id": str(USD_BANK)},
            "payment": {"items": [{"id": payment.rsplit("/", 1)[1], "deposit": True}]},
        },
    ).headers["Location"]
    assert http.delete(payment).status_code == 400
    assert http.delete(deposit).status_code == 204
    assert http.get(payment).json()["status"]["refName"] == "Not Deposited"
    assert http.delete(payment).status_code == 204


def test_stand_alone_deposit_with_only_other_lines(netsuite_sandbox, http):
    body = {
        "account": {"id": str(USD_BANK)},
        "externalId": "apsd-P9",
        "other": {"items": [{"account": {"id": "11"}, "amount": 75.0, "entity": {"id": "101"}, "memo": "AP invoice"}]},
    }
    response = http.put(netsuite_sandbox.base_url + RECORD_PATH + "/deposit/eid:apsd-P9", json=body)
    assert response.status_code == 204
    record = netsuite_sandbox.sandbox.controls.record("deposit", int(response.headers["Location"].rsplit("/", 1)[1]))
    assert record["foreigntotal"] == 75.0 and record["payments"] == [] and record["other"][0]["entity"] == 101
