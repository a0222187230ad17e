"""Credit memos lower invoice balances; customer refunds pay back unapplied payments and credit memos."""

from __future__ import annotations

import pytest

from tests.sandbox_netsuite.clients import RECORD_PATH, error_detail, rows, session

USD_BANK, UNDEPOSITED_FUNDS = 1, 7
STRICT = {"X-NetSuite-PropertyNameValidation": "Error"}


@pytest.fixture
def http(netsuite_sandbox):
    return session(netsuite_sandbox)


def _url(running, record_type: str, key: str = "") -> str:
    return f"{running.base_url}{RECORD_PATH}/{record_type}" + (f"/{key}" if key else "")


def _id(response) -> str:
    assert response.status_code == 204, response.text
    return response.headers["Location"].rsplit("/", 1)[1]


def _customer_and_invoice(running, total: float = 300.0) -> tuple[int, int]:
    controls = running.sandbox.controls
    customer = controls.create_customer("Refund Test Co", currency=1)["id"]
    invoice = controls.create_invoice(customer, [{"item": 1, "quantity": 2, "rate": total / 2}])
    return customer, invoice["id"]


def _apply(*pairs: tuple[object, float]) -> dict:
    return {"items": [{"doc": {"id": str(doc)}, "apply": True, "amount": amount} for doc, amount in pairs]}


def _credit_memo(http, running, customer: int, eid: str, amount: float, *applied: tuple[object, float]):
    body = {
        "entity": {"id": str(customer)},
        "memo": "AP chargeback",
        "item": {"items": [{"item": {"id": "1"}, "quantity": 1, "rate": amount}]},
        "apply": _apply(*applied),
    }
    return http.put(_url(running, "creditmemo", f"eid:{eid}"), json=body, headers=STRICT)


def _refund(http, running, customer_id: int, eid: str, *applied: tuple[object, float], **extra):
    body = {
        "customer": {"id": str(customer_id)},
        "account": {"id": str(USD_BANK)},
        "memo": "AP refund",
        "apply": _apply(*applied),
        **extra,
    }
    return http.put(_url(running, "customerrefund", f"eid:{eid}"), json=body, headers=STRICT)


def _pay(http, running, customer: int, amount: float, *applied: tuple[object, float]) -> str:
    body = {"customer": {"id": str(customer)}, "payment": amount, "undepFunds": True, "apply": _apply(*applied)}
    return _id(http.post(_url(running, "customerpayment"), json=body, headers=STRICT))


def _state(http, running, record_id) -> dict:
    return rows(
        http,
        running,
        "SELECT type, foreigntotal AS total, foreignamountunpaid AS unpaid, foreignpaymentamountunused AS unused, "
        "BUILTIN.DF(status) AS status, TO_CHAR(lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS lm "
        "FROM transaction WHERE id = ?",
        [record_id],
    )[0]


def test_credit_memo_upsert_by_external_id_is_one_record(netsuite_sandbox, http):
    customer, invoice = _customer_and_invoice(netsuite_sandbox)
    first = _id(_credit_memo(http, netsuite_sandbox, customer, "ap-cb-1", 50.0, (invoice, 50.0)))
    again = _id(_credit_memo(http, netsuite_sandbox, customer, "ap-cb-1", 50.0, (invoice, 50.0)))
    assert first == again
    found = rows(
        http,
        netsuite_sandbox,
        "SELECT id, entity, memo FROM transaction WHERE type = 'CustCred' AND externalid = ?",
        ["ap-cb-1"],
    )
    assert found == [{"links": [], "id": first, "entity": str(customer), "memo": "AP chargeback"}]
    assert _state(http, netsuite_sandbox, invoice)["unpaid"] == "250"
    record = http.get(_url(netsuite_sandbox, "creditmemo", "eid:ap-cb-1"), params={"expandSubResources": "true"})
    body = record.json()
    assert body["id"] == first and body["total"] == 50.0 and body["unapplied"] == 0.0
    assert body["item"]["items"][0]["amount"] == 50.0
    assert body["apply"]["items"][0]["doc"]["id"] == str(invoice)


def test_payment_and_credit_memo_together_pay_the_invoice(netsuite_sandbox, http):
    customer, invoice = _customer_and_invoice(netsuite_sandbox)
    _pay(http, netsuite_sandbox, customer, 100.0, (invoice, 100.0))
    credit = _id(_credit_memo(http, netsuite_sandbox, customer, "ap-cb-2", 200.0, (invoice, 200.0)))
    state = _state(http, netsuite_sandbox, invoice)
    assert (state["unpaid"], state["status"]) == ("0", "Invoice : Paid In Full")
    memo = _state(http, netsuite_sandbox, credit)
    assert (memo["type"], memo["unused"], memo["status"]) == ("CustCred", "0", "Credit Memo : Fully Applied")
    # Taking the credit off the invoice reopens it by exactly that much.
    patched = http.patch(_url(netsuite_sandbox, "creditmemo", credit), json={"apply": {"items": []}})
    assert patched.status_code == 204
    state = _state(http, netsuite_sandbox, invoice)
    assert (state["unpaid"], state["status"]) == ("200", "Invoice : Open")
    assert _state(http, netsuite_sandbox, credit)["status"] == "Credit Memo : Open"


def test_refunds_consume_a_credit_memo(netsuite_sandbox, http):
    customer, _ = _customer_and_invoice(netsuite_sandbox)
    credit = _id(_credit_memo(http, netsuite_sandbox, customer, "ap-cb-3", 80.0))
    assert _state(http, netsuite_sandbox, credit)["unused"] == "80"
    refund = _id(_refund(http, netsuite_sandbox, customer, "ap-rf-3a", (credit, 30.0)))
    memo = _state(http, netsuite_sandbox, credit)
    assert (memo["unused"], memo["status"]) == ("50", "Credit Memo : Open")
    _id(_refund(http, netsuite_sandbox, customer, "ap-rf-3b", (credit, 50.0)))
    memo = _state(http, netsuite_sandbox, credit)
    assert (memo["unused"], memo["status"]) == ("0", "Credit Memo : Fully Applied")
    found = rows(
        http,
        netsuite_sandbox,
        "SELECT foreigntotal, entity, externalid, memo, voided, BUILTIN.DF(type) AS label, "
        "TO_CHAR(lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS lm FROM transaction WHERE type = 'CustRfnd' "
        "AND id = ?",
        [refund],
    )[0]
    assert {k: found[k] for k in ("foreigntotal", "entity", "externalid", "memo", "voided", "label")} == {
        "foreigntotal": "30",
        "entity": str(customer),
        "externalid": "ap-rf-3a",
        "memo": "AP refund",
        "voided": "F",
        "label": "Customer Refund",
    }
    record = http.get(_url(netsuite_sandbox, "customerrefund", refund), params={"expandSubResources": "true"}).json()
    assert record["total"] == 30.0 and record["account"]["id"] == str(USD_BANK)
    assert record["apply"]["items"][0]["doc"]["id"] == credit and record["apply"]["items"][0]["type"] == "Credit Memo"


def test_refund_upsert_twice_is_one_refund(netsuite_sandbox, http):
    customer, _ = _customer_and_invoice(netsuite_sandbox)
    credit = _id(_credit_memo(http, netsuite_sandbox, customer, "ap-cb-4", 80.0))
    first = _id(_refund(http, netsuite_sandbox, customer, "ap-rf-4", (credit, 30.0)))
    second = _id(_refund(http, netsuite_sandbox, customer, "ap-rf-4", (credit, 40.0)))
    assert first == second
    assert _state(http, netsuite_sandbox, first)["total"] == "40"
    assert _state(http, netsuite_sandbox, credit)["unused"] == "40"
    by_eid = http.get(_url(netsuite_sandbox, "customerrefund", "eid:ap-rf-4")).json()
    assert by_eid["id"] == first and by_eid["externalId"] == "ap-rf-4"


def test_refunding_a_payment_after_unapplying_it(netsuite_sandbox, http):
    customer, invoice = _customer_and_invoice(netsuite_sandbox)
    payment = _pay(http, netsuite_sandbox, customer, 100.0, (invoice, 100.0))
    assert _state(http, netsuite_sandbox, payment)["unused"] == "0"
    refused = _refund(http, netsuite_sandbox, customer, "ap-rf-5", (payment, 100.0))
    assert refused.status_code == 400
    unapplied = http.patch(_url(netsuite_sandbox, "customerpayment", payment), json={"apply": {"items": []}})
    assert unapplied.status_code == 204
    assert _state(http, netsuite_sandbox, invoice)["unpaid"] == "300"
    _id(_refund(http, netsuite_sandbox, customer, "ap-rf-5", (payment, 100.0)))
    state = _state(http, netsuite_sandbox, payment)
    assert (state["total"], state["unused"]) == ("100", "0")
    assert _state(http, netsuite_sandbox, invoice)["unpaid"] == "300"
    # A refunded payment cannot be put back on the invoice: nothing is left to apply.
    reapplied = http.patch(_url(netsuite_sandbox, "customerpayment", payment), json={"apply": _apply((invoice, 1.0))})
    assert reapplied.status_code == 400
    assert "more than the payment" in error_detail(reapplied)["detail"]


def test_over_refund_is_refused(netsuite_sandbox, http):
    customer, invoice = _customer_and_invoice(netsuite_sandbox)
    payment = _pay(http, netsuite_sandbox, customer, 150.0, (invoice, 100.0))
    response = _refund(http, netsuite_sandbox, customer, "ap-rf-6", (payment, 60.0))
    assert response.status_code == 400
    detail = error_detail(response)
    assert detail["o:errorCode"] == "USER_ERROR"
    assert (
        detail["detail"] == f"The amount applied to payment {payment} (60.0) is more than its unapplied amount (50.0)."
    )
    assert detail["o:errorPath"] == "apply.items[0].amount"
    assert rows(
        http,
        netsuite_sandbox,
        "SELECT COUNT(*) AS n FROM transaction WHERE type = 'CustRfnd' AND entity = ?",
        [customer],
    ) == [{"links": [], "n": "0"}]
    assert _state(http, netsuite_sandbox, payment)["unused"] == "50"


@pytest.mark.parametrize(
    ("change", "code", "path"),
    [
        ({"customer": {"id": 1.0}}, "INVALID_CONTENT", "customer.id"),
        ({"account": {"id": "1.0"}}, "INVALID_CONTENT", "account.id"),
        ({"apply": {"items": [{"doc": {"id": "DOC"}, "amount": "30"}]}}, "INVALID_CONTENT", "apply.items[0].amount"),
        ({"memo": 5}, "INVALID_CONTENT", "memo"),
        ({"tranDate": 1}, "INVALID_CONTENT", "tranDate"),
        ({"refundMethod": {"id": "1"}}, "INVALID_CONTENT", "refundMethod"),
        ({"account": None}, "USER_ERROR", "account"),
        ({"account": {"id": str(UNDEPOSITED_FUNDS)}}, "USER_ERROR", "account"),
        ({"apply": {"items": []}}, "USER_ERROR", "apply"),
        ({"apply": {"items": [{"doc": {"id": "INVOICE"}, "amount": 10.0}]}}, "USER_ERROR", "apply.items[0].doc"),
    ],
)
def test_refund_fields_are_checked(netsuite_sandbox, http, change, code, path):
    customer, invoice = _customer_and_invoice(netsuite_sandbox)
    credit = _id(_credit_memo(http, netsuite_sandbox, customer, "ap-cb-7", 80.0))
    if "apply" in change:
        for line in change["apply"]["items"]:
            line["doc"]["id"] = {"DOC": credit, "INVOICE": str(invoice)}[line["doc"]["id"]]
    response = _refund(http, netsuite_sandbox, customer, "ap-rf-7", (credit, 30.0), **change)
    assert response.status_code == 400
    detail = error_detail(response)
    assert detail["o:errorCode"] == code
    assert detail["o:errorPath"] == path
    assert _state(http, netsuite_sandbox, credit)["unused"] == "80"


@pytest.mark.parametrize(
    ("change", "code", "path"),
    [
        ({"entity": {"id": 1.5}}, "INVALID_CONTENT", "entity.id"),
        ({"item": {"items": [{"item": {"id": "1"}, "quantity": "1"}]}}, "INVALID_CONTENT", "item.items[0].quantity"),
        ({"item": {"items": []}}, "USER_ERROR", "item"),
        ({"entity": None}, "USER_ERROR", "entity"),
        ({"total": 5.0}, "INVALID_CONTENT", "total"),
    ],
)
def test_credit_memo_fields_are_checked(netsuite_sandbox, http, change, code, path):
    customer, _ = _customer_and_invoice(netsuite_sandbox)
    body = {
        "entity": {"id": str(customer)},
        "item": {"items": [{"item": {"id": "1"}, "quantity": 1, "rate": 50.0}]},
        **change,
    }
    response = http.put(_url(netsuite_sandbox, "creditmemo", "eid:ap-cb-8"), json=body, headers=STRICT)
    assert response.status_code == 400
    detail = error_detail(response)
    assert (detail["o:errorCode"], detail["o:errorPath"]) == (code, path)


def test_credit_memo_applied_beyond_its_total_or_the_invoice_is_refused(netsuite_sandbox, http):
    customer, invoice = _customer_and_invoice(netsuite_sandbox, total=100.0)
    too_much_for_invoice = _credit_memo(http, netsuite_sandbox, customer, "ap-cb-9", 150.0, (invoice, 150.0))
    assert "more than its amount due (100.0)" in error_detail(too_much_for_invoice)["detail"]
    too_much_for_memo = _credit_memo(http, netsuite_sandbox, customer, "ap-cb-9", 40.0, (invoice, 60.0))
    assert "more than the credit memo amount" in error_detail(too_much_for_memo)["detail"]
    assert _state(http, netsuite_sandbox, invoice)["unpaid"] == "100"


def test_deletions_are_listed_in_deletedrecord(netsuite_sandbox, http):
    customer, invoice = _customer_and_invoice(netsuite_sandbox)
    credit = _id(_credit_memo(http, netsuite_sandbox, customer, "ap-cb-10", 100.0, (invoice, 40.0)))
    refund = _id(_refund(http, netsuite_sandbox, customer, "ap-rf-10", (credit, 60.0)))
    blocked = http.delete(_url(netsuite_sandbox, "creditmemo", credit))
    assert blocked.status_code == 400 and "customer refunds" in error_detail(blocked)["detail"]
    assert http.delete(_url(netsuite_sandbox, "customerrefund", "eid:ap-rf-10")).status_code == 204
    assert _state(http, netsuite_sandbox, credit)["unused"] == "60"
    assert http.delete(_url(netsuite_sandbox, "creditmemo", credit)).status_code == 204
    assert _state(http, netsuite_sandbox, invoice)["unpaid"] == "300"
    deleted = rows(
        http,
        netsuite_sandbox,
        "SELECT recordid, type, name, context FROM deletedrecord WHERE recordid IN (?, ?) ORDER BY recordid",
        [credit, refund],
    )
    assert [(d["recordid"], d["type"], d["context"]) for d in deleted] == [
        (credit, "creditmemo", "REST Web Services"),
        (refund, "customerrefund", "REST Web Services"),
    ]
    assert deleted[1]["name"].startswith("Customer Refund #RFND")
    assert http.get(_url(netsuite_sandbox, "customerrefund", refund)).status_code == 404


def test_refunding_a_deposited_payment_leaves_the_deposit_alone(netsuite_sandbox, http):
    customer, invoice = _customer_and_invoice(netsuite_sandbox, total=100.0)
    overpaid = _pay(http, netsuite_sandbox, customer, 150.0, (invoice, 100.0))
    deposit_body = {"account": {"id": str(USD_BANK)}, "payment": {"items": [{"id": overpaid, "deposit": True}]}}
    deposit = _id(http.post(_url(netsuite_sandbox, "deposit"), json=deposit_body))
    before = _state(http, netsuite_sandbox, deposit)
    netsuite_sandbox.sandbox.advance_clock(120)
    # The overpaid part is refunded straight from the payment.
    _id(_refund(http, netsuite_sandbox, customer, "ap-rf-11a", (overpaid, 50.0)))
    # What paid the invoice is refunded the other way: a credit memo, then a refund of the credit memo.
    credit = _id(_credit_memo(http, netsuite_sandbox, customer, "ap-cb-11", 100.0))
    _id(_refund(http, netsuite_sandbox, customer, "ap-rf-11b", (credit, 100.0)))
    assert _state(http, netsuite_sandbox, deposit) == before
    payment = _state(http, netsuite_sandbox, overpaid)
    assert (payment["total"], payment["unused"], payment["status"]) == ("150", "0", "Payment : Deposited")
    record = http.get(_url(netsuite_sandbox, "deposit", deposit), params={"expandSubResources": "true"}).json()
    assert [line["id"] for line in record["payment"]["items"]] == [overpaid] and record["total"] == 150.0
    # Unapplying a deposited payment would change what the deposit holds: still refused.
    unapply = http.patch(_url(netsuite_sandbox, "customerpayment", overpaid), json={"apply": {"items": []}})
    assert unapply.status_code == 400 and "part of deposit" in error_detail(unapply)["detail"]
    # The deposit can still be deleted: the refund hangs on the payment, not on the deposit.
    assert http.delete(_url(netsuite_sandbox, "deposit", deposit)).status_code == 204
    assert _state(http, netsuite_sandbox, overpaid)["status"] == "Payment : Not Deposited"


def test_a_refunded_payment_cannot_be_deleted_or_voided(netsuite_sandbox, http):
    customer, invoice = _customer_and_invoice(netsuite_sandbox, total=100.0)
    payment = _pay(http, netsuite_sandbox, customer, 150.0, (invoice, 100.0))
    _id(_refund(http, netsuite_sandbox, customer, "ap-rf-12", (payment, 50.0)))
    deleted = http.delete(_url(netsuite_sandbox, "customerpayment", payment))
    assert deleted.status_code == 400 and "customer refunds applied" in error_detail(deleted)["detail"]
    with pytest.raises(Exception, match="customer refunds"):
        netsuite_sandbox.sandbox.controls.void(int(payment))


def test_refund_apply_sublist_lists_what_can_still_be_refunded(netsuite_sandbox, http):
    customer, invoice = _customer_and_invoice(netsuite_sandbox, total=100.0)
    overpaid = _pay(http, netsuite_sandbox, customer, 130.0, (invoice, 100.0))
    credit = _id(_credit_memo(http, netsuite_sandbox, customer, "ap-cb-13", 20.0))
    refund = _id(_refund(http, netsuite_sandbox, customer, "ap-rf-13", (credit, 5.0)))
    lines = http.get(_url(netsuite_sandbox, "customerrefund", f"{refund}/apply")).json()["items"]
    assert [(line["doc"]["id"], line["apply"], line["amount"], line["due"]) for line in lines] == [
        (credit, True, 5.0, 15.0),
        (overpaid, False, 0.0, 30.0),
    ]


def test_voiding_a_refund_gives_the_credit_back(netsuite_sandbox, http):
    customer, _ = _customer_and_invoice(netsuite_sandbox)
    credit = _id(_credit_memo(http, netsuite_sandbox, customer, "ap-cb-14", 40.0))
    refund = _id(_refund(http, netsuite_sandbox, customer, "ap-rf-14", (credit, 40.0)))
    assert _state(http, netsuite_sandbox, credit)["status"] == "Credit Memo : Fully Applied"
    netsuite_sandbox.sandbox.controls.void(int(refund))
    voided = rows(
        http, netsuite_sandbox, "SELECT voided, BUILTIN.DF(status) AS s FROM transaction WHERE id = ?", [refund]
    )
    assert voided == [{"links": [], "voided": "T", "s": "Customer Refund : Voided"}]
    memo = _state(http, netsuite_sandbox, credit)
    assert (memo["unused"], memo["status"]) == ("40", "Credit Memo : Open")
