"""C4: each auth method against the sandbox, its failures, token renewal and reconnects."""

from __future__ import annotations

import logging
import os
import time

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from requests_oauthlib import OAuth1

from netsuite_hook.errors import NetSuiteAuthError, ReconnectRequired, error_from_response
from netsuite_hook.hook import NetSuiteHook
from tests.netsuite_hook.conftest import stats

METHODS = ["oauth2_client_credentials", "oauth2_authorization_code", "tba"]
OAUTH2 = ["oauth2_client_credentials", "oauth2_authorization_code"]


def _token_requests(running) -> int:
    return stats(running)["requests"].get("auth", 0)


def _other_private_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@pytest.mark.parametrize("method", METHODS)
def test_C4_each_auth_method_reads_netsuite(netsuite_sandbox, make_hook, method):
    hook = make_hook(netsuite_sandbox, method)
    assert hook.server_time().year >= 2025
    assert hook.suiteql.page("SELECT id FROM customer ORDER BY id", limit=1).items
    assert "OAUTHLIB_INSECURE_TRANSPORT" not in os.environ  # plain HTTP allowed for loopback only, not globally


@pytest.mark.parametrize("method", OAUTH2)
def test_C4_access_token_is_cached_for_the_connection(netsuite_sandbox, make_hook, method):
    hook = make_hook(netsuite_sandbox, method)
    hook.server_time()
    second = NetSuiteHook(hook.netsuite_conn_id, retry_base_delay=0.01)
    second.server_time()
    second.close()
    hook.server_time()
    assert _token_requests(netsuite_sandbox) == 1


@pytest.mark.parametrize("method", OAUTH2)
def test_C4_expired_access_token_is_renewed_once(netsuite_sandbox, make_hook, method):
    hook = make_hook(netsuite_sandbox, method)
    hook.server_time()
    netsuite_sandbox.sandbox.expire_tokens("access")
    assert hook.server_time()
    assert _token_requests(netsuite_sandbox) == 2
    assert stats(netsuite_sandbox)["responses_by_status"].get("system:401") == 1


def test_C4_expired_refresh_token_requires_reconnect_without_a_retry_storm(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox, "oauth2_authorization_code")
    hook.server_time()
    netsuite_sandbox.sandbox.expire_tokens("all")
    before = _token_requests(netsuite_sandbox)
    with pytest.raises(ReconnectRequired) as caught:
        hook.server_time()
    assert _token_requests(netsuite_sandbox) == before + 1
    message = str(caught.value)
    assert "invalid_grant" in message and "reconnect" in message and "authorize again" in message
    assert f"--conn-id {hook.netsuite_conn_id}" in message


def test_C4_revoked_refresh_token_requires_reconnect(netsuite_sandbox, make_hook):
    connection = netsuite_sandbox.connection("oauth2_authorization_code")
    netsuite_sandbox.sandbox.tokens.revoke(connection["extra"]["refresh_token"])
    hook = make_hook(netsuite_sandbox, connection=connection)
    with pytest.raises(ReconnectRequired):
        hook.server_time()


def test_C4_authorization_code_without_refresh_token_asks_to_authorize(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox, "oauth2_authorization_code", extra={"refresh_token": ""})
    with pytest.raises(ReconnectRequired, match="no refresh token"):
        hook.server_time()
    assert _token_requests(netsuite_sandbox) == 0


def test_C4_client_assertion_signed_with_the_wrong_key_is_refused(netsuite_sandbox, make_hook):
    wrong_key = _other_private_key()
    hook = make_hook(netsuite_sandbox, extra={"private_key": wrong_key})
    with pytest.raises(NetSuiteAuthError) as caught:
        hook.server_time()
    error = caught.value
    assert (error.status, error.code) == (400, "invalid_client")
    assert "signature" in str(error) and "certificate id" in str(error)
    assert wrong_key.splitlines()[1] not in str(error)


def test_C4_unknown_certificate_id_is_refused(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox, extra={"certificate_id": "not-mapped"})
    with pytest.raises(NetSuiteAuthError, match="kid"):
        hook.server_time()


def test_C4_tba_bad_token_secret_fails_after_one_retry(netsuite_sandbox, make_hook):
    hook = make_hook(netsuite_sandbox, "tba", extra={"token_secret": "f" * 64})
    with pytest.raises(NetSuiteAuthError) as caught:
        hook.server_time()
    assert (caught.value.status, caught.value.code) == (401, "INVALID_LOGIN")
    assert stats(netsuite_sandbox)["responses_by_status"]["system:401"] == 2
    reasons = {entry["detail"] for entry in netsuite_sandbox.sandbox.audit.entries()}
    assert reasons == {"InvalidSignature"}


def test_C4_tba_replayed_nonce_is_refused(netsuite_sandbox):
    credentials = netsuite_sandbox.sandbox.credentials
    signer = OAuth1(
        credentials.consumer_key,
        client_secret=credentials.consumer_secret,
        resource_owner_key=credentials.token_id,
        resource_owner_secret=credentials.token_secret,
        realm=credentials.account_id,
        signature_method="HMAC-SHA256",
        nonce="fixednonce0123456789",
        timestamp=str(int(time.time())),
    )
    url = f"{netsuite_sandbox.base_url}/services/rest/system/v1/serverTime"
    assert requests.get(url, auth=signer, timeout=10).status_code == 200
    replay = requests.get(url, auth=signer, timeout=10)
    error = error_from_response(replay)
    assert isinstance(error, NetSuiteAuthError) and error.code == "INVALID_LOGIN"
    assert netsuite_sandbox.sandbox.audit.entries()[-1]["detail"] == "UsedNonce"


def test_C4_tba_retries_sign_each_attempt_afresh(make_netsuite_sandbox, make_hook):
    running = make_netsuite_sandbox(error_rate=0.5, fault_seed=7)
    hook = make_hook(running, "tba")
    for _ in range(6):
        hook.server_time()
    assert stats(running)["faults_injected"].get("error", 0) > 0
    assert running.sandbox.audit.entries() == []  # no UsedNonce: every retry had a new nonce


def _secrets(running, connection: dict) -> list[str]:
    extra = connection["extra"]
    values = [connection.get("password"), extra.get("token_secret"), extra.get("refresh_token")]
    values += [line for line in (extra.get("private_key") or "").splitlines()[1:-1]]
    values += list(running.sandbox.tokens.access)  # every access token the sandbox issued
    return [value for value in values if value]


@pytest.mark.parametrize(
    ("method", "breakage"),
    [
        ("oauth2_client_credentials", {"certificate_id": "not-mapped"}),
        ("oauth2_authorization_code", None),
        ("tba", {"token_secret": "e" * 64}),
    ],
)
def test_C4_no_secret_in_exceptions_or_logs(netsuite_sandbox, make_hook, caplog, method, breakage):
    caplog.set_level(logging.DEBUG)
    connection = netsuite_sandbox.connection(method)
    connection["extra"].update(breakage or {})
    hook = make_hook(netsuite_sandbox, connection=connection)
    if method == "oauth2_authorization_code":
        hook.server_time()
        netsuite_sandbox.sandbox.expire_tokens("all")
    with pytest.raises(NetSuiteAuthError) as caught:
        hook.server_time()
    texts = [str(caught.value), repr(caught.value), caplog.text, repr(hook.client), repr(hook.client.settings)]
    secrets = _secrets(netsuite_sandbox, connection)
    assert secrets and caplog.records  # DEBUG logging of the HTTP libraries was captured too
    for secret in secrets:
        for text in texts:
            assert secret not in text
