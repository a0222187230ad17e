"""Customers: F1, F6, S6 (and S8's "customers are not archived")."""

from __future__ import annotations

import pytest

from netsuite_ap_sync.rules.customers import plan_ap_customer, plan_customer, plan_customer_deletion
from netsuite_ap_sync.rules.decisions import AP, ManualAction, Mutation, Quarantine, Skip
from tests.sync_rules.factories import T1, ap_customer, deletion, ns_customer


def only(decisions, kind):
    assert len(decisions) == 1, decisions
    assert isinstance(decisions[0], kind), decisions
    return decisions[0]


def test_F1_creates_ap_customer_with_netsuite_id_as_external_id():
    create = only(plan_customer(ns_customer(), None), Mutation)
    assert (create.target, create.action, create.rules) == (AP, "create_customer", ("F1",))
    assert create.payload == {"name": "Acme IT", "external_id": "4", "email": "billing@acme.example"}


def test_F1_person_without_company_is_named_by_entity_id():
    person = ns_customer(company_name=None, entity_id="Jane Doe", is_person=True, email="jane@doe.example")
    create = only(plan_customer(person, None), Mutation)
    assert create.payload == {"name": "Jane Doe", "email": "jane@doe.example", "external_id": "4"}


@pytest.mark.parametrize("email", [None, "", "   "])
def test_F1_customer_without_email_is_quarantined_not_sent_to_ap(email):
    """AP's schema requires an email on POST /customers."""
    quarantine = only(plan_customer(ns_customer(email=email), None), Quarantine)
    assert (quarantine.check, quarantine.source_id) == ("F1:has_email", "4")
    assert quarantine.reason == "customer CUST-4 has no email in NetSuite; add one"


def test_F1_customer_without_email_or_entity_id_is_named_by_internal_id():
    quarantine = only(plan_customer(ns_customer(email=None, entity_id=""), None), Quarantine)
    assert quarantine.reason == "customer 4 has no email in NetSuite; add one"


def test_F1_email_is_sent_without_surrounding_blanks():
    create = only(plan_customer(ns_customer(email=" billing@acme.example "), None), Mutation)
    assert create.payload["email"] == "billing@acme.example"


def test_F1_customer_given_an_email_later_is_created():
    assert only(plan_customer(ns_customer(email=None), None), Quarantine)
    create = only(plan_customer(ns_customer(email="ap@acme.example", last_modified=T1), None), Mutation)
    assert (create.action, create.payload["email"]) == ("create_customer", "ap@acme.example")


def test_F6_inactive_customer_without_email_is_skipped_by_F6():
    assert only(plan_customer(ns_customer(email=None, is_inactive=True), None), Skip).rule == "F6"


def test_F6_inactive_reason_names_the_customer_and_what_to_do():
    from netsuite_ap_sync.rules.customers import inactive_reason

    assert inactive_reason("4", "CUST-4").startswith("customer CUST-4 is inactive in NetSuite (F6)")
    assert inactive_reason("4", None).startswith("customer 4 is inactive")


def test_F1_blank_company_name_falls_back_to_entity_id():
    create = only(plan_customer(ns_customer(company_name="   "), None), Mutation)
    assert create.payload["name"] == "CUST-4"


def test_F1_customer_without_any_name_is_quarantined():
    quarantine = only(plan_customer(ns_customer(company_name="", entity_id=" "), None), Quarantine)
    assert quarantine.check == "F1:has_name"


def test_F1_updates_only_changed_fields():
    update = only(plan_customer(ns_customer(company_name="Acme IT Ltd", last_modified=T1), ap_customer()), Mutation)
    assert (update.action, update.payload, update.target_id) == ("update_customer", {"name": "Acme IT Ltd"}, "cus_4")


def test_F1_email_edit_stays_in_netsuite():
    # AP's PATCH /customers takes name, legal name, EIN and address, not email.
    skip = only(plan_customer(ns_customer(email="ap@acme.example"), ap_customer()), Skip)
    assert skip.rule == "F1"


def test_F1_email_missing_in_netsuite_does_not_clear_ap_email():
    skip = only(plan_customer(ns_customer(email=None), ap_customer()), Skip)
    assert skip.rule == "F1"


def test_F1_unchanged_customer_is_skipped():
    assert only(plan_customer(ns_customer(), ap_customer()), Skip).rule == "F1"


def test_F1_keys_create_once_and_update_per_netsuite_version():
    create = only(plan_customer(ns_customer(), None), Mutation)
    assert create.key == only(plan_customer(ns_customer(last_modified=T1), None), Mutation).key
    renamed = ap_customer(name="Old")
    first = only(plan_customer(ns_customer(), renamed), Mutation)
    later = only(plan_customer(ns_customer(last_modified=T1), renamed), Mutation)
    assert first.key != later.key


def test_F1_customer_archived_in_ap_is_not_restored():
    skip = only(plan_customer(ns_customer(company_name="New name"), ap_customer(archived=True)), Skip)
    assert skip.rule == "F1"


def test_F6_inactive_customer_is_reported_not_archived():
    report = only(plan_customer(ns_customer(is_inactive=True), ap_customer()), ManualAction)
    assert report.rule == "F6"
    assert "Archive by hand in AP" in report.message
    assert "cus_4" in report.message
    assert (report.invoice_number, report.amount) == (None, None)


def test_F6_report_is_made_once():
    first = only(plan_customer(ns_customer(is_inactive=True), ap_customer()), ManualAction)
    later = only(plan_customer(ns_customer(is_inactive=True, last_modified=T1), ap_customer()), ManualAction)
    assert first.key == later.key
    skip = only(plan_customer(ns_customer(is_inactive=True), ap_customer(), archive_reported=True), Skip)
    assert skip.rule == "F6"


def test_F6_inactive_customer_never_created_in_ap_is_skipped():
    assert only(plan_customer(ns_customer(is_inactive=True), None), Skip).rule == "F6"


def test_F6_inactive_customer_already_archived_in_ap_is_skipped():
    assert only(plan_customer(ns_customer(is_inactive=True), ap_customer(archived=True)), Skip).rule == "F6"


def test_F6_deleted_customer_is_reported_for_archiving_by_hand():
    report = only(plan_customer_deletion(deletion("customer", "4"), ap_customer()), ManualAction)
    assert report.rule == "F6"
    assert "deleted" in report.message


def test_S8_customers_are_not_archived_in_ap_when_deleted():
    decisions = plan_customer_deletion(deletion("customer", "4"), ap_customer())
    assert not [d for d in decisions if isinstance(d, Mutation)]


def test_S6_ap_customer_without_external_id_is_never_created_in_netsuite():
    assert only(plan_ap_customer(ap_customer(external_id=None)), Skip).rule == "S6"


def test_S6_ap_customer_from_netsuite_is_left_to_F1():
    assert only(plan_ap_customer(ap_customer()), Skip).rule == "F1"
