"""What happens to every API request before the endpoint sees it.

In order: accounting (stats), latency, injected faults (dropped connection, 429, 500),
then the per-key rate limit. ``/_sandbox/...`` and the API docs pass straight through.
"""

from __future__ import annotations

import asyncio
import logging
import random
from typing import Any

from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send

from sandbox.alternative_payments.auth import TokenIssuer, basic_client_id, bearer_token
from sandbox.alternative_payments.errors import error_response
from sandbox.alternative_payments.rate_limit import KeyedTokenBuckets
from sandbox.alternative_payments.settings import AlternativePaymentsSettings
from sandbox.alternative_payments.stats import TrafficStats

UNCOUNTED_PREFIXES = ("/_sandbox", "/docs", "/redoc", "/openapi.json")
DROPPED = "dropped"


class _HideDroppedResponses(logging.Filter):
    """Uvicorn logs an error when an app leaves a response unfinished; here that is the point."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "without completing response" not in record.getMessage()


logging.getLogger("uvicorn.error").addFilter(_HideDroppedResponses())


class FaultDice:
    """Seeded dice deciding which requests get an injected fault."""

    def __init__(self, settings: AlternativePaymentsSettings) -> None:
        self.settings = settings
        self.reseed(settings.seed)

    def reseed(self, seed: int | None) -> None:
        self._random = random.Random(seed)

    def roll(self) -> str | None:
        s = self.settings
        if not (s.fault_drop_rate or s.fault_429_rate or s.fault_500_rate):
            return None
        value = self._random.random()
        for fault, rate in (("drop", s.fault_drop_rate), ("429", s.fault_429_rate), ("500", s.fault_500_rate)):
            if value < rate:
                return fault
            value -= rate
        return None


class TrafficMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        routes: list[Any],
        settings: AlternativePaymentsSettings,
        tokens: TokenIssuer,
        limiter: KeyedTokenBuckets,
        stats: TrafficStats,
        dice: FaultDice,
    ) -> None:
        self.app = app
        self.routes = routes
        self.settings = settings
        self.tokens = tokens
        self.limiter = limiter
        self.stats = stats
        self.dice = dice

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(UNCOUNTED_PREFIXES):
            await self.app(scope, receive, send)
            return
        key = self._key(scope)
        self.stats.arrived(key)
        outcome: dict[str, Any] = {"status": DROPPED}

        async def watching_send(message: dict) -> None:
            if message["type"] == "http.response.start":
                outcome["status"] = message["status"]
            await send(message)

        dropped = False
        try:
            dropped = await self._handle(scope, receive, watching_send, key)
        finally:
            self.stats.record(self._path_kind(scope), key, DROPPED if dropped else outcome["status"])

    async def _handle(self, scope: Scope, receive: Receive, send: Send, key: str) -> bool:
        if self.settings.latency_ms:
            await asyncio.sleep(self.settings.latency_ms / 1000)
        fault = self.dice.roll()
        if fault:
            self.stats.injected(fault)
            return await self._inject(fault, scope, receive, send)
        if not self.limiter.allow(key):
            self.stats.rate_limited()
            limit = self.settings.rate_limit_per_second
            message = f"rate limit of {limit:g} requests per second exceeded"
            await error_response(429, "rate_limited", message)(scope, receive, send)
            return False
        await self.app(scope, receive, send)
        return False

    async def _inject(self, fault: str, scope: Scope, receive: Receive, send: Send) -> bool:
        if fault == "drop":
            # Promise a body, send part of it, stop: the server closes the connection mid-response.
            headers = [(b"content-type", b"application/json"), (b"content-length", b"4096")]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": b'{"data": [', "more_body": True})
            return True
        if fault == "429":
            response = error_response(429, "rate_limited", "rate limit exceeded (injected fault)")
        else:
            response = error_response(500, "internal_error", "internal server error (injected fault)")
        await response(scope, receive, send)
        return False

    def _key(self, scope: Scope) -> str:
        headers = dict(scope["headers"])
        authorization = headers.get(b"authorization", b"").decode("latin-1") or None
        token = bearer_token(authorization)
        if token:
            return self.tokens.owner(token) or "unknown-token"
        credentials = basic_client_id(authorization)
        return credentials[0] if credentials else "anonymous"

    def _path_kind(self, scope: Scope) -> str:
        for route in self.routes:
            match, _ = route.matches(scope)
            if match is Match.FULL:
                return f"{scope['method']} {route.path}"
        return f"{scope['method']} (no route)"
