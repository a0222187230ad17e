"""The receiver down: AP's deliveries fail and nothing reaches the queue, yet the five-minute poll
posts the payment; a replay afterwards queues the event, and running the payments list again posts
nothing twice (one ledger for webhook, replay and poll)."""

from __future__ import annotations

import socket
from collections import Counter

from netsuite_ap_sync.warehouse import webhook_events
from netsuite_ap_sync.webhooks.replay import replay
from tests.pipeline.outbound_support import ap_invoice_of, world_with_invoices


def closed_port() -> int:
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def posted_payments(world) -> Counter:
    payments = world.ns_records("payments")["payments"]
    return Counter(p["externalid"] for p in payments if (p.get("externalid") or "").startswith("apay-"))


def test_F3_with_the_receiver_down_the_poll_posts_the_payment_once(partner_world):
    world, (invoice_id,) = world_with_invoices(partner_world, [95.0])
    world.set_up_accounts()
    ap = world.ctx("netsuite_payments_sync").ap
    endpoint = f"http://127.0.0.1:{closed_port()}/webhooks/ap/{world.partner_id}"
    ap.create_webhook(endpoint, "payment_succeeded", "a-secret-nobody-checks")
    world.ap_controls.webhook_controls(max_attempts=2, retry_base_seconds=0.02, timeout_seconds=1)

    payment = world.ap_controls.pay_invoice(ap_invoice_of(world, invoice_id)["id"])
    attempts = [a for a in world.ap_controls.wait_for_deliveries() if a["endpoint_url"] == endpoint]
    assert attempts and all(a["outcome"] != "delivered" for a in attempts)
    assert webhook_events.for_partner(world.engine, world.partner_id) == []

    world.payments()
    assert posted_payments(world)[f"apay-{payment['id']}"] == 1

    # The event a later run replays is the same payment: the ledger posts it once.
    assert replay(ap, world.engine, world.partner_id)["by_replay"] >= 1
    world.payments()
    assert posted_payments(world)[f"apay-{payment['id']}"] == 1
    assert world.audit()["violations"] == []
