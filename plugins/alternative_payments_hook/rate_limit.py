"""Client-side rate limit: a token bucket shared by every thread (and hook) using one API key.

The bucket holds one token and refills at the connection's rate, so requests leave at most
``rate`` per second and evenly spaced. AP's server allows short bursts on top of that, so
jitter between here and the server does not turn into 429s. With the ``rate_limit_store``
connection the same bucket is kept in Redis and shared by every process (``SharedBucket``).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from alternative_payments_hook.errors import ConfigurationError


class TokenBucket:
    """Thread-safe; callers reserve the next free slot and sleep until it comes."""

    def __init__(
        self,
        rate: float,
        capacity: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be > 0")
        self.rate = rate
        self.capacity = capacity
        self._clock = clock
        self._sleep = sleep
        self._tokens = capacity
        self._updated = clock()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Take one token, waiting if needed; returns the seconds waited."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
            self._updated = now
            self._tokens -= 1
            wait = -self._tokens / self.rate if self._tokens < 0 else 0.0
        if wait:
            self._sleep(wait)
        return wait


_shared: dict[tuple[str, str], TokenBucket] = {}
_shared_lock = threading.Lock()


def shared_bucket(base_url: str, client_id: str, rate: float) -> TokenBucket:
    """The process-wide bucket of one API key at one AP environment."""
    with _shared_lock:
        bucket = _shared.get((base_url, client_id))
        if bucket is None:
            bucket = _shared[(base_url, client_id)] = TokenBucket(rate)
        bucket.rate = rate
        return bucket


# --- Shared by every process and worker ---------------------------------------------------

# AP counts one key's requests wherever they come from, so in a deployment with several
# workers the bucket lives in Redis: the Airflow connection below (conn_type ``redis``).
# Without it each process keeps its own bucket, which is exact only for one process.
STORE_CONN_ID = "rate_limit_store"
# Requests leave a little slower than the limit, so the jitter between this machine and
# AP's never packs one more request into AP's one-second window.
SPACING_GUARD = 0.03
# After Redis fails, this process paces by its own bucket for this long, then tries again.
STORE_RETRY_SECONDS = 30.0
KEY_PREFIX = "netsuite-ap-sync:ap-rate:"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoreSettings:
    """Where the shared buckets live; ``password`` never appears in a repr, a log or an error."""

    host: str
    port: int
    db: int
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    ssl: bool = False

    @property
    def where(self) -> str:
        return f"redis {self.host}:{self.port}/{self.db}"

    @classmethod
    def from_connection(cls, conn: Any) -> StoreSettings:
        if (conn.conn_type or "").lower() != "redis":
            raise ConfigurationError(
                f"connection {conn.conn_id!r} holds the shared AP rate limit and must be of type redis "
                f"(got {conn.conn_type!r}); delete it to limit each process on its own"
            )
        extra = conn.extra_dejson or {}
        try:
            db = int(extra.get("db", conn.schema or 0) or 0)
        except (TypeError, ValueError):
            raise ConfigurationError(f"connection {conn.conn_id!r}: extra 'db' must be a number") from None
        return cls(
            host=conn.host or "127.0.0.1",
            port=int(conn.port or 6379),
            db=db,
            username=conn.login or None,
            password=conn.password or None,
            ssl=str(extra.get("ssl", "")).lower() in ("1", "true", "yes"),
        )


class SharedBucket:
    """GCRA over Redis (pyrate-limiter's ``RedisStateStore``): one atomic Lua step per request
    spaces one key's requests by ``1/rate`` across every process that shares the store.

    While Redis cannot be reached the process falls back to its own bucket and logs a warning:
    AP still answers an excess with 429, which the transport retries, so a Redis outage slows
    the sync rather than stopping it.
    """

    def __init__(
        self,
        key: str,
        rate: float,
        redis_client: Any,
        where: str,
        fallback: TokenBucket,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        from pyrate_limiter import GCRA, Rate, RedisStateStore

        self.rate = rate
        self.where = where
        self.fallback = fallback
        self._algorithm = GCRA()
        # 1,000 units per (1,000 x the spacing) with a burst of one: the spacing to the microsecond.
        spacing_us = 1_000_000 * (1 + SPACING_GUARD) / rate
        self._rates = [Rate(1000, interval=round(spacing_us), burst=1)]
        self._store = RedisStateStore(redis_client, KEY_PREFIX + key)
        self._sleep = sleep
        self._clock = clock
        self._down_until = 0.0
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Take the key's next slot, waiting if needed; returns the seconds waited."""
        if self._clock() < self._down_until:
            return self.fallback.acquire()
        import redis

        waited = 0.0
        try:
            while True:
                decision = self._store.check(self._algorithm, self._rates, _wall_ms(), 1)
                if decision.allowed:
                    return waited
                wait = max(decision.retry_after_ms or 1, 1) / 1000
                self._sleep(wait)
                waited += wait
        except redis.RedisError as exc:
            self._store_failed(exc)
            return waited + self.fallback.acquire()

    def _store_failed(self, exc: Exception) -> None:
        with self._lock:
            first = self._clock() >= self._down_until
            self._down_until = self._clock() + STORE_RETRY_SECONDS
        if first:
            log.warning(
                "AP rate limit store %s unreachable (%s); this process limits its own requests for the next "
                "%.0f s, so processes together may exceed AP's limit and be answered 429 (retried)",
                self.where,
                type(exc).__name__,
                STORE_RETRY_SECONDS,
            )


def _wall_ms() -> int:
    # Wall clock: the state is shared between hosts, where a monotonic clock means nothing.
    return time.time_ns() // 1_000_000


_clients: dict[StoreSettings, Any] = {}
_shared_buckets: dict[tuple[StoreSettings, str, str], SharedBucket] = {}


def _redis_client(store: StoreSettings) -> Any:
    import redis

    client = _clients.get(store)
    if client is None:
        client = _clients[store] = redis.Redis(
            host=store.host,
            port=store.port,
            db=store.db,
            username=store.username,
            password=store.password,
            ssl=store.ssl,
            socket_timeout=2.0,
            socket_connect_timeout=2.0,
        )
    return client


def limiter_for(base_url: str, client_id: str, rate: float, store: StoreSettings | None) -> TokenBucket | SharedBucket:
    """The key's limiter: shared through ``store`` when one is configured, else this process's bucket."""
    local = shared_bucket(base_url, client_id, rate)
    if store is None:
        return local
    with _shared_lock:
        bucket = _shared_buckets.get((store, base_url, client_id))
        if bucket is None or bucket.rate != rate:
            key = hashlib.sha256(f"{base_url}\n{client_id}".encode()).hexdigest()[:24]
            bucket = SharedBucket(key, rate, _redis_client(store), store.where, local)
            _shared_buckets[(store, base_url, client_id)] = bucket
        return bucket
