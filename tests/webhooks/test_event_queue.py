"""The ``webhook_event`` queue (migration 0009): unique AP event id per partner, and taking
a partner's events leaves alone those that arrive after the read."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from netsuite_ap_sync.warehouse import partners, webhook_events
from tests.webhooks.conftest import event


@pytest.fixture
def engine(warehouse):
    for partner_id in ("acme", "birch"):
        partners.register(warehouse.engine, partner_id, partner_id, f"ns_{partner_id}", f"ap_{partner_id}")
    return warehouse.engine


def test_the_table_has_what_the_receiver_and_the_trigger_need(warehouse):
    columns = {c["name"] for c in inspect(warehouse.engine).get_columns("webhook_event")}
    assert {
        "partner_id",
        "event_id",
        "topic",
        "object_id",
        "received_at",
        "payload_json",
        "processed_at",
        "processed_by",
    } <= columns
    assert "webhook_event_unprocessed" in {i["name"] for i in inspect(warehouse.engine).get_indexes("webhook_event")}


def test_events_belong_to_registered_partners(engine):
    with pytest.raises(IntegrityError):
        webhook_events.enqueue(engine, "nobody", event())


def test_enqueue_is_idempotent_on_the_partners_event_id(engine):
    assert webhook_events.enqueue(engine, "acme", event()) is True
    assert webhook_events.enqueue(engine, "acme", event()) is False
    assert webhook_events.enqueue(engine, "birch", event()) is True
    assert [p.partner_id for p in webhook_events.pending_partners(engine)] == ["acme", "birch"]


def test_take_marks_only_what_was_read(engine):
    webhook_events.enqueue(engine, "acme", event("evt_1"))
    webhook_events.enqueue(engine, "acme", event("evt_2"))
    (pending,) = webhook_events.pending_partners(engine)
    assert pending.events == 2
    webhook_events.enqueue(engine, "acme", event("evt_3"))  # arrives between the read and the take
    assert webhook_events.take(engine, "acme", pending.last_id, "run_1") == 2
    rows = {row["event_id"]: row for row in webhook_events.for_partner(engine, "acme")}
    assert [rows[e]["processed_by"] for e in ("evt_1", "evt_2", "evt_3")] == ["run_1", "run_1", None]
    assert rows["evt_1"]["processed_at"] is not None
    assert [(p.partner_id, p.events) for p in webhook_events.pending_partners(engine)] == [("acme", 1)]
