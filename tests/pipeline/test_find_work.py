"""find_work, the first task of each scheduled run: only partners with work get task groups,
longest-waiting first, never more than a run may map; and a payments backlog posts in
bounded slices (I5: the watermark moves only over what is done). Both warehouse dialects."""

from __future__ import annotations

import dataclasses
import itertools
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from netsuite_ap_sync.orchestration import find_work as fw
from netsuite_ap_sync.orchestration.find_work import Settings, find_work
from netsuite_ap_sync.warehouse import partners, sync_state
from netsuite_ap_sync.warehouse.sql import load_sql
from tests.pipeline.outbound_support import (
    ap_invoice_of,
    assert_audit_clean,
    by_external_id,
    later,
    world_with_invoices,
)

_runs = itertools.count(1)


def _find(cycle: str, **options) -> list[str]:
    return find_work(cycle, f"scheduled__{next(_runs)}", **options)


def test_an_idle_partner_gets_no_task_until_AP_or_NetSuite_gives_it_work(partner_world):
    world, (first_id, second_id) = world_with_invoices(partner_world, [100.0, 250.0])
    world.set_up_accounts()
    me = [world.partner_id]
    assert _find("payments") == me, "its first scheduled run"
    world.payments()
    assert _find("payments") == [], "nothing changed: no task"

    payment = world.ap_controls.pay_invoice(ap_invoice_of(world, first_id)["id"])
    assert _find("payments") == me, "F3: an AP payment is work"
    assert world.payments()["payments"]["posted"] == 1
    assert _find("payments") == []

    posted = by_external_id(world, "payments")[f"apay-{payment['id']}"][0]
    later(world)
    world.ns_controls.delete("customerpayment", posted["id"])
    assert _find("payments") == me, "F7: a deleted customer payment is work"
    assert world.payments()["deleted_payments"]["ours"] == 1
    assert _find("payments") == []

    assert _find("hourly") == me, "its first scheduled hourly run"
    world.hourly()
    assert _find("hourly") == []
    later(world)
    world.ns_controls.edit_invoice(second_id, duedate="2027-03-31")
    assert _find("hourly") == me, "S5: a NetSuite edit is work"
    assert _find("hourly", dry_run=True) == me, "a dry run marks nothing"
    world.hourly()
    assert _find("hourly") == []
    assert_audit_clean(world)


def test_C4_a_partner_waiting_to_reconnect_gets_its_link_check_in_find_work(partner_world):
    world, _ = world_with_invoices(partner_world, [80.0])
    partners.set_status(world.engine, world.partner_id, "reconnect_required", "grant revoked")
    assert _find("payments") == [world.partner_id], "the link works again: back to syncing"
    assert world.partner().status == "connected"
    world.netsuite.update_settings(features={"rest_web_services": False})
    partners.set_status(world.engine, world.partner_id, "reconnect_required", "grant revoked")
    assert _find("payments") == [], "still down: no task, the status stays"
    assert world.partner().status == "reconnect_required"


def test_a_partner_named_in_the_run_is_taken_whatever_the_probes_say(partner_world):
    world, _ = world_with_invoices(partner_world, [80.0])
    world.set_up_accounts()
    world.payments()
    assert _find("payments", only=world.partner_id) == [world.partner_id]


def _register(engine, count: int) -> list[str]:
    """``count`` connected partners, registered in one statement."""
    now = datetime(2026, 6, 15, tzinfo=UTC)
    ids = [f"p{n:05d}" for n in range(count)]
    rows = [
        {
            "partner_id": p,
            "name": p,
            "netsuite_conn_id": f"ns_{p}",
            "ap_conn_id": f"ap_{p}",
            "netsuite_concurrency": 5,
            "now": now,
        }
        for p in ids
    ]
    with engine.begin() as conn:
        conn.execute(load_sql("partners/register.sql"), rows)
        conn.execute(text("UPDATE partner SET status = 'connected', initial_phase = 'done'"))
    return ids


def test_5000_partners_with_work_are_taken_longest_waiting_first_within_the_map_limit(warehouse, monkeypatch):
    monkeypatch.setenv("AIRFLOW_CONN_WAREHOUSE_DEFAULT", json.dumps(warehouse.connection))
    ids = _register(warehouse.engine, 5000)
    busy: set[str] = set(ids)
    probed: list[str] = []

    def probe(ctx, marks):
        probed.append(ctx.partner_id)
        return "AP payments changed" if ctx.partner_id in busy else None

    monkeypatch.setitem(fw.CYCLES, "payments", dataclasses.replace(fw.CYCLES["payments"], probe=probe))
    settings = Settings(max_partners=1000)
    start = datetime(2026, 6, 15, 12, tzinfo=UTC)
    taken: list[str] = []
    for n in range(5):
        run = _find("payments", settings=settings, now=start + timedelta(minutes=5 * n))
        assert len(run) == 1000 < fw.MAX_MAP_LENGTH
        if n == 0:
            assert probed == [], "a partner never taken needs no request"
        taken += run
    assert sorted(taken) == ids, "every partner once, never-taken first"
    probed.clear()

    busy = {"p04999", "p00000", "p02500"}
    later_run = _find("payments", settings=settings, now=start + timedelta(minutes=30))
    assert later_run == ["p00000", "p02500", "p04999"], "only those with work, longest-waiting first"
    assert len(probed) == 5000, "one probe per partner that looks idle"

    busy = set(ids)
    fair = _find("payments", settings=Settings(max_partners=3), now=start + timedelta(minutes=35))
    assert fair == ["p00001", "p00002", "p00003"], "taken longest ago go first"


def test_probes_run_in_slices_each_reading_only_its_partners_and_a_lost_slice_takes_its_partners(
    warehouse, monkeypatch
):
    """The DAG's shape: plan_probes slices the idle-looking partners, one probe task per slice
    (below max_map_length even for 5,000 partners), then find_work chooses from their answers."""
    monkeypatch.setenv("AIRFLOW_CONN_WAREHOUSE_DEFAULT", json.dumps(warehouse.connection))
    ids = _register(warehouse.engine, 5000)
    start = datetime(2026, 6, 15, 12, tzinfo=UTC)
    assert fw.plan_probes("payments", now=start) == [], "never taken: work the warehouse shows, no probe"
    fw.work.mark_taken(warehouse.engine, "netsuite_payments_sync", ids, "r", start)
    probed: list[str] = []

    def probe(ctx, marks):
        probed.append(ctx.partner_id)
        assert set(marks) == set(fw.CYCLES["payments"].watermarks)
        return "AP payments changed" if ctx.partner_id in {"p00007", "p04321"} else None

    monkeypatch.setitem(fw.CYCLES, "payments", dataclasses.replace(fw.CYCLES["payments"], probe=probe))
    later_on = start + timedelta(minutes=5)
    slices = fw.plan_probes("payments", settings=Settings(probe_slice=20), now=later_on)
    assert [len(s) for s in slices] == [20] * 250 and sorted(p for s in slices for p in s) == ids
    wide = fw.plan_probes("payments", settings=Settings(probe_slice=1), now=later_on)
    assert len(wide) < fw.MAX_MAP_LENGTH and sorted(p for s in wide for p in s) == ids

    answers = [fw.probe_partners("payments", part, "run-1") for part in slices[:3]]
    assert sorted(probed) == sorted(slices[0] + slices[1] + slices[2]), "each slice probes its own partners"
    assert answers[0]["p00007"] == "AP payments changed" and answers[0]["p00008"] is None
    # The probe task of the other slices failed for good: their partners are taken, their tasks report it.
    probed_run = fw.Probed.from_tasks(slices, answers)
    chosen = _find("payments", now=later_on + timedelta(minutes=1), probed=probed_run)
    assert "p00007" in chosen and "p00008" not in chosen
    assert len(chosen) == Settings().max_partners, "the rest of the lost slices' partners wait for the next run"
    assert set(chosen) <= {"p00007", *(p for s in slices[3:] for p in s)}
    assert len(probed) == 60, "find_work itself probes nothing when the probe tasks answered"


def test_open_and_quarantined_records_and_the_sweep_need_no_request(warehouse, monkeypatch):
    monkeypatch.setenv("AIRFLOW_CONN_WAREHOUSE_DEFAULT", json.dumps(warehouse.connection))
    quiet, held, stuck, old = _register(warehouse.engine, 4)
    monkeypatch.setitem(
        fw.CYCLES, "payments", dataclasses.replace(fw.CYCLES["payments"], probe=lambda ctx, marks: None)
    )
    start = datetime(2026, 6, 15, 12, tzinfo=UTC)
    assert len(_find("payments", now=start)) == 4
    with warehouse.engine.begin() as conn:
        for partner_id, outcome in ((held, "held"), (stuck, "quarantined")):
            conn.execute(
                text(
                    "INSERT INTO stg_ap_payment (partner_id, source_id, source_modified, run_id, raw_json, outcome, "
                    "staged_at) VALUES (:p, 'pay_1', '2026-06-15T11:00:00Z', 'r', '{}', :o, :t)"
                ),
                {"p": partner_id, "o": outcome, "t": start},
            )
    sync_state.advance_watermark(warehouse.engine, old, "taken:netsuite_payments_sync", "0", "r")
    assert _find("payments", now=start + timedelta(minutes=5)) == [held]
    assert _find("payments", now=start + timedelta(minutes=65)) == [stuck, held], "quarantines retried hourly"
    day = start + timedelta(hours=24, minutes=1)
    assert _find("payments", now=day) == [quiet, old, held, stuck], "the daily sweep takes every partner"


@pytest.mark.parametrize("limit", [0, 1024, 5000])
def test_a_run_may_not_map_more_partners_than_airflow_allows(monkeypatch, limit):
    monkeypatch.setenv("SYNC_MAX_PARTNERS_PER_RUN", str(limit))
    with pytest.raises(ValueError, match="SYNC_MAX_PARTNERS_PER_RUN is"):
        Settings.from_env()


# --- A backlog in slices --------------------------------------------------------------------


def _watermark(world) -> str | None:
    return sync_state.get_watermark(world.engine, world.partner_id, "ap_payment")


def _backlog(partner_world, monkeypatch, payments: int, per_run: int):
    """A partner whose customers paid ``payments`` invoices, a second apart; at most ``per_run`` a run."""
    world, ns_ids = world_with_invoices(partner_world, [10.0 + n for n in range(payments)])
    world.set_up_accounts()
    monkeypatch.setenv("SYNC_PAYMENTS_PER_RUN", str(per_run))
    made = []
    for ns_id in ns_ids:
        made.append(world.ap_controls.pay_invoice(ap_invoice_of(world, ns_id)["id"]))
        world.ap.clock.advance(2)
    return world, made, sorted(p["updated_at"] for p in made)


def test_I5_a_payment_backlog_posts_in_slices_and_the_watermark_moves_only_over_what_is_done(
    partner_world, monkeypatch
):
    world, payments, stamps = _backlog(partner_world, monkeypatch, payments=7, per_run=3)

    posted = [world.payments()["payments"]["posted"] for _ in range(4)]
    assert posted == [3, 3, 1, 0]
    assert _watermark(world) == stamps[-1]
    found = by_external_id(world, "payments")
    assert all(len(found[f"apay-{p['id']}"]) == 1 for p in payments), "I1: each payment exactly once"
    assert_audit_clean(world)


def test_I5_a_slice_leaves_the_rest_open_and_the_partner_has_work(partner_world, monkeypatch):
    world, _, stamps = _backlog(partner_world, monkeypatch, payments=4, per_run=2)
    _find("payments")
    assert world.payments()["payments"]["posted"] == 2
    assert _watermark(world) == stamps[1], "the watermark stops before the first payment left for later"
    assert _find("payments") == [world.partner_id], "the rest is work for the next run"
