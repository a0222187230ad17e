"""I1/I2 across a crash between the NetSuite call and the ledger update: the
re-run posts nothing twice (PUT eid: upsert plus the ledger). The customer
payment case kills a real task process (SIGKILL) while NetSuite's answer is on
its way; the deposit case stops the cycle in-process at the same point."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from netsuite_ap_sync.warehouse import ledger, slots
from tests.pipeline.outbound_support import (
    ap_created_invoice,
    ap_invoice_of,
    assert_audit_clean,
    by_external_id,
    ledger_rows,
    money,
    ns_invoice,
    world_with_invoices,
)

ROOT = Path(__file__).resolve().parents[2]
# The five-minute cycle for one partner, as the task process runs it.
CYCLE = (
    "import sys\n"
    "from netsuite_ap_sync.engine.context import context_for\n"
    "from netsuite_ap_sync.orchestration.run_steps import run_in_order\n"
    "run_in_order(context_for(sys.argv[1], sys.argv[2], 'netsuite_payments_sync'), 'payments')\n"
)
WAIT_SECONDS = 120


class StallAfterWrite:
    """Wraps the NetSuite sandbox's upsert: the record is written, then the answer is held back."""

    def __init__(self, service, record_type: str) -> None:
        self.original = service.upsert
        self.record_type = record_type
        self.received = threading.Event()
        self.release = threading.Event()

    def __call__(self, record_type: str, key: str, body, strict: bool):
        answer = self.original(record_type, key, body, strict)
        if record_type == self.record_type:
            self.received.set()
            self.release.wait(WAIT_SECONDS)
        return answer


def _cycle_process(world) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])}
    return subprocess.Popen(
        [sys.executable, "-c", CYCLE, world.partner_id, f"killed-{time.monotonic_ns()}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _kill_after_netsuite_write(world, monkeypatch, record_type: str) -> None:
    """Run a cycle in a child process and SIGKILL it while NetSuite's answer to the PUT is on its way."""
    stall = StallAfterWrite(world.netsuite.records_service, record_type)
    monkeypatch.setattr(world.netsuite.records_service, "upsert", stall)
    child = _cycle_process(world)
    try:
        if not stall.received.wait(WAIT_SECONDS):
            child.kill()
            pytest.fail(f"the cycle never sent the {record_type}: {child.communicate()[1].decode()[-2000:]}")
        child.send_signal(signal.SIGKILL)
        assert child.wait(WAIT_SECONDS) == -signal.SIGKILL
    finally:
        stall.release.set()
        monkeypatch.setattr(world.netsuite.records_service, "upsert", stall.original)
        if child.poll() is None:
            child.kill()
    # The killed task's NetSuite slots come free when their lease runs out.
    later = slots.utcnow() + slots.LEASE + timedelta(seconds=1)
    monkeypatch.setattr(slots, "utcnow", lambda: later)


def test_I1_cycle_killed_after_netsuite_took_the_customer_payment_reruns_without_duplicate(partner_world, monkeypatch):
    world, (invoice_id,) = world_with_invoices(partner_world, [240.0])
    world.set_up_accounts()
    payment = world.ap_controls.pay_invoice(ap_invoice_of(world, invoice_id)["id"], amount=Decimal("90.00"))

    _kill_after_netsuite_write(world, monkeypatch, "customerpayment")

    [taken] = by_external_id(world, "payments")[f"apay-{payment['id']}"]
    [entry] = ledger_rows(world, "payment")
    assert (entry["status"], entry["attempts"], entry["remote_id"]) == ("pending", 1, None), "killed before the ledger"

    cycle = world.payments()
    assert cycle["payments"]["posted"] == 1
    [again] = by_external_id(world, "payments")[f"apay-{payment['id']}"]
    assert (again["id"], again["apply"]) == (taken["id"], taken["apply"]), "the same record, upserted by external id"
    [entry] = ledger_rows(world, "payment")
    assert (entry["status"], entry["attempts"], entry["remote_id"]) == ("posted", 2, str(taken["id"]))
    assert money(ns_invoice(world, invoice_id)["foreignamountunpaid"]) == Decimal("150.00"), "applied once"

    assert world.payments()["payments"]["posted"] == 0
    assert len(by_external_id(world, "payments")[f"apay-{payment['id']}"]) == 1
    assert_audit_clean(world)


class Killed(BaseException):
    """Stands for the task process dying: nothing after it runs, no handler catches it."""


def test_I2_S7_cycle_dying_after_netsuite_took_the_payout_deposit_reruns_without_duplicate(partner_world, monkeypatch):
    world, (first_id, second_id) = world_with_invoices(partner_world, [70.0, 30.0])
    world.set_up_accounts()
    ap = world.ap_controls
    for invoice_id in (first_id, second_id):
        ap.pay_invoice(ap_invoice_of(world, invoice_id)["id"])
    s7 = ap.pay_invoice(ap_created_invoice(world, Decimal("15.00"), "AP-9001")["id"])
    world.payments()
    payout = ap.create_payout(fee_percent=Decimal("2.0"), fee_fixed=Decimal("0.25"))

    def die_before_the_ledger(engine, key, remote_id):
        raise Killed(key)

    with monkeypatch.context() as patched, pytest.raises(Killed):
        patched.setattr(ledger, "mark_posted", die_before_the_ledger)
        world.payments()

    [taken] = by_external_id(world, "deposits")[f"apo-{payout['id']}"]
    [entry] = ledger_rows(world, "payout")
    assert (entry["status"], entry["attempts"], entry["remote_id"]) == ("pending", 1, None)
    [line] = [r for r in ledger_rows(world, "payment") if r["source_id"] == s7["id"]]
    assert (line["action"], line["status"], line["remote_id"]) == ("deposit_line", "posted", str(taken["id"]))

    assert world.payments()["payouts"]["posted"] == 1
    [deposit] = by_external_id(world, "deposits")[f"apo-{payout['id']}"]
    assert deposit["id"] == taken["id"] and money(deposit["foreigntotal"]) == money(payout["total"])
    assert sorted(deposit["payments"]) == sorted(taken["payments"]) and len(deposit["cashback"]) == 2
    assert [money(o["amount"]) for o in deposit["other"]] == [Decimal("15.00")], "its S7 payment, once"
    [entry] = ledger_rows(world, "payout")
    assert (entry["status"], entry["attempts"], entry["remote_id"]) == ("posted", 2, str(taken["id"]))
    world.payments()
    assert [r["action"] for r in ledger_rows(world, "payment") if r["source_id"] == s7["id"]] == ["deposit_line"]
    assert_audit_clean(world)
