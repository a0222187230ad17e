"""Client assertions, PEM repair, the token cache and redaction, without a server."""

from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from netsuite_hook.errors import ConfigurationError
from netsuite_hook.oauth2 import client_assertion
from netsuite_hook.pem import normalise_pem
from netsuite_hook.redaction import Redactor
from netsuite_hook.settings import NetSuiteSettings
from netsuite_hook.tokens import AccessToken, TokenCache

TOKEN_URL = "https://1-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token"


def _settings(private_key: str) -> NetSuiteSettings:
    return NetSuiteSettings(
        conn_id="c", account_id="1_SB1", client_id="client-1", certificate_id="cert-9", private_key=private_key
    )


def test_client_assertion_is_ps256_with_kid_and_contract_claims(rsa_private_pem):
    token = client_assertion(_settings(rsa_private_pem), TOKEN_URL, now=1_700_000_000)
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "PS256" and header["kid"] == "cert-9"
    public = serialization.load_pem_private_key(rsa_private_pem.encode(), None).public_key()
    claims = jwt.decode(token, public, algorithms=["PS256"], audience=TOKEN_URL, options={"verify_exp": False})
    assert claims["iss"] == "client-1"
    assert claims["aud"] == TOKEN_URL
    assert set(claims["scope"]) == {"rest_webservices", "restlets"}
    assert claims["iat"] == 1_700_000_000
    assert 0 < claims["exp"] - claims["iat"] <= 3600


def test_flattened_pem_still_signs(rsa_private_pem):
    flat = rsa_private_pem.replace("\n", " ")
    escaped = rsa_private_pem.replace("\n", "\\n")
    assert normalise_pem(flat) == normalise_pem(rsa_private_pem)
    assert normalise_pem(escaped) == normalise_pem(rsa_private_pem)
    assert client_assertion(_settings(flat), TOKEN_URL)


def test_unreadable_private_key_is_reported_without_the_key():
    bogus = "-----BEGIN PRIVATE KEY-----\nTOTALLYSECRETKEYMATERIAL==\n-----END PRIVATE KEY-----"
    with pytest.raises(ConfigurationError) as caught:
        client_assertion(_settings(bogus), TOKEN_URL)
    assert "TOTALLYSECRETKEYMATERIAL" not in str(caught.value)


def test_token_cache_renews_before_expiry_and_fetches_once():
    cache, calls = TokenCache(), []

    def fetch():
        calls.append(1)
        return AccessToken.issued(f"token-{len(calls)}", expires_in=3600)

    assert cache.get(("k",), fetch).value == "token-1"
    assert cache.get(("k",), fetch).value == "token-1"
    assert len(calls) == 1
    stale = AccessToken("old", expires_at=time.monotonic() + 5, lifetime=3600)
    assert not stale.is_fresh()  # within the renewal margin
    cache._tokens[("k",)] = stale
    assert cache.get(("k",), fetch).value == "token-2"


def test_token_cache_discards_only_the_refused_token():
    cache = TokenCache()
    cache.get(("k",), lambda: AccessToken.issued("current", 3600))
    cache.discard(("k",), "older-token")
    assert cache.peek(("k",)).value == "current"
    cache.discard(("k",), "current")
    assert cache.peek(("k",)) is None


def test_access_token_repr_hides_the_value():
    assert "abc-secret" not in repr(AccessToken.issued("abc-secret", 60))


def test_redactor_masks_known_secrets_and_pem_lines(rsa_private_pem):
    redact = Redactor(["client-secret-1", rsa_private_pem, "abc"])
    line = rsa_private_pem.splitlines()[3]
    text = redact(f"secret client-secret-1 and {line} and abc")
    assert "client-secret-1" not in text and line not in text
    assert "abc" in text  # too short to mask without mangling ordinary text


def test_authorize_keeps_the_registered_redirect_path_when_the_port_is_given():
    from netsuite_hook.authorize import _redirect_uri

    registered = NetSuiteSettings(conn_id="c", account_id="1", redirect_uri="http://localhost:8765/ns/callback")
    assert _redirect_uri(registered, None) == "http://localhost:8765/ns/callback"
    assert _redirect_uri(registered, 9000) == "http://localhost:9000/ns/callback"
    bare = NetSuiteSettings(conn_id="c", account_id="1")
    assert _redirect_uri(bare, None) == "http://127.0.0.1:8765/callback"
