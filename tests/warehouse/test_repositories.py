"""Partners, watermarks, ledger, quarantine, manual actions and reports on both dialects."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import text

from netsuite_ap_sync.warehouse import id_map, ledger, partners, quarantine, reports
from netsuite_ap_sync.warehouse.sync_state import advance_watermark, get_watermark


@pytest.fixture
def acme(warehouse):
    partners.register(warehouse.engine, "acme", "Acme IT", "netsuite_acme", "ap_acme", concurrency=5)
    return warehouse.engine


def test_register_is_idempotent_and_updates_connections(acme):
    again = partners.register(acme, "acme", "Acme IT Services", "netsuite_acme", "ap_acme2", concurrency=15)
    assert (again.name, again.ap_conn_id, again.netsuite_concurrency) == ("Acme IT Services", "ap_acme2", 15)
    assert again.status == "pending" and again.initial_phase == "not_started"
    assert [p.partner_id for p in partners.all_partners(acme)] == ["acme"]


@pytest.mark.parametrize(
    ("partner_id", "concurrency", "message"),
    [("Bad Id", 5, "lower-case"), ("acme2", 0, "between 1 and 200"), ("", 5, "lower-case")],
)
def test_register_rejects_bad_input(warehouse, partner_id, concurrency, message):
    with pytest.raises(ValueError, match=message):
        partners.register(warehouse.engine, partner_id, "X", "ns", "ap", concurrency)


@pytest.mark.parametrize(
    ("netsuite_conn_id", "ap_conn_id", "says"),
    [
        ("netsuite_beta", "ap_acme", "connection 'ap_acme' is already used by partner 'acme'; create a separate AP"),
        ("netsuite_acme", "ap_beta", "connection 'netsuite_acme' is already used by partner 'acme'; connect 'beta'"),
    ],
)
def test_a_connection_of_another_partner_is_refused(acme, netsuite_conn_id, ap_conn_id, says):
    with pytest.raises(partners.ConnectionInUse, match=f"^{says}"):
        partners.register(acme, "beta", "Beta", netsuite_conn_id, ap_conn_id)
    assert [(p.partner_id, p.ap_conn_id) for p in partners.all_partners(acme)] == [("acme", "ap_acme")]


def test_two_registrations_on_one_ap_connection_at_once_cannot_both_win(acme, monkeypatch):
    # Beta's check ran before acme's row was written: the unique index refuses beta's write.
    real_check, checks = partners._refuse_connections_in_use, []

    def check_too_early_the_first_time(engine, values):
        checks.append(values["partner_id"])
        if len(checks) > 1:
            real_check(engine, values)

    monkeypatch.setattr(partners, "_refuse_connections_in_use", check_too_early_the_first_time)
    with pytest.raises(partners.ConnectionInUse, match="'ap_acme' is already used by partner 'acme'"):
        partners.register(acme, "beta", "Beta", "netsuite_beta", "ap_acme")
    assert checks == ["beta", "beta"], "checked again after the write was refused"
    assert [p.partner_id for p in partners.all_partners(acme)] == ["acme"]


def test_unknown_partner_is_named(warehouse):
    with pytest.raises(partners.UnknownPartner, match="nobody"):
        partners.get(warehouse.engine, "nobody")
    with pytest.raises(partners.UnknownPartner):
        partners.set_status(warehouse.engine, "nobody", "connected")


def test_C2_status_phase_and_progress_are_visible(acme):
    partners.set_phase(acme, "acme", "last_12_months", done=0, left=120, history_boundary="2025-11-26")
    partners.add_progress(acme, "acme", 20)
    partners.add_progress(acme, "acme", 30)
    p = partners.get(acme, "acme")
    assert (p.status, p.initial_phase, p.progress_done, p.progress_left) == ("pending", "last_12_months", 50, 70)
    assert p.history_boundary == "2025-11-26" and not p.twelve_months_done
    partners.set_phase(acme, "acme", "history", done=50, left=400)
    assert partners.get(acme, "acme").twelve_months_done
    partners.set_status(acme, "acme", "connected")
    assert partners.get(acme, "acme").status == "connected"


def test_C4_reconnect_required_keeps_its_message(acme):
    partners.set_status(acme, "acme", "reconnect_required", "The NetSuite grant expired: authorize again.")
    p = partners.get(acme, "acme")
    assert p.status == "reconnect_required" and "authorize again" in p.status_message
    with pytest.raises(ValueError, match="unknown partner status"):
        partners.set_status(acme, "acme", "sleeping")


def test_C3_accounts_are_stored(acme):
    partners.set_accounts(acme, "acme", "118", "1", fee_account_id="60", other_deposits_account_id="40")
    p = partners.get(acme, "acme")
    assert (p.undeposited_funds_account_id, p.bank_account_id, p.fee_account_id) == ("118", "1", "60")


def test_I5_watermark_only_moves_forward(acme):
    assert get_watermark(acme, "acme", "invoice") is None
    assert advance_watermark(acme, "acme", "invoice", "2026-03-01 10:00:00", "r1")
    assert not advance_watermark(acme, "acme", "invoice", "2026-02-01 10:00:00", "r2")
    assert get_watermark(acme, "acme", "invoice") == "2026-03-01 10:00:00"
    assert advance_watermark(acme, "acme", "invoice", "2026-03-01 10:00:01", "r3")


def _claim(engine, key="acme:apay-1"):
    return ledger.claim(
        engine,
        key=key,
        partner_id="acme",
        target_system="netsuite",
        action="create_customer_payment",
        object_type="payment",
        source_id="pay_1",
        rules="F3,S1",
        payload_hash="abc",
        run_id="r1",
    )


def test_I1_ledger_claim_is_once_per_key_and_counts_attempts(acme):
    first = _claim(acme)
    assert (first.status, first.attempts, first.done) == ("pending", 1, False)
    second = _claim(acme)
    assert second.attempts == 2
    ledger.mark_posted(acme, "acme:apay-1", "9001")
    third = _claim(acme)
    assert (third.status, third.remote_id, third.done) == ("posted", "9001", True)
    assert third.attempts == 2, "a posted entry is not attempted again"
    with acme.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM ledger")).scalar_one() == 1


def test_F7_payment_deleted_by_partner_is_marked(acme):
    _claim(acme)
    ledger.mark_posted(acme, "acme:apay-1", "9001")
    assert ledger.mark_deleted_by_partner(acme, "acme", "9001")
    assert ledger.get(acme, "acme:apay-1").status == "deleted_by_partner"
    assert _claim(acme).done


def test_failed_entry_keeps_the_error(acme):
    _claim(acme)
    ledger.mark_failed(acme, "acme:apay-1", "INVALID_CONTENT: amount")
    entry = ledger.get(acme, "acme:apay-1")
    assert entry.status == "failed" and "INVALID_CONTENT" in entry.last_error


def test_I4_quarantine_counts_repeats_and_resolves(acme):
    failure = quarantine.Failure("invoice", "101", "amount_unpaid_le_total", "amount unpaid 50 > total 40", {"id": 1})
    quarantine.record(acme, "acme", [failure])
    quarantine.record(acme, "acme", [failure])
    [entry] = quarantine.open_entries(acme, "acme")
    assert entry["repeat_count"] == 2 and entry["reason"].startswith("amount unpaid")
    quarantine.resolve(acme, "acme", "invoice", ["101"])
    assert quarantine.open_entries(acme, "acme") == []
    quarantine.record(acme, "acme", [failure])
    assert quarantine.open_entries(acme, "acme")[0]["repeat_count"] == 3


def test_S2_manual_action_is_listed_once(acme):
    kwargs = dict(
        rule="S2",
        object_type="payment",
        source_id="pay_9",
        message="ACH return after posting: revert by hand",
        invoice_number="INV-7",
        amount=Decimal("125.50"),
    )
    assert reports.report_manual_action(acme, "acme", **kwargs)
    assert not reports.report_manual_action(acme, "acme", **kwargs)
    [action] = reports.manual_actions(acme, "acme")
    assert action["invoice_number"] == "INV-7" and Decimal(str(action["amount"])) == Decimal("125.50")


def test_report_accumulates_within_a_run(acme):
    common = dict(dag_id="netsuite_hourly_sync", run_id="r1", object_type="invoice", direction="netsuite_to_ap")
    reports.write_report(acme, "acme", read_count=10, applied=8, held=0, skipped={"S4": 2}, quarantined={}, **common)
    reports.write_report(acme, "acme", read_count=5, applied=5, held=1, skipped={"S4": 2}, quarantined={}, **common)
    with acme.connect() as conn:
        row = conn.execute(text("SELECT read_count, applied, held FROM sync_report")).one()
    assert tuple(row) == (15, 13, 1)


def test_id_map_round_trip(acme):
    id_map.put(acme, "acme", "invoice", "101", "inv_a")
    id_map.put(acme, "acme", "invoice", "101", "inv_a")
    assert id_map.netsuite_to_ap(acme, "acme", "invoice") == {"101": "inv_a"}
