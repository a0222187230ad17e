"""The AP sandbox delivering to a running receiver: a payment that succeeds in AP is queued for
its partner within seconds; a wrong secret queues nothing; duplicates and reordering add no row
and lose none; a dropped delivery is still listed by ``GET /webhooks/events`` (what a replay reads)."""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from netsuite_ap_sync.warehouse import webhook_events
from netsuite_ap_sync.webhooks.trigger import WebhookEventTrigger
from tests.sandbox_alternative_payments.conftest import plain_api
from tests.webhooks.conftest import SECRETS

# The receiver must queue a delivery well inside the feature's 60 s budget.
QUEUED_WITHIN = 5.0


@pytest.fixture
def ap(ap_sandbox):
    ap_sandbox.control.webhook_controls(retry_base_seconds=0.02, timeout_seconds=5)
    return ap_sandbox


@pytest.fixture
def api(ap):
    return plain_api(ap).login()


def subscribe(api, receiver, partner_id: str = "acme", secret: str = SECRETS["acme"], topic="payment_succeeded"):
    url = f"{receiver.base_url}/webhooks/ap/{partner_id}"
    return api.ok("POST", "/webhooks", {"endpoint_url": url, "topic": topic, "secret_key": secret})


def settle_a_payment(ap, invoice: str = "invoice_open") -> dict:
    """An ACH payment goes in pending, then succeeds: AP's ``payment_succeeded``."""
    pending = ap.control.pay_invoice(ap.demo_ids[invoice], payment_method="ach", status="pending")
    return ap.control.settle_payment(pending["id"])


def wait_for_rows(engine, count: int, partner_id: str = "acme", timeout: float = QUEUED_WITHIN) -> list[dict]:
    deadline = time.monotonic() + timeout
    while True:
        rows = webhook_events.for_partner(engine, partner_id)
        if len(rows) >= count or time.monotonic() > deadline:
            return rows
        time.sleep(0.02)


def test_a_payment_that_succeeds_in_ap_is_queued_for_its_partner(ap, api, registered, served_receiver, monkeypatch):
    engine = registered.warehouse.engine
    subscribe(api, served_receiver)
    started = time.monotonic()
    payment = settle_a_payment(ap)
    (row,) = wait_for_rows(engine, 1)
    assert time.monotonic() - started < QUEUED_WITHIN
    (listed,) = api.ok("GET", "/webhooks/events", topic="payment_succeeded", updated_at_start=payment["updated_at"])[
        "data"
    ]
    assert (row["event_id"], row["topic"], row["object_id"]) == (listed["id"], "payment_succeeded", payment["id"])
    assert row["payload"] == listed
    assert [a["outcome"] for a in ap.control.wait_for_deliveries()] == ["delivered"]

    # ...and the trigger then fires for the partner.
    monkeypatch.setenv("AIRFLOW_CONN_WAREHOUSE_DEFAULT", json.dumps(registered.warehouse.connection))

    async def fired():
        events = WebhookEventTrigger(poll_seconds=0.05).run()
        try:
            return await asyncio.wait_for(events.__anext__(), 10)
        finally:
            await events.aclose()

    assert [p["partner_id"] for p in asyncio.run(fired()).payload["partners"]] == ["acme"]


def test_a_subscription_with_the_wrong_secret_gets_401s_and_queues_nothing(ap, api, registered, served_receiver):
    ap.control.webhook_controls(max_attempts=2)
    subscribe(api, served_receiver, secret="not-the-partners-secret")
    subscribe(api, served_receiver, partner_id="nobody")
    settle_a_payment(ap)
    attempts = ap.control.wait_for_deliveries()
    assert sorted((a["outcome"], a["status_code"]) for a in attempts) == [
        ("failed", 401),
        ("failed", 401),
        ("gave_up", 401),
        ("gave_up", 401),
    ]
    assert webhook_events.for_partner(registered.warehouse.engine, "acme") == []


def test_duplicate_deliveries_leave_one_row(ap, api, registered, served_receiver):
    subscribe(api, served_receiver)
    ap.control.webhook_controls(duplicate_next=1)
    settle_a_payment(ap)
    attempts = ap.control.wait_for_deliveries()
    assert [a["outcome"] for a in attempts] == ["delivered", "delivered"]
    assert len(webhook_events.for_partner(registered.warehouse.engine, "acme")) == 1


def test_reordered_deliveries_are_all_queued(ap, api, registered, served_receiver):
    subscribe(api, served_receiver, topic="invoice_updated")
    ap.control.webhook_controls(hold=True)
    for memo in ("one", "two", "three"):
        ap.control.edit_invoice(ap.demo_ids["invoice_open"], memo=memo)
    assert ap.control.release_webhooks("reverse") == 3
    rows = wait_for_rows(registered.warehouse.engine, 3)
    listed = api.ok("GET", "/webhooks/events", topic="invoice_updated")["data"][-3:]
    assert [r["payload"]["data"]["memo"] for r in rows] == ["three", "two", "one"]
    assert {r["event_id"] for r in rows} == {e["id"] for e in listed}


def test_a_dropped_delivery_is_not_queued_but_still_listed_by_ap(ap, api, registered, served_receiver):
    subscribe(api, served_receiver)
    ap.control.webhook_controls(drop_next=1)
    lost = settle_a_payment(ap)
    delivered = settle_a_payment(ap, invoice="invoice_created_in_ap")
    (row,) = wait_for_rows(registered.warehouse.engine, 1)
    assert row["object_id"] == delivered["id"]
    assert [a["outcome"] for a in ap.control.wait_for_deliveries()] == ["dropped", "delivered"]
    listed = api.ok("GET", "/webhooks/events", topic="payment_succeeded")["data"]
    assert lost["id"] in {e["data"]["id"] for e in listed}
