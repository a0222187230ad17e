"""
### Payments on AP webhook events

AP delivers a webhook to `/webhooks/ap/{partner_id}` on the api-server when a payment
succeeds (or any subscribed topic changes); the receiver queues it in the warehouse's
`webhook_event` table. `WebhookEventTrigger`, watching the `ap_webhook_events` asset from
the triggerer, polls that queue every few seconds and fires for the partners with new
events, which starts a run of this DAG.

A run's first task **replays** AP's event log (`GET /webhooks/events`) since each named partner's
replay watermark: events no webhook brought are queued with `source='replay'` and logged, per
partner, as `{"by_webhook": n, "by_replay": m}`, so a lost webhook is found and counted. It then
**takes** the queued events (marks them processed by the run). For each partner that had them, one
task labelled with the partner runs its readiness check (C1/C4, past the 12-month phase) and then
the payments sync's own steps (deleted payments, payments, payouts: stage → validate → post), the
same list `netsuite_payments_sync` runs as one task per step: here in one task, since every task
instance costs seconds and the point of this path is getting a payment to NetSuite within a minute.

While webhooks are managed (`SYNC_WEBHOOK_BASE_URL`), the trigger also names every partner past
its last 12 months for a replay every `SYNC_WEBHOOK_REPLAY_MINUTES` (default 10), so a partner none
of whose webhooks arrive is replayed too. Events taken more than `SYNC_WEBHOOK_EVENT_RETENTION_DAYS`
(default 30) ago are pruned, each partner's newest kept.

`netsuite_payments_sync`, every five minutes, remains the net that posts everything by poll,
webhook or no webhook: a lost webhook only delays a payment to the next poll. Both paths go
through the same ledger (one entry per AP payment), so a payment that arrives both by
webhook and by poll is posted once.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Asset, AssetWatcher, dag, task

from netsuite_ap_sync.webhooks.trigger import WebhookEventTrigger

AP_WEBHOOK_EVENTS = Asset(
    name="ap_webhook_events",
    uri="warehouse://webhook_event",
    watchers=[AssetWatcher(name="ap_webhook_event_queue", trigger=WebhookEventTrigger())],
)


@dag(
    dag_id="netsuite_payments_on_event",
    schedule=[AP_WEBHOOK_EVENTS],
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["netsuite", "alternative-payments", "payments", "webhooks"],
    default_args={
        "owner": "data-engineering",
        "retries": 2,
        "retry_delay": pendulum.duration(seconds=10),
        "execution_timeout": pendulum.duration(minutes=2),
    },
    doc_md=__doc__,
)
def netsuite_payments_on_event():
    @task
    def take_events(run_id: str | None = None, triggering_asset_events=None) -> list[str]:
        """Replay AP's event log, take the queued events (the partners that had some), and prune old ones."""
        from netsuite_ap_sync.warehouse import engine_for
        from netsuite_ap_sync.webhooks.event_runs import prune_taken, replay_for_run, take_for_run

        engine = engine_for()
        replay_for_run(engine, run_id, triggering_asset_events)
        taken = take_for_run(engine, run_id, triggering_asset_events)
        prune_taken(engine)
        return [entry["partner_id"] for entry in taken]

    @task(map_index_template="{{ partner_label }}")
    def payments(partner_id: str, run_id: str | None = None, dag=None) -> dict:
        """Readiness, then the payments list's steps for one partner (labelled with it in the UI)."""
        from airflow.sdk import get_current_context

        from netsuite_ap_sync.webhooks.event_runs import payments_for_partner

        get_current_context()["partner_label"] = partner_id
        return payments_for_partner(partner_id, run_id, dag.dag_id)

    payments.expand(partner_id=take_events())


netsuite_payments_on_event()
