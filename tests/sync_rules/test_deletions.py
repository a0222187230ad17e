"""NetSuite deletions routed to their rules (F5/S8, F6, F7, F4)."""

from __future__ import annotations

import pytest

from netsuite_ap_sync.rules.decisions import ManualAction, Mutation, Skip
from netsuite_ap_sync.rules.deletions import plan_deletion
from tests.sync_rules.factories import ap_customer, ap_invoice_for, deletion, ns_invoice


def test_F5_deleted_invoice_is_archived():
    [archive] = plan_deletion(deletion("invoice"), ap_invoice=ap_invoice_for(ns_invoice()))
    assert isinstance(archive, Mutation) and archive.action == "archive_invoice"


def test_F6_deleted_customer_is_reported():
    [report] = plan_deletion(deletion("customer", "4"), ap_customer=ap_customer())
    assert isinstance(report, ManualAction) and report.rule == "F6"
    [skip] = plan_deletion(deletion("customer", "4"), ap_customer=ap_customer(), archive_reported=True)
    assert isinstance(skip, Skip) and skip.rule == "F6"


def test_F7_deleted_customer_payment_is_recorded():
    [skip] = plan_deletion(deletion("CustomerPayment", "cp-1"), ap_payment_id="pay_1")
    assert skip.rule == "F7"


def test_F4_deleted_deposit_is_never_posted_again():
    [skip] = plan_deletion(deletion("deposit", "dep-1"))
    assert skip.rule == "F4"


@pytest.mark.parametrize("record_type", ["salesorder", "creditmemo", "vendorbill"])
def test_I4_deletion_of_untracked_type_gets_an_outcome(record_type):
    [skip] = plan_deletion(deletion(record_type, "9"))
    assert isinstance(skip, Skip) and skip.rule == "I4"
    assert record_type in skip.reason
