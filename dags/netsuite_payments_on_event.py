"""
### Payments on AP webhook events

AP delivers a webhook to `/webhooks/ap/{partner_id}` on the api-server when a payment
succeeds (or any subscribed topic changes); the receiver queues it in the warehouse's
`webhook_event` table. `WebhookEventTrigger`, watching the `ap_webhook_events` asset from
the triggerer, polls that queue every few seconds and fires for the partners with new
events, which starts a run of this DAG.

A run first **replays** AP's event log (`GET /webhooks/events`) since each named partner's
replay watermark: events no webhook brought are queued with `source='replay'`, and the task
returns, per partner, `{"by_webhook": n, "by_replay": m}`, so a lost webhook is found and
counted. It then **takes** the queued events (marks them processed by the run), and for each
partner that had them, one task group labelled with the partner: its readiness check (C1/C4,
past the 12-month phase), then the payments sync's own steps (deleted payments, payments,
payouts: stage → validate → post), the same list `netsuite_payments_sync` runs.

`netsuite_payments_sync`, every five minutes, remains the net that posts everything by poll,
webhook or no webhook: a lost webhook only delays a payment to the next poll. Both paths go
through the same ledger (one entry per AP payment), so a payment that arrives both by
webhook and by poll is posted once.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Asset, AssetWatcher, dag, task, task_group

from netsuite_ap_sync.orchestration.dag_defaults import BY_PARTNER
from netsuite_ap_sync.orchestration.dag_steps import readiness_check, wire_steps
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
    def replay_events(run_id: str | None = None, triggering_asset_events=None) -> dict[str, dict]:
        """Per partner: events AP listed that came by webhook, and those only the replay found."""
        from netsuite_ap_sync.warehouse import engine_for
        from netsuite_ap_sync.webhooks.event_runs import replay_for_run

        return replay_for_run(engine_for(), run_id, triggering_asset_events)

    @task
    def take_events(run_id: str | None = None, triggering_asset_events=None) -> list[dict]:
        """The partners whose events this run took, each with how many."""
        from netsuite_ap_sync.warehouse import engine_for
        from netsuite_ap_sync.webhooks.event_runs import take_for_run

        return take_for_run(engine_for(), run_id, triggering_asset_events)

    @task
    def partners_with_events(taken: list[dict]) -> list[str]:
        return [entry["partner_id"] for entry in taken]

    @task_group(group_id="partner")
    def partner_payments(partner_id: str):
        first_steps = wire_steps("payments", partner_id, map_index_template=BY_PARTNER)
        readiness_check(partner_id, need_twelve_months=True) >> first_steps

    taken = take_events()
    replay_events() >> taken
    partner_payments.expand(partner_id=partners_with_events(taken))


netsuite_payments_on_event()
