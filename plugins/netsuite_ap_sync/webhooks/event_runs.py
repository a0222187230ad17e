"""What a run of ``netsuite_payments_on_event`` does: replay each partner's AP event log against the
queue (``replay``), take the partners' pending events, then run the payments list for each partner
that had them (``payments_for_partner``)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine

from netsuite_ap_sync.settings import env_number
from netsuite_ap_sync.warehouse import webhook_events

log = logging.getLogger(__name__)

RETENTION_ENV = "SYNC_WEBHOOK_EVENT_RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 30


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


def retention() -> timedelta:
    """How long taken events are kept (``SYNC_WEBHOOK_EVENT_RETENTION_DAYS``, default 30)."""
    return timedelta(days=env_number(RETENTION_ENV, DEFAULT_RETENTION_DAYS, whole=True, low=1))


def prune_taken(engine: Engine) -> int:
    """Delete the events taken longer ago than the retention; how many."""
    from netsuite_ap_sync.warehouse.clock import utcnow

    keep = retention()
    pruned = webhook_events.prune(engine, utcnow() - keep)
    if pruned:
        log.info("pruned %d AP webhook event(s) taken more than %d days ago", pruned, keep.days)
    return pruned


def payments_for_partner(partner_id: str, run_id: str, dag_id: str) -> dict[str, Any]:
    """The readiness check (C1/C4, past the last 12 months) and then every step of the ``payments``
    list for one partner, in this one task: what the list's steps keep, by name.

    One task rather than one per step, as the poll DAG has: on the event path the time from AP to
    NetSuite is the point, and each task instance costs seconds of scheduling and process start-up.
    The steps are the same, and idempotent through the ledger, so a retry runs the list again safely.
    """
    from netsuite_ap_sync.engine.context import context_for
    from netsuite_ap_sync.engine.errors import fail_at_once
    from netsuite_ap_sync.orchestration.readiness import ready_to_sync
    from netsuite_ap_sync.orchestration.run_steps import run_in_order
    from netsuite_ap_sync.partners.status import partner_guard

    with fail_at_once():
        ctx = context_for(partner_id, run_id=run_id, dag_id=dag_id)
    with partner_guard(ctx):
        ready_to_sync(ctx, need_twelve_months=True)
        return run_in_order(ctx, "payments")
