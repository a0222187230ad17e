"""External ids and idempotency keys."""

from __future__ import annotations

import re

import pytest

from netsuite_ap_sync.rules.keys import (
    KEY_PATTERN,
    deposit_line_key,
    idempotency_key,
    key_uuid,
    payment_external_id,
    payout_external_id,
    sanitize_external_id,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("pay_123-ABC", "pay_123-ABC"), ("pay.1/2 3", "pay-1-2-3"), ("péy#1", "p-y-1"), ("a:b", "a-b")],
)
def test_sanitize_external_id_keeps_letters_digits_underscore_dash(raw, clean):
    assert sanitize_external_id(raw) == clean


def test_sanitize_external_id_refuses_empty():
    with pytest.raises(ValueError, match="empty"):
        sanitize_external_id("")


def test_F3_customer_payment_external_id():
    assert payment_external_id("pay.9") == "apay-pay-9"


def test_F4_payout_deposit_external_id():
    assert payout_external_id("po_1") == "apo-po_1"


def test_S7_deposit_line_key_is_one_per_payment_and_payout():
    key = deposit_line_key("pay 9", "po_1")
    assert key == deposit_line_key("pay 9", "po_1") and KEY_PATTERN.fullmatch(key)
    assert key.startswith("netsuite-deposit_line-payment-pay-9-")
    assert key != deposit_line_key("pay 9", "po_2")


def test_idempotency_key_is_deterministic_readable_and_sanitised():
    key = idempotency_key("ap", "update_invoice", "invoice", "104", "2026-01-02 10:00:00")
    assert key == idempotency_key("ap", "update_invoice", "invoice", "104", "2026-01-02 10:00:00")
    assert key.startswith("ap-update_invoice-invoice-104-")
    assert KEY_PATTERN.fullmatch(key)


def test_idempotency_key_separates_ids_that_sanitise_alike():
    assert idempotency_key("ap", "x", "invoice", "a.b") != idempotency_key("ap", "x", "invoice", "a/b")


def test_idempotency_key_changes_with_version_target_action_and_object():
    base = idempotency_key("ap", "update_invoice", "invoice", "104", "v1")
    assert base != idempotency_key("ap", "update_invoice", "invoice", "104", "v2")
    assert base != idempotency_key("ap", "update_invoice", "invoice", "104")
    assert base != idempotency_key("netsuite", "update_invoice", "invoice", "104", "v1")
    assert base != idempotency_key("ap", "attach_pdf", "invoice", "104", "v1")
    assert base != idempotency_key("ap", "update_invoice", "payment", "104", "v1")


def test_idempotency_key_of_long_ids_stays_short():
    assert len(idempotency_key("ap", "create_invoice", "invoice", "9" * 500)) < 120


def test_key_uuid_is_a_stable_rfc4122_shaped_uuid():
    value = key_uuid("ap-create_invoice-invoice-104-abc")
    assert value == key_uuid("ap-create_invoice-invoice-104-abc")
    assert value != key_uuid("ap-create_invoice-invoice-105-abc")
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", value)
