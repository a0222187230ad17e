"""find_work for the hourly cycle: changes made in AP and PDF uploads that failed give a partner work
in the next hourly run instead of waiting for the daily sweep. Both warehouse dialects."""

from __future__ import annotations

import dataclasses
import itertools
import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from netsuite_ap_sync.orchestration import find_work as fw
from netsuite_ap_sync.orchestration.find_work import find_work
from netsuite_ap_sync.warehouse import sync_state, work
from tests.pipeline.outbound_support import ap_invoice_of, world_with_invoices
from tests.pipeline.test_find_work import _register

_runs = itertools.count(1)
HOURLY = "netsuite_hourly_sync"


def _find(cycle: str, **options) -> list[str]:
    return find_work(cycle, f"scheduled__hourly_{next(_runs)}", **options)


def _settled(world) -> None:
    """Hourly runs until find_work finds nothing: AP's answers to the run's own writes are read once."""
    for _ in range(3):
        if not _find("hourly"):
            return
        world.hourly()
    raise AssertionError("the hourly cycle still finds work after three runs with nothing changed")


def test_an_invoice_paid_in_AP_is_hourly_work_though_a_payments_run_mirrored_it_first(partner_world):
    world, (first, second) = world_with_invoices(partner_world, [100.0, 250.0])
    world.set_up_accounts()
    me = [world.partner_id]
    _settled(world)
    world.payments()
    assert _find("hourly") == [], "nothing changed"

    world.ap.clock.advance(2)
    world.ap_controls.pay_invoice(ap_invoice_of(world, first)["id"])
    world.payments()
    assert sync_state.get_watermark(world.engine, world.partner_id, "ap_invoice_mirror") is not None
    assert _find("hourly", dry_run=True) == me, "the payments run's mirror read hides nothing from the hourly"
    assert _find("hourly") == me, "a dry run remembers nothing"
    world.hourly()
    assert _find("hourly") == [], "what the hourly took is not new to it again"

    world.ap.clock.advance(2)
    world.ap_controls.edit_invoice(ap_invoice_of(world, second)["id"], memo="changed in AP")
    assert _find("hourly") == me, "an invoice changed in AP"


def test_a_partner_whose_AP_never_changed_stays_idle_in_the_hourly_run(partner_world):
    world, _ = world_with_invoices(partner_world, [80.0])
    world.set_up_accounts()
    _settled(world)
    world.ap.clock.advance(2)
    world.ap_controls.create_customer(name="Made in AP", email="ap@made.example.com")
    assert _find("hourly") == [world.partner_id], "a customer made in AP"
    world.hourly()
    assert _find("hourly") == []
    assert _find("payments") == [world.partner_id], "its first payments run: the cycles keep their own marks"


def _ledger_pdf(engine, partner_id: str, source_id: str, status: str, at: datetime, refused: bool = False) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO ledger (idempotency_key, partner_id, target_system, action, object_type, source_id, "
                "rules, payload_hash, status, refused, created_at, updated_at) VALUES (:key, :p, 'ap', 'attach_pdf', "
                "'invoice_pdf', :s, 'F8', 'h', :status, :refused, :at, :at)"
            ),
            {
                "key": f"{partner_id}-{source_id}",
                "p": partner_id,
                "s": source_id,
                "status": status,
                "refused": refused,
                "at": at,
            },
        )


def test_a_PDF_upload_that_failed_in_the_last_hourly_run_is_work_for_the_next(warehouse, monkeypatch):
    monkeypatch.setenv("AIRFLOW_CONN_WAREHOUSE_DEFAULT", json.dumps(warehouse.connection))
    failed, cut_short, refused, earlier = _register(warehouse.engine, 4)
    monkeypatch.setitem(fw.CYCLES, "hourly", dataclasses.replace(fw.CYCLES["hourly"], probe=lambda ctx, marks: None))
    start = datetime(2026, 6, 15, 12, tzinfo=UTC)
    assert len(_find("hourly", now=start)) == 4
    during = start + timedelta(minutes=1)
    _ledger_pdf(warehouse.engine, failed, "101", "failed", during)
    _ledger_pdf(warehouse.engine, cut_short, "102", "pending", during)
    _ledger_pdf(warehouse.engine, refused, "103", "failed", during, refused=True)
    _ledger_pdf(warehouse.engine, earlier, "104", "failed", start - timedelta(minutes=1))
    assert work.failed_pdfs(warehouse.engine, HOURLY) == {failed: 1, cut_short: 1}
    assert _find("hourly", now=start + timedelta(hours=1)) == [failed, cut_short], (
        "failed or cut short: retried; refused: not sent again; failed before the last run took it: "
        "that run tried it already"
    )
    assert _find("hourly", now=start + timedelta(hours=2)) == [], "the retry found nothing failed"
