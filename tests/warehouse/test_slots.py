"""Per-partner NetSuite request slots, shared by every task, never above the limit."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import text

from netsuite_ap_sync.warehouse import partners, slots


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


def test_gates_of_several_processes_never_exceed_the_limit(acme):
    """Two gates on one partner stand for two worker processes: together they hold at most ``limit``."""
    gates = [slots.PartnerSlots(acme, "acme", limit=3, wait_seconds=30) for _ in range(2)]
    in_flight, peak, lock = [0], [0], threading.Lock()

    def request(n: int):
        with gates[n % 2].slot():
            with lock:
                in_flight[0] += 1
                peak[0] = max(peak[0], in_flight[0])
            time.sleep(0.02)
            with lock:
                in_flight[0] -= 1

    threads = [threading.Thread(target=request, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert 1 <= peak[0] <= 3
    assert max(gate.peak_in_flight for gate in gates) <= 3
    with acme.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM partner_slot")).scalar_one() == 0


def test_waiting_gives_up_with_a_clear_error(acme):
    slots.try_take(acme, "acme", limit=1, want=1, holder="busy")
    gate = slots.PartnerSlots(acme, "acme", 1, wait_seconds=0.2)
    with pytest.raises(slots.NoSlotFree, match="acme"), gate.slot():
        pass


def test_every_netsuite_request_holds_a_slot_server_time_and_link_check_too(acme, netsuite_sandbox, monkeypatch):
    """The gate is the hook's transport's: no request reaches NetSuite without a slot."""
    import json

    from netsuite_hook.hook import NetSuiteHook

    monkeypatch.setenv("AIRFLOW_CONN_NS_SLOTS", json.dumps(netsuite_sandbox.connection()))
    gate = slots.PartnerSlots(acme, "acme", limit=1, wait_seconds=0.3)
    hook = NetSuiteHook("ns_slots", gate=gate)
    assert hook.server_time()
    slots.try_take(acme, "acme", limit=1, want=1, holder="another-worker")
    with pytest.raises(slots.NoSlotFree):
        hook.server_time()
    with pytest.raises(slots.NoSlotFree):
        hook.check_link()
    slots.release(acme, "another-worker")
    assert hook.check_link().ok


def test_two_processes_gates_keep_the_account_within_its_concurrency(acme, make_netsuite_sandbox, monkeypatch):
    """Counted by the sandbox: the account never sees more requests in flight than its limit."""
    import json
    from concurrent.futures import ThreadPoolExecutor

    from netsuite_hook.hook import NetSuiteHook

    running = make_netsuite_sandbox(concurrency_limit=2, latency_seconds=0.05)
    monkeypatch.setenv("AIRFLOW_CONN_NS_TWO", json.dumps(running.connection()))
    hooks = [NetSuiteHook("ns_two", gate=slots.PartnerSlots(acme, "acme", limit=2)) for _ in range(2)]
    for hook in hooks:
        hook.server_time()  # tokens first
    running.sandbox.stats.reset()
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda n: hooks[n % 2].server_time(), range(24)))
    stats = running.sandbox.stats_snapshot()
    assert stats["requests"]["system"] == 24
    assert stats["peak_in_flight"] <= 2
    assert stats["throttled_total"] == 0
