"""/_sandbox controls: state dump, stats, reset, demo data; and the command line."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import requests

from sandbox.alternative_payments.__main__ import banner, parse_args, settings_from
from sandbox.alternative_payments.instance import AlternativePaymentsSandbox
from sandbox.server import bind_loopback
from sandbox.start_time import SANDBOX_NOW


def test_state_dump_holds_every_record(ap_sandbox):
    state = ap_sandbox.control.state()
    assert [len(state[k]) for k in ("customers", "invoices", "payments", "payouts")] == [3, 4, 2, 0]
    assert set(state) >= {"webhooks", "events", "integrations", "invoice_pdfs"}
    assert requests.get(f"{ap_sandbox.base_url}/_sandbox/records", timeout=10).json() == state


def test_stats_count_requests_by_path_kind_and_key(api, ap_sandbox):
    ap_sandbox.control.reset_stats()
    api.get(f"/invoices/{ap_sandbox.demo_ids['invoice_open']}")
    api.get(f"/invoices/{ap_sandbox.demo_ids['invoice_paid']}")
    api.get("/nowhere")
    stats = ap_sandbox.stats()
    assert stats["by_path"] == {"GET /invoices/{invoice_id}": 2, "GET (no route)": 1}
    assert stats["by_status"] == {"200": 2, "404": 1}
    assert stats["by_key_and_path"][ap_sandbox.sandbox.credentials.client_id]["GET /invoices/{invoice_id}"] == 2
    ap_sandbox.control.reset_stats()
    assert ap_sandbox.stats()["requests_total"] == 0


def test_reset_empties_the_account_and_demo_data_refills_it(api, ap_sandbox):
    ap_sandbox.control.advance_clock(3600 * 5)
    ap_sandbox.control.reset()
    assert ap_sandbox.control.state()["invoices"] == []
    assert abs(ap_sandbox.control.clock()["offset_seconds"]) < 1
    assert api.get("/invoices").status_code == 401  # tokens are gone too
    ids = ap_sandbox.control.load_demo_data()
    assert len(ap_sandbox.control.state()["invoices"]) == 4
    assert ids["invoice_open"].startswith("inv_")


def test_airflow_connection_dict(ap_sandbox):
    conn = ap_sandbox.connection(timeout_seconds=5)
    assert conn == {
        "conn_type": "alternative_payments",
        "host": ap_sandbox.base_url,
        "login": ap_sandbox.sandbox.credentials.client_id,
        "password": ap_sandbox.sandbox.credentials.client_secret,
        "extra": {"timeout_seconds": 5, "rate_limit_per_second": 50},
    }
    assert "client_secret" not in repr(ap_sandbox.sandbox.credentials)


def test_cli_flags_become_settings_and_the_banner_shows_credentials():
    args = parse_args(["--port", "0", "--rate-limit", "7", "--fault-500", "0.1", "--seed", "3", "--no-demo-data"])
    settings = settings_from(args)
    assert (settings.rate_limit_per_second, settings.fault_500_rate, settings.seed) == (7, 0.1, 3)
    assert args.demo_data is False
    text = banner(AlternativePaymentsSandbox(settings), "http://127.0.0.1:9")
    assert "http://127.0.0.1:9" in text
    assert settings.client_id in text and settings.client_secret in text


def _token_when_up(port: int, client_id: str, process: subprocess.Popen) -> requests.Response:
    for _ in range(200):
        try:
            return requests.post(
                f"http://127.0.0.1:{port}/oauth/token",
                auth=(client_id, "ap-demo-secret-change-me"),
                data={"grant_type": "client_credentials"},
                timeout=5,
            )
        except requests.ConnectionError:
            assert process.poll() is None, "the sandbox process exited"
            time.sleep(0.05)
    raise AssertionError("the sandbox never answered")


def test_cli_prints_the_base_url_and_serves_until_stopped():
    sock = bind_loopback(0)
    port = sock.getsockname()[1]
    sock.close()
    command = [sys.executable, "-m", "sandbox.alternative_payments", "--port", str(port), "--client-id", "cli-id"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == f"Alternative Payments sandbox at http://127.0.0.1:{port}"
        assert _token_when_up(port, "cli-id", process).status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_clock_starts_at_the_fixed_now_and_only_the_offset_is_reset(ap_sandbox):
    started = datetime.fromisoformat(ap_sandbox.control.clock()["now"].replace("Z", "+00:00"))
    assert timedelta(0) <= started - SANDBOX_NOW < timedelta(minutes=5)
    ap_sandbox.control.advance_clock(3600)
    ap_sandbox.control.reset()
    again = datetime.fromisoformat(ap_sandbox.control.clock()["now"].replace("Z", "+00:00"))
    assert started <= again < started + timedelta(minutes=5)


def test_clock_starts_at_the_given_now_and_runs_on():
    start = datetime(2028, 2, 29, 12, 0, tzinfo=UTC)
    sandbox = AlternativePaymentsSandbox(now=start)
    first = sandbox.clock.now()
    time.sleep(0.05)
    assert start <= first < sandbox.clock.now() < start + timedelta(minutes=1)
    assert parse_args(["--now", "2028-02-29T12:00:00Z"]).now == start
    assert parse_args([]).now == SANDBOX_NOW
