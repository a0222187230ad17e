"""The event trigger fires for partners with queued events and stays quiet otherwise, run directly
as the triggerer runs it (its ``run()`` async generator); and the DAG run takes the events."""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace

import pytest

from netsuite_ap_sync.warehouse import partners, webhook_events
from netsuite_ap_sync.webhooks.event_runs import partners_named, take_for_run
from netsuite_ap_sync.webhooks.trigger import WebhookEventTrigger
from tests.webhooks.conftest import event

QUIET_FOR = 0.5


@pytest.fixture
def engine(warehouse, monkeypatch):
    monkeypatch.setenv("AIRFLOW_CONN_WAREHOUSE_DEFAULT", json.dumps(warehouse.connection))
    for partner_id in ("acme", "birch"):
        partners.register(warehouse.engine, partner_id, partner_id, f"ns_{partner_id}", f"ap_{partner_id}")
    return warehouse.engine


def trigger() -> WebhookEventTrigger:
    return WebhookEventTrigger(poll_seconds=0.05, refire_seconds=3600)


async def next_event(events, timeout: float):
    return await asyncio.wait_for(events.__anext__(), timeout)


def test_it_fires_for_a_queued_event_naming_the_partner(engine):
    webhook_events.enqueue(engine, "acme", event())

    async def first():
        events = trigger().run()
        try:
            return await next_event(events, timeout=10)
        finally:
            await events.aclose()

    fired = asyncio.run(first())
    assert [(p["partner_id"], p["events"]) for p in fired.payload["partners"]] == [("acme", 1)]


def test_it_does_not_fire_when_nothing_is_queued(engine):
    async def quiet():
        with pytest.raises(TimeoutError):
            await next_event(trigger().run(), timeout=QUIET_FOR)

    asyncio.run(quiet())


def test_it_fires_once_per_new_event_not_again_for_the_same_ones(engine):
    async def scenario():
        events = trigger().run()
        webhook_events.enqueue(engine, "acme", event("evt_1"))
        first = await next_event(events, timeout=10)
        with pytest.raises(TimeoutError):
            await next_event(events, timeout=QUIET_FOR)
        return first

    first = asyncio.run(scenario())
    assert [p["partner_id"] for p in first.payload["partners"]] == ["acme"]


def test_a_later_event_fires_again_and_names_only_that_partner(engine):
    async def scenario():
        events = trigger().run()
        webhook_events.enqueue(engine, "acme", event("evt_1"))
        first = await next_event(events, timeout=10)
        webhook_events.enqueue(engine, "birch", event("evt_2"))
        second = await next_event(events, timeout=10)
        await events.aclose()
        return first, second

    first, second = asyncio.run(scenario())
    assert [p["partner_id"] for p in first.payload["partners"]] == ["acme"]
    assert [p["partner_id"] for p in second.payload["partners"]] == ["birch"]


def test_taken_events_no_longer_fire(engine):
    webhook_events.enqueue(engine, "acme", event())
    assert take_for_run(engine, "run_1", None) == [{"partner_id": "acme", "events": 1}]

    async def quiet():
        with pytest.raises(TimeoutError):
            await next_event(trigger().run(), timeout=QUIET_FOR)

    asyncio.run(quiet())


def test_it_serializes_to_its_own_class_and_arguments():
    classpath, kwargs = WebhookEventTrigger(poll_seconds=2).serialize()
    assert classpath == "netsuite_ap_sync.webhooks.trigger.WebhookEventTrigger"
    assert WebhookEventTrigger(**kwargs).serialize() == (classpath, kwargs)


def test_a_run_takes_every_partners_events_and_names_them(engine):
    webhook_events.enqueue(engine, "acme", event("evt_1"))
    webhook_events.enqueue(engine, "acme", event("evt_2"))
    webhook_events.enqueue(engine, "birch", event("evt_3"))
    asset_event = SimpleNamespace(extra={"from_trigger": True, "payload": {"partners": [{"partner_id": "acme"}]}})
    assert partners_named({"ap_webhook_events": [asset_event]}) == ["acme"]
    taken = take_for_run(engine, "run_1", {"ap_webhook_events": [asset_event]})
    assert taken == [{"partner_id": "acme", "events": 2}, {"partner_id": "birch", "events": 1}]
    assert {row["processed_by"] for row in webhook_events.for_partner(engine, "acme")} == {"run_1"}
    assert take_for_run(engine, "run_2", None) == []


def test_the_dag_is_scheduled_on_an_asset_watched_by_the_trigger():
    import runpy
    from pathlib import Path

    dag_file = Path(__file__).resolve().parents[2] / "dags" / "netsuite_payments_on_event.py"
    asset = runpy.run_path(str(dag_file))["AP_WEBHOOK_EVENTS"]
    (watcher,) = asset.watchers
    assert isinstance(watcher.trigger, WebhookEventTrigger)
    assert watcher.trigger.serialize()[1]["warehouse_conn_id"] == "warehouse_default"
