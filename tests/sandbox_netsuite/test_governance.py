"""Governance: one concurrency limit for REST and RESTlets, latency, injected faults, request stats."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.sandbox_netsuite.clients import access_token, error_detail, session, suiteql

SERVER_TIME = "/services/rest/system/v1/serverTime"
CONCURRENCY_BODY = {
    "type": "https://www.rfc-editor.org/rfc/rfc6585.html#section-4",
    "title": "Too Many Requests",
    "status": 429,
    "o:errorDetails": [
        {"detail": "Concurrent request limit exceeded. Request blocked.", "o:errorCode": "CONCURRENCY_LIMIT_EXCEEDED"}
    ],
}


def _burst(running, token: str, count: int, path: str = SERVER_TIME) -> list[requests.Response]:
    headers = {"Authorization": f"Bearer {token}"}
    with ThreadPoolExecutor(count) as pool:
        return list(
            pool.map(lambda _: requests.get(running.base_url + path, headers=headers, timeout=30), range(count))
        )


def test_burst_over_the_limit_gets_429_with_the_documented_body(make_netsuite_sandbox):
    running = make_netsuite_sandbox(concurrency_limit=3, latency_seconds=0.5)
    token = access_token(running)
    responses = _burst(running, token, 12)
    throttled = [r for r in responses if r.status_code == 429]
    assert throttled, "twelve simultaneous half-second requests must exceed a limit of three"
    assert all(r.json() == CONCURRENCY_BODY for r in throttled)
    assert "Retry-After" not in throttled[0].headers
    assert {r.status_code for r in responses} == {200, 429}
    stats = running.sandbox.stats_snapshot()
    assert stats["throttled_total"] == len(throttled)
    assert stats["peak_in_flight"] == 3


def test_restlets_share_the_limit_and_answer_sss_request_limit_exceeded(make_netsuite_sandbox):
    running = make_netsuite_sandbox(concurrency_limit=2, latency_seconds=0.6)
    token = access_token(running)
    c = running.sandbox.credentials
    restlet = f"/app/site/hosting/restlet.nl?script={c.restlet_script_id}&deploy={c.restlet_deploy_id}&action=ping"
    headers = {"Authorization": f"Bearer {token}"}
    with ThreadPoolExecutor(8) as pool:
        rest = [
            pool.submit(requests.get, running.base_url + SERVER_TIME, headers=headers, timeout=30) for _ in range(4)
        ]
        restlets = [
            pool.submit(requests.get, running.base_url + restlet, headers=headers, timeout=30) for _ in range(4)
        ]
        answers = [f.result() for f in rest + restlets]
    limited = [r for r in answers if r.status_code in (400, 429)]
    assert limited
    for response in limited:
        if "restlet.nl" in response.url:
            assert response.status_code == 400
            assert response.json()["error"]["code"] == "SSS_REQUEST_LIMIT_EXCEEDED"
        else:
            assert response.json() == CONCURRENCY_BODY
    assert running.sandbox.stats_snapshot()["peak_in_flight"] == 2


def test_injected_errors_and_throttles(netsuite_sandbox):
    token = access_token(netsuite_sandbox)
    headers = {"Authorization": f"Bearer {token}"}
    url = netsuite_sandbox.base_url + SERVER_TIME
    netsuite_sandbox.sandbox.update_settings(error_rate=1.0)
    failed = requests.get(url, headers=headers, timeout=30)
    assert failed.status_code == 500 and error_detail(failed)["o:errorCode"] == "UNEXPECTED_ERROR"
    netsuite_sandbox.sandbox.update_settings(error_rate=0.0, throttle_rate=1.0)
    throttled = requests.get(url, headers=headers, timeout=30)
    assert throttled.status_code == 429 and throttled.json() == CONCURRENCY_BODY
    netsuite_sandbox.sandbox.update_settings(throttle_rate=0.0)
    assert requests.get(url, headers=headers, timeout=30).status_code == 200
    faults = netsuite_sandbox.sandbox.stats_snapshot()["faults_injected"]
    assert faults == {"error": 1, "throttle": 1}


def test_dropped_connection_gets_no_answer(netsuite_sandbox):
    token = access_token(netsuite_sandbox)
    answer = requests.post(netsuite_sandbox.base_url + "/_sandbox/settings", json={"drop_rate": 1.0}, timeout=30)
    assert answer.status_code == 200 and answer.json()["drop_rate"] == 1.0
    with pytest.raises(requests.ConnectionError):
        requests.get(netsuite_sandbox.base_url + SERVER_TIME, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def test_truncated_answer_breaks_off_mid_body(netsuite_sandbox):
    http = session(netsuite_sandbox)
    netsuite_sandbox.sandbox.update_settings(truncate_rate=1.0)
    with pytest.raises((requests.exceptions.ChunkedEncodingError, requests.ConnectionError)):
        suiteql(http, netsuite_sandbox, "SELECT id FROM customer")


def test_faults_are_reproducible_from_the_seed(make_netsuite_sandbox):
    outcomes = []
    for _ in range(2):
        running = make_netsuite_sandbox(error_rate=0.5, fault_seed=7)
        token = access_token(running)
        headers = {"Authorization": f"Bearer {token}"}
        outcomes.append(
            [requests.get(running.base_url + SERVER_TIME, headers=headers, timeout=30).status_code for _ in range(12)]
        )
    assert outcomes[0] == outcomes[1] and set(outcomes[0]) == {200, 500}


def test_stats_count_requests_by_kind_and_reset(netsuite_sandbox):
    http = session(netsuite_sandbox)
    suiteql(http, netsuite_sandbox, "SELECT id FROM customer")
    http.get(netsuite_sandbox.base_url + "/services/rest/record/v1/customer/101")
    stats = requests.get(netsuite_sandbox.base_url + "/_sandbox/stats", timeout=30).json()
    assert stats["requests"] == {"auth": 1, "suiteql": 1, "record": 1}
    assert stats["responses_by_status"]["suiteql:200"] == 1
    requests.post(netsuite_sandbox.base_url + "/_sandbox/stats/reset", timeout=30)
    assert requests.get(netsuite_sandbox.base_url + "/_sandbox/stats", timeout=30).json()["requests_total"] == 0


def test_bad_runtime_settings_are_refused(netsuite_sandbox):
    url = netsuite_sandbox.base_url + "/_sandbox/settings"
    for bad in ({"error_rate": 2}, {"concurrency_limit": 0}, {"nonsense": 1}, {"features": {"teleport": False}}):
        assert requests.post(url, json=bad, timeout=30).status_code == 400
    assert requests.get(url, timeout=30).json()["concurrency_limit"] == 5
