"""Connecting partners end to end: C1 link checks name what is missing, C4 a
revoked grant stops one partner (reconnect_required) while another syncs, and
dry runs post nothing but say what they would do."""

from __future__ import annotations

import json

import pytest
from airflow.sdk.exceptions import AirflowFailException, AirflowSkipException

from sync_pipeline import initial_sync as init
from sync_pipeline.inbound import sync_hourly
from sync_pipeline.partner_gate import gate
from sync_pipeline.partner_status import partner_guard
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

    partner = world.partner()
    assert partner.status == "error"
    for message in (str(refused.value), partner.status_message):
        assert f"{failed_check}:" in message and named in message
        assert "enable" in message.lower() or "install" in message.lower(), "says what to do"
    assert world.ap_state()["integrations"]["netsuite"]["status"] == "error"
    assert world.ap_state()["invoices"] == [], "nothing syncs past a failed link check"


def _guarded_hourly(world) -> dict:
    """As the operator runs a step: a lost grant becomes reconnect_required."""
    ctx = world.ctx("netsuite_hourly_sync")
    with partner_guard(ctx):
        return sync_hourly(ctx)


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
        gate(revoked.ctx("netsuite_hourly_sync"))

    # The partner allows access again: the gate lets it through and the sync catches up.
    grant = revoked.netsuite.issue_authorization_code_grant()
    connection = revoked.netsuite.airflow_connection(
        revoked.netsuite_server.base_url, "oauth2_authorization_code", refresh_token=grant["refresh_token"]
    )
    monkeypatch.setenv(f"AIRFLOW_CONN_{partner.netsuite_conn_id.upper()}", json.dumps(connection))
    assert gate(revoked.ctx("netsuite_hourly_sync"))["status"] == "connected"
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

    result = sync_hourly(world.ctx("netsuite_hourly_sync", dry_run=True))

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
