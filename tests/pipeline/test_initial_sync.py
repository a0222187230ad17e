"""C2 end to end: the initial sync reads the last 12 months, then older history,
shows its phase and progress while pending, and survives being killed mid-way
without posting anything twice. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from netsuite_ap_sync.flows import initial_sync as init
from tests.pipeline.inbound_support import ledger_rows

ROOT = Path(__file__).resolve().parents[2]


def _partner(world) -> tuple[str, str, int, int]:
    p = world.partner()
    return p.status, p.initial_phase, p.progress_done, p.progress_left


def _ap_progress(world) -> dict:
    integration = world.ap_state()["integrations"]["netsuite"]
    return {"status": integration["status"], **integration["progress"]}


def _created_order(world) -> dict[str, int]:
    """Position of each NetSuite invoice id in the order AP created them."""
    invoices = sorted(world.ap_state()["invoices"], key=lambda i: (i["created_at"], i["id"]))
    return {i["external_id"]: n for n, i in enumerate(invoices) if i["external_id"]}


def test_C2_phases_status_and_progress_move_chunk_by_chunk(partner_world, monkeypatch):
    monkeypatch.setattr(init, "CHUNK_ROWS", 15)  # several chunks per phase on a small data set
    world = partner_world(customers=10, invoices=75, years=3)
    ctx = world.ctx("netsuite_initial_sync")
    assert _partner(world)[:2] == ("pending", "not_started")

    init.check_link(ctx)
    planned = init.begin(ctx)
    total = sum(planned["expected"].values())
    boundary = planned["boundary"]
    assert planned["expected"]["last_12_months"] and planned["expected"]["history"]
    assert _partner(world) == ("pending", "last_12_months", 0, total)
    assert _ap_progress(world) == {
        "status": "pending",
        "phase": "last_12_months",
        "records_done": 0,
        "records_left": total,
    }
    init.sync_customers_first(ctx)

    read = 0
    for phase in init.PHASES:
        steps = init.start_phase(ctx, phase)
        flags = [c["unpaid"] for c in init.chunks(ctx, phase)]
        assert [a["chunk_no"] for a in steps] == sorted(a["chunk_no"] for a in steps)
        assert flags == sorted(flags, reverse=True), "unpaid chunks come first"
        assert len(flags) > 2
        for step in steps:
            left_before = world.partner().progress_left
            result = init.run_chunk(ctx, **step)
            read += result["extracted"]
            status, current, done, left = _partner(world)
            assert (status, current, done) == ("pending", phase, read)
            assert left == max(total - read, 0) and (left < left_before or result["extracted"] == 0)
        init.finish_phase(ctx, phase)
        if phase == "last_12_months":
            assert world.partner().twelve_months_done and _partner(world)[:2] == ("pending", "history")
            assert _ap_progress(world)["phase"] == "history"

    ns_invoices = world.ns_records("invoices")["invoices"]
    assert _partner(world) == ("connected", "done", len(ns_invoices), 0)
    assert read == total == len(ns_invoices)
    assert _ap_progress(world) == {
        "status": "connected",
        "phase": "done",
        "records_done": len(ns_invoices),
        "records_left": 0,
    }

    # Within each phase every unpaid invoice reached AP before any paid one, and the
    # last 12 months before all older history.
    order = _created_order(world)

    def positions(recent: bool, unpaid: bool) -> list[int]:
        return [
            order[str(i["id"])]
            for i in ns_invoices
            if str(i["id"]) in order
            and (i["trandate"][:10] >= boundary) == recent
            and (i["foreignamountunpaid"] > 0) == unpaid
        ]

    recent_unpaid, recent_paid = positions(True, True), positions(True, False)
    old_unpaid, old_paid = positions(False, True), positions(False, False)
    assert all(group for group in (recent_unpaid, recent_paid, old_unpaid, old_paid))
    assert max(recent_unpaid) < min(recent_paid) < max(recent_paid) < min(old_unpaid)
    assert max(old_unpaid) < min(old_paid)
    assert world.audit()["violations"] == []


_KILLABLE_RUN = """
import sys
from netsuite_ap_sync.engine.context import context_for
from netsuite_ap_sync.orchestration.run_steps import run_in_order

run_in_order(context_for(sys.argv[1], "initial-killed", "netsuite_initial_sync"), "initial")
print("finished")
"""


# Killed by itself once the ledger holds the 8th invoice created, before the mirror learns of it.
_RUN_KILLED_BEFORE_THE_MIRROR = """
import itertools, os, signal, sys
from netsuite_ap_sync.posters import ap as post_ap
from netsuite_ap_sync.engine.context import context_for
from netsuite_ap_sync.orchestration.run_steps import run_in_order

created = itertools.count(1)
after_posted = post_ap.ApPoster.after_posted

def killed_before_mirroring(self, ctx, m, remote_id):
    if m.action == "create_invoice" and next(created) == 8:
        os.kill(os.getpid(), signal.SIGKILL)
    after_posted(self, ctx, m, remote_id)

post_ap.ApPoster.after_posted = killed_before_mirroring
run_in_order(context_for(sys.argv[1], "initial-killed", "netsuite_initial_sync"), "initial")
print("finished")
"""


def _start_killable_run(partner_id: str, script: str = _KILLABLE_RUN) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(ROOT / p) for p in (".", "plugins", "dags"))}
    return subprocess.Popen(
        [sys.executable, "-c", script, partner_id],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _wait_for_posted_invoices(world, process: subprocess.Popen, at_least: int, timeout: float = 300.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        posted = [r for r in ledger_rows(world) if r["action"] == "create_invoice" and r["status"] == "posted"]
        if len(posted) >= at_least:
            return len(posted)
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace")[-3000:]
            pytest.fail(f"the initial sync ended before it could be killed:\n{output}")
        time.sleep(0.05)
    pytest.fail("the initial sync posted nothing in time")


def _in_ap(state: dict, row: dict) -> bool:
    customers = {c["external_id"] for c in state["customers"]}
    invoices = {i["external_id"]: i for i in state["invoices"]}
    invoice = invoices.get(row["source_id"]) or {}
    return {
        "create_customer": row["source_id"] in customers,
        "create_invoice": bool(invoice),
        "mark_invoice_paid": invoice.get("status") == "paid",
        "attach_pdf": bool(invoice.get("pdf")),
    }.get(row["action"], False)


def _resume(world) -> None:
    """Airflow retries what was left: pending chunks of each phase, then the phase's finish."""
    ctx = world.ctx("netsuite_initial_sync")
    for phase in init.PHASES:
        for step in init.start_phase(ctx, phase):
            init.run_chunk(ctx, **step)
        init.finish_phase(ctx, phase)


def test_C2_initial_sync_killed_mid_way_resumes_without_posting_twice(partner_world):
    world = partner_world(customers=10, invoices=100, years=3, ap_rate_limit=40)
    process = _start_killable_run(world.partner_id)
    try:
        _wait_for_posted_invoices(world, process, at_least=8)
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
    killed = world.partner()
    assert (killed.status, killed.initial_phase) in {("pending", "last_12_months"), ("pending", "history")}
    posted_before = {r["idempotency_key"] for r in ledger_rows(world) if r["status"] == "posted"}

    _resume(world)

    ns_invoices = world.ns_records("invoices")["invoices"]
    assert _partner(world) == ("connected", "done", len(ns_invoices), 0)
    rows = ledger_rows(world)
    assert {r["status"] for r in rows} <= {"posted", "pending"}
    state = world.ap_state()
    for row in rows:
        if row["status"] == "pending":
            # Cut off by the kill, and not planned again since AP already shows its effect.
            assert _in_ap(state, row), row
    assert posted_before <= {r["idempotency_key"] for r in rows}
    keys = Counter(r["idempotency_key"] for r in rows)
    assert max(keys.values()) == 1
    for kind in ("invoices", "customers"):
        external = Counter(r["external_id"] for r in state[kind] if r["external_id"])
        assert external and max(external.values()) == 1, f"an AP {kind[:-1]} was created twice"
    assert world.audit()["violations"] == [], "I3: every open USD invoice has its twin in AP"

    # A second, complete initial sync (a re-connect) finds everything done.
    world.initial_sync()
    after = ledger_rows(world)
    known = {r["idempotency_key"] for r in rows}
    assert len(after) == len(rows), [r for r in after if r["idempotency_key"] not in known]
    assert _partner(world)[:2] == ("connected", "done")


def test_C2_F8_killed_between_ledger_and_mirror_the_resume_still_attaches_every_pdf(partner_world):
    """An invoice whose creation the ledger recorded just before the kill, but the mirror
    never learned of: the resume must still know it is in AP and attach its PDF there,
    rather than leave that to a later reading of AP (a re-connect then posts it)."""
    world = partner_world(customers=10, invoices=60, years=3)
    process = _start_killable_run(world.partner_id, _RUN_KILLED_BEFORE_THE_MIRROR)
    output = process.communicate(timeout=120)[0].decode(errors="replace")
    assert process.returncode == -signal.SIGKILL, output[-3000:]

    _resume(world)

    state = world.ap_state()
    assert state["invoices"] and [i["external_id"] for i in state["invoices"] if not i["pdf"]] == []
    rows = ledger_rows(world)
    world.initial_sync()
    known = {r["idempotency_key"] for r in rows}
    assert [r for r in ledger_rows(world) if r["idempotency_key"] not in known] == []
