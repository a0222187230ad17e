"""What a run of ``netsuite_payments_on_event`` does with the queue, for now: replay each
partner's AP event log against it (``replay``), then take the partners' pending events and say
which partners had them."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse import webhook_events

log = logging.getLogger(__name__)


def take_pending(engine: Engine, run_id: str) -> list[dict]:
    """Mark every partner's pending events taken by ``run_id``; the partners and how many each.

    The queue is read here rather than trusted from the trigger's payload, so that events
    arriving between the trigger and the run, or runs the scheduler folded into one, are taken too.
    """
    taken = []
    for pending in webhook_events.pending_partners(engine):
        count = webhook_events.take(engine, pending.partner_id, pending.last_id, run_id)
        if count:
            taken.append({"partner_id": pending.partner_id, "events": count})
    return taken


def partners_named(triggering_asset_events: Mapping[Any, Any] | None) -> list[str]:
    """The partners the trigger's events named (asset event ``extra.payload.partners``)."""
    named = set()
    for events in (triggering_asset_events or {}).values():
        for event in events:
            payload = (getattr(event, "extra", None) or {}).get("payload") or {}
            named.update(p["partner_id"] for p in payload.get("partners", []))
    return sorted(named)


def take_for_run(engine: Engine, run_id: str, triggering_asset_events: Mapping[Any, Any] | None) -> list[dict]:
    log.info("the trigger named partners %s", partners_named(triggering_asset_events) or "none (started by hand)")
    taken = take_pending(engine, run_id)
    log.info("took the events of %s", taken or "no partner (an earlier run took them)")
    return taken


def replay_for_run(
    engine: Engine, run_id: str, triggering_asset_events: Mapping[Any, Any] | None
) -> dict[str, dict[str, Any]]:
    """Replay AP's event log for every partner the trigger named or with events pending: by partner,
    ``{"by_webhook": n, "by_replay": m}``, or ``{"error": ...}`` (one partner's failure stops no other)."""
    from alternative_payments_hook.hook import AlternativePaymentsHook
    from netsuite_ap_sync.warehouse import partners
    from netsuite_ap_sync.webhooks.replay import replay

    named = set(partners_named(triggering_asset_events))
    named.update(p.partner_id for p in webhook_events.pending_partners(engine))
    results: dict[str, dict[str, Any]] = {}
    for partner_id in sorted(named):
        try:
            hook = AlternativePaymentsHook(partners.get(engine, partner_id).ap_conn_id)
            results[partner_id] = replay(hook, engine, partner_id, run_id)
        except Exception as exc:  # the poll still covers this partner
            log.warning("partner %s: replay of AP's webhook events failed: %s: %s", partner_id, type(exc).__name__, exc)
            results[partner_id] = {"error": f"{type(exc).__name__}: {exc}"[:500]}
    return results
