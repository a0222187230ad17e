"""Client-credentials tokens: fetched once, renewed before expiry, re-fetched once on 401."""

from __future__ import annotations

import json
import logging

import pytest
import requests

from alternative_payments_hook import AuthenticationError
from alternative_payments_hook.auth import ClientCredentialsToken
from alternative_payments_hook.rate_limit import TokenBucket
from alternative_payments_hook.retry import RetryPolicy
from alternative_payments_hook.transport import Transport
from tests.alternative_payments_hook.conftest import FAST_RETRIES, MovableMonotonic, token_requests


def test_token_is_fetched_once_and_reused(ap_sandbox, hook):
    for _ in range(5):
        hook.get_invoice(ap_sandbox.demo_ids["invoice_open"])
    assert token_requests(ap_sandbox) == 1


def test_token_is_renewed_before_it_expires(ap_sandbox):
    clock = MovableMonotonic()
    hook = ap_sandbox.hook(retry_policy=FAST_RETRIES, clock=clock)
    hook.get_invoice(ap_sandbox.demo_ids["invoice_open"])
    ap_sandbox.control.advance_clock(3570)
    clock.advance(3570)
    hook.get_invoice(ap_sandbox.demo_ids["invoice_open"])
    stats = ap_sandbox.stats()
    assert token_requests(ap_sandbox) == 2
    assert "401" not in stats["by_status"]


def test_token_refused_with_401_is_fetched_again_once(ap_sandbox, hook):
    hook.get_invoice(ap_sandbox.demo_ids["invoice_open"])
    ap_sandbox.control.advance_clock(3700)  # the server's clock only: the hook still trusts its token
    invoice = hook.get_invoice(ap_sandbox.demo_ids["invoice_open"])
    assert invoice["id"] == ap_sandbox.demo_ids["invoice_open"]
    assert ap_sandbox.stats()["by_status"]["401"] == 1
    assert token_requests(ap_sandbox) == 2


class ScriptedSession:
    """Answers requests from a script, recording what was asked."""

    def __init__(self, answers: list[tuple[int, dict]]) -> None:
        self.answers = list(answers)
        self.calls: list[tuple[str, str, dict]] = []

    def request(self, method: str, url: str, **kwargs) -> requests.Response:
        self.calls.append((method, url, kwargs.get("headers", {})))
        status, body = self.answers.pop(0)
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(body).encode()
        response.headers["Content-Type"] = "application/json"
        return response


def test_a_second_401_in_a_row_is_raised():
    token = {"access_token": "t" * 30, "expires_in": 3600, "token_type": "bearer"}
    refused = {"code": "unauthorized", "message": "revoked", "validation_errors": {}}
    session = ScriptedSession([(200, token), (401, refused), (200, token), (401, refused)])
    transport = Transport("https://ap.test", lambda: session, TokenBucket(1000), RetryPolicy(), timeout=5)
    transport.token = ClientCredentialsToken("https://ap.test/oauth/token", "id", "secret", transport.send)
    with pytest.raises(AuthenticationError) as raised:
        transport.request("GET", "/customers")
    assert raised.value.status == 401
    assert [call[1] for call in session.calls] == ["https://ap.test/oauth/token", "https://ap.test/customers"] * 2


def test_bad_credentials_surface_as_403_naming_the_connection_not_the_secret(ap_sandbox):
    hook = ap_sandbox.hook({"client_secret": "wrong-secret-value"}, retry_policy=FAST_RETRIES)
    with pytest.raises(AuthenticationError) as raised:
        hook.get_invoice(ap_sandbox.demo_ids["invoice_open"])
    text = str(raised.value)
    assert raised.value.status == 403
    assert "HTTP 403 forbidden" in text
    assert hook.ap_conn_id in text
    assert "wrong-secret-value" not in text
    ok, message = hook.test_connection()
    assert not ok
    assert "403" in message


def test_secrets_and_tokens_never_reach_logs_or_reprs(ap_sandbox, caplog):
    caplog.set_level(logging.DEBUG)
    hook = ap_sandbox.hook(retry_policy=FAST_RETRIES)
    hook.get_invoice(ap_sandbox.demo_ids["invoice_open"])
    ap_sandbox.control.settings(seed=3, fault_500_rate=0.3, fault_429_rate=0.2)
    ap_sandbox.control.advance_clock(3700)
    for _ in range(10):
        hook.get_invoice(ap_sandbox.demo_ids["invoice_open"])
    secret = ap_sandbox.sandbox.credentials.client_secret
    token = hook.transport.token._token
    assert "retry" in caplog.text  # retries were logged
    for text in (caplog.text, repr(hook), repr(hook.settings), repr(hook.transport.token)):
        assert secret not in text
        assert token not in text
