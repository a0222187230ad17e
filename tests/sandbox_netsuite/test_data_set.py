"""The generated account: deterministic from the seed, and with every case the sync must handle."""

from __future__ import annotations

from datetime import date

import pytest

from sandbox.netsuite import NetSuiteSandbox
from tests.sandbox_netsuite.clients import rows, session


@pytest.fixture(scope="module")
def data():
    """One mid-sized data set read back through the controls (no HTTP needed)."""
    with NetSuiteSandbox(customers=40, invoices=1500, years=3.0, seed=11) as sandbox:
        yield sandbox.controls.records()


def test_same_seed_same_data():
    with NetSuiteSandbox(invoices=150, seed=5) as first, NetSuiteSandbox(invoices=150, seed=5) as second:
        assert first.controls.records() == second.controls.records()
    with NetSuiteSandbox(invoices=150, seed=6) as other, NetSuiteSandbox(invoices=150, seed=5) as again:
        assert other.controls.records()["invoices"] != again.controls.records()["invoices"]


def test_invoices_spread_over_the_years_with_due_dates_after(data):
    invoices = data["invoices"]
    days = sorted(date.fromisoformat(i["trandate"][:10]) for i in invoices)
    assert (days[-1] - days[0]).days > 3 * 365 - 30
    assert all(i["duedate"] > i["trandate"] for i in invoices)
    assert all(1 <= len(i["lines"]) <= 3 for i in invoices)
    assert all(
        abs(sum(line["amount"] for line in i["lines"]) - i["foreigntotal"]) < 0.01
        for i in invoices
        if i["voided"] == "F"
    )


def test_every_settlement_case_is_present(data):
    invoices = data["invoices"]
    paid = [i for i in invoices if i["status"] == "B"]
    partial = [i for i in invoices if i["status"] == "A" and 0 < i["foreignamountunpaid"] < i["foreigntotal"]]
    open_ = [i for i in invoices if i["status"] == "A" and i["foreignamountunpaid"] == i["foreigntotal"]]
    voided = [i for i in invoices if i["voided"] == "T"]
    assert paid and partial and open_ and voided
    assert all(i["status"] == "V" and i["foreigntotal"] == 0 for i in voided)
    for invoice in paid + partial:
        assert abs(sum(a["amount"] for a in invoice["applied"]) - invoice["foreignamountpaid"]) < 0.01
    assert data["credits"] and all(c["type"] == "CustCred" for c in data["credits"])
    deleted = [d for d in data["deleted"] if d["type"] == "invoice"]
    ids = {i["id"] for i in invoices}
    assert deleted and not ids & {d["recordid"] for d in deleted}


def test_payments_deposits_and_accounts(data):
    payments = data["payments"]
    deposited = [p for p in payments if p["deposit"] is not None]
    waiting = [p for p in payments if p["deposit"] is None]
    assert deposited and waiting
    assert {p["status"] for p in deposited} == {"C"} and {p["status"] for p in waiting} == {"B"}
    for deposit in data["deposits"]:
        members = [p for p in deposited if p["deposit"] == deposit["id"]]
        assert abs(sum(p["foreigntotal"] for p in members) - deposit["foreigntotal"]) < 0.01
    kinds = {a["accttype"] for a in data["accounts"]}
    assert {"Bank", "UndepFunds", "Income", "Expense"} <= kinds


def test_some_invoices_are_in_eur_gbp_and_cad(data):
    symbols = {c["id"]: c["symbol"] for c in data["currencies"]}
    used = {symbols[i["currency"]] for i in data["invoices"]}
    assert {"USD", "EUR", "GBP", "CAD"} <= used


def test_kept_data_set_is_reused_and_a_different_one_regenerated(tmp_path):
    path = str(tmp_path / "account.db")
    with NetSuiteSandbox(db_path=path, invoices=80) as first:
        assert first.generated
        customer = first.controls.create_customer("Kept Across Restarts")["id"]
        key = first.credentials.private_key_pem
    with NetSuiteSandbox(db_path=path, invoices=80) as again:
        assert not again.generated
        assert again.controls.record("customer", customer)["companyname"] == "Kept Across Restarts"
        assert again.credentials.private_key_pem == key
    with NetSuiteSandbox(db_path=path, invoices=90) as other:
        assert other.generated


def test_reset_restores_the_generated_data(netsuite_sandbox):
    http = session(netsuite_sandbox)
    count = "SELECT COUNT(*) AS n FROM customer"
    before = rows(http, netsuite_sandbox, count)[0]["n"]
    netsuite_sandbox.sandbox.controls.create_customer("Temporary Co")
    netsuite_sandbox.sandbox.advance_clock(600)
    assert rows(http, netsuite_sandbox, count)[0]["n"] != before
    netsuite_sandbox.sandbox.reset()
    assert netsuite_sandbox.sandbox.clock.offset_seconds == 0
    assert rows(session(netsuite_sandbox), netsuite_sandbox, count)[0]["n"] == before
