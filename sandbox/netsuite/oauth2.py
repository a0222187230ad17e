"""OAuth 2.0: the token endpoint (client credentials with a JWT assertion, authorization code with
PKCE, refresh) and the consent page at /app/login/oauth2/authorize.nl."""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import time
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import jwt
from fastapi.responses import HTMLResponse, RedirectResponse

from sandbox.netsuite.errors import OAuthError
from sandbox.netsuite.settings import FEATURES
from sandbox.netsuite.tokens import ACCESS_LIFETIME, AUTHORIZATION_CODE, CLIENT_CREDENTIALS, ConsentRequest

if TYPE_CHECKING:
    from sandbox.netsuite.sandbox import NetSuiteSandbox

SCOPES = frozenset({"rest_webservices", "restlets", "suite_analytics"})
ASSERTION_ALGORITHMS = frozenset({"PS256", "PS384", "PS512", "ES256", "ES384", "ES512"})
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
MAX_ASSERTION_LIFETIME = 3600
CLOCK_SKEW = 60
ROLE_ID, ENTITY_ID = "3", "-5"  # Administrator, the account's first employee


def auth_now(sandbox: NetSuiteSandbox) -> float:
    """The time client timestamps are checked against (see RuntimeSettings.auth_clock)."""
    return sandbox.clock.auth_timestamp() if sandbox.settings.runtime.auth_clock == "sandbox" else time.time()


def parse_scopes(value: object) -> frozenset[str]:
    if isinstance(value, list):
        names = [str(v) for v in value]
    elif isinstance(value, str):
        names = value.replace(",", " ").split()
    else:
        names = []
    scopes = frozenset(names)
    if not scopes or not scopes <= SCOPES:
        raise OAuthError("invalid_scope", f"scope must be one or more of {sorted(SCOPES)}")
    return scopes


def token_response(access_token: str, refresh_token: str | None = None) -> dict[str, str]:
    # NetSuite sends expires_in as a string.
    body = {"access_token": access_token, "expires_in": str(ACCESS_LIFETIME), "token_type": "Bearer"}
    if refresh_token is not None:
        body["refresh_token"] = refresh_token
    return body


def _require_feature(sandbox: NetSuiteSandbox, feature: str) -> None:
    if not sandbox.settings.runtime.features[feature]:
        raise OAuthError(
            "unauthorized_client",
            f"The feature '{FEATURES[feature]}' is not enabled for this integration record "
            "(Setup > Integration > Manage Integrations).",
        )


# -- client credentials (machine to machine) ------------------------------------------------------------
def client_credentials(sandbox: NetSuiteSandbox, form: dict[str, str], token_url: str) -> dict[str, str]:
    _require_feature(sandbox, "oauth2_client_credentials")
    if form.get("client_assertion_type") != JWT_BEARER or not form.get("client_assertion"):
        raise OAuthError("invalid_request", f"client_assertion_type must be {JWT_BEARER} with a client_assertion")
    claims = _verified_assertion(sandbox, form["client_assertion"], token_url)
    scopes = parse_scopes(claims.get("scope"))
    token = sandbox.tokens.issue_access(CLIENT_CREDENTIALS, scopes, sandbox.clock.timestamp())
    return token_response(token)


def _verified_assertion(sandbox: NetSuiteSandbox, assertion: str, token_url: str) -> dict:
    credentials = sandbox.credentials
    try:
        header = jwt.get_unverified_header(assertion)
    except jwt.PyJWTError:
        raise OAuthError("invalid_request", "client_assertion is not a JWT") from None
    algorithm = header.get("alg")
    if algorithm not in ASSERTION_ALGORITHMS:
        raise OAuthError("invalid_client", f"JWT algorithm {algorithm!r} is not accepted; use one of PS256..ES512")
    if header.get("kid") != credentials.certificate_id:
        raise OAuthError("invalid_client", "the JWT's kid is not the id of a certificate mapped to this integration")
    try:
        claims = jwt.decode(
            assertion,
            credentials.public_key(),
            algorithms=[algorithm],
            options={"verify_exp": False, "verify_iat": False, "verify_nbf": False, "verify_aud": False},
        )
    except (jwt.PyJWTError, TypeError, ValueError):
        raise OAuthError("invalid_client", "the JWT signature does not verify with the certificate") from None
    if claims.get("iss") != credentials.client_id:
        raise OAuthError("invalid_client", "the JWT's iss is not this integration's client id")
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if token_url not in audiences:
        raise OAuthError("invalid_client", "the JWT's aud must be the token endpoint URL")
    _check_assertion_times(claims, auth_now(sandbox))
    return claims


def _check_assertion_times(claims: dict, now: float) -> None:
    issued, expires = claims.get("iat"), claims.get("exp")
    if not isinstance(issued, int | float) or not isinstance(expires, int | float):
        raise OAuthError("invalid_client", "the JWT needs numeric iat and exp claims")
    if expires - issued > MAX_ASSERTION_LIFETIME or expires <= issued:
        raise OAuthError("invalid_client", "the JWT's exp must be after iat and at most 3600 seconds later")
    if expires <= now:
        raise OAuthError("invalid_client", "the JWT has expired")
    if issued > now + CLOCK_SKEW:
        raise OAuthError("invalid_client", "the JWT's iat is in the future")


# -- authorization code and refresh ------------------------------------------------------------------------
def client_from_basic(sandbox: NetSuiteSandbox, authorization: str | None) -> None:
    """Check HTTP Basic client_id:client_secret."""
    credentials = sandbox.credentials
    try:
        scheme, _, encoded = (authorization or "").partition(" ")
        client_id, _, secret = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        scheme, client_id, secret = "", "", ""
    if not (
        scheme.lower() == "basic"
        and hmac.compare_digest(client_id, credentials.client_id)
        and hmac.compare_digest(secret, credentials.client_secret)
    ):
        raise OAuthError("invalid_client", "client authentication failed (HTTP Basic client_id:client_secret)", 401)


def authorization_code(sandbox: NetSuiteSandbox, form: dict[str, str]) -> dict[str, str]:
    _require_feature(sandbox, "oauth2_authorization_code")
    code = sandbox.tokens.take_code(form.get("code", ""))
    now = sandbox.clock.timestamp()
    if code is None or code.expires_at <= now:
        raise OAuthError("invalid_grant", "the authorization code is unknown, used or expired")
    if form.get("redirect_uri") != code.redirect_uri:
        raise OAuthError("invalid_grant", "redirect_uri does not match the authorization request")
    verifier = form.get("code_verifier", "")
    if not 43 <= len(verifier) <= 128 or not hmac.compare_digest(pkce_challenge(verifier), code.challenge):
        raise OAuthError("invalid_grant", "code_verifier does not match the code_challenge")
    access = sandbox.tokens.issue_access(AUTHORIZATION_CODE, code.scopes, now)
    refresh = sandbox.tokens.issue_refresh(code.scopes, now)
    return token_response(access, refresh)


def refresh_token(sandbox: NetSuiteSandbox, form: dict[str, str]) -> dict[str, str]:
    _require_feature(sandbox, "oauth2_authorization_code")
    entry = sandbox.tokens.refresh.get(form.get("refresh_token", ""))
    now = sandbox.clock.timestamp()
    if entry is None or entry.revoked or entry.expires_at <= now:
        raise OAuthError("invalid_grant", "the refresh token is invalid, revoked or expired; authorize again")
    return token_response(sandbox.tokens.issue_access(AUTHORIZATION_CODE, entry.scopes, now))


def pkce_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


# -- the consent page ----------------------------------------------------------------------------------------
def start_authorization(sandbox: NetSuiteSandbox, query: dict[str, str]) -> HTMLResponse | RedirectResponse:
    runtime = sandbox.settings.runtime
    if query.get("client_id") != sandbox.credentials.client_id:
        return _error_page("The client_id does not belong to an integration record in this account.")
    redirect_uri = query.get("redirect_uri", "")
    if redirect_uri != runtime.redirect_uri:
        return _error_page("The redirect_uri does not match the integration record's redirect URI.")
    state = query.get("state", "")
    try:
        consent = _consent_request(sandbox, query, redirect_uri, state)
    except OAuthError as exc:
        return _redirect(redirect_uri, {"error": exc.error, "error_description": exc.description, "state": state})
    if runtime.oauth2_auto_approve:
        return _approve(sandbox, consent)
    return _consent_page(sandbox, sandbox.tokens.remember_consent(consent), consent)


def _consent_request(sandbox: NetSuiteSandbox, query: dict[str, str], redirect_uri: str, state: str) -> ConsentRequest:
    if not sandbox.settings.runtime.features["oauth2_authorization_code"]:
        raise OAuthError(
            "unauthorized_client", f"The feature '{FEATURES['oauth2_authorization_code']}' is not enabled."
        )
    if query.get("response_type") != "code":
        raise OAuthError("unsupported_response_type", "response_type must be code")
    if not 22 <= len(state) <= 1024:
        raise OAuthError("invalid_request", "state must be 22 to 1024 characters long")
    method = query.get("code_challenge_method")
    if method != "S256":
        raise OAuthError("invalid_request", "code_challenge_method must be S256 (plain is not accepted)")
    challenge = query.get("code_challenge", "")
    if not 43 <= len(challenge) <= 128:
        raise OAuthError("invalid_request", "code_challenge is missing or malformed")
    scopes = parse_scopes(query.get("scope", ""))
    return ConsentRequest(redirect_uri, state, challenge, scopes)


def finish_authorization(sandbox: NetSuiteSandbox, form: dict[str, str]) -> HTMLResponse | RedirectResponse:
    consent = sandbox.tokens.take_consent(form.get("request", ""))
    if consent is None:
        return _error_page("This authorization request has expired or was already answered. Start again.")
    if form.get("decision") != "allow":
        return _redirect(consent.redirect_uri, {"error": "access_denied", "state": consent.state})
    return _approve(sandbox, consent)


def _approve(sandbox: NetSuiteSandbox, consent: ConsentRequest) -> RedirectResponse:
    code = sandbox.tokens.issue_code(consent, sandbox.clock.timestamp())
    params = {
        "code": code,
        "state": consent.state,
        "role": ROLE_ID,
        "entity": ENTITY_ID,
        "company": sandbox.settings.account_id,
    }
    return _redirect(consent.redirect_uri, params)


def _redirect(uri: str, params: dict[str, str]) -> RedirectResponse:
    separator = "&" if "?" in uri else "?"
    return RedirectResponse(f"{uri}{separator}{urlencode(params)}", status_code=302)


def _error_page(message: str) -> HTMLResponse:
    body = f"<!doctype html><title>Error</title><h1>Authorization error</h1><p id='error'>{html.escape(message)}</p>"
    return HTMLResponse(body, status_code=400)


def _consent_page(sandbox: NetSuiteSandbox, request_key: str, consent: ConsentRequest) -> HTMLResponse:
    scopes = ", ".join(sorted(consent.scopes))
    account = html.escape(sandbox.settings.account_id)
    body = f"""<!doctype html>
<html><head><meta charset="utf-8"><title>NetSuite - Authorize application</title></head>
<body>
<h1>Alternative Payments integration would like to access your NetSuite account</h1>
<p>Account <strong id="account">{account}</strong>, role <strong>Administrator</strong>.</p>
<p>Permissions requested: <span id="scopes">{html.escape(scopes)}</span></p>
<form method="post" action="/app/login/oauth2/authorize.nl">
  <input type="hidden" name="request" value="{html.escape(request_key)}">
  <button type="submit" name="decision" value="allow" id="allow">Allow</button>
  <button type="submit" name="decision" value="deny" id="deny">Deny</button>
</form>
</body></html>"""
    return HTMLResponse(body)
