"""I4, I5 and quarantine end to end on the NetSuite -> AP side: every record read
gets an outcome, watermarks wait for unfinished records, re-runs post nothing,
and a bad record waits in quarantine with a reason while the rest syncs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import text

from netsuite_ap_sync.flows import netsuite_to_ap as inbound
from netsuite_ap_sync.posters.ap import ApPoster
from netsuite_ap_sync.warehouse import ledger
from tests.pipeline.inbound_support import (
    ap_customers,
    ap_invoice,
    ap_invoices,
    later,
    ledger_rows,
    new_invoice,
    ns_invoice,
    open_quarantine,
    staged_outcomes,
    synced,
    usd_customers,
    watermark,
)

FINISHED = {"applied", "skipped", "quarantined"}


class Crash(BaseException):
    """Stands for the task process dying: nothing after it runs."""


def _staged(world, table: str, source_id: str) -> list[dict]:
    with world.engine.connect() as conn:
        rows = conn.execute(
            text(
                f"SELECT source_modified, outcome, outcome_rule FROM {table} WHERE partner_id = :p AND source_id = :s"
            ),
            {"p": world.partner_id, "s": source_id},
        )
        return [dict(r) for r in rows.mappings()]


def _writes(world) -> dict[str, int]:
    """AP requests that change something, by route (token requests aside)."""
    by_path = world.ap_controls.stats()["by_path"]
    return {path: n for path, n in by_path.items() if not path.startswith(("GET ", "POST /oauth"))}


def test_I4_every_staged_record_has_an_outcome_after_a_run(partner_world):
    world = synced(partner_world)
    later(world)
    customer = world.ns_controls.create_customer("Fresh Start LLC", email="ap@fresh-start.example.com")
    first = world.ns_controls.create_invoice(customer["id"])
    voided = world.ns_controls.create_invoice(usd_customers(world)[0])
    edited = new_invoice(world)
    world.hourly()
    later(world)
    world.ns_controls.void(voided["id"])
    world.ns_controls.edit_invoice(edited["id"], total=321.00)
    world.ns_controls.delete("invoice", first["id"])
    world.hourly()

    outcomes = staged_outcomes(world)
    assert outcomes and {o for _, _, o in outcomes} <= FINISHED, [r for r in outcomes if r[2] not in FINISHED]
    quarantined = open_quarantine(world)
    assert quarantined and all(q["reason"] and q["check_name"] for q in quarantined)
    assert world.audit()["violations"] == []


def test_I4_hourly_rerun_without_netsuite_change_posts_nothing(partner_world):
    world = synced(partner_world)
    new_invoice(world)
    world.hourly()
    posted = len(ledger_rows(world))
    world.ap_controls.reset_stats()

    world.hourly()
    world.hourly()

    assert len(ledger_rows(world)) == posted
    assert _writes(world) == {}


def test_I5_invoice_watermark_waits_for_records_a_crash_left_unfinished(partner_world, monkeypatch):
    world = synced(partner_world)
    before = watermark(world, "invoice")
    blocked = new_invoice(world)
    after_it = new_invoice(world)
    real_create = ApPoster._create_invoice

    def crash_on_blocked(self, ctx, m, target):
        if m.source_id == str(blocked["id"]):
            raise Crash()
        return real_create(self, ctx, m, target)

    monkeypatch.setattr(ApPoster, "_create_invoice", crash_on_blocked)
    ctx = world.ctx("netsuite_hourly_sync")
    inbound.refresh_ap_mirror(ctx)
    inbound.stage_invoices(ctx)
    inbound.validate_invoices(ctx)
    with pytest.raises(Crash):
        inbound.post_invoices(ctx)
    assert watermark(world, "invoice") == before
    assert [r["outcome"] for r in _staged(world, "stg_ns_invoice", str(blocked["id"]))] == [None]
    assert not [v for v in world.audit()["violations"] if v.startswith("I5")]

    monkeypatch.setattr(ApPoster, "_create_invoice", real_create)
    world.hourly()
    assert watermark(world, "invoice") >= ns_invoice(world, after_it["id"])["lastmodifieddate"]
    assert ap_invoice(world, blocked["id"])["status"] == "open"
    assert world.audit()["violations"] == []


def test_I5_payment_watermark_stays_behind_a_held_payment(partner_world):
    world = synced(partner_world)
    invoices = [new_invoice(world), new_invoice(world)]
    world.hourly()
    held = world.ap_controls.pay_invoice(ap_invoice(world, invoices[0]["id"])["id"])
    failed = world.ap_controls.pay_invoice(ap_invoice(world, invoices[1]["id"])["id"], payment_method="ach")
    world.ap_controls.fail_payment(failed["id"])

    first = world.payments()["payments"]
    assert first["held"] == 1, "C3: held until the accounts are chosen"
    held_at = _staged(world, "stg_ap_payment", held["id"])[-1]["source_modified"]
    assert [r["outcome"] for r in _staged(world, "stg_ap_payment", failed["id"])][-1] in FINISHED
    mark = watermark(world, "ap_payment")
    assert mark is None or mark < held_at
    assert not [v for v in world.audit()["violations"] if v.startswith("I5")]

    world.set_up_accounts()
    assert world.payments()["payments"]["posted"] == 1
    assert watermark(world, "ap_payment") >= held_at
    assert world.audit()["violations"] == []


def test_I4_post_retried_after_a_crash_between_ap_and_ledger_finishes_the_entry(partner_world, monkeypatch):
    """The task dies after AP created the invoice, before the ledger heard of it; Airflow
    retries the post task alone. AP keeps one invoice and the ledger entry ends posted."""
    world = synced(partner_world)
    created = new_invoice(world)
    real_mark_posted = ledger.mark_posted

    def crash_after_ap_answered(engine, key, remote_id):
        if "create_invoice" in key:
            raise Crash()
        return real_mark_posted(engine, key, remote_id)

    ctx = world.ctx("netsuite_hourly_sync")
    inbound.refresh_ap_mirror(ctx)
    inbound.stage_invoices(ctx)
    inbound.validate_invoices(ctx)
    monkeypatch.setattr(ledger, "mark_posted", crash_after_ap_answered)
    with pytest.raises(Crash):
        inbound.post_invoices(ctx)
    monkeypatch.setattr(ledger, "mark_posted", real_mark_posted)
    assert [r["status"] for r in ledger_rows(world) if r["source_id"] == str(created["id"])] == ["pending"]

    inbound.post_invoices(world.ctx("netsuite_hourly_sync"))
    world.hourly()

    mine = [i for i in world.ap_state()["invoices"] if i["external_id"] == str(created["id"])]
    assert len(mine) == 1
    assert [r["status"] for r in ledger_rows(world) if r["source_id"] == str(created["id"])] == ["posted", "posted"]
    assert [r["outcome"] for r in _staged(world, "stg_ns_invoice", str(created["id"]))] == ["applied"]


def test_quarantine_holds_a_bad_customer_and_its_invoice_while_the_rest_syncs_and_releases_them_when_fixed(
    partner_world,
):
    world = synced(partner_world)
    non_usd = open_quarantine(world, "invoice")
    assert non_usd and all("not supported by Alternative Payments" in q["reason"] for q in non_usd)

    later(world)
    nameless = world.ns_controls.create_customer("Nameless Ltd", email="ap@nameless.example.com")
    world.ns_controls.update_customer(nameless["id"], companyname="", entityid="")
    waiting = world.ns_controls.create_invoice(nameless["id"], lines=[{"item": 1, "quantity": 2, "rate": 50}])
    good_customer = world.ns_controls.create_customer("Good Neighbours Inc.", email="ap@neighbours.example.com")
    good_invoice = new_invoice(world, good_customer["id"])
    world.hourly()

    assert str(good_customer["id"]) in ap_customers(world)
    assert ap_invoice(world, good_invoice["id"])["status"] == "open"
    assert str(nameless["id"]) not in ap_customers(world)
    assert str(waiting["id"]) not in ap_invoices(world)
    reasons = {(q["object_type"], q["source_id"]): q["reason"] for q in open_quarantine(world)}
    assert "entityid" in reasons[("customer", str(nameless["id"]))]
    assert "is not in AP: customer name/number (entityid) is missing" in reasons[("invoice", str(waiting["id"]))]

    later(world)
    world.ns_controls.update_customer(nameless["id"], companyname="Named At Last LLC", entityid="CUST-NAMED")
    world.hourly()

    assert ap_customers(world)[str(nameless["id"])]["name"] == "Named At Last LLC"
    released = ap_invoice(world, waiting["id"])
    assert (released["status"], Decimal(released["total"])) == ("open", Decimal("100"))
    still = {(q["object_type"], q["source_id"]) for q in open_quarantine(world)}
    assert ("customer", str(nameless["id"])) not in still and ("invoice", str(waiting["id"])) not in still
    assert world.audit()["violations"] == []


def test_F1_F2_I4_customer_without_email_waits_with_its_invoices_until_it_has_one(partner_world):
    world = synced(partner_world)
    later(world)
    no_inbox = world.ns_controls.create_customer("No Inbox LLC")
    waiting = world.ns_controls.create_invoice(no_inbox["id"], lines=[{"item": 1, "quantity": 2, "rate": 50}])
    world.hourly()

    assert str(no_inbox["id"]) not in ap_customers(world), "a strict AP refuses a customer without email"
    assert str(waiting["id"]) not in ap_invoices(world)
    why = f"customer {no_inbox['entityid']} has no email in NetSuite; add one"
    entries = {(q["object_type"], q["source_id"]): q for q in open_quarantine(world)}
    customer_entry, invoice_entry = entries[("customer", str(no_inbox["id"]))], entries[("invoice", str(waiting["id"]))]
    assert (customer_entry["check_name"], customer_entry["reason"]) == ("F1:has_email", why)
    assert invoice_entry["check_name"] == "gx:customer_known"
    assert why in invoice_entry["reason"] and "has not been synced" not in invoice_entry["reason"]
    assert not [r for r in ledger_rows(world) if r["source_id"] == str(no_inbox["id"])]

    later(world)
    world.ns_controls.update_customer(no_inbox["id"], email="ap@no-inbox.example.com")
    world.hourly()

    assert ap_customers(world)[str(no_inbox["id"])]["email"] == "ap@no-inbox.example.com"
    released = ap_invoice(world, waiting["id"])
    assert (released["status"], Decimal(released["total"])) == ("open", Decimal("100"))
    still = {(q["object_type"], q["source_id"]) for q in open_quarantine(world)}
    assert ("customer", str(no_inbox["id"])) not in still and ("invoice", str(waiting["id"])) not in still
    assert world.audit()["violations"] == []


def test_F6_I4_invoice_of_a_customer_inactive_before_it_reached_ap_names_the_inactivity(partner_world):
    world = synced(partner_world)
    later(world)
    dormant = world.ns_controls.create_customer("Dormant Partners LLC", email="ap@dormant.example.com")
    invoice = world.ns_controls.create_invoice(dormant["id"])
    world.ns_controls.inactivate_customer(dormant["id"])
    world.hourly()

    assert str(dormant["id"]) not in ap_customers(world)
    assert str(invoice["id"]) not in ap_invoices(world)
    (entry,) = [q for q in open_quarantine(world, "invoice") if q["source_id"] == str(invoice["id"])]
    assert entry["check_name"] == "gx:customer_known"
    assert f"customer {dormant['entityid']} is inactive in NetSuite (F6)" in entry["reason"]
    assert world.audit()["violations"] == []


def test_quarantine_of_records_deleted_in_netsuite_is_closed(partner_world):
    world = synced(partner_world)
    foreign = [c["id"] for c in world.ns_records("customers")["customers"] if c["currency"] != 1]
    later(world)
    invoice = world.ns_controls.create_invoice(foreign[0])
    customer = world.ns_controls.create_customer("Soon Gone", email="ap@soon-gone.example.com")
    world.ns_controls.update_customer(customer["id"], companyname="", entityid="")
    world.hourly()
    waiting = {(q["object_type"], q["source_id"]) for q in open_quarantine(world)}
    assert {("invoice", str(invoice["id"])), ("customer", str(customer["id"]))} <= waiting

    later(world)
    world.ns_controls.delete("invoice", invoice["id"])
    world.ns_controls.delete("customer", customer["id"])
    world.hourly()

    waiting = {(q["object_type"], q["source_id"]) for q in open_quarantine(world)}
    assert not {("invoice", str(invoice["id"])), ("customer", str(customer["id"]))} & waiting
    assert {r["outcome"] for r in _staged(world, "stg_ns_invoice", str(invoice["id"]))} == {"skipped"}
    assert {r["outcome"] for r in _staged(world, "stg_ns_customer", str(customer["id"]))} == {"skipped"}
    assert world.audit()["violations"] == []
