"""The sandbox clock: a fixed start, serverTime in UTC, lastmodifieddate in the account's time zone, both movable."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests

from sandbox.netsuite import NetSuiteSandbox
from sandbox.netsuite.__main__ import parse_args, settings_from
from sandbox.start_time import SANDBOX_NOW
from tests.sandbox_netsuite.clients import rows, session

SERVER_TIME = "/services/rest/system/v1/serverTime"


def _server_time(running, http) -> datetime:
    text = http.get(running.base_url + SERVER_TIME).json()["serverTime"]
    assert text.endswith("Z") and len(text) == len("2025-03-26T16:21:00.000Z")
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def _stamp(running, http, customer_id: int) -> datetime:
    text = rows(
        http,
        running,
        "SELECT TO_CHAR(lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS lm FROM customer WHERE id = ?",
        [customer_id],
    )[0]["lm"]
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")


def test_lastmodifieddate_is_account_local_while_server_time_is_utc(make_netsuite_sandbox):
    for zone in ("America/Los_Angeles", "Europe/Berlin"):
        running = make_netsuite_sandbox(time_zone=zone)
        http = session(running)
        customer = running.sandbox.controls.create_customer("Clock Check Ltd")["id"]
        server = _server_time(running, http)
        local = server.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
        assert abs((_stamp(running, http, customer) - local).total_seconds()) < 60


def test_advancing_the_clock_moves_server_time_and_stamps(netsuite_sandbox):
    http = session(netsuite_sandbox)
    before = _server_time(netsuite_sandbox, http)
    answer = requests.post(netsuite_sandbox.base_url + "/_sandbox/clock", json={"advance_seconds": 1800}, timeout=30)
    assert answer.status_code == 200 and answer.json()["offset_seconds"] == 1800
    after = _server_time(netsuite_sandbox, http)
    assert timedelta(seconds=1795) < after - before < timedelta(seconds=1900)
    customer = netsuite_sandbox.sandbox.controls.create_customer("Later Co")["id"]
    expected = after.astimezone(ZoneInfo("America/Los_Angeles")).replace(tzinfo=None)
    assert abs((_stamp(netsuite_sandbox, http, customer) - expected).total_seconds()) < 60


def test_every_change_stamps_lastmodifieddate_from_the_clock(netsuite_sandbox):
    http = session(netsuite_sandbox)
    controls = netsuite_sandbox.sandbox.controls
    customer = controls.create_customer("Stamp Co")["id"]
    first = _stamp(netsuite_sandbox, http, customer)
    netsuite_sandbox.sandbox.advance_clock(300)
    controls.inactivate_customer(customer)
    assert (_stamp(netsuite_sandbox, http, customer) - first).total_seconds() >= 299


def test_clock_starts_at_the_fixed_now_whatever_the_date(netsuite_sandbox):
    server = _server_time(netsuite_sandbox, session(netsuite_sandbox))
    assert timedelta(0) <= server - SANDBOX_NOW < timedelta(minutes=5)


def test_clock_starts_at_the_given_now_and_runs_on_in_real_time():
    start = datetime(2028, 2, 29, 12, 0, tzinfo=UTC)
    with NetSuiteSandbox(invoices=20, now=start) as sandbox:
        first = sandbox.clock.now_utc()
        time.sleep(0.05)
        assert start <= first < sandbox.clock.now_utc() < start + timedelta(minutes=1)
        sandbox.advance_clock(600)
        assert sandbox.clock.now_utc() - start >= timedelta(minutes=10)
        assert abs(sandbox.clock.auth_timestamp() - (time.time() + 600)) < 5, "signatures: this machine's clock"


def test_history_ends_on_the_clocks_day_and_one_now_gives_one_data_set():
    start = datetime(2027, 1, 1, 20, 0, tzinfo=UTC)  # noon on 1 January in the account's time zone
    with NetSuiteSandbox(invoices=60, now=start) as first, NetSuiteSandbox(invoices=60, now=start) as again:
        records = first.controls.records({"invoices"})
        assert records == again.controls.records({"invoices"})
    last = max(date.fromisoformat(i["trandate"][:10]) for i in records["invoices"])
    assert date(2026, 12, 1) < last <= date(2027, 1, 1)
    with NetSuiteSandbox(invoices=60, now=start + timedelta(days=40)) as later:
        assert later.controls.records({"invoices"}) != records


def test_kept_data_set_from_another_now_is_regenerated(tmp_path):
    path = str(tmp_path / "account.db")
    with NetSuiteSandbox(db_path=path, invoices=30) as first:
        assert first.generated
    with NetSuiteSandbox(db_path=path, invoices=30) as same:
        assert not same.generated
    with NetSuiteSandbox(db_path=path, invoices=30, now=SANDBOX_NOW + timedelta(days=1)) as other:
        assert other.generated


def test_cli_now_flag():
    assert settings_from(parse_args([])).now == SANDBOX_NOW
    assert settings_from(parse_args(["--now", "2028-02-29"])).now == datetime(2028, 2, 29, tzinfo=UTC)
    with pytest.raises(SystemExit):
        parse_args(["--now", "29/02/2028"])


def test_a_kept_data_set_resumes_its_clock_after_its_last_change(tmp_path):
    path = str(tmp_path / "account.db")
    with NetSuiteSandbox(db_path=path, invoices=30) as first:
        first.advance_clock(6 * 3600)
        customer = first.controls.create_customer("Changed Late Co")["id"]
        changed = first.controls.record("customer", customer)["lastmodifieddate"]
    with NetSuiteSandbox(db_path=path, invoices=30) as again:
        assert not again.generated
        assert again.clock.now_stored() > changed
        assert again.clock.offset_seconds == 0
        assert abs(again.clock.auth_timestamp() - time.time()) < 5, "signatures still use the machine's clock"
