"""5 requests/second per key by default: a token bucket, 429 in the error shape beyond it."""

from __future__ import annotations

import time

from sandbox.alternative_payments.rate_limit import KeyedTokenBuckets
from tests.sandbox_alternative_payments.conftest import plain_api
from tests.sandbox_alternative_payments.plain_api import error_of


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_bucket_allows_a_burst_of_rate_then_refills_at_rate():
    clock = FakeClock()
    buckets = KeyedTokenBuckets(lambda: 5.0, clock)
    assert [buckets.allow("k") for _ in range(6)] == [True] * 5 + [False]
    clock.now += 0.2
    assert [buckets.allow("k"), buckets.allow("k")] == [True, False]
    clock.now += 10
    assert sum(buckets.allow("k") for _ in range(10)) == 5
    assert buckets.allow("other key")


def test_rate_zero_turns_the_limit_off():
    buckets = KeyedTokenBuckets(lambda: 0.0, FakeClock())
    assert all(buckets.allow("k") for _ in range(100))


def test_burst_beyond_5_per_second_gets_429s_in_the_error_shape(make_ap_sandbox):
    running = make_ap_sandbox(rate_limit_per_second=5)
    api = plain_api(running).login()
    time.sleep(1.0)  # the token request used one token; start the burst with a full bucket
    running.control.reset_stats()
    started = time.monotonic()
    responses = [api.get("/customers") for _ in range(15)]
    elapsed = time.monotonic() - started
    passed = [r for r in responses if r.status_code == 200]
    limited = [r for r in responses if r.status_code == 429]
    assert len(passed) + len(limited) == 15
    assert 5 <= len(passed) <= 5 + 5 * elapsed + 1
    assert error_of(limited[0])["code"] == "rate_limited"
    stats = running.stats()
    assert stats["responses_429"] == stats["rate_limited_429"] == len(limited)
    assert stats["by_key"] == {running.sandbox.credentials.client_id: 15}


def test_limit_recovers_and_can_be_changed_at_run_time(make_ap_sandbox):
    running = make_ap_sandbox(rate_limit_per_second=5)
    api = plain_api(running).login()
    assert 429 in [api.get("/customers").status_code for _ in range(20)]
    time.sleep(0.5)
    assert api.get("/customers").status_code == 200
    running.control.settings(rate_limit_per_second=0)
    assert all(api.get("/customers").status_code == 200 for _ in range(30))


def test_sandbox_controls_are_neither_limited_nor_counted(make_ap_sandbox):
    running = make_ap_sandbox(rate_limit_per_second=1)
    for _ in range(20):
        running.control.state()
    assert running.stats()["requests_total"] == 0
