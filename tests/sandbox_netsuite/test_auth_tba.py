"""Token-based authentication (OAuth 1.0a, HMAC-SHA256), verified by the sandbox with oauthlib."""

from __future__ import annotations

import time

import pytest
import requests
from oauthlib.oauth1 import SIGNATURE_HMAC_SHA1, SIGNATURE_HMAC_SHA256, Client
from requests_oauthlib import OAuth1

from tests.sandbox_netsuite.clients import SUITEQL_PATH, error_detail

SERVER_TIME = "/services/rest/system/v1/serverTime"


def _signed(running, url: str, method: str = "GET", **overrides) -> dict[str, str]:
    """Headers signed with oauthlib's Client; ``overrides`` change keys, realm, method, nonce or timestamp."""
    credentials = running.sandbox.credentials
    options = {
        "client_key": credentials.consumer_key,
        "client_secret": credentials.consumer_secret,
        "resource_owner_key": credentials.token_id,
        "resource_owner_secret": credentials.token_secret,
        "signature_method": SIGNATURE_HMAC_SHA256,
        "realm": credentials.account_id,
        **overrides,
    }
    _, headers, _ = Client(**options).sign(url, http_method=method)
    return headers


def _audit_reason(running) -> str:
    return running.sandbox.audit.entries()[-1]["detail"]


def test_tba_signed_request_is_accepted(netsuite_sandbox):
    url = netsuite_sandbox.base_url + SERVER_TIME
    response = requests.get(url, headers=_signed(netsuite_sandbox, url), timeout=30)
    assert response.status_code == 200


def test_requests_oauthlib_client_talks_to_the_sandbox(netsuite_sandbox):
    """A client that is not ours: requests-oauthlib's OAuth1 signer, as NetSuite's docs suggest using it."""
    c = netsuite_sandbox.sandbox.credentials
    auth = OAuth1(
        c.consumer_key,
        c.consumer_secret,
        resource_owner_key=c.token_id,
        resource_owner_secret=c.token_secret,
        realm=c.account_id,
        signature_method="HMAC-SHA256",
    )
    http = requests.Session()
    http.auth = auth
    query = http.post(
        netsuite_sandbox.base_url + SUITEQL_PATH,
        params={"limit": 5, "offset": 0},
        json={"q": "SELECT id, companyname FROM customer WHERE id > ?", "params": [100]},
        headers={"Prefer": "transient"},
        timeout=30,
    )
    assert query.status_code == 200, query.text
    assert query.json()["count"] == 5
    record = http.get(
        netsuite_sandbox.base_url + "/services/rest/record/v1/customer/101",
        params={"expandSubResources": "true"},
        timeout=30,
    )
    assert record.status_code == 200 and record.json()["id"] == "101"


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"resource_owner_secret": "0" * 64}, "InvalidSignature"),
        ({"client_secret": "0" * 64}, "InvalidSignature"),
        ({"client_key": "f" * 64}, "InvalidConsumerKey"),
        ({"resource_owner_key": "e" * 64}, "InvalidToken"),
        ({"realm": "7654321"}, "InvalidAccount"),
        ({"signature_method": SIGNATURE_HMAC_SHA1}, "UnsupportedSignatureMethod"),
        ({"timestamp": -600}, "InvalidTimestamp"),
        ({"timestamp": +600}, "InvalidTimestamp"),
    ],
)
def test_tba_failures_answer_invalid_login(netsuite_sandbox, overrides, reason):
    # A timestamp is an offset from now, taken when the test runs, not when it was collected.
    if "timestamp" in overrides:
        overrides = {**overrides, "timestamp": str(int(time.time()) + overrides["timestamp"])}
    url = netsuite_sandbox.base_url + SERVER_TIME
    response = requests.get(url, headers=_signed(netsuite_sandbox, url, **overrides), timeout=30)
    assert response.status_code == 401
    assert error_detail(response)["o:errorCode"] == "INVALID_LOGIN"
    assert _audit_reason(netsuite_sandbox).startswith(reason)


def test_replayed_nonce_is_refused(netsuite_sandbox):
    url = netsuite_sandbox.base_url + SERVER_TIME
    headers = _signed(netsuite_sandbox, url, nonce="fixednonce12345678")
    assert requests.get(url, headers=headers, timeout=30).status_code == 200
    replay = requests.get(url, headers=headers, timeout=30)
    assert replay.status_code == 401
    assert _audit_reason(netsuite_sandbox) == "UsedNonce"


def test_timestamps_are_checked_against_the_sandbox_clock(netsuite_sandbox):
    url = netsuite_sandbox.base_url + SERVER_TIME
    netsuite_sandbox.sandbox.advance_clock(3600)
    assert requests.get(url, headers=_signed(netsuite_sandbox, url), timeout=30).status_code == 401
    assert _audit_reason(netsuite_sandbox) == "InvalidTimestamp"
    netsuite_sandbox.sandbox.update_settings(auth_clock="wall")
    assert requests.get(url, headers=_signed(netsuite_sandbox, url), timeout=30).status_code == 200
    shifted = str(int(time.time()) + 3600)
    netsuite_sandbox.sandbox.update_settings(auth_clock="sandbox")
    assert requests.get(url, headers=_signed(netsuite_sandbox, url, timestamp=shifted), timeout=30).status_code == 200


def test_tba_signature_covers_query_parameters(netsuite_sandbox):
    url = netsuite_sandbox.base_url + "/services/rest/record/v1/customer?limit=5"
    headers = _signed(netsuite_sandbox, url)
    tampered = netsuite_sandbox.base_url + "/services/rest/record/v1/customer?limit=6"
    assert requests.get(tampered, headers=headers, timeout=30).status_code == 401
    assert _audit_reason(netsuite_sandbox) == "InvalidSignature"
