"""OAuth 2.0: client credentials with a signed JWT, authorization code with PKCE, tokens on the sandbox clock."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from tests.sandbox_netsuite.clients import TOKEN_PATH, assertion, error_detail, request_token

AUTHORIZE_PATH = "/app/login/oauth2/authorize.nl"
SERVER_TIME = "/services/rest/system/v1/serverTime"


def _pem(key) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def _server_time(running, token: str) -> requests.Response:
    return requests.get(running.base_url + SERVER_TIME, headers={"Authorization": f"Bearer {token}"}, timeout=30)


# -- client credentials ----------------------------------------------------------------------------------------
def test_client_credentials_happy_path(netsuite_sandbox):
    response = request_token(netsuite_sandbox, assertion(netsuite_sandbox))
    assert response.status_code == 200
    body = response.json()
    assert body["expires_in"] == "3600" and body["token_type"] == "Bearer" and "refresh_token" not in body
    served = _server_time(netsuite_sandbox, body["access_token"])
    assert served.status_code == 200 and served.json()["serverTime"].endswith("Z")


@pytest.mark.parametrize(
    "scope", ["rest_webservices restlets", "rest_webservices,restlets", ["restlets", "rest_webservices"]]
)
def test_client_credentials_accepts_scope_as_list_or_string(netsuite_sandbox, scope):
    assert request_token(netsuite_sandbox, assertion(netsuite_sandbox, scope=scope)).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"key": "other"}, "signature"),
        ({"kid": "not-the-certificate"}, "kid"),
        ({"aud": "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token"}, "aud"),
        ({"iss": "someone-else"}, "iss"),
        ({"exp_offset": 3601}, "3600"),
        ({"now_offset": -7200}, "expired"),
        ({"alg": "RS256"}, "RS256"),
        ({"alg": "ES256"}, "signature"),
    ],
)
def test_client_credentials_failures(netsuite_sandbox, overrides, fragment):
    overrides = dict(overrides)
    if overrides.get("key") == "other":
        overrides["key"] = _pem(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    if overrides.get("alg") == "ES256":
        overrides["key"] = _pem(ec.generate_private_key(ec.SECP256R1()))
    now = int(time.time()) + overrides.pop("now_offset", 0)
    if "exp_offset" in overrides:
        overrides["exp"] = now + overrides.pop("exp_offset")
    response = request_token(netsuite_sandbox, assertion(netsuite_sandbox, now=now, **overrides))
    assert response.status_code == 400
    body = response.json()
    assert body["error"] in ("invalid_client", "invalid_request")
    assert fragment in body["error_description"]
    reasons = [entry["detail"] for entry in netsuite_sandbox.sandbox.audit.entries()]
    assert body["error"] in reasons


def test_expired_access_token_is_refused_with_invalid_login(netsuite_sandbox):
    token = request_token(netsuite_sandbox, assertion(netsuite_sandbox)).json()["access_token"]
    netsuite_sandbox.sandbox.advance_clock(3601)
    response = _server_time(netsuite_sandbox, token)
    assert response.status_code == 401
    assert error_detail(response)["o:errorCode"] == "INVALID_LOGIN"
    assert netsuite_sandbox.sandbox.audit.entries()[-1]["detail"] == "ExpiredToken"


def test_unknown_bearer_token_is_invalid_login(netsuite_sandbox):
    response = _server_time(netsuite_sandbox, "not-a-token")
    assert response.status_code == 401 and error_detail(response)["o:errorCode"] == "INVALID_LOGIN"


# -- authorization code with PKCE ---------------------------------------------------------------------------------
def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    return verifier, challenge


def _authorize_params(running, challenge: str, **overrides) -> dict:
    return {
        "response_type": "code",
        "client_id": running.sandbox.credentials.client_id,
        "redirect_uri": running.sandbox.settings.runtime.redirect_uri,
        "scope": "rest_webservices restlets",
        "state": secrets.token_urlsafe(24),
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        **overrides,
    }


def _consent(running, params: dict, decision: str = "allow") -> dict:
    """Load the consent page, press Allow (or Deny), and return the redirect's query."""
    page = requests.get(running.base_url + AUTHORIZE_PATH, params=params, allow_redirects=False, timeout=30)
    assert page.status_code == 200 and 'id="allow"' in page.text
    key = re.search(r'name="request" value="([^"]+)"', page.text).group(1)
    answer = requests.post(
        running.base_url + AUTHORIZE_PATH,
        data={"request": key, "decision": decision},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert location.startswith(params["redirect_uri"] + "?")
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def _exchange(running, form: dict, secret: str | None = None) -> requests.Response:
    credentials = running.sandbox.credentials
    auth = (credentials.client_id, secret or credentials.client_secret)
    return requests.post(running.base_url + TOKEN_PATH, data=form, auth=auth, timeout=30)


def test_authorization_code_with_pkce_happy_path(netsuite_sandbox):
    verifier, challenge = _pkce()
    params = _authorize_params(netsuite_sandbox, challenge)
    redirect = _consent(netsuite_sandbox, params)
    assert redirect["state"] == params["state"]
    assert redirect["company"] == "1234567_SB1" and redirect["role"] and redirect["entity"]
    form = {
        "grant_type": "authorization_code",
        "code": redirect["code"],
        "redirect_uri": params["redirect_uri"],
        "code_verifier": verifier,
    }
    tokens = _exchange(netsuite_sandbox, form)
    assert tokens.status_code == 200
    body = tokens.json()
    assert body["expires_in"] == "3600" and body["refresh_token"]
    assert _server_time(netsuite_sandbox, body["access_token"]).status_code == 200
    reused = _exchange(netsuite_sandbox, form)
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"


def test_deny_redirects_with_access_denied(netsuite_sandbox):
    _, challenge = _pkce()
    redirect = _consent(netsuite_sandbox, _authorize_params(netsuite_sandbox, challenge), decision="deny")
    assert redirect["error"] == "access_denied" and "code" not in redirect


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"state": "too-short"}, "invalid_request"),
        ({"state": "x" * 1025}, "invalid_request"),
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"scope": "everything"}, "invalid_scope"),
    ],
)
def test_authorize_request_errors_redirect_back(netsuite_sandbox, overrides, error):
    _, challenge = _pkce()
    params = _authorize_params(netsuite_sandbox, challenge, **overrides)
    answer = requests.get(netsuite_sandbox.base_url + AUTHORIZE_PATH, params=params, allow_redirects=False, timeout=30)
    assert answer.status_code == 302
    assert parse_qs(urlsplit(answer.headers["Location"]).query)["error"] == [error]


def test_redirect_uri_must_match_the_integration_record(netsuite_sandbox):
    _, challenge = _pkce()
    params = _authorize_params(netsuite_sandbox, challenge, redirect_uri="http://evil.example/callback")
    answer = requests.get(netsuite_sandbox.base_url + AUTHORIZE_PATH, params=params, allow_redirects=False, timeout=30)
    assert answer.status_code == 400 and "Location" not in answer.headers


def test_wrong_verifier_and_wrong_client_secret_are_refused(netsuite_sandbox):
    verifier, challenge = _pkce()
    netsuite_sandbox.sandbox.update_settings(oauth2_auto_approve=True)
    params = _authorize_params(netsuite_sandbox, challenge)
    answer = requests.get(netsuite_sandbox.base_url + AUTHORIZE_PATH, params=params, allow_redirects=False, timeout=30)
    code = parse_qs(urlsplit(answer.headers["Location"]).query)["code"][0]
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": params["redirect_uri"],
        "code_verifier": verifier,
    }
    bad_secret = _exchange(netsuite_sandbox, form, secret="wrong")
    assert bad_secret.status_code == 401 and bad_secret.json()["error"] == "invalid_client"
    wrong = _exchange(netsuite_sandbox, {**form, "code_verifier": _pkce()[0]})
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"


def test_refresh_works_for_seven_days_then_invalid_grant(netsuite_sandbox):
    grant = netsuite_sandbox.sandbox.issue_authorization_code_grant()
    form = {"grant_type": "refresh_token", "refresh_token": grant["refresh_token"]}
    netsuite_sandbox.sandbox.advance_clock(7 * 24 * 3600 - 60)
    assert _server_time(netsuite_sandbox, grant["access_token"]).status_code == 401
    refreshed = _exchange(netsuite_sandbox, form)
    assert refreshed.status_code == 200
    assert _server_time(netsuite_sandbox, refreshed.json()["access_token"]).status_code == 200
    netsuite_sandbox.sandbox.advance_clock(61)
    expired = _exchange(netsuite_sandbox, form)
    assert expired.status_code == 400 and expired.json()["error"] == "invalid_grant"


def test_expire_tokens_control(netsuite_sandbox):
    grant = netsuite_sandbox.sandbox.issue_authorization_code_grant()
    answer = requests.post(netsuite_sandbox.base_url + "/_sandbox/tokens/expire", json={"kind": "refresh"}, timeout=30)
    assert answer.status_code == 200 and answer.json()["expired"] >= 1
    assert _server_time(netsuite_sandbox, grant["access_token"]).status_code == 200
    refreshed = _exchange(netsuite_sandbox, {"grant_type": "refresh_token", "refresh_token": grant["refresh_token"]})
    assert refreshed.json()["error"] == "invalid_grant"
