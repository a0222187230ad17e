"""Webhook subscriptions, and the NetSuite integration status (Part B)."""

from __future__ import annotations

from tests.sandbox_alternative_payments.plain_api import error_of


def test_webhook_subscription_lifecycle(api):
    created = api.ok(
        "POST", "/webhooks", {"endpoint_url": "https://hooks.example/ap", "topic": "payout_paid", "secret_key": "s3"}
    )
    assert (created["topic"], created["status"], created["has_secret_key"]) == ("payout_paid", "active", True)
    assert "s3" not in str(created)
    assert [w["id"] for w in api.ok("GET", "/webhooks", topic="payout_paid")["data"]] == [created["id"]]
    assert api.ok("DELETE", f"/webhooks/{created['id']}")["status"] == "deleted"
    assert api.ok("GET", "/webhooks", status="active")["data"] == []


def test_webhook_needs_a_known_topic_and_an_http_url(api):
    response = api.post("/webhooks", {"endpoint_url": "ftp://x", "topic": "everything"})
    assert set(error_of(response)["validation_errors"]) == {"endpoint_url", "topic"}


def test_integration_status_round_trip(api):
    assert api.get("/integrations/netsuite").status_code == 404
    status = {"status": "pending", "progress": {"phase": "last_12_months", "done": 10, "left": 90}, "message": None}
    stored = api.ok("PUT", "/integrations/netsuite", status)
    assert {k: stored[k] for k in status} == status
    assert api.ok("GET", "/integrations/netsuite") == stored
    connected = api.ok("PUT", "/integrations/netsuite", {"status": "connected"})
    assert (connected["status"], connected["progress"]) == ("connected", {})
    assert connected["updated_at"] > stored["updated_at"]


def test_integration_status_is_validated(api):
    response = api.request("PUT", "/integrations/netsuite", {"status": "great", "progress": [1], "message": 5})
    assert set(error_of(response)["validation_errors"]) == {"status", "progress", "message"}
    assert api.request("PUT", "/integrations/quickbooks", {"status": "pending"}).status_code == 404
