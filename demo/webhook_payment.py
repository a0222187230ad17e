"""The demo's event path: one AP payment posted to NetSuite by webhook, with its latency.

The receiver is served from the demo's process on loopback (in a deployment it is mounted on the
api-server) and ``SYNC_WEBHOOK_BASE_URL`` points at it before the partner is registered, so the
registration subscribes the demo partner to AP's webhooks. Later a customer pays in AP: AP delivers
``payment_succeeded``, the receiver queues it, ``WebhookEventTrigger`` (run here as the triggerer
runs it) fires for the partner, and ``netsuite_payments_on_event`` (through ``airflow dags test``)
posts it. The time from AP's answer to the customer payment being in the ledger is polled each second.
"""

from __future__ import annotations

import asyncio
import os
import time
from decimal import Decimal
from typing import Any

EVENT_DAG = "netsuite_payments_on_event"
WAIT_SECONDS = 60.0


class WebhookPayment:
    def __init__(self, partner_id: str):
        self.partner_id = partner_id
        self.server = None

    def start_receiver(self) -> str:
        """The receiver on loopback, and ``SYNC_WEBHOOK_BASE_URL`` (for this process and the DAG runs it starts)."""
        from netsuite_ap_sync.webhooks.receiver import standalone_app
        from netsuite_ap_sync.webhooks.subscriptions import BASE_URL_ENV
        from sandbox.server import serve_in_thread

        self.server = serve_in_thread(standalone_app())
        os.environ[BASE_URL_ENV] = self.server.base_url
        return self.server.base_url

    def stop(self) -> None:
        from netsuite_ap_sync.webhooks.subscriptions import BASE_URL_ENV

        os.environ.pop(BASE_URL_ENV, None)
        if self.server:
            self.server.stop()
            self.server = None

    def subscriptions(self, boxes) -> int:
        """How many AP subscriptions the partner's endpoint has (made by the registration)."""
        url = f"{self.server.base_url}/webhooks/ap/{self.partner_id}"
        with boxes.ap.store.lock:
            webhooks = list(boxes.ap.store.collections["webhooks"].values())
        return sum(1 for w in webhooks if w["endpoint_url"] == url and w["status"] == "active")

    def pay_and_post(self, boxes, env: dict[str, str], log_dir) -> dict[str, Any]:
        """A customer pays 1.00 on an open synced invoice in AP; what happened, with the seconds each part took."""
        from demo.airflow_runs import dags_test
        from netsuite_ap_sync.warehouse import engine_for

        engine = engine_for()
        invoice = _open_invoice(boxes)
        started = time.monotonic()
        payment = boxes.ap_controls.pay_invoice(invoice["id"], amount=Decimal("1.00"))
        queued = _wait(lambda: _queued(engine, self.partner_id, payment["id"]))
        fired = self._trigger_fires()
        posted: list[float] = []

        def watch() -> None:
            if not posted and _posted(engine, self.partner_id, payment["id"]):
                posted.append(time.monotonic())

        dag_started = time.monotonic()
        dag_seconds = dags_test(EVENT_DAG, env, log_dir, on_tick=watch)
        watch()
        return {
            "payment": payment["id"],
            "invoice": invoice["id"],
            "queued": queued - started,
            "fired": fired - started,
            "dag_started": dag_started - started,
            "dag": dag_seconds,
            "posted": posted[0] - started if posted else None,
        }

    def _trigger_fires(self) -> float:
        """When ``WebhookEventTrigger`` fired naming the partner for its events."""
        from netsuite_ap_sync.webhooks.trigger import WebhookEventTrigger

        async def first_fire() -> float:
            events = WebhookEventTrigger(poll_seconds=0.2).run()
            try:
                while True:
                    fired = await asyncio.wait_for(events.__anext__(), WAIT_SECONDS)
                    named = fired.payload["partners"]
                    if any(p["partner_id"] == self.partner_id and p["events"] for p in named):
                        return time.monotonic()
            finally:
                await events.aclose()

        return asyncio.run(first_fire())


def line(outcome: dict[str, Any]) -> str:
    """The demo's one line about it."""
    if outcome["posted"] is None:
        return f"payment {outcome['payment']} was not posted by the event DAG run (see its log)"
    return (
        f"payment {outcome['payment']} posted by webhook in {outcome['posted']:.1f} s "
        f"(queued by the receiver after {outcome['queued']:.1f} s, the trigger fired after {outcome['fired']:.1f} s, "
        f"then netsuite_payments_on_event; `airflow dags test` start-up is most of the rest)"
    )


def _open_invoice(boxes) -> dict[str, Any]:
    invoices = boxes.ap_controls.state()["invoices"]
    owing = [
        i
        for i in invoices
        if i.get("external_id") and i["status"] in ("open", "partially_paid") and Decimal(str(i["amount_due"])) >= 2
    ]
    if not owing:
        raise RuntimeError("no open synced invoice in AP to pay by webhook")
    return owing[0]


def _queued(engine, partner_id: str, payment_id: str) -> bool:
    from netsuite_ap_sync.warehouse import webhook_events

    return any(
        e["object_id"] == payment_id and e["topic"] == "payment_succeeded"
        for e in webhook_events.for_partner(engine, partner_id)
    )


def _posted(engine, partner_id: str, payment_id: str) -> bool:
    from netsuite_ap_sync.warehouse import ledger

    return payment_id in ledger.posted_facts(engine, partner_id, "payment", [payment_id])


def _wait(done, timeout: float = WAIT_SECONDS, every: float = 0.05) -> float:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the AP webhook did not reach the receiver within {timeout:.0f} s")
        time.sleep(every)
    return time.monotonic()
