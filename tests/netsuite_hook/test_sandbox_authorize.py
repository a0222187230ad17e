"""C4: the authorization-code consent tool against the sandbox's consent page."""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from netsuite_hook.authorize import authorize
from netsuite_hook.consent import ConsentError, parse_callback
from netsuite_hook.hook import NetSuiteHook
from tests.netsuite_hook.conftest import airflow_env_connection

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _unauthorized_connection(running, *, auto_approve: bool) -> dict:
    """A partner's connection before consent: client id and secret, no refresh token yet."""
    redirect_uri = f"http://127.0.0.1:{_free_port()}/netsuite/oauth2/callback"
    running.sandbox.update_settings(oauth2_auto_approve=auto_approve, redirect_uri=redirect_uri)
    connection = running.connection("oauth2_authorization_code")
    del connection["extra"]["refresh_token"]
    connection["extra"]["redirect_uri"] = redirect_uri
    return connection


def _visit_in_background(url: str) -> None:
    threading.Thread(target=requests.get, args=(url,), kwargs={"timeout": 30}, daemon=True).start()


def test_C4_authorize_stores_the_grant_for_an_env_var_connection(netsuite_sandbox, monkeypatch, tmp_path):
    connection = _unauthorized_connection(netsuite_sandbox, auto_approve=True)
    airflow_env_connection(monkeypatch, "ns_consent", connection)
    visited: list[str] = []

    def browser(url: str) -> None:
        visited.append(url)
        _visit_in_background(url)

    output = tmp_path / "ns_consent.json"
    result = authorize("ns_consent", open_url=browser, output=output, timeout=30, announce=lambda text: None)

    query = parse_qs(urlsplit(visited[0]).query)
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    assert 22 <= len(query["state"][0]) <= 1024
    assert query["redirect_uri"] == [connection["extra"]["redirect_uri"]]
    assert result.stored_in == str(output)
    assert stat.S_IMODE(os.stat(output).st_mode) == 0o600
    stored = json.loads(output.read_text())
    assert stored["extra"]["refresh_token"] and stored["extra"]["redirect_uri"] == result.redirect_uri

    airflow_env_connection(monkeypatch, "ns_connected", stored)
    hook = NetSuiteHook("ns_connected", retry_base_delay=0.01)
    assert hook.server_time()
    hook.close()


def test_C4_denied_consent_is_reported(netsuite_sandbox, monkeypatch):
    connection = _unauthorized_connection(netsuite_sandbox, auto_approve=False)
    airflow_env_connection(monkeypatch, "ns_denied", connection)

    def deny(url: str) -> None:
        def click() -> None:
            page = requests.get(url, timeout=30).text
            request_key = re.search(r'name="request" value="([^"]+)"', page).group(1)
            form_url = f"{netsuite_sandbox.base_url}/app/login/oauth2/authorize.nl"
            requests.post(form_url, data={"request": request_key, "decision": "deny"}, timeout=30)

        threading.Thread(target=click, daemon=True).start()

    with pytest.raises(ConsentError, match="access_denied"):
        authorize("ns_denied", open_url=deny, timeout=30, announce=lambda text: None)


def test_C4_callback_with_a_foreign_state_is_refused():
    with pytest.raises(ConsentError, match="state"):
        parse_callback("code=abc&state=someone-elses-state-value", "my-own-state-value-0123456789")


def test_C4_authorize_needs_the_authorization_code_method(netsuite_sandbox, monkeypatch):
    airflow_env_connection(monkeypatch, "ns_m2m", netsuite_sandbox.connection("oauth2_client_credentials"))
    with pytest.raises(Exception, match="oauth2_authorization_code"):
        authorize("ns_m2m", open_url=lambda url: None, timeout=1, announce=lambda text: None)


def test_C4_authorize_cli_updates_a_connection_in_the_metadata_db(airflow_db, netsuite_sandbox):
    from airflow.models import Connection
    from airflow.utils.session import create_session
    from sqlalchemy import delete

    connection = _unauthorized_connection(netsuite_sandbox, auto_approve=True)
    with create_session() as session:
        session.execute(delete(Connection).where(Connection.conn_id == "ns_cli"))
        session.add(
            Connection(
                conn_id="ns_cli",
                conn_type="netsuite",
                host=connection["host"],
                login=connection["login"],
                password=connection["password"],
                extra=json.dumps(connection["extra"]),
            )
        )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])}
    command = [
        sys.executable,
        "-m",
        "netsuite_hook.authorize",
        "--conn-id",
        "ns_cli",
        "--no-browser",
        "--timeout",
        "60",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for line in process.stdout:
            if line.startswith("http"):
                _visit_in_background(line.strip())
                break
        out, err = process.communicate(timeout=120)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "metadata DB" in out

    # Read back in a separate process: it shares the Airflow config (and Fernet key) of the tool.
    stored = json.loads(
        subprocess.run([sys.executable, "-c", READ_BACK], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
        .stdout.strip()
        .splitlines()[-1]
    )
    assert stored["redirect_uri"] == connection["extra"]["redirect_uri"]
    issued = {hashlib.sha256(token.encode()).hexdigest(): token for token in netsuite_sandbox.sandbox.tokens.refresh}
    assert stored["refresh_token_sha256"] in issued
    assert issued[stored["refresh_token_sha256"]] not in out + err


READ_BACK = """
import hashlib, json
from airflow.models import Connection
from airflow.utils.session import create_session
from sqlalchemy import select
with create_session() as session:
    extra = session.scalar(select(Connection).where(Connection.conn_id == "ns_cli")).extra_dejson
digest = hashlib.sha256(extra["refresh_token"].encode()).hexdigest()
print(json.dumps({"redirect_uri": extra["redirect_uri"], "refresh_token_sha256": digest}))
"""
