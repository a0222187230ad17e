"""``WebhookEventTrigger``: fires when partners have AP webhook events not yet taken.

An event trigger for an ``AssetWatcher``: it polls ``webhook_event`` in the triggerer and
yields one ``TriggerEvent`` naming the partners with new events, which becomes an asset
event and so a run of the DAG scheduled on the asset. Imported when DAG files are parsed,
so the warehouse is imported only once ``run()`` starts.

A partner none of whose webhooks arrive (its subscriptions deleted in AP, its endpoint
unreachable) still gets its AP event log replayed: while webhooks are managed
(``SYNC_WEBHOOK_BASE_URL`` set), every partner past its last 12 months and not disconnected is
named for a replay at most every ``replay_seconds`` (``SYNC_WEBHOOK_REPLAY_MINUTES``, default
10; 0 turns it off). All partners fall due together, so that costs one run and one
``GET /webhooks/events`` per partner per interval.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

from airflow.triggers.base import BaseEventTrigger, TriggerEvent

from netsuite_ap_sync.settings import env_number

CLASSPATH = "netsuite_ap_sync.webhooks.trigger.WebhookEventTrigger"
REPLAY_MINUTES_ENV = "SYNC_WEBHOOK_REPLAY_MINUTES"
DEFAULT_REPLAY_MINUTES = 10.0


def replay_seconds_from_env() -> float:
    """``SYNC_WEBHOOK_REPLAY_MINUTES`` in seconds (0: no timed replays); a bad value is an error that says so."""
    return env_number(REPLAY_MINUTES_ENV, DEFAULT_REPLAY_MINUTES, low=0) * 60


class WebhookEventTrigger(BaseEventTrigger):
    """Poll every ``poll_seconds``; fire for partners whose newest queued event is one not fired
    for yet, or whose events are still untaken ``refire_seconds`` after the last fire (a run that
    never took them); and, every ``replay_seconds`` (None: from the environment when ``run()``
    starts), for every partner whose AP event log is due a replay."""

    def __init__(
        self,
        warehouse_conn_id: str = "warehouse_default",
        poll_seconds: float = 5.0,
        refire_seconds: float = 300.0,
        replay_seconds: float | None = None,
    ) -> None:
        super().__init__()
        self.warehouse_conn_id = warehouse_conn_id
        self.poll_seconds = poll_seconds
        self.refire_seconds = refire_seconds
        self.replay_seconds = replay_seconds

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return CLASSPATH, {
            "warehouse_conn_id": self.warehouse_conn_id,
            "poll_seconds": self.poll_seconds,
            "refire_seconds": self.refire_seconds,
            "replay_seconds": self.replay_seconds,
        }

    async def run(self) -> AsyncIterator[TriggerEvent]:
        fired: dict[str, tuple[int, float]] = {}  # partner -> (newest event id fired for, when)
        replayed: dict[str, float] = {}  # partner -> when a run was last asked to replay it
        replay_every = self._replay_every()
        while True:
            pending = await asyncio.to_thread(self._pending)
            now = time.monotonic()
            due = [p for p in pending if self._due(p, fired.get(p["partner_id"]), now)]
            fired.update({p["partner_id"]: (p["last_id"], now) for p in due})
            replayed.update({p["partner_id"]: now for p in due})  # the run replays them anyway
            replays = []
            if replay_every:
                candidates = await asyncio.to_thread(self._replay_candidates)
                replays = [p for p in candidates if now - replayed.get(p, float("-inf")) >= replay_every]
                replayed.update(dict.fromkeys(replays, now))
            if due or replays:
                if due:
                    self.log.info("AP webhook events for partners %s", ", ".join(p["partner_id"] for p in due))
                if replays:
                    self.log.info("replay of AP's event log due for %d partner(s)", len(replays))
                yield TriggerEvent({"partners": due + [_replay_only(p) for p in replays]})
            await asyncio.sleep(self.poll_seconds)

    def _replay_every(self) -> float:
        """Seconds between timed replays; 0 when webhooks are not managed (nothing to replay for)."""
        from netsuite_ap_sync.webhooks.subscriptions import base_url

        if base_url() is None:
            return 0.0
        return replay_seconds_from_env() if self.replay_seconds is None else self.replay_seconds

    def _replay_candidates(self) -> list[str]:
        from netsuite_ap_sync.warehouse import engine_for, webhook_events

        return webhook_events.replay_partners(engine_for(self.warehouse_conn_id))

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


def _replay_only(partner_id: str) -> dict[str, Any]:
    """A partner named only for its replay: no events of its own queued."""
    return {"partner_id": partner_id, "events": 0, "last_id": 0, "replay": True}
