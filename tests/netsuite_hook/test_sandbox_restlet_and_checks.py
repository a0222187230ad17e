"""F8 invoice PDFs through the bundle's RESTlet, and C1 link checks naming what to enable."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from netsuite_hook.errors import ConfigurationError, NetSuiteApiError

ALL_CHECKS = ["configuration", "credentials", "rest_web_services", "restlet"]


def _invoice(hook) -> dict:
    return hook.suiteql.page(
        "SELECT id, tranid FROM transaction WHERE type = ? ORDER BY id", ["CustInvc"], limit=1
    ).items[0]


@pytest.mark.parametrize("method", ["oauth2_client_credentials", "tba"])
def test_F8_invoice_pdf_through_the_restlet(netsuite_sandbox, make_hook, method):
    hook = make_hook(netsuite_sandbox, method)
    invoice = _invoice(hook)
    pdf = hook.invoice_pdf(invoice["id"])
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert invoice["tranid"] in text


def test_F8_unknown_invoice_is_a_restlet_error(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox)
    with pytest.raises(NetSuiteApiError) as caught:
        hook.invoice_pdf(99999999)
    assert caught.value.code == "RCRD_DSNT_EXIST"


def test_F8_restlet_over_the_concurrency_limit_is_retried(make_netsuite_sandbox, make_hook):
    running = make_netsuite_sandbox(throttle_rate=0.5, fault_seed=5)
    hook = make_hook(running)
    invoice = _invoice(hook)
    for _ in range(3):
        assert hook.invoice_pdf(invoice["id"]).startswith(b"%PDF")
    assert running.sandbox.stats_snapshot()["throttled"].get("restlet:injected", 0) > 0


def test_F8_restlet_ids_are_required(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox, extra={"restlet_script_id": ""})
    with pytest.raises(ConfigurationError, match="restlet_script_id"):
        hook.invoice_pdf(1)


@pytest.mark.parametrize("method", ["oauth2_client_credentials", "oauth2_authorization_code", "tba"])
def test_C1_link_check_passes_on_a_ready_account(netsuite_sandbox, make_hook, method):
    hook = make_hook(netsuite_sandbox, method)
    result = hook.check_link()
    assert result.ok, result.summary()
    assert [check.name for check in result.checks] == ALL_CHECKS
    assert hook.test_connection()[0] is True
    assert result.as_dict()["ok"] is True


@pytest.mark.parametrize(
    ("method", "feature", "failing", "named"),
    [
        ("oauth2_client_credentials", "rest_web_services", "rest_web_services", "REST Web Services"),
        ("tba", "rest_web_services", "rest_web_services", "REST Web Services"),
        ("oauth2_client_credentials", "oauth2_client_credentials", "credentials", "OAuth 2.0"),
        ("oauth2_authorization_code", "oauth2_authorization_code", "credentials", "OAuth 2.0"),
        ("tba", "tba", "credentials", "Token-based Authentication"),
        ("oauth2_client_credentials", "server_suitescript", "restlet", "Server SuiteScript"),
        ("tba", "restlet", "restlet", "bundle"),
    ],
)
def test_C1_disabled_feature_is_named_with_what_to_enable(netsuite_sandbox, make_hook, method, feature, failing, named):
    netsuite_sandbox.sandbox.update_settings(features={feature: False})
    hook = make_hook(netsuite_sandbox, method)
    result = hook.check_link()
    assert not result.ok
    failure = result.failures()[0]
    assert failure.name == failing
    assert named in failure.message
    assert "Setup >" in failure.message or "install the integration bundle" in failure.message
    ok, message = hook.test_connection()
    assert ok is False and named in message


def test_C1_bad_credentials_are_named(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox, "tba", extra={"token_secret": "0" * 64})
    failure = hook.check_link().failures()[0]
    assert failure.name == "credentials"
    assert "token_secret" in failure.message and "Token-Based Authentication" in failure.message


def test_C1_missing_connection_fields_are_named_before_any_request(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox, "oauth2_client_credentials", extra={"certificate_id": ""})
    result = hook.check_link()
    assert result.checks[0].name == "configuration" and not result.checks[0].ok
    assert "certificate_id" in result.checks[0].message
    assert netsuite_sandbox.sandbox.stats_snapshot()["requests_total"] == 0


def test_C1_expired_grant_is_reported_as_reconnect(netsuite_sandbox, make_hook):
    connection = netsuite_sandbox.connection("oauth2_authorization_code")
    netsuite_sandbox.sandbox.tokens.revoke(connection["extra"]["refresh_token"])
    hook = make_hook(netsuite_sandbox, connection=connection)
    failure = hook.check_link().failures()[0]
    assert failure.name == "credentials" and "reconnect" in failure.message
