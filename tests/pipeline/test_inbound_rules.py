"""NetSuite -> AP end to end, one rule per test: the partner changes data in the
NetSuite sandbox, the pipeline runs its hourly (and five-minute) cycle, and the
AP sandbox must hold what the rule says. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from decimal import Decimal

from pypdf import PdfReader

from tests.pipeline.inbound_support import (
    ap_customers,
    ap_invoice,
    ap_invoices,
    assert_matches_netsuite,
    later,
    ledger_rows,
    manual_actions,
    money,
    new_invoice,
    ns_invoice,
    open_quarantine,
    synced,
    usd_customers,
)

LINES = [
    {"item": 1, "quantity": 3, "rate": 125.50, "description": "Managed backup"},
    {"item": 2, "quantity": 1, "rate": 80.00, "description": "Setup fee"},
]


# --- Customers ----------------------------------------------------------------------------


def test_F1_customers_created_and_updated_with_netsuite_id_as_external_id(partner_world):
    world = synced(partner_world)
    ns_customers = world.ns_records("customers")["customers"]
    in_ap = ap_customers(world)
    for customer in ns_customers:
        if customer["isinactive"] == "F":
            assert in_ap[str(customer["id"])]["name"] == (customer["companyname"] or customer["entityid"])

    later(world)
    created = world.ns_controls.create_customer("Harbor Clinics LLC", email="ap@harbor.example.com")
    renamed = ns_customers[-1]["id"]
    world.ns_controls.update_customer(renamed, companyname="Renamed Holdings", email="billing@renamed.example.com")
    world.hourly()

    in_ap = ap_customers(world)
    new = in_ap[str(created["id"])]
    assert (new["name"], new["email"], new["status"]) == ("Harbor Clinics LLC", "ap@harbor.example.com", "active")
    # AP cannot change a customer's email (PATCH takes no email): the name still goes.
    assert in_ap[str(renamed)]["name"] == "Renamed Holdings"
    assert not open_quarantine(world, "customer")
    assert len(in_ap) == len(ns_customers) + 1, "updated in place, not created twice"


def test_F6_inactivated_or_deleted_customer_is_reported_once_never_archived(partner_world):
    world = synced(partner_world)
    inactive = usd_customers(world)[-1]
    later(world)
    lonely = world.ns_controls.create_customer("Short Lived Co.", email="ap@short-lived.example.com")
    world.hourly()
    assert ap_customers(world)[str(lonely["id"])]["status"] == "active"

    later(world)
    world.ns_controls.inactivate_customer(inactive)
    world.ns_controls.delete("customer", lonely["id"])
    world.hourly()
    world.hourly()

    in_ap = ap_customers(world)
    assert in_ap[str(inactive)]["status"] == "active"
    assert in_ap[str(lonely["id"])]["status"] == "active"
    reported = manual_actions(world, "F6")
    assert sorted(a["source_id"] for a in reported) == sorted([str(inactive), str(lonely["id"])])
    assert all("Archive by hand" in a["message"] for a in reported)
    assert not [r for r in ledger_rows(world) if r["action"] == "archive_customer"]


def test_S6_customer_created_in_ap_is_never_created_in_netsuite(partner_world):
    world = synced(partner_world)
    before = world.ns_records("customers")["customers"]
    ap_only = world.ap_controls.create_customer(name="Walk-in Customer Inc.", email="desk@walk-in.example.com")
    world.hourly()
    world.payments()

    after = world.ns_records("customers")["customers"]
    assert after == before
    assert ap_customers(world)[ap_only["id"]]["status"] == "active"
    assert not [r for r in ledger_rows(world) if r["source_id"] == ap_only["id"]]


# --- Invoices -----------------------------------------------------------------------------


def test_F2_invoice_created_with_number_customer_currency_lines_total_due_date_and_balance(partner_world):
    world = synced(partner_world)
    customer = usd_customers(world)[0]
    created = new_invoice(world, customer, lines=LINES, duedate="2099-01-31", memo="PO 7781")
    world.hourly()

    ap = ap_invoice(world, created["id"])
    assert_matches_netsuite(ap, ns_invoice(world, created["id"]))
    assert ap["customer_id"] == ap_customers(world)[str(customer)]["id"]
    assert (ap["due_date"], ap["memo"], ap["status"]) == ("2099-01-31", "PO 7781", "open")
    assert money(ap["total"]) == money(3 * 125.50 + 80.00)
    assert [(i["description"], Decimal(i["quantity"]), money(i["amount"])) for i in ap["line_items"]] == [
        ("Managed backup", 3, money(125.50)),
        ("Setup fee", 1, money(80.00)),
    ]


def test_F2_fractional_quantity_reaches_ap_as_one_unit_with_its_quantity_and_rate_described(partner_world):
    world = synced(partner_world)
    hours = [{"item": 1, "quantity": 3.5, "rate": 100.00, "description": "Onsite hours"}]
    created = new_invoice(world, lines=hours)
    world.hourly()

    ap = ap_invoice(world, created["id"])
    assert money(ap["total"]) == money(350)
    assert [(i["description"], i["quantity"], money(i["amount"])) for i in ap["line_items"]] == [
        ("Onsite hours (3.5 x 100.00)", 1, money(350)),
    ]
    assert not [q for q in open_quarantine(world, "invoice") if q["source_id"] == str(created["id"])]


def test_S5_amount_and_due_date_edits_of_an_unpaid_invoice_flow(partner_world):
    world = synced(partner_world)
    created = new_invoice(world, lines=LINES, duedate="2099-01-31")
    world.hourly()

    later(world)
    world.ns_controls.edit_invoice(created["id"], total=999.99, duedate="2099-03-15")
    world.hourly()

    ap = ap_invoice(world, created["id"])
    assert (money(ap["total"]), money(ap["amount_due"]), ap["due_date"]) == (money(999.99), money(999.99), "2099-03-15")
    assert_matches_netsuite(ap, ns_invoice(world, created["id"]))


def test_S5_ap_side_edit_stays_until_the_next_netsuite_change_overwrites_it(partner_world):
    world = synced(partner_world)
    created = new_invoice(world, lines=LINES, duedate="2099-01-31", memo="from NetSuite")
    world.hourly()
    ap_id = ap_invoice(world, created["id"])["id"]

    world.ap_controls.edit_invoice(ap_id, due_date="2099-12-31", memo="edited in AP")
    world.hourly()
    world.payments()
    ap = ap_invoice(world, created["id"])
    assert (ap["due_date"], ap["memo"]) == ("2099-12-31", "edited in AP"), "no NetSuite change yet: AP's edit stays"
    assert ns_invoice(world, created["id"])["memo"] == "from NetSuite", "AP edits never flow to NetSuite"

    later(world)
    world.ns_controls.edit_invoice(created["id"], total=500.00)
    world.hourly()
    ap = ap_invoice(world, created["id"])
    assert (ap["due_date"], ap["memo"], money(ap["total"])) == ("2099-01-31", "from NetSuite", money(500))


def test_S3_partial_payment_and_credit_in_netsuite_set_ap_balance_to_amount_unpaid(partner_world):
    world = synced(partner_world)
    created = new_invoice(world, lines=LINES)
    world.hourly()

    later(world)
    world.ns_controls.apply_payment(created["id"], 100.00)
    world.hourly()
    ap = ap_invoice(world, created["id"])
    assert (money(ap["amount_due"]), ap["status"]) == (money(456.50 - 100), "partially_paid")

    later(world)
    world.ns_controls.apply_credit(created["id"], 56.50)
    world.hourly()
    ap = ap_invoice(world, created["id"])
    unpaid = ns_invoice(world, created["id"])["foreignamountunpaid"]
    assert money(ap["amount_due"]) == money(unpaid) == money(300)
    assert money(ap["total"]) == money(456.50)


def test_S1_paid_in_full_in_netsuite_marks_the_ap_invoice_paid_externally(partner_world):
    world = synced(partner_world)
    created = new_invoice(world, lines=LINES)
    world.hourly()

    later(world)
    world.ns_controls.pay_in_full(created["id"])
    world.hourly()

    ap = ap_invoice(world, created["id"])
    assert (ap["status"], ap["paid_via"], money(ap["amount_due"])) == ("paid", "external", money(0))
    history_paid = [
        i
        for i in world.ns_records("invoices")["invoices"]
        if i["status_label"] == "Paid In Full" and i["currency"] == 1
    ]
    assert history_paid, "the data set has invoices paid before the sync"
    for invoice in history_paid:
        assert ap_invoice(world, invoice["id"])["status"] == "paid"


def test_S4_invoice_paid_in_ap_is_frozen_against_later_netsuite_edits(partner_world):
    world = synced(partner_world)
    created = new_invoice(world, lines=LINES, duedate="2099-01-31")
    world.hourly()
    ap_id = ap_invoice(world, created["id"])["id"]

    world.ap_controls.pay_invoice(ap_id)
    world.set_up_accounts()
    world.payments()
    assert ns_invoice(world, created["id"])["status_label"] == "Paid In Full", "S1: AP payment posted to NetSuite"
    frozen = ap_invoice(world, created["id"])
    assert (frozen["status"], frozen["paid_via"]) == ("paid", "ap")

    later(world)
    world.ns_controls.edit_invoice(created["id"], total=900.00, duedate="2099-06-30", memo="raised later")
    world.hourly()
    world.payments()

    after = ap_invoice(world, created["id"])
    for field in ("status", "paid_via", "total", "amount_due", "due_date", "memo", "line_items"):
        assert after[field] == frozen[field], field


def test_F5_S8_deleted_and_voided_invoices_are_archived_within_the_hourly_cycle(partner_world):
    world = synced(partner_world)
    voided = new_invoice(world, lines=LINES)
    deleted = new_invoice(world, lines=LINES)
    kept = new_invoice(world, lines=LINES)
    world.hourly()
    assert {ap_invoice(world, i["id"])["status"] for i in (voided, deleted, kept)} == {"open"}

    later(world)
    world.ns_controls.void(voided["id"])
    world.ns_controls.delete("invoice", deleted["id"])
    world.hourly()

    assert ap_invoice(world, voided["id"])["status"] == "archived"
    assert ap_invoice(world, deleted["id"])["status"] == "archived"
    assert ap_invoice(world, kept["id"])["status"] == "open"


def test_S7_invoice_created_in_ap_is_left_alone(partner_world):
    world = synced(partner_world)
    customer = ap_customers(world)[str(usd_customers(world)[0])]
    made = world.ap_controls.create_invoice(
        customer_id=customer["id"],
        currency="USD",
        due_date="2099-02-01",
        line_items=[{"description": "Ad-hoc work", "quantity": 2, "amount": 75}],
    )
    ns_before = world.ns_records("invoices")["invoices"]
    world.hourly()
    world.payments()

    after = ap_invoices(world)[made["id"]]
    for field in ("status", "total", "amount_due", "due_date", "line_items", "external_id"):
        assert after[field] == made[field], field
    assert world.ns_records("invoices")["invoices"] == ns_before
    assert not [r for r in ledger_rows(world) if made["id"] in (r["source_id"], r["idempotency_key"])]


def _pdf_text(world, ap_id: str) -> str:
    response = world.ctx().ap.run(f"invoices/{ap_id}/pdf")
    assert response.headers["content-type"].startswith("application/pdf")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_F8_pdf_attached_and_re_rendered_when_the_invoice_changes(partner_world):
    world = synced(partner_world)
    created = new_invoice(world, lines=LINES, memo="first version")
    world.hourly()
    ap = ap_invoice(world, created["id"])
    first = _pdf_text(world, ap["id"])
    assert created["tranid"] in first and "first version" in first and "456.50" in first

    later(world)
    world.ns_controls.edit_invoice(created["id"], total=1234.00, memo="second version")
    world.hourly()
    second = _pdf_text(world, ap["id"])
    assert "second version" in second and "1,234.00" in second
    assert ap_invoice(world, created["id"])["pdf"]["sha256"] != ap["pdf"]["sha256"]

    world.hourly()
    attaches = [r for r in ledger_rows(world) if r["action"] == "attach_pdf" and r["source_id"] == str(created["id"])]
    assert len(attaches) == 2, "one PDF per NetSuite version, none for an unchanged invoice"


def test_S1_S3_payment_deleted_in_netsuite_reopens_the_ap_balance(partner_world):
    world = synced(partner_world)
    created = new_invoice(world, lines=LINES)
    world.hourly()
    later(world)
    payment = world.ns_controls.pay_in_full(created["id"])
    world.hourly()
    assert ap_invoice(world, created["id"])["status"] == "paid"

    later(world)
    world.ns_controls.delete("customerpayment", payment["id"])
    world.hourly()
    ap = ap_invoice(world, created["id"])
    assert (ap["status"], money(ap["amount_due"])) == ("open", money(456.50))


def test_S3_ap_payment_not_yet_in_netsuite_is_not_undone_by_a_netsuite_edit(partner_world):
    world = synced(partner_world)
    created = new_invoice(world, lines=LINES)
    world.hourly()
    world.ap_controls.pay_invoice(ap_invoice(world, created["id"])["id"], amount=Decimal("100.00"))
    world.payments()  # held: no accounts chosen yet (C3)

    later(world)
    world.ns_controls.edit_invoice(created["id"], memo="edited while the AP payment waits")
    world.hourly()
    ap = ap_invoice(world, created["id"])
    assert (money(ap["amount_due"]), ap["memo"]) == (money(356.50), "edited while the AP payment waits")


def test_S3_ap_payment_made_within_the_hour_is_not_undone_by_a_netsuite_edit(partner_world):
    world = synced(partner_world)
    created = new_invoice(world, lines=LINES)
    world.hourly()
    world.ap_controls.pay_invoice(ap_invoice(world, created["id"])["id"], amount=Decimal("100.00"))

    later(world)
    world.ns_controls.edit_invoice(created["id"], memo="edited before the payments sync ran")
    world.hourly()
    assert money(ap_invoice(world, created["id"])["amount_due"]) == money(356.50)


def test_S3_ap_payment_that_failed_before_reaching_netsuite_no_longer_lowers_the_balance(partner_world):
    world = synced(partner_world)
    created = new_invoice(world, lines=LINES)
    world.hourly()
    payment = world.ap_controls.pay_invoice(
        ap_invoice(world, created["id"])["id"], amount=Decimal("100.00"), payment_method="ach"
    )
    world.payments()  # held: no accounts chosen yet (C3)
    world.ap_controls.fail_payment(payment["id"])

    later(world)
    world.ns_controls.edit_invoice(created["id"], memo="edited after the ACH return")
    world.hourly()
    ap = ap_invoice(world, created["id"])
    assert (money(ap["amount_due"]), ap["status"]) == (money(456.50), "open")
