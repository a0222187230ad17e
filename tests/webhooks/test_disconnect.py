"""Disconnecting a partner: its AP webhook subscriptions are removed, it reads as disconnected, the
scheduled cycles and the readiness check skip it, all its rows stay; doing it twice changes nothing;
registering it again reconnects and subscribes it; the CLI says what it did in one JSON line."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from airflow.sdk.exceptions import AirflowSkipException

from netsuite_ap_sync.orchestration.find_work import find_work
from netsuite_ap_sync.orchestration.readiness import ready_to_sync
from netsuite_ap_sync.partners.disconnect import disconnect_partner
from netsuite_ap_sync.partners.registration import register_partner
from netsuite_ap_sync.tools import partners_cli
from netsuite_ap_sync.warehouse import disconnections, partners, webhook_events
from netsuite_ap_sync.webhooks.subscriptions import BASE_URL_ENV, TOPICS
from tests.webhooks.conftest import event
from tests.webhooks.test_subscriptions import BASE, NETSUITE, stored


@pytest.fixture
def ap(make_ap_sandbox):
    return make_ap_sandbox()


@pytest.fixture
def cedar(ap, warehouse, monkeypatch):
    """Partner cedar registered with its webhooks subscribed, past its initial sync, one event queued."""
    monkeypatch.setenv("AIRFLOW_CONN_NETSUITE_CEDAR", json.dumps(NETSUITE))
    ap.install_connection("ap_cedar")
    monkeypatch.setenv(BASE_URL_ENV, BASE)
    for name, value in warehouse.airflow_env().items():
        monkeypatch.setenv(name, value)
    register_partner(warehouse.engine, "cedar", "Cedar", "netsuite_cedar", "ap_cedar")
    partners.set_phase(warehouse.engine, "cedar", "done", done=0, left=0)
    partners.set_status(warehouse.engine, "cedar", "connected", "initial sync complete")
    webhook_events.enqueue(warehouse.engine, "cedar", event())
    assert len(stored(ap)) == len(TOPICS)
    return warehouse


def test_disconnecting_removes_the_webhooks_marks_the_partner_and_keeps_its_data(ap, cedar):
    done = disconnect_partner(cedar.engine, "cedar", "ops", "contract ended")
    assert stored(ap) == []
    assert (done["already_disconnected"], len(done["webhooks"]["deleted"])) == (False, len(TOPICS))
    partner = partners.get(cedar.engine, "cedar")
    assert (partner.status, partner.status_message, partner.disconnected) == ("disconnected", "contract ended", True)
    assert [p.status for p in partners.all_partners(cedar.engine)] == ["disconnected"]
    assert [e["event_id"] for e in webhook_events.for_partner(cedar.engine, "cedar")] == ["evt_1"]
    assert partner.initial_phase == "done"

    again = disconnect_partner(cedar.engine, "cedar", "someone else", "another reason")
    assert (again["already_disconnected"], again["webhooks"]["deleted"]) == (True, [])
    assert disconnections.get(cedar.engine, "cedar").disconnected_by == "ops"


def test_a_disconnected_partner_is_skipped_by_the_cycles_and_the_readiness_check(ap, cedar):
    assert find_work("payments", "before", only="cedar", dry_run=True) == ["cedar"]
    disconnect_partner(cedar.engine, "cedar", "ops")
    assert find_work("payments", "after", only="cedar", dry_run=True) == []
    assert find_work("hourly", "after", only="cedar", dry_run=True) == []
    ctx = SimpleNamespace(partner=partners.get(cedar.engine, "cedar"), partner_id="cedar")
    with pytest.raises(AirflowSkipException, match="cedar is disconnected: disconnected by ops"):
        ready_to_sync(ctx, need_twelve_months=True)


def test_registering_again_reconnects_and_subscribes_again(ap, cedar):
    disconnect_partner(cedar.engine, "cedar", "ops")
    register_partner(cedar.engine, "cedar", "Cedar", "netsuite_cedar", "ap_cedar")
    partner = partners.get(cedar.engine, "cedar")
    assert (partner.status, partner.disconnected) == ("connected", False)
    assert disconnections.get(cedar.engine, "cedar") is None
    assert len(stored(ap)) == len(TOPICS)


def test_the_cli_disconnects_and_prints_what_it_did(ap, cedar, capsys):
    assert partners_cli.main(["disconnect", "--partner", "cedar", "--by", "ops", "--reason", "left"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (printed["partner_id"], printed["disconnected"], printed["webhooks"]["managed"]) == ("cedar", True, True)
    assert partners.get(cedar.engine, "cedar").status_message == "left"
    assert partners_cli.main(["disconnect", "--partner", "nobody", "--by", "ops"]) == 2
    assert "no partner 'nobody'" in capsys.readouterr().err


def test_the_event_path_skips_a_disconnected_partner_with_events_taken(ap, cedar):
    from netsuite_ap_sync.webhooks.event_runs import payments_for_partner

    disconnect_partner(cedar.engine, "cedar", "ops")
    with pytest.raises(AirflowSkipException, match="disconnected"):
        payments_for_partner("cedar", "run_1", "netsuite_payments_on_event")
