"""Webhook subscriptions and the event log they are fed from.

Events are recorded for every state change and listed by ``GET /webhooks/events``;
``deliveries`` POSTs each to the active subscriptions of its topic.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from sandbox.alternative_payments.store import Store
from sandbox.alternative_payments.validation import Fields

TOPICS = (
    "payout_paid",
    "payout_processing",
    "payout_scheduled",
    "payout_failed",
    "customer_created",
    "customer_updated",
    "customer_archived",
    "payment_succeeded",
    "payment_failed",
    "payment_refunded",
    "payment_chargeback",
    "invoice_created",
    "invoice_updated",
    "invoice_paid",
    "invoice_archived",
    "payment_method_added",
    "payment_method_deleted",
    "default_payment_method_changed",
)


def subscribe(store: Store, body: dict[str, Any]) -> dict:
    fields = Fields(body, {"endpoint_url", "topic", "secret_key"})
    url = fields.string("endpoint_url", required=True, max_length=2000)
    if url and urlparse(url).scheme not in ("http", "https"):
        fields.fail("endpoint_url", "must be an http(s) URL")
    topic = fields.choice("topic", TOPICS, required=True)
    secret = fields.string("secret_key")
    fields.done()
    with store.lock:
        webhook = {
            "id": store.new_id("wh"),
            "endpoint_url": url,
            "topic": topic,
            "has_secret_key": secret is not None,
            "_secret_key": secret,
            "status": "active",
        }
        return store.insert("webhooks", webhook)


def unsubscribe(store: Store, webhook_id: str) -> dict:
    with store.lock:
        webhook = store.get("webhooks", webhook_id)
        if webhook["status"] != "deleted":
            webhook["status"] = "deleted"
            store.touch(webhook)
        return webhook
