"""Great Expectations suites: each bad row is named with a reason, the rest of the batch passes (I4)."""

from __future__ import annotations

import pandas as pd
import pytest

from netsuite_ap_sync.engine.validation import validate

GOOD = {
    "source_modified": "2026-01-01 10:00:00",
    "tran_id": "INV-1",
    "customer_id": "5",
    "tran_date": "2026-01-01",
    "due_date": "2026-01-31",
    "total": "100.00",
    "amount_unpaid": "20.00",
    "currency": "USD",
    "status": "Open",
}


def _frame(*overrides: dict) -> pd.DataFrame:
    rows = [{"id": n + 1, "source_id": str(100 + n), **GOOD, **o} for n, o in enumerate(overrides)]
    return pd.DataFrame(rows)


def _checks(failures) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for f in failures:
        found.setdefault(f.source_id, set()).add(f.check)
    return found


CASES = [
    ({"total": None, "raw_total": "abc"}, "total_present", "received: abc"),
    ({"total": "-5"}, "total_not_negative", "negative"),
    ({"amount_unpaid": "150.00"}, "amount_unpaid_le_total", "above the total"),
    ({"due_date": "2025-12-01"}, "due_date_not_before_tran_date", "before the invoice date"),
    ({"currency": "EUR"}, "currency_known", "not supported by Alternative Payments"),
    ({"status": "Mystery"}, "status_known", "not a status"),
    ({"customer_id": "999"}, "customer_known", "has not been synced"),
    ({"source_modified": "26/01/2026"}, "source_modified_format", "NetSuite's clock"),
    ({"tran_id": None}, "tran_id_present", "invoice number"),
    ({"tran_date": "not a date"}, "tran_date_present", "invoice date"),
]


@pytest.mark.parametrize(("override", "check", "words"), CASES, ids=[c[1] for c in CASES])
def test_I4_bad_invoice_is_named_and_the_rest_pass(override, check, words):
    failures = validate("invoice", _frame({}, override, {}), {"known_customers": {"5"}})
    assert {f.source_id for f in failures} == {"101"}
    assert check in _checks(failures)["101"]
    assert any(words in f.reason for f in failures if f.check == check)


def test_I4_invoice_of_a_customer_kept_out_of_ap_names_the_customers_reason():
    reasons = {"7": "customer CUST7 has no email in NetSuite; add one"}
    frame = _frame({"customer_id": "7"}, {"customer_id": "8"}, {})
    failures = validate("invoice", frame, {"known_customers": {"5"}, "customer_reasons": reasons})
    by_id = {f.source_id: f for f in failures}
    assert set(by_id) == {"100", "101"}
    assert {f.check for f in failures} == {"customer_known"}
    assert by_id["100"].reason == "its customer '7' is not in AP: customer CUST7 has no email in NetSuite; add one"
    assert "has not been synced" in by_id["101"].reason


def test_clean_batch_has_no_failures():
    assert validate("invoice", _frame({}, {}, {}), {"known_customers": {"5"}}) == []


def test_payment_suite_flags_unknown_status_and_negative_amounts():
    frame = pd.DataFrame(
        [
            {"id": 1, "source_id": "pay_1", "total": "10", "sub_total": "10", "status": "succeeded"},
            {"id": 2, "source_id": "pay_2", "total": "-1", "sub_total": "1", "status": "succeeded"},
            {"id": 3, "source_id": "pay_3", "total": "5", "sub_total": "5", "status": "teleported"},
        ]
    )
    assert _checks(validate("ap_payment", frame)) == {"pay_2": {"total_not_negative"}, "pay_3": {"status_known"}}
