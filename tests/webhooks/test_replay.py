"""The replay: AP's event log read since the partner's watermark against ``webhook_event``. A
delivery AP dropped is found and queued with ``source='replay'`` and counted ``by_replay``; a
duplicate delivery and the replay leave one row; replaying again finds nothing new."""

from __future__ import annotations

import time

import pytest

from alternative_payments_hook.config import derived_webhook_secret
from alternative_payments_hook.hook import AlternativePaymentsHook
from netsuite_ap_sync.warehouse import sync_state, webhook_events
from netsuite_ap_sync.webhooks import subscriptions
from netsuite_ap_sync.webhooks.event_runs import replay_for_run, take_pending
from netsuite_ap_sync.webhooks.replay import WATERMARK, replay


@pytest.fixture
def ap(ap_sandbox, registered):
    """The demo sandbox as acme's AP account (no webhook_secret extra: the derived secret is used)."""
    ap_sandbox.control.webhook_controls(retry_base_seconds=0.02, timeout_seconds=5)
    registered.set_connection("acme", ap_sandbox.connection())
    return ap_sandbox


@pytest.fixture
def hook(ap):
    return AlternativePaymentsHook("ap_acme")


@pytest.fixture
def subscribed(ap, hook, served_receiver):
    """acme subscribed by ``ensure`` to the running receiver, and the history before that replayed,
    so that a test counts only what it does."""
    secret = derived_webhook_secret(ap.sandbox.credentials.client_secret, "acme")
    subscriptions.ensure(hook, "acme", served_receiver.base_url, secret)
    return hook


@pytest.fixture
def engine(registered):
    return registered.warehouse.engine


def settle_a_payment(ap, invoice: str = "invoice_open") -> dict:
    pending = ap.control.pay_invoice(ap.demo_ids[invoice], payment_method="ach", status="pending")
    return ap.control.settle_payment(pending["id"])


def rows_by_event(engine) -> dict[str, dict]:
    return {row["event_id"]: row for row in webhook_events.for_partner(engine, "acme")}


def wait_for_rows(engine, count: int, timeout: float = 5.0) -> dict[str, dict]:
    deadline = time.monotonic() + timeout
    while len(rows := rows_by_event(engine)) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    return rows


def test_the_first_replay_queues_the_history_no_webhook_brought(ap, hook, engine):
    listed = [e for page in hook.iter_webhook_events() for e in page if e["topic"] in subscriptions.TOPICS]
    assert listed, "the demo data has payments and payouts"
    assert replay(hook, engine, "acme") == {"by_webhook": 0, "by_replay": len(listed)}
    assert {r["source"] for r in rows_by_event(engine).values()} == {"replay"}
    assert set(rows_by_event(engine)) == {e["id"] for e in listed}
    assert sync_state.get_watermark(engine, "acme", WATERMARK) == max(e["updated_at"] for e in listed)
    assert replay(hook, engine, "acme")["by_replay"] == 0


def test_a_dropped_delivery_is_found_by_the_replay(ap, subscribed, engine):
    replay(subscribed, engine, "acme")  # the demo history, before the test
    before = set(rows_by_event(engine))
    ap.control.webhook_controls(drop_next=1)
    lost = settle_a_payment(ap)
    delivered = settle_a_payment(ap, invoice="invoice_created_in_ap")
    attempts = ap.control.wait_for_deliveries()
    dropped = [a["event_id"] for a in attempts if a["outcome"] == "dropped"]
    arrived = {a["event_id"] for a in attempts if a["outcome"] == "delivered"}
    assert len(dropped) == 1 and arrived
    wait_for_rows(engine, len(before) + len(arrived))

    counts = replay(subscribed, engine, "acme")

    rows = rows_by_event(engine)
    assert counts["by_replay"] == 1
    assert counts["by_webhook"] >= len(arrived)
    assert rows[dropped[0]]["source"] == "replay"
    # The payment's first delivery was dropped (its invoice_paid, or payment_succeeded itself).
    assert rows[dropped[0]]["object_id"] in (lost["id"], lost["invoice_id"])
    assert any(r["topic"] == "payment_succeeded" and r["object_id"] == lost["id"] for r in rows.values())
    assert {rows[e]["source"] for e in arrived} == {"webhook"}
    assert delivered["id"] in {rows[e]["object_id"] for e in arrived}
    assert replay(subscribed, engine, "acme")["by_replay"] == 0
    assert len(rows_by_event(engine)) == len(rows)


def test_a_duplicate_delivery_and_the_replay_leave_one_row(ap, subscribed, engine):
    replay(subscribed, engine, "acme")
    before = set(rows_by_event(engine))
    ap.control.webhook_controls(duplicate_next=1)
    payment = settle_a_payment(ap)
    attempts = ap.control.wait_for_deliveries()
    delivered = [a["event_id"] for a in attempts if a["outcome"] == "delivered"]
    assert len(delivered) > len(set(delivered)), "one event was delivered twice"
    wait_for_rows(engine, len(before) + len(set(delivered)))

    counts = replay(subscribed, engine, "acme")

    rows = webhook_events.for_partner(engine, "acme")
    assert counts["by_replay"] == 0
    assert counts["by_webhook"] >= len(set(delivered))
    assert len(rows) == len({r["event_id"] for r in rows}) == len(before) + len(set(delivered))
    (succeeded,) = [r for r in rows if r["topic"] == "payment_succeeded" and r["object_id"] == payment["id"]]
    assert succeeded["source"] == "webhook"


def test_an_event_run_replays_before_it_takes(ap, subscribed, engine):
    ap.control.webhook_controls(drop_next=1)
    settle_a_payment(ap)
    ap.control.wait_for_deliveries()
    results = replay_for_run(engine, "run_1", None)
    assert results["acme"]["by_replay"] >= 1
    assert "birch" not in results  # no events pending, not named: not replayed
    taken = take_pending(engine, "run_1")
    assert [t["partner_id"] for t in taken] == ["acme"]
    assert all(row["processed_by"] == "run_1" for row in webhook_events.for_partner(engine, "acme"))


def test_one_partners_failing_replay_is_reported_and_stops_no_other(ap, subscribed, engine, registered):
    from tests.webhooks.conftest import ap_connection, event

    unreachable = ap_connection("whsec")
    unreachable["extra"].update(retry_time_budget_seconds=0.2, timeout_seconds=0.5)
    registered.set_connection("birch", unreachable)
    webhook_events.enqueue(engine, "birch", event())  # birch pending, its AP unreachable
    webhook_events.enqueue(engine, "acme", event())
    results = replay_for_run(engine, "run_1", None)
    assert "error" in results["birch"]
    assert "by_replay" in results["acme"]


def test_the_event_dag_takes_the_events_then_runs_the_payments_list_per_partner():
    import runpy
    from pathlib import Path

    dag_file = Path(__file__).resolve().parents[2] / "dags" / "netsuite_payments_on_event.py"
    dag = runpy.run_path(str(dag_file))["netsuite_payments_on_event"]()
    assert dag.get_task("payments").upstream_task_ids == {"take_events"}
    assert dag.get_task("take_events").upstream_task_ids == set()
    assert "netsuite_payments_sync" in dag.doc_md and "ledger" in dag.doc_md
