"""python -m sandbox.netsuite: serves, prints the base URL and demo credentials, writes the connections."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time

import requests

from sandbox.netsuite.credentials import CLIENT_ID, CONSUMER_KEY, TOKEN_ID


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_cli_serves_and_prints_credentials(tmp_path):
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "sandbox.netsuite",
        "--port",
        str(port),
        "--customers",
        "5",
        "--invoices",
        "40",
        "--db",
        str(tmp_path / "account.db"),
        "--latency",
        "0.01",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        printed = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            printed.append(line)
            if "Serving until Ctrl-C" in line or not line:
                break
        output = "".join(printed)
        assert f"http://127.0.0.1:{port}" in output
        for value in (CLIENT_ID, CONSUMER_KEY, TOKEN_ID, "1234567_SB1"):
            assert value in output
        for _ in range(50):
            try:
                answer = requests.get(f"http://127.0.0.1:{port}/_sandbox/settings", timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        assert answer.json()["latency_seconds"] == 0.01
        connections = json.loads((tmp_path / "netsuite-sandbox-connections.json").read_text())
        assert set(connections) == {"oauth2_client_credentials", "oauth2_authorization_code", "tba"}
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
