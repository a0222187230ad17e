"""The client-side token bucket keeps a healthy run free of 429s."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from alternative_payments_hook.rate_limit import TokenBucket, shared_bucket


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))


def test_bucket_spaces_requests_evenly_at_the_rate():
    fake = FakeTime()
    bucket = TokenBucket(5, clock=fake.clock, sleep=fake.sleep)
    waits = [round(bucket.acquire(), 6) for _ in range(4)]
    assert waits == [0.0, 0.2, 0.4, 0.6]
    fake.now = 10.0  # idle time refills at most one token
    assert [round(bucket.acquire(), 6) for _ in range(2)] == [0.0, 0.2]


def test_hooks_of_one_api_key_share_one_bucket(ap_sandbox):
    first, second = ap_sandbox.hook(), ap_sandbox.hook()
    assert first.transport.limiter is second.transport.limiter
    other_key = shared_bucket(ap_sandbox.base_url, "another-client", 5)
    assert other_key is not first.transport.limiter


def test_a_200_request_burst_from_several_threads_gets_no_429(make_ap_sandbox):
    running = make_ap_sandbox(rate_limit_per_second=50)
    hooks = [running.hook(), running.hook()]  # two hooks, one key: one shared bucket
    for hook in hooks:
        hook.call("GET", "/customers", params={"limit": 1})
    running.control.reset_stats()

    def one_call(n: int) -> dict:
        return hooks[n % 2].call("GET", "/customers", params={"limit": 1})

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(one_call, range(200)))
    stats = running.stats()
    assert len(answers) == 200
    assert stats["requests_total"] == 200
    assert stats["responses_429"] == 0
