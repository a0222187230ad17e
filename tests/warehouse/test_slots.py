"""Per-partner NetSuite request slots, shared by every task, never above the limit."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import text

from warehouse import partners, slots


@pytest.fixture
def acme(warehouse):
    partners.register(warehouse.engine, "acme", "Acme", "ns", "ap", concurrency=5)
    return warehouse.engine


def test_holders_share_the_limit(acme):
    first = slots.try_take(acme, "acme", limit=5, want=3, holder="a")
    second = slots.try_take(acme, "acme", limit=5, want=3, holder="b")
    assert len(first) == 3 and len(second) == 2 and not set(first) & set(second)
    assert slots.try_take(acme, "acme", limit=5, want=1, holder="c") == []
    slots.release(acme, "a")
    assert len(slots.try_take(acme, "acme", limit=5, want=3, holder="c")) == 3


def test_expired_lease_of_a_killed_task_is_taken_over(acme):
    slots.try_take(acme, "acme", limit=2, want=2, holder="killed")
    with acme.begin() as conn:
        conn.execute(text("UPDATE partner_slot SET expires_at = :t"), {"t": slots.utcnow() - timedelta(seconds=1)})
    assert len(slots.try_take(acme, "acme", limit=2, want=2, holder="next")) == 2


def test_concurrent_tasks_never_exceed_the_limit(acme):
    in_flight, peak, lock = [0], [0], threading.Lock()

    def task():
        with slots.partner_slots(acme, "acme", limit=3, want=2, wait_seconds=30) as granted:
            with lock:
                in_flight[0] += granted
                peak[0] = max(peak[0], in_flight[0])
            time.sleep(0.05)
            with lock:
                in_flight[0] -= granted

    threads = [threading.Thread(target=task) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert 1 <= peak[0] <= 3
    with acme.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM partner_slot")).scalar_one() == 0


def test_waiting_gives_up_with_a_clear_error(acme):
    slots.try_take(acme, "acme", limit=1, want=1, holder="busy")
    with pytest.raises(slots.NoSlotFree, match="acme"), slots.partner_slots(acme, "acme", 1, 1, wait_seconds=0.2):
        pass
