"""Per-partner NetSuite concurrency, shared by every task on every worker.

NetSuite allows an account a fixed number of requests in flight. Tasks of
several DAGs may call the same account at once, so every request takes one
numbered slot (a row in ``partner_slot``) for as long as it is in flight and
gives it back after: ``PartnerSlots`` is the NetSuite transport's gate. Slots
are leases: a task killed mid-call loses them when the lease expires, and a
live holder renews them from a background thread.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse.clock import utcnow
from netsuite_ap_sync.warehouse.sql import load_sql

LEASE = timedelta(seconds=60)


class NoSlotFree(TimeoutError):
    pass


def try_take(engine: Engine, partner_id: str, limit: int, want: int, holder: str) -> list[int]:
    """Take up to ``want`` of the partner's ``limit`` slots; return the slot numbers held."""
    now = utcnow()
    with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn, conn.begin():
        for slot in range(limit):
            held = conn.execute(
                load_sql("slots/held.sql"), {"partner_id": partner_id, "holder": holder, "now": now}
            ).all()
            if len(held) >= want:
                break
            conn.execute(
                load_sql("slots/take.sql"),
                {"partner_id": partner_id, "slot": slot, "holder": holder, "expires_at": now + LEASE, "now": now},
            )
        held = conn.execute(load_sql("slots/held.sql"), {"partner_id": partner_id, "holder": holder, "now": now}).all()
    return sorted(row[0] for row in held)


def release(engine: Engine, holder: str) -> None:
    with engine.begin() as conn:
        conn.execute(load_sql("slots/release.sql"), {"holder": holder})


def renew(engine: Engine, holder: str) -> None:
    with engine.begin() as conn:
        conn.execute(load_sql("slots/renew.sql"), {"holder": holder, "expires_at": utcnow() + LEASE})


class PartnerSlots:
    """The NetSuite transport's gate for one partner: each request holds one of the partner's
    ``limit`` slots while it is in flight, whichever process or worker sends it.

    Within the process a semaphore of ``limit`` queues requests first, so only those that
    can run ask the warehouse; across processes a request waits for a lease to come free.
    One keeper thread renews the leases of every request in flight (a request may take
    longer than a lease: a slow SuiteQL page).
    """

    def __init__(self, engine: Engine, partner_id: str, limit: int, wait_seconds: float = 900.0) -> None:
        from netsuite_hook.concurrency import AccountGate

        self.engine = engine
        self.partner_id = partner_id
        self.limit = limit
        self.wait_seconds = wait_seconds
        self._local = AccountGate(limit)
        self._held: set[str] = set()
        self._lock = threading.Lock()
        self._keeper: threading.Thread | None = None

    @property
    def peak_in_flight(self) -> int:
        return self._local.peak_in_flight

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self._local.slot():
            holder = self._take()
            try:
                yield
            finally:
                with self._lock:
                    self._held.discard(holder)
                release(self.engine, holder)

    def _take(self) -> str:
        holder = f"{self.partner_id}:{uuid.uuid4().hex}"
        deadline = time.monotonic() + self.wait_seconds
        delay = 0.01
        while not try_take(self.engine, self.partner_id, self.limit, 1, holder):
            if time.monotonic() > deadline:
                raise NoSlotFree(
                    f"no NetSuite request slot of partner {self.partner_id!r} came free in {self.wait_seconds:.0f}s"
                )
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
        with self._lock:
            self._held.add(holder)
            if self._keeper is None or not self._keeper.is_alive():
                self._keeper = threading.Thread(target=self._keep_alive, name="partner-slots", daemon=True)
                self._keeper.start()
        return holder

    def _keep_alive(self) -> None:
        while True:
            time.sleep(LEASE.total_seconds() / 3)
            with self._lock:
                held = list(self._held)
                if not held:
                    self._keeper = None
                    return
            for holder in held:
                renew(self.engine, holder)
