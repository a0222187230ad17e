"""Connect a partner's NetSuite account with the OAuth 2.0 authorization-code flow.

    python -m netsuite_hook.authorize --conn-id ID [--port N] [--no-browser] [--output FILE]

Opens NetSuite's consent page (state + PKCE S256), receives the redirect on a
loopback port, exchanges the code, and stores the refresh token and redirect
URI on the Airflow connection. Tokens are never printed.
"""

from __future__ import annotations

import argparse
import sys
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from netsuite_hook import connection_store, oauth2
from netsuite_hook.consent import CallbackReceiver, ConsentRequest, consent_request, loopback_redirect, parse_callback
from netsuite_hook.errors import ConfigurationError, NetSuiteError
from netsuite_hook.settings import AUTHORIZATION_CODE, NetSuiteSettings
from netsuite_hook.transport import RetryPolicy, Transport

DEFAULT_PORT = 8765
CALLBACK_PATH = "/callback"
CALLBACK_TIMEOUT_SECONDS = 300.0


@dataclass(frozen=True)
class AuthorizationResult:
    conn_id: str
    redirect_uri: str
    stored_in: str  # "metadata DB" or the path of the private file
    role: str | None = None
    entity: str | None = None


def _redirect_uri(settings: NetSuiteSettings, port: int | None) -> str:
    """The connection's redirect URI (with ``port`` swapped in if given), else a loopback default."""
    if settings.redirect_uri:
        parts = urlsplit(settings.redirect_uri)
        if port is None:
            return settings.redirect_uri
        return urlunsplit(parts._replace(netloc=f"{_bracketed(parts.hostname or '127.0.0.1')}:{port}"))
    return f"http://127.0.0.1:{DEFAULT_PORT if port is None else port}{CALLBACK_PATH}"


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _settings(stored: connection_store.StoredConnection) -> NetSuiteSettings:
    settings = NetSuiteSettings.from_connection(stored.connection)
    if settings.auth_method != AUTHORIZATION_CODE:
        raise ConfigurationError(
            f"connection {stored.conn_id!r} uses auth_method {settings.auth_method!r}; the consent flow "
            f"is for {AUTHORIZATION_CODE!r}"
        )
    if not settings.client_id or not settings.client_secret:
        raise ConfigurationError("the connection needs the client id (login) and client secret (password)")
    return settings


def authorize(
    conn_id: str,
    *,
    port: int | None = None,
    open_url: Callable[[str], object] = webbrowser.open,
    output: Path | None = None,
    timeout: float = CALLBACK_TIMEOUT_SECONDS,
    announce: Callable[[str], object] = print,
) -> AuthorizationResult:
    stored = connection_store.load(conn_id)
    settings = _settings(stored)
    host, listen_port, path = loopback_redirect(_redirect_uri(settings, port))
    receiver = CallbackReceiver(listen_port, path)
    redirect_uri = f"http://{_bracketed(host)}:{receiver.port}{path}"  # the bound port, if 0 was asked
    request = consent_request(settings.urls.authorize, settings.client_id or "", redirect_uri, settings.scope)
    announce(f"Open this address to allow access to NetSuite account {settings.account_id}:\n{request.url}")
    open_url(request.url)
    callback = parse_callback(receiver.wait(timeout), request.state)
    grant = _exchange(settings, request, callback.code)
    if not grant.refresh_token:
        raise NetSuiteError("NetSuite issued no refresh token; check the integration record's refresh token setting")
    stored_in = _store(stored, {"refresh_token": grant.refresh_token, "redirect_uri": redirect_uri}, output)
    return AuthorizationResult(conn_id, redirect_uri, stored_in, callback.role, callback.entity)


def _exchange(settings: NetSuiteSettings, request: ConsentRequest, code: str) -> oauth2.TokenGrant:
    transport = Transport(settings, RetryPolicy(time_budget=30.0))
    try:
        return oauth2.exchange_code(
            transport, settings, settings.urls.token, code, request.redirect_uri, request.code_verifier
        )
    finally:
        transport.close()


def _store(stored: connection_store.StoredConnection, values: dict[str, str], output: Path | None) -> str:
    if stored.source == "db":
        connection_store.save_to_db(stored.conn_id, values)
        return "metadata DB"
    path = output or Path(f"{stored.conn_id}.netsuite-connection.json")
    return str(connection_store.write_private_file(path, stored, values))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m netsuite_hook.authorize", description=__doc__.split("\n\n")[0])
    parser.add_argument("--conn-id", required=True, help="the Airflow connection (conn_type netsuite)")
    parser.add_argument(
        "--port",
        type=int,
        default=None,
        help=f"loopback port for the redirect (default: the connection's "
        f"redirect_uri, else {DEFAULT_PORT}); must match the integration record's redirect URI",
    )
    parser.add_argument("--no-browser", action="store_true", help="print the consent address only")
    parser.add_argument("--output", type=Path, default=None, help="file for an env-var connection's new value")
    parser.add_argument("--timeout", type=float, default=CALLBACK_TIMEOUT_SECONDS, help="seconds to wait")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    open_url: Callable[[str], object] = (lambda url: None) if args.no_browser else webbrowser.open
    try:
        result = authorize(
            args.conn_id,
            port=args.port,
            open_url=open_url,
            output=args.output,
            timeout=args.timeout,
            announce=lambda text: print(text, flush=True),
        )
    except NetSuiteError as error:
        print(f"Authorization failed: {error}", file=sys.stderr)
        return 1
    if result.stored_in == "metadata DB":
        print(f"Connected: the refresh token is stored on connection {result.conn_id!r} in the metadata DB.")
    else:
        print(
            f"Connected. Connection {result.conn_id!r} comes from {connection_store.env_var_name(result.conn_id)}, "
            f"which this tool cannot change: its new value is in {result.stored_in} (readable by you only). "
            "Put that JSON into the variable or your secrets backend, then delete the file."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
