"""Connecting partners end to end: C1 link checks name what is missing, C4 a
revoked grant stops one partner (reconnect_required) while another syncs, and
dry runs post nothing but say what they would do."""

from __future__ import annotations

import json
import os
import re

import pytest
from airflow.sdk.exceptions import AirflowFailException, AirflowSkipException

from alternative_payments_hook.errors import ConfigurationError as APConfigurationError
from alternative_payments_hook.errors import ServerError as APServerError
from netsuite_ap_sync.engine.errors import fail_at_once
from netsuite_ap_sync.flows import initial_sync as init
from netsuite_ap_sync.orchestration.operators import PartnerSyncOperator, ProbePlanOperator
from netsuite_ap_sync.orchestration.readiness import ready_to_sync
from netsuite_ap_sync.orchestration.run_steps import run_in_order
from netsuite_ap_sync.partners.status import partner_guard
from netsuite_hook.errors import ConfigurationError as NetSuiteConfigurationError
from netsuite_hook.errors import NetSuitePermissionError, NetSuiteRateLimited, NetSuiteServerError
from tests.pipeline.inbound_support import (
    ap_customers,
    ap_invoice,
    ap_invoices,
    later,
    ledger_rows,
    money,
    new_invoice,
    synced,
    usd_customers,
)


@pytest.mark.parametrize(
    ("auth_method", "feature", "failed_check", "named"),
    [
        ("oauth2_client_credentials", "rest_web_services", "rest_web_services", "REST Web Services"),
        ("oauth2_client_credentials", "oauth2_client_credentials", "credentials", "OAuth 2.0"),
        ("oauth2_authorization_code", "oauth2_authorization_code", "credentials", "OAuth 2.0"),
        ("tba", "tba", "credentials", "Token-based Authentication"),
        ("oauth2_client_credentials", "restlet", "restlet", "RESTlet"),
    ],
)
def test_C1_each_disabled_feature_fails_the_link_check_naming_it(
    partner_world, auth_method, feature, failed_check, named
):
    world = partner_world(customers=2, invoices=2, auth_method=auth_method)
    world.netsuite.update_settings(features={feature: False})
    ctx = world.ctx("netsuite_initial_sync")

    with pytest.raises(init.LinkNotReady) as refused:
        init.check_link(ctx)

    assert isinstance(refused.value, AirflowFailException), "the partner must act first: no retry"
    partner = world.partner()
    assert partner.status == "error"
    for message in (str(refused.value), partner.status_message):
        assert f"{failed_check}:" in message and named in message
        assert "enable" in message.lower() or "install" in message.lower(), "says what to do"
    assert world.ap_state()["integrations"]["netsuite"]["status"] == "error"
    assert world.ap_state()["invoices"] == [], "nothing syncs past a failed link check"


def _set_connection(world, monkeypatch, conn_id: str, change) -> None:
    name = f"AIRFLOW_CONN_{conn_id.upper()}"
    connection = json.loads(os.environ[name])
    change(connection)
    monkeypatch.setenv(name, json.dumps(connection))


def test_C1_netsuite_not_answering_the_link_check_shows_error_and_is_retried(partner_world, monkeypatch):
    world = partner_world(customers=2, invoices=2)
    conn_id = world.partner().netsuite_conn_id
    _set_connection(world, monkeypatch, conn_id, lambda c: c["extra"].update(retry_budget_seconds=0.5))
    world.netsuite.update_settings(error_rate=1.0)

    with pytest.raises(init.LinkNotReady) as not_ready:
        init.check_link(world.ctx("netsuite_initial_sync"))

    assert not isinstance(not_ready.value, AirflowFailException), "NetSuite may answer on the next attempt"
    partner = world.partner()
    assert partner.status == "error"
    assert partner.status_message and "UNEXPECTED_ERROR" in partner.status_message
    assert partner.status_message in str(not_ready.value)


def test_C1_a_link_check_on_a_missing_connection_shows_error_and_fails_at_once(partner_world, monkeypatch):
    world = partner_world(customers=2, invoices=2)
    conn_id = world.partner().netsuite_conn_id
    monkeypatch.delenv(f"AIRFLOW_CONN_{conn_id.upper()}")
    ctx = world.ctx("netsuite_initial_sync")

    with pytest.raises(AirflowFailException) as failed, partner_guard(ctx):
        init.check_link(ctx)

    said = f"The conn_id `{conn_id}` isn't defined: create that connection in Airflow (Admin > Connections)"
    assert str(failed.value).startswith(f"partner {world.partner_id}: {said}")
    partner = world.partner()
    assert (partner.status, partner.status_message) == ("error", f"NetSuite link check failed: {said}, then run again")
    assert world.ap_state()["integrations"]["netsuite"]["status"] == "error"


def _operator_run(operator_class, **arguments):
    """What Airflow runs for a task instance: the operator's execute."""
    return operator_class(task_id="step", **arguments).execute({"run_id": "manual__test"})


def test_an_unknown_partner_fails_its_tasks_at_once(warehouse, monkeypatch):
    monkeypatch.setenv("AIRFLOW_CONN_WAREHOUSE_DEFAULT", json.dumps(warehouse.connection))
    said = "no partner 'nobody' is registered; register it first"
    with pytest.raises(AirflowFailException, match=said):
        _operator_run(PartnerSyncOperator, step="check_link", partner_id="nobody")
    with pytest.raises(AirflowFailException, match=said):
        _operator_run(ProbePlanOperator, cycle="payments", only="nobody")


def test_a_missing_ap_connection_fails_the_step_at_once(partner_world, monkeypatch):
    world = partner_world(customers=2, invoices=2)
    monkeypatch.delenv(f"AIRFLOW_CONN_{world.partner().ap_conn_id.upper()}")
    with pytest.raises(AirflowFailException, match=r"The conn_id `ap_partner\d+` isn't defined: create that"):
        _operator_run(PartnerSyncOperator, step="refresh_ap_mirror", partner_id=world.partner_id)


def test_netsuite_refusing_the_role_fails_the_step_at_once(partner_world):
    world = synced(partner_world)
    world.netsuite.update_settings(features={"rest_web_services": False})
    with pytest.raises(AirflowFailException) as failed:
        _operator_run(PartnerSyncOperator, step="stage_customers", partner_id=world.partner_id)
    assert isinstance(failed.value.__cause__, NetSuitePermissionError)
    assert str(failed.value) == f"partner {world.partner_id}: {failed.value.__cause__}"
    assert "FEATURE_DISABLED" in str(failed.value)


def test_C3_a_wrong_account_choice_fails_the_step_at_once(partner_world):
    world = partner_world(customers=2, invoices=2)
    with pytest.raises(AirflowFailException, match="accounts can be chosen once the initial sync has read"):
        _operator_run(
            PartnerSyncOperator,
            step="choose_accounts",
            partner_id=world.partner_id,
            arguments={"undeposited_funds": "1", "bank": "2"},
        )


@pytest.mark.parametrize(
    ("error", "no_retry"),
    [
        (NetSuiteConfigurationError("connection 'ns' has no account_id in its extra"), True),
        (APConfigurationError("connection 'ap' needs the AP client id (login) and client secret (password)"), True),
        (NetSuiteServerError(503, title="Service Unavailable"), False),
        (NetSuiteRateLimited(429, title="Too Many Requests"), False),
        (APServerError(502, "bad_gateway", "upstream down"), False),
        (RuntimeError("a bug"), False),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else str(value),
)
def test_connection_errors_fail_at_once_and_outages_stay_retried(error, no_retry):
    raised = AirflowFailException if no_retry else type(error)
    with pytest.raises(raised, match=re.escape(str(error))), fail_at_once():
        raise error


def _guarded_hourly(world) -> dict:
    """As the operator runs a step: a lost grant becomes reconnect_required."""
    ctx = world.ctx("netsuite_hourly_sync")
    with partner_guard(ctx):
        return run_in_order(ctx, "hourly")


def test_C4_revoked_grant_sets_reconnect_required_while_the_other_partner_syncs(partner_world, monkeypatch):
    healthy = synced(partner_world)
    revoked = synced(partner_world, auth_method="oauth2_authorization_code")
    healthy_invoice, revoked_invoice = new_invoice(healthy), new_invoice(revoked)
    revoked.netsuite.expire_tokens("all")

    with pytest.raises(AirflowFailException) as failed:
        _guarded_hourly(revoked)
    _guarded_hourly(healthy)

    assert ap_invoice(healthy, healthy_invoice["id"])["status"] == "open"
    assert healthy.partner().status == "connected"
    assert str(revoked_invoice["id"]) not in ap_invoices(revoked)
    partner = revoked.partner()
    assert partner.status == "reconnect_required"
    assert "Reconnect NetSuite" in partner.status_message and partner.netsuite_conn_id in partner.status_message
    assert "Reconnect NetSuite" in str(failed.value)
    integration = revoked.ap_state()["integrations"]["netsuite"]
    assert (integration["status"], integration["message"]) == ("reconnect_required", partner.status_message)
    with pytest.raises(AirflowSkipException):
        ready_to_sync(revoked.ctx("netsuite_hourly_sync"))

    # The partner allows access again: the gate lets it through and the sync catches up.
    grant = revoked.netsuite.issue_authorization_code_grant()
    connection = revoked.netsuite.airflow_connection(
        revoked.netsuite_server.base_url, "oauth2_authorization_code", refresh_token=grant["refresh_token"]
    )
    monkeypatch.setenv(f"AIRFLOW_CONN_{partner.netsuite_conn_id.upper()}", json.dumps(connection))
    assert ready_to_sync(revoked.ctx("netsuite_hourly_sync"))["status"] == "connected"
    _guarded_hourly(revoked)
    assert ap_invoice(revoked, revoked_invoice["id"])["status"] == "open"
    assert revoked.audit()["violations"] == []


def _intended(result: dict) -> set[tuple[str, str]]:
    return {(i["action"], i["source_id"]) for i in result.get("intended", []) if i["kind"] == "Mutation"}


def test_dry_run_of_the_hourly_sync_posts_nothing_and_returns_intended_mutations(partner_world):
    world = synced(partner_world)
    edited = new_invoice(world)
    world.hourly()
    later(world)
    world.ns_controls.edit_invoice(edited["id"], total=777.00)
    added = world.ns_controls.create_invoice(usd_customers(world)[0])
    customer = world.ns_controls.create_customer("Dry Run Prospects LLC", email="ap@prospects.example.com")
    customers_invoice = world.ns_controls.create_invoice(customer["id"])
    ap_before, ledger_before = world.ap_state(), ledger_rows(world)

    result = run_in_order(world.ctx("netsuite_hourly_sync", dry_run=True), "hourly")

    assert (world.ap_state()["customers"], world.ap_state()["invoices"]) == (
        ap_before["customers"],
        ap_before["invoices"],
    )
    assert ledger_rows(world) == ledger_before
    assert ("create_customer", str(customer["id"])) in _intended(result["customers"])
    assert {
        ("update_invoice", str(edited["id"])),
        ("create_invoice", str(added["id"])),
        ("create_invoice", str(customers_invoice["id"])),
    } <= _intended(result["invoices"])

    world.hourly()
    assert money(ap_invoice(world, edited["id"])["total"]) == money(777)
    assert ap_invoice(world, added["id"])["status"] == "open"
    assert ap_customers(world)[str(customer["id"])]["status"] == "active"
    assert ap_invoice(world, customers_invoice["id"])["customer_id"] == ap_customers(world)[str(customer["id"])]["id"]


def test_C2_dry_run_of_the_initial_sync_posts_nothing_and_returns_intended_mutations(partner_world):
    world = partner_world(customers=6, invoices=16, years=0.9)
    ctx = world.ctx("netsuite_initial_sync", dry_run=True)
    init.check_link(ctx)
    init.begin(ctx)
    customers = init.sync_customers_first(ctx)
    chunks = [init.run_chunk(ctx, **step) for phase in init.PHASES for step in init.start_phase(ctx, phase)]

    state = world.ap_state()
    assert (state["customers"], state["invoices"], ledger_rows(world)) == ([], [], [])
    partner = world.partner()
    assert (partner.status, partner.initial_phase) == ("pending", "not_started")
    ns_customers = world.ns_records("customers")["customers"]
    assert _intended(customers) == {("create_customer", str(c["id"])) for c in ns_customers if c["isinactive"] == "F"}
    ns_invoices = world.ns_records("invoices")["invoices"]
    usd_invoices = {str(i["id"]) for i in ns_invoices if i["currency"] == 1 and i["voided"] == "F"}
    intended = set().union(*(_intended(c) for c in chunks))
    assert usd_invoices and {("create_invoice", i) for i in usd_invoices} <= intended

    # The real initial sync afterwards is not thrown off by what the dry run staged.
    world.initial_sync()
    assert usd_invoices <= set(ap_invoices(world))
    assert world.partner().status == "connected"
    assert world.audit()["violations"] == []
