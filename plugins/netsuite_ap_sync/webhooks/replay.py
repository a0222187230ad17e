"""The replay: proof that no AP event the sync subscribes to was missed.

AP lists every event it emitted (``GET /webhooks/events``), delivered or not. The replay reads
that list since the partner's replay watermark (``sync_state``, object ``ap_webhook_events``),
compares it with the partner's ``webhook_event`` rows, and queues the missing ones with
``source='replay'``: a webhook that was lost (dropped, refused, never retried) is found here and
counted. The watermark then moves to the newest event read; ``updated_at_start`` is inclusive, so
the events at the watermark come again and are recognised by their AP event id.

Events that both arrive by webhook and are found by the replay are one row (unique AP event id),
and whatever they lead to goes through the same ledger as the 5-minute poll, so a payment is
posted once whichever way it came.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse import sync_state, webhook_events
from netsuite_ap_sync.webhooks.subscriptions import TOPICS

log = logging.getLogger(__name__)

WATERMARK = "ap_webhook_events"


def replay(ctx_or_hook: Any, engine: Engine, partner_id: str, run_id: str = "webhook_replay") -> dict[str, int]:
    """Queue the partner's subscribed AP events that no webhook brought; the counts of the events read:
    ``by_webhook`` (already delivered) and ``by_replay`` (queued now, a lost webhook each)."""
    hook = getattr(ctx_or_hook, "ap", ctx_or_hook)  # a RunContext, or the partner's AP hook itself
    since = sync_state.get_watermark(engine, partner_id, WATERMARK)
    counts = {"by_webhook": 0, "by_replay": 0}
    newest = since
    for page in hook.iter_webhook_events(updated_at_start=since):
        events = [e for e in page if isinstance(e.get("id"), str) and e.get("topic") in TOPICS]
        known = webhook_events.sources(engine, partner_id, [e["id"] for e in events]) if events else {}
        for event in events:
            source = known.get(event["id"])
            if source == "webhook":
                counts["by_webhook"] += 1
            elif source is None and webhook_events.enqueue(engine, partner_id, event, source="replay"):
                counts["by_replay"] += 1
        for event in page:
            stamp = event.get("updated_at")
            if isinstance(stamp, str) and (newest is None or stamp > newest):
                newest = stamp
    if newest is not None and newest != since:
        sync_state.advance_watermark(engine, partner_id, WATERMARK, newest, run_id)
    if counts["by_replay"]:
        log.warning(
            "partner %s: %d AP event(s) since %s were never delivered by webhook; queued by the replay",
            partner_id,
            counts["by_replay"],
            since or "the first event",
        )
    else:
        log.info("partner %s: every AP event since %s came by webhook (%s)", partner_id, since or "the first", counts)
    return counts
