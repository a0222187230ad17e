"""C4: credentials that stop working. An expired access token is renewed with
one token request; a lost grant sets the partner to ``reconnect_required``
with what to do, without a storm of token requests, while other partners keep
syncing; a wrong TBA signature and a skewed clock come back as NetSuite's own
errors, named.
"""

from __future__ import annotations

import json
import os

import pytest
from airflow.sdk.exceptions import AirflowFailException, AirflowSkipException

from alternative_payments_hook.errors import AuthenticationError
from netsuite_ap_sync.flows.netsuite_to_ap import refresh_ap_mirror, stage_customers
from netsuite_ap_sync.orchestration.readiness import ready_to_sync
from netsuite_ap_sync.partners.status import partner_guard
from netsuite_ap_sync.warehouse import partners
from netsuite_hook.errors import NetSuiteAuthError
from tests.reliability.worlds import ap_invoices, synced_world, touch

AUTH_CODE = "oauth2_authorization_code"


def netsuite_token_requests(world) -> int:
    return world.netsuite.stats_snapshot()["requests"].get("auth", 0)


def ap_token_requests(world) -> int:
    return world.ap_controls.stats()["by_path"].get("POST /oauth/token", 0)


def login_failures(world) -> list[str]:
    return [entry["detail"] for entry in world.netsuite.audit.entries()]


def run_guarded(ctx, step) -> None:
    """As the operator runs a step: a lost NetSuite grant fails it without retries (C4)."""
    with partner_guard(ctx):
        step(ctx)


def set_connection(world, **extra) -> None:
    """The partner changed credentials: the Airflow connection now holds these values."""
    conn_id = f"netsuite_{world.spec.partner_id}"
    connection = json.loads(os.environ[f"AIRFLOW_CONN_{conn_id.upper()}"])
    connection["extra"].update(extra)
    world.connections.set(conn_id, connection)


def test_C4_expired_netsuite_access_token_is_renewed_with_one_token_request(tmp_path):
    with synced_world(tmp_path, invoices=3, partner_id="renew") as (world, _, ids):
        world.netsuite.expire_tokens("access")
        before = netsuite_token_requests(world)
        touch(world, ids, "after the token expired")
        world.hourly()
        assert netsuite_token_requests(world) - before == 1, "parallel requests waited for one renewal"
        assert {ap_invoices(world)[str(i)]["memo"] for i in ids} == {"after the token expired"}
        assert "ExpiredToken" in login_failures(world)
        assert world.partner_status() == "connected"


def test_C4_expired_ap_access_token_is_fetched_again_once(tmp_path):
    with synced_world(tmp_path, invoices=2, partner_id="aprenew") as (world, _, ids):
        ctx = world.ctx("netsuite_hourly_sync")  # one hook, whose token AP lets expire
        refresh_ap_mirror(ctx)
        before = ap_token_requests(world)
        world.ap_controls.advance_clock(4000)
        world.ap_controls.pay_invoice(ap_invoices(world)[str(ids[0])]["id"])
        counts = refresh_ap_mirror(ctx)
        assert ap_token_requests(world) - before == 1
        assert counts["payment"] == 1


@pytest.mark.parametrize("how", ["revoked", "expired"])
def test_C4_lost_refresh_token_sets_reconnect_required_once_and_other_partners_keep_syncing(tmp_path, how):
    with (
        synced_world(tmp_path / "lost", invoices=2, auth_method=AUTH_CODE, partner_id="lost") as (lost, _, _),
        synced_world(tmp_path / "fine", invoices=2, shared_warehouse=lost.warehouse, partner_id="fine") as (
            fine,
            _,
            ids,
        ),
    ):
        if how == "revoked":
            for token in list(lost.netsuite.tokens.refresh):
                lost.netsuite.tokens.revoke(token)
        else:
            lost.netsuite.expire_tokens("refresh")
        lost.netsuite.expire_tokens("access")
        before = netsuite_token_requests(lost)

        with pytest.raises(AirflowFailException) as failed:
            run_guarded(lost.ctx("netsuite_hourly_sync"), stage_customers)
        message = str(failed.value)
        assert "invalid_grant" in message and "the refresh token is invalid, revoked or expired" in message
        assert "python -m netsuite_hook.authorize --conn-id netsuite_lost" in message
        partner = partners.get(lost.engine, "lost")
        assert (partner.status, partner.status_message) == ("reconnect_required", message.split(": ", 1)[1])
        assert lost.ap_controls.state()["integrations"]["netsuite"]["status"] == "reconnect_required"

        for _ in range(3):  # later scheduled runs: one link check each, then the partner is skipped
            with pytest.raises(AirflowSkipException, match="reconnect_required"):
                ready_to_sync(lost.ctx("netsuite_hourly_sync"))
        assert netsuite_token_requests(lost) - before == 4, "one token request per run, no retry storm"

        touch(fine, ids, "the other partner syncs")
        fine.hourly()
        fine.payments()
        assert {ap_invoices(fine)[str(i)]["memo"] for i in ids} == {"the other partner syncs"}
        assert fine.partner_status() == "connected"
        assert fine.audit()["violations"] == []


def test_C4_wrong_tba_signature_surfaces_netsuites_invalid_login(tmp_path):
    with synced_world(tmp_path, invoices=1, auth_method="tba", partner_id="tbasig") as (world, _, _):
        set_connection(world, token_secret="f" * 64)  # a token secret NetSuite never issued
        failures_before = len(login_failures(world))
        with pytest.raises(AirflowFailException) as failed:
            run_guarded(world.ctx("netsuite_hourly_sync"), stage_customers)
        message = str(failed.value)
        assert "HTTP 401 INVALID_LOGIN" in message and "View Login Audit Trail" in message
        assert login_failures(world)[failures_before:] == ["InvalidSignature", "InvalidSignature"], "one retry"
        assert world.partner_status() == "reconnect_required"


@pytest.mark.parametrize(
    ("auth_method", "netsuite_says", "audit_reason"),
    [
        ("tba", "HTTP 401 INVALID_LOGIN", "InvalidTimestamp"),
        ("oauth2_client_credentials", "invalid_client", None),
    ],
)
def test_C4_clock_skew_surfaces_netsuites_error(tmp_path, auth_method, netsuite_says, audit_reason):
    with synced_world(tmp_path, invoices=1, auth_method=auth_method, partner_id="skew") as (world, _, _):
        world.netsuite.advance_clock(15 * 60)  # NetSuite's clock is 15 minutes ahead of this machine's
        world.netsuite.expire_tokens("access")
        with pytest.raises(NetSuiteAuthError) as raised:
            stage_customers(world.ctx("netsuite_hourly_sync"))
        message = str(raised.value)
        assert netsuite_says in message
        if audit_reason:
            assert login_failures(world)[-1] == audit_reason
        else:
            assert "the JWT has expired" in message
            assert "Check the client id, the certificate id and the private key" in message


def test_ap_credentials_no_longer_valid_name_the_connection_with_one_token_request(tmp_path):
    with synced_world(tmp_path, invoices=1, partner_id="apwrong") as (world, _, _):
        connection = json.loads(os.environ["AIRFLOW_CONN_AP_APWRONG"])
        world.connections.set("ap_apwrong", {**connection, "password": "rotated-in-the-ap-dashboard"})
        before = ap_token_requests(world)
        with pytest.raises(AuthenticationError) as raised:
            refresh_ap_mirror(world.ctx("netsuite_hourly_sync"))
        assert "HTTP 403" in str(raised.value) and "connection 'ap_apwrong'" in str(raised.value)
        assert ap_token_requests(world) - before == 1

        # As a task runs it: failed at once, no retry, with the same text.
        with pytest.raises(AirflowFailException) as failed:
            run_guarded(world.ctx("netsuite_hourly_sync"), refresh_ap_mirror)
        assert str(failed.value) == f"partner apwrong: {raised.value}"
        assert world.partner_status() == "connected", "AP refusing the key says nothing about NetSuite's grant"
