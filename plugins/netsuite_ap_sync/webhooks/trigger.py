"""``WebhookEventTrigger``: fires when partners have AP webhook events not yet taken.

An event trigger for an ``AssetWatcher``: it polls ``webhook_event`` in the triggerer and
yields one ``TriggerEvent`` naming the partners with new events, which becomes an asset
event and so a run of the DAG scheduled on the asset. Imported when DAG files are parsed,
so the warehouse is imported only once ``run()`` starts.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

from airflow.triggers.base import BaseEventTrigger, TriggerEvent

CLASSPATH = "netsuite_ap_sync.webhooks.trigger.WebhookEventTrigger"


class WebhookEventTrigger(BaseEventTrigger):
    """Poll every ``poll_seconds``; fire for partners whose newest queued event is one not fired
    for yet, or whose events are still untaken ``refire_seconds`` after the last fire (a run that
    never took them)."""

    def __init__(
        self,
        warehouse_conn_id: str = "warehouse_default",
        poll_seconds: float = 5.0,
        refire_seconds: float = 300.0,
    ) -> None:
        super().__init__()
        self.warehouse_conn_id = warehouse_conn_id
        self.poll_seconds = poll_seconds
        self.refire_seconds = refire_seconds

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return CLASSPATH, {
            "warehouse_conn_id": self.warehouse_conn_id,
            "poll_seconds": self.poll_seconds,
            "refire_seconds": self.refire_seconds,
        }

    async def run(self) -> AsyncIterator[TriggerEvent]:
        fired: dict[str, tuple[int, float]] = {}  # partner -> (newest event id fired for, when)
        while True:
            pending = await asyncio.to_thread(self._pending)
            now = time.monotonic()
            due = [p for p in pending if self._due(p, fired.get(p["partner_id"]), now)]
            if due:
                fired.update({p["partner_id"]: (p["last_id"], now) for p in due})
                self.log.info("AP webhook events for partners %s", ", ".join(p["partner_id"] for p in due))
                yield TriggerEvent({"partners": due})
            await asyncio.sleep(self.poll_seconds)

    def _due(self, pending: dict[str, Any], fired: tuple[int, float] | None, now: float) -> bool:
        if fired is None:
            return True
        last_id, when = fired
        return pending["last_id"] > last_id or now - when >= self.refire_seconds

    def _pending(self) -> list[dict[str, Any]]:
        from netsuite_ap_sync.warehouse import engine_for, webhook_events

        engine = engine_for(self.warehouse_conn_id)
        return [
            {"partner_id": p.partner_id, "events": p.events, "last_id": p.last_id}
            for p in webhook_events.pending_partners(engine)
        ]
