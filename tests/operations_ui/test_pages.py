"""The operations pages and their actions, against a SQLite warehouse (FastAPI's TestClient)."""

from __future__ import annotations

from netsuite_ap_sync.operations_ui import access
from netsuite_ap_sync.warehouse import fee_accounts, ledger, partners, quarantine, reports


def test_partners_page_shows_status_progress_counts_watermarks_and_runs(ops):
    ops.runs.known[("netsuite_hourly_sync", "scheduled__1")] = "success"
    page = ops.client.get("/partners")
    assert page.status_code == 200
    html = page.text
    assert "Acme IT" in html and "Zen Ops" in html
    assert "reading history" in html
    assert "30 done / 70 left" in html and "(30%)" in html
    assert "2 quarantined" in html and "1 manual action(s)" in html
    assert "2026-03-01 10:00:00" in html
    assert "/dags/netsuite_hourly_sync/runs/scheduled__1" in html
    assert "signed in as <b>alice</b>" in html


def test_sync_now_triggers_the_one_partner_dag_and_says_so(ops):
    answer = ops.client.post("/partners/acme/sync", follow_redirects=False)
    assert answer.status_code == 303
    assert ops.runs.triggered == [("acme", "alice", "sync now for acme, from the operations pages")]
    assert "netsuite_sync_partner+run+manual__1+queued" in answer.headers["location"]


def test_quarantine_filters_by_partner_object_and_check_and_shows_the_record(ops):
    everything = ops.client.get("/quarantine").text
    assert "customer 501 has no email" in everything and "AP refused: currency JPY" in everything
    assert "&#34;id&#34;: 501" in everything  # the record as received
    only_customers = ops.client.get("/quarantine", params={"partner": "acme", "object": "customer"}).text
    assert "customer 501 has no email" in only_customers and "currency JPY" not in only_customers
    by_check = ops.client.get("/quarantine", params={"check": "F2:create_invoice_rejected"}).text
    assert "currency JPY" in by_check and "has no email" not in by_check


def test_retry_now_releases_refusals_records_who_and_runs_the_partner(ops):
    entry = _entry(ops, "invoice", "9001")
    ledger.claim(
        ops.engine,
        key="acme:invoice:9001",
        partner_id="acme",
        target_system="ap",
        action="create_invoice",
        object_type="invoice",
        source_id="9001",
        rules="F2",
        payload_hash="h",
        run_id="r1",
    )
    ledger.mark_refused(ops.engine, "acme:invoice:9001", "AP refused: currency JPY")
    answer = ops.client.post(f"/quarantine/{entry['id']}/retry", data={"note": "currency enabled", "run_now": "true"})
    assert answer.status_code == 200
    assert "retrying invoice 9001 of acme" in answer.text
    assert ops.runs.triggered[0][0:2] == ("acme", "alice")
    after = quarantine.by_id(ops.engine, entry["id"])
    assert (after["action"], after["action_by"], after["action_note"]) == ("retry", "alice", "currency enabled")
    assert after["resolved"] is False or after["resolved"] == 0
    assert ledger.get(ops.engine, "acme:invoice:9001").refused in (False, 0)


def test_resolve_and_ignore_need_a_note_and_close_the_record(ops):
    entry = _entry(ops, "customer", "501")
    refused = ops.client.post(f"/quarantine/{entry['id']}/close", data={"action": "ignored", "note": " "})
    assert "say in a note why" in refused.text
    done = ops.client.post(f"/quarantine/{entry['id']}/close", data={"action": "ignored", "note": "test customer"})
    assert "customer 501 of acme: ignored by alice" in done.text
    closed = quarantine.by_id(ops.engine, entry["id"])
    assert closed["resolved"] and closed["action"] == "ignored" and closed["action_note"] == "test customer"
    assert "has no email" not in ops.client.get("/quarantine").text
    assert "test customer" in ops.client.get("/quarantine", params={"closed": "true"}).text
    # A later failure of the same check opens it again.
    quarantine.record(ops.engine, "acme", [quarantine.Failure("customer", "501", "gx:email_present", "still none")])
    assert quarantine.by_id(ops.engine, entry["id"])["resolved"] in (False, 0)


def test_manual_action_is_marked_done_with_who_and_leaves_the_open_list(ops):
    page = ops.client.get("/manual-actions").text
    assert "INV-7" in page and "125.00" in page and "revert the customer payment" in page
    action = reports.manual_action_listing(ops.engine)[0]
    answer = ops.client.post(f"/manual-actions/{action['id']}/done", data={"note": "reverted in NetSuite"})
    assert "marked done by alice" in answer.text
    assert "No open manual action" in answer.text
    stored = reports.manual_action_by_id(ops.engine, action["id"])
    assert stored["done"] and stored["done_by"] == "alice" and stored["done_note"] == "reverted in NetSuite"
    assert "done by alice" in ops.client.get("/manual-actions", params={"done": "true"}).text
    again = ops.client.post(f"/manual-actions/{action['id']}/done", data={})
    assert "no open manual action with id" in again.text


def test_accounts_page_offers_accounts_of_the_right_type_and_saves_them(ops):
    page = ops.client.get("/partners/acme/accounts").text
    bank_list = page.split('name="bank"')[1].split("</select>")[0]
    assert "Operating Bank" in bank_list and "Undeposited Funds" not in bank_list
    saved = ops.client.post("/partners/acme/accounts", data={"undeposited_funds": "10", "bank": "20"})
    assert "accounts saved by alice" in saved.text
    p = partners.get(ops.engine, "acme")
    assert (p.undeposited_funds_account_id, p.bank_account_id) == ("10", "20")
    wrong = ops.client.post("/partners/acme/accounts", data={"undeposited_funds": "10", "bank": "99"})
    assert "NetSuite has no account" in wrong.text
    assert ops.client.get("/partners/nobody/accounts").status_code == 404


def test_F4a_F4b_accounts_page_offers_an_account_per_fee_type_and_saves_it(ops):
    page = ops.client.get("/partners/acme/accounts").text
    assert 'data-testid="fees-by-type"' in page
    late_list = page.split('name="fee_ft_late_payment"')[1].split("</select>")[0]
    assert "Bank Fees" in late_list and "Other Income" not in late_list
    covered_list = page.split('name="fee_covered_by_customer"')[1].split("</select>")[0]
    assert "Other Income" in covered_list and "Bank Fees" not in covered_list
    form = {"undeposited_funds": "10", "bank": "20", "fee_ft_late_payment": "30", "fee_covered_by_customer": "40"}
    assert "accounts saved by alice" in ops.client.post("/partners/acme/accounts", data=form).text
    assert fee_accounts.chosen(ops.engine, "acme") == {"FT_LATE_PAYMENT": "30", "covered_by_customer": "40"}
    acme = ops.client.get("/partners").text.split('data-testid="partner-acme"')[1].split("</section>")[0]
    assert "Fee FT_LATE_PAYMENT: <code>30</code>" in acme and "Fee covered_by_customer: <code>40</code>" in acme
    page = ops.client.get("/partners/acme/accounts").text
    assert '<option value="30" selected>' in page.split('name="fee_ft_late_payment"')[1].split("</select>")[0]
    ops.client.post("/partners/acme/accounts", data={"undeposited_funds": "10", "bank": "20"})
    assert fee_accounts.chosen(ops.engine, "acme") == {}


def test_R4_accounts_page_sets_payment_reversals_in_a_form_of_its_own(ops):
    page = ops.client.get("/partners/acme/accounts").text
    form = page.split('data-testid="reversals-form"')[1].split("</form>")[0]
    assert "Bank Fees" in form.split('name="dispute_fee"')[1] and "Operating Bank" not in form
    refused = ops.client.post("/partners/acme/payment-reversals", data={"payment_reversals": "automatic"})
    assert "need a dispute-fee account" in refused.text
    assert partners.get(ops.engine, "acme").payment_reversals == "manual"
    saved = ops.client.post(
        "/partners/acme/payment-reversals", data={"payment_reversals": "automatic", "dispute_fee": "30"}
    )
    assert "payment reversals set to automatic by alice" in saved.text
    p = partners.get(ops.engine, "acme")
    assert (p.payment_reversals, p.dispute_fee_account_id) == ("automatic", "30")


def test_a_reader_sees_the_pages_but_may_not_act(ops):
    ops.who["access"] = access.Access("vera", False)
    assert "(read only)" in ops.client.get("/quarantine").text
    refused = ops.client.post("/partners/acme/sync")
    assert refused.status_code == 403 and "vera may look but not act" in refused.text
    assert ops.runs.triggered == []


def test_a_form_posted_from_another_site_is_refused(ops):
    answer = ops.client.post("/partners/acme/sync", headers={"origin": "https://elsewhere.example"})
    assert answer.status_code == 403
    assert ops.runs.triggered == []


def _entry(ops, object_type, source_id) -> dict:
    return next(
        e
        for e in quarantine.listing(ops.engine, "acme")
        if (e["object_type"], e["source_id"]) == (object_type, source_id)
    )
