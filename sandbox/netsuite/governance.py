"""Account governance and injected faults, applied to every request before the routes see it.

One concurrency limit counts in-flight REST and RESTlet requests together.
Over it, REST answers 429 CONCURRENCY_LIMIT_EXCEEDED and RESTlets answer
400 SSS_REQUEST_LIMIT_EXCEEDED, as Oracle documents for each. Latency is the
time a request takes to be answered, as a client sees it: the sandbox does the
work at once, holds the answer and sends it when the latency has passed (an
async sleep, so requests really overlap). Its own work thus counts within the
latency, as a server's does, rather than on top of it. Faults come from a
seeded RNG.
"""

from __future__ import annotations

import asyncio
import json
import random
import threading
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

from sandbox.netsuite.errors import CONCURRENCY_DETAIL, NetSuiteError, RestletError
from sandbox.netsuite.settings import RuntimeSettings

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

GOVERNED = frozenset({"suiteql", "record", "system", "restlet"})
_PREFIXES = (
    ("/services/rest/query/", "suiteql"),
    ("/services/rest/record/", "record"),
    ("/services/rest/system/", "system"),
    ("/services/rest/auth/", "auth"),
    ("/app/login/oauth2/", "auth"),
    ("/app/site/hosting/restlet.nl", "restlet"),
)


def classify(path: str) -> str | None:
    """The kind of request a path is; None for the sandbox's own controls."""
    if path.startswith("/_sandbox"):
        return None
    for prefix, kind in _PREFIXES:
        if path.startswith(prefix):
            return kind
    return "other"


class Stats:
    """Request counts by kind, 429s served, faults injected, and the peak of concurrent requests."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.requests: Counter[str] = Counter()
            self.statuses: Counter[str] = Counter()
            self.throttled: Counter[str] = Counter()
            self.faults: Counter[str] = Counter()
            self.peak_in_flight = 0

    def snapshot(self, in_flight: int) -> dict[str, Any]:
        with self._lock:
            return {
                "requests": dict(self.requests),
                "requests_total": sum(self.requests.values()),
                "responses_by_status": dict(self.statuses),
                "throttled": dict(self.throttled),
                "throttled_total": sum(self.throttled.values()),
                "faults_injected": dict(self.faults),
                "in_flight": in_flight,
                "peak_in_flight": self.peak_in_flight,
            }


class Governor:
    def __init__(self, runtime: RuntimeSettings, stats: Stats) -> None:
        self.runtime = runtime
        self.stats = stats
        self.in_flight = 0
        self.rng = random.Random(runtime.fault_seed)

    def reseed(self) -> None:
        self.rng = random.Random(self.runtime.fault_seed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send, app: ASGIApp) -> None:
        kind = classify(scope.get("path", ""))
        if kind is None:
            await app(scope, receive, send)
            return
        self.stats.requests[kind] += 1
        recorded = self._recording(send, kind)
        if kind not in GOVERNED:
            await app(scope, receive, recorded)
            return
        if self.in_flight >= self.runtime.concurrency_limit:
            self.stats.throttled[f"{kind}:concurrency_limit"] += 1
            await self._over_limit(recorded, kind)
            return
        self.in_flight += 1
        self.stats.peak_in_flight = max(self.stats.peak_in_flight, self.in_flight)
        try:
            await self._governed(scope, receive, send, recorded, kind, app)
        finally:
            self.in_flight -= 1

    async def _governed(self, scope: Scope, receive: Receive, raw: Send, send: Send, kind: str, app: ASGIApp) -> None:
        runtime, rng = self.runtime, self.rng
        delay = runtime.latency_seconds + runtime.latency_jitter_seconds * rng.random()
        if runtime.slow_rate and rng.random() < runtime.slow_rate:
            self.stats.faults["slow"] += 1
            delay += runtime.slow_seconds
        fault = self._fault()
        if fault is None:
            await _answer_after(delay, scope, receive, send, app)
            return
        if delay > 0:
            await asyncio.sleep(delay)
        self.stats.faults[fault] += 1
        if fault == "throttle":
            self.stats.throttled[f"{kind}:injected"] += 1
            await self._over_limit(send, kind)
        elif fault == "error":
            await self._unexpected_error(send, kind)
        elif fault == "drop":
            await _drop_connection(raw)
        else:
            await _truncate(raw, send)

    def _fault(self) -> str | None:
        runtime, rng = self.runtime, self.rng
        for name, rate in (
            ("throttle", runtime.throttle_rate),
            ("error", runtime.error_rate),
            ("drop", runtime.drop_rate),
            ("truncate", runtime.truncate_rate),
        ):
            if rate and rng.random() < rate:
                return name
        return None

    def _recording(self, send: Send, kind: str) -> Send:
        async def recorded(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                self.stats.statuses[f"{kind}:{message['status']}"] += 1
            await send(message)

        return recorded

    async def _over_limit(self, send: Send, kind: str) -> None:
        if kind == "restlet":
            error = RestletError(
                400, "SSS_REQUEST_LIMIT_EXCEEDED", "Request limit exceeded: too many concurrent requests."
            )
            await send_json(send, error.status, error.body())
            return
        await send_json(send, 429, NetSuiteError(429, "CONCURRENCY_LIMIT_EXCEEDED", CONCURRENCY_DETAIL).body())

    async def _unexpected_error(self, send: Send, kind: str) -> None:
        if kind == "restlet":
            body = RestletError(500, "UNEXPECTED_ERROR", "An unexpected SuiteScript error has occurred.").body()
        else:
            body = NetSuiteError(500, "UNEXPECTED_ERROR", "An unexpected error occurred.").body()
        await send_json(send, 500, body)


async def _answer_after(delay: float, scope: Scope, receive: Receive, send: Send, app: ASGIApp) -> None:
    """Run the request now and send its answer ``delay`` seconds after it arrived (or when ready, if later)."""
    if delay <= 0:
        await app(scope, receive, send)
        return
    due = asyncio.get_running_loop().time() + delay
    held: list[dict[str, Any]] = []

    async def hold(message: dict[str, Any]) -> None:
        held.append(message)

    await app(scope, receive, hold)
    await asyncio.sleep(max(0.0, due - asyncio.get_running_loop().time()))
    for message in held:
        await send(message)


async def send_json(send: Send, status: int, body: Any) -> None:
    payload = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


def _transport(send: Send) -> Any:
    """uvicorn's transport behind its ``send`` (None under other servers)."""
    return getattr(getattr(send, "__self__", None), "transport", None)


async def _drop_connection(raw: Send) -> None:
    """Close the socket without answering; the client sees the connection end with no response."""
    transport = _transport(raw)
    if transport is None:
        raise ConnectionAbortedError("dropped connection (injected fault)")
    transport.close()
    # Let uvicorn's connection_lost run, so it knows nothing more will be sent.
    await asyncio.sleep(0)
    await asyncio.sleep(0)


async def _truncate(raw: Send, send: Send) -> None:
    """Status line, headers and a piece of the body, then the connection closes."""
    headers = [(b"content-type", b"application/json"), (b"content-length", b"4096")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send(
        {"type": "http.response.body", "body": b'{"links": [], "count": 1000, "items": [{"id":', "more_body": True}
    )
    transport = _transport(raw)
    if transport is None:
        raise ConnectionAbortedError("truncated response (injected fault)")
    transport.close()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
