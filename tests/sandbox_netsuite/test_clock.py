"""The sandbox clock: serverTime in UTC, lastmodifieddate in the account's time zone, both movable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import requests

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
