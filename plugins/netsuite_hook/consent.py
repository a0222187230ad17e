"""The OAuth 2.0 authorization-code consent: PKCE, the consent URL, and the loopback callback."""

from __future__ import annotations

import hmac
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from oauthlib.oauth2 import WebApplicationClient

from netsuite_hook.errors import NetSuiteError
from netsuite_hook.urls import is_loopback_host

PKCE_VERIFIER_LENGTH = 64  # RFC 7636 allows 43..128


class ConsentError(NetSuiteError):
    """The consent was refused, or the callback did not match the request."""


@dataclass(frozen=True)
class ConsentRequest:
    url: str
    state: str = field(repr=False)
    code_verifier: str = field(repr=False)
    redirect_uri: str


def consent_request(authorize_url: str, client_id: str, redirect_uri: str, scope: str) -> ConsentRequest:
    """A consent URL with a random state and a PKCE S256 challenge (plain is refused by NetSuite)."""
    client = WebApplicationClient(client_id)
    verifier = client.create_code_verifier(PKCE_VERIFIER_LENGTH)
    challenge = client.create_code_challenge(verifier, "S256")
    state = secrets.token_urlsafe(32)  # 43 characters; NetSuite wants 22..1024
    query = urlencode(
        {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "scope": scope,
            "state": state,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
    )
    return ConsentRequest(f"{authorize_url}?{query}", state, verifier, redirect_uri)


@dataclass(frozen=True)
class Callback:
    code: str = field(repr=False)
    role: str | None = None
    entity: str | None = None
    company: str | None = None


def parse_callback(query: str, expected_state: str) -> Callback:
    values = {key: items[0] for key, items in parse_qs(query).items()}
    if "error" in values:
        raise ConsentError(f"NetSuite did not grant access: {values['error']} {values.get('error_description', '')}")
    if not hmac.compare_digest(values.get("state", ""), expected_state):
        raise ConsentError("the callback's state does not match the request (possible forgery); start again")
    if not values.get("code"):
        raise ConsentError("the callback carries no authorization code")
    return Callback(values["code"], values.get("role"), values.get("entity"), values.get("company"))


def loopback_redirect(redirect_uri: str) -> tuple[str, int, str]:
    """The host, port and path of a loopback redirect URI (the callback is served on 127.0.0.1)."""
    parts = urlsplit(redirect_uri)
    if parts.scheme != "http" or not is_loopback_host(parts.hostname):
        raise ConsentError(
            f"redirect URI {redirect_uri!r} is not a loopback http:// address; this tool can only "
            "receive the callback on this machine (e.g. http://127.0.0.1:8765/callback)"
        )
    return parts.hostname or "127.0.0.1", parts.port or 80, parts.path or "/"


class CallbackReceiver:
    """A one-shot HTTP server on 127.0.0.1 that waits for NetSuite's redirect."""

    def __init__(self, port: int, path: str) -> None:
        self.path = path
        self._query: str | None = None
        self._received = threading.Event()
        self._server = HTTPServer(("127.0.0.1", port), self._handler())
        self.port = self._server.server_address[1]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if parts.path != receiver.path:
                    self.send_error(404)
                    return
                receiver._query = parts.query
                receiver._received.set()
                body = b"<html><body>NetSuite is connected. You can close this window.</body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                """Silent: the request line carries the authorization code."""

        return Handler

    def wait(self, timeout: float) -> str:
        thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        thread.start()
        try:
            if not self._received.wait(timeout):
                raise ConsentError(f"no callback from NetSuite within {timeout:g} s")
            return self._query or ""
        finally:
            self._server.shutdown()
            self._server.server_close()
