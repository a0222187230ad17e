"""Partners none of whose webhooks arrive are still replayed: while webhooks are managed, the trigger
names every partner past its last 12 months and not disconnected for a replay at most every
``replay_seconds``, and a run replays the partners it names; taken events older than the retention
are pruned, each partner's newest kept."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from types import SimpleNamespace

import pytest

from netsuite_ap_sync.warehouse import disconnections, partners, webhook_events
from netsuite_ap_sync.warehouse.clock import utcnow
from netsuite_ap_sync.webhooks import event_runs
from netsuite_ap_sync.webhooks.event_runs import partners_named, prune_taken, retention
from netsuite_ap_sync.webhooks.subscriptions import BASE_URL_ENV
from netsuite_ap_sync.webhooks.trigger import REPLAY_MINUTES_ENV, WebhookEventTrigger, replay_seconds_from_env
from tests.webhooks.conftest import event


@pytest.fixture
def engine(warehouse, monkeypatch):
    """acme and birch past their last 12 months, cedar still reading them, dune disconnected."""
    monkeypatch.setenv("AIRFLOW_CONN_WAREHOUSE_DEFAULT", json.dumps(warehouse.connection))
    monkeypatch.setenv(BASE_URL_ENV, "http://127.0.0.1:8080")
    for partner_id in ("acme", "birch", "cedar", "dune"):
        partners.register(warehouse.engine, partner_id, partner_id, f"ns_{partner_id}", f"ap_{partner_id}")
    for partner_id, phase in (("acme", "done"), ("birch", "history"), ("cedar", "last_12_months"), ("dune", "done")):
        partners.set_phase(warehouse.engine, partner_id, phase, done=0, left=0)
    disconnections.record(warehouse.engine, "dune", "ops")
    return warehouse.engine


def fires(trigger: WebhookEventTrigger, count: int, within: float) -> list:
    """The first ``count`` trigger events, or as many as came ``within`` seconds."""

    async def collect():
        events, got = trigger.run(), []
        try:
            while len(got) < count:
                got.append(await asyncio.wait_for(events.__anext__(), within))
        except TimeoutError:
            pass
        finally:
            await events.aclose()
        return got

    return asyncio.run(collect())


def named(fired) -> list[tuple[str, bool]]:
    return [(p["partner_id"], p.get("replay", False)) for p in fired.payload["partners"]]


def test_it_names_every_partner_due_a_replay_with_no_event_queued(engine):
    (fired,) = fires(WebhookEventTrigger(poll_seconds=0.05, replay_seconds=3600), count=2, within=0.5)
    assert named(fired) == [("acme", True), ("birch", True)]
    asset_event = SimpleNamespace(extra={"payload": fired.payload})
    assert partners_named({"ap_webhook_events": [asset_event]}) == ["acme", "birch"]


def test_it_names_them_again_once_the_interval_has_passed(engine):
    fired = fires(WebhookEventTrigger(poll_seconds=0.05, replay_seconds=0.3), count=2, within=2)
    assert [named(f) for f in fired] == [[("acme", True), ("birch", True)]] * 2


def test_a_partner_with_events_is_named_for_them_and_not_again_for_a_replay(engine):
    webhook_events.enqueue(engine, "acme", event())
    (fired,) = fires(WebhookEventTrigger(poll_seconds=0.05, replay_seconds=3600), count=2, within=0.5)
    assert named(fired) == [("acme", False), ("birch", True)]


def test_nothing_is_replayed_on_a_timer_when_webhooks_are_not_managed(engine, monkeypatch):
    monkeypatch.delenv(BASE_URL_ENV)
    assert fires(WebhookEventTrigger(poll_seconds=0.05, replay_seconds=0.1), count=1, within=0.5) == []


def test_the_interval_comes_from_the_environment_in_minutes(monkeypatch):
    monkeypatch.delenv(REPLAY_MINUTES_ENV, raising=False)
    assert replay_seconds_from_env() == 600
    monkeypatch.setenv(REPLAY_MINUTES_ENV, "2.5")
    assert replay_seconds_from_env() == 150
    monkeypatch.setenv(REPLAY_MINUTES_ENV, "0")
    assert replay_seconds_from_env() == 0
    for bad in ("often", "-1"):
        monkeypatch.setenv(REPLAY_MINUTES_ENV, bad)
        with pytest.raises(ValueError, match=REPLAY_MINUTES_ENV):
            replay_seconds_from_env()


# Pruning


def test_taken_events_older_than_the_retention_are_pruned_but_each_partners_newest(engine, monkeypatch):
    for n in (1, 2, 3):
        webhook_events.enqueue(engine, "acme", event(f"evt_a{n}"))
    webhook_events.enqueue(engine, "birch", event("evt_b1"))
    event_runs.take_for_run(engine, "run_1", None)
    webhook_events.enqueue(engine, "acme", event("evt_a4"))  # not taken yet: never pruned
    assert prune_taken(engine) == 0  # all taken just now

    later = utcnow() + retention() + timedelta(minutes=1)
    monkeypatch.setattr("netsuite_ap_sync.warehouse.clock.utcnow", lambda: later)
    assert prune_taken(engine) == 3
    assert [e["event_id"] for e in webhook_events.for_partner(engine, "acme")] == ["evt_a4"]
    assert [e["event_id"] for e in webhook_events.for_partner(engine, "birch")] == ["evt_b1"]


def test_the_retention_comes_from_the_environment_in_days(monkeypatch):
    monkeypatch.delenv(event_runs.RETENTION_ENV, raising=False)
    assert retention() == timedelta(days=30)
    monkeypatch.setenv(event_runs.RETENTION_ENV, "7")
    assert retention() == timedelta(days=7)
    for bad in ("0", "a week"):
        monkeypatch.setenv(event_runs.RETENTION_ENV, bad)
        with pytest.raises(ValueError, match=event_runs.RETENTION_ENV):
            retention()
