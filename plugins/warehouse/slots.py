"""Per-partner NetSuite concurrency, shared by every task on every worker.

NetSuite allows an account a fixed number of requests in flight. Tasks of
several DAGs may call the same account at once, so each takes numbered slots
(rows in ``partner_slot``) before calling and gives them back after. Slots are
leases: a task killed mid-call loses them when the lease expires, and a live
holder renews them from a background thread.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import Engine

from warehouse.clock import utcnow
from warehouse.sql import load_sql

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


@contextmanager
def partner_slots(engine: Engine, partner_id: str, limit: int, want: int, wait_seconds: float = 900.0) -> Iterator[int]:
    """Hold between 1 and ``want`` slots for the block; yields how many were granted."""
    holder = f"{partner_id}:{uuid.uuid4().hex}"
    deadline = time.monotonic() + wait_seconds
    delay = 0.05
    while not (granted := try_take(engine, partner_id, limit, min(want, limit), holder)):
        if time.monotonic() > deadline:
            raise NoSlotFree(f"no NetSuite request slot of partner {partner_id!r} came free in {wait_seconds:.0f}s")
        time.sleep(delay)
        delay = min(delay * 2, 2.0)
    stop = threading.Event()
    keeper = threading.Thread(target=_keep_alive, args=(engine, holder, stop), daemon=True)
    keeper.start()
    try:
        yield len(granted)
    finally:
        stop.set()
        keeper.join(5)
        release(engine, holder)


def _keep_alive(engine: Engine, holder: str, stop: threading.Event) -> None:
    while not stop.wait(LEASE.total_seconds() / 3):
        renew(engine, holder)
