"""updated_at on every resource and updated_at_start (inclusive) on lists (Part B)."""

from __future__ import annotations

from decimal import Decimal


def changed_since(api, path: str, watermark: str) -> list[str]:
    return [r["id"] for r in api.ok("GET", path, updated_at_start=watermark)["data"]]


def newest(api, path: str) -> str:
    return max(r["updated_at"] for r in api.ok("GET", path)["data"])


def test_updated_at_is_on_every_resource(api, ap_sandbox):
    ap_sandbox.control.create_payout()
    for path in ("/customers", "/invoices", "/payments", "/payouts", "/webhooks/events"):
        records = api.ok("GET", path)["data"]
        assert records, path
        assert all(r["updated_at"] >= r["created_at"] for r in records), path


def test_invoice_changes_since_a_watermark(api, ap_sandbox):
    ids = ap_sandbox.demo_ids
    watermark = newest(api, "/invoices")
    assert changed_since(api, "/invoices", watermark) == [ids["invoice_partially_paid"]]  # inclusive
    api.ok("PATCH", f"/invoices/{ids['invoice_open']}", {"due_date": "2031-05-01"})
    ap_sandbox.control.pay_invoice(ids["invoice_created_in_ap"])
    changed = changed_since(api, "/invoices", watermark)
    assert changed == [ids["invoice_partially_paid"], ids["invoice_open"], ids["invoice_created_in_ap"]]


def test_payments_reappear_when_they_fail_or_are_paid_out(api, ap_sandbox):
    ids = ap_sandbox.demo_ids
    watermark = newest(api, "/payments")
    ap_sandbox.control.fail_payment(ids["payment_ach"])
    after_failure = newest(api, "/payments")
    assert changed_since(api, "/payments", after_failure) == [ids["payment_ach"]]
    payout = ap_sandbox.control.create_payout()
    assert changed_since(api, "/payments", after_failure) == [ids["payment_ach"], ids["payment_card"]]
    assert changed_since(api, "/payouts", watermark) == [payout["id"]]


def test_updated_at_strictly_increases_even_within_one_microsecond(api, ap_sandbox):
    store = ap_sandbox.sandbox.store
    stamps = [store.stamp() for _ in range(1000)]
    assert stamps == sorted(set(stamps))


def test_filters_combine_with_updated_at_start(api, ap_sandbox):
    ids = ap_sandbox.demo_ids
    watermark = newest(api, "/payments")
    ap_sandbox.control.pay_invoice(ids["invoice_open"], amount=Decimal("100"), payment_method="ach")
    ap_sandbox.control.pay_invoice(ids["invoice_created_in_ap"], payment_method="card")
    page = api.ok("GET", "/payments", updated_at_start=watermark, payment_method="ach")
    assert [p["invoice_id"] for p in page["data"]] == [ids["invoice_partially_paid"], ids["invoice_open"]]
