"""A run that lists a new manual action says so: a WARNING naming it, and the configured notifier."""

from __future__ import annotations

import logging
from decimal import Decimal
from types import SimpleNamespace

from airflow.sdk import BaseNotifier

from netsuite_ap_sync.engine.apply import apply_record
from netsuite_ap_sync.partners import manual_action_notice
from netsuite_ap_sync.rules.decisions import ManualAction
from netsuite_ap_sync.warehouse import partners, reports
from netsuite_ap_sync.warehouse.partner_scope import PartnerWarehouse

SENT: list[dict] = []


class RecordingNotifier(BaseNotifier):
    def notify(self, context):
        SENT.append(context)


class BrokenNotifier(BaseNotifier):
    def notify(self, context):
        raise ConnectionError("chat service down")


def _revert(source_id: str = "pay_9") -> ManualAction:
    return ManualAction(
        "S2", "payment", source_id, "revert customer payment apay-pay_9 by hand", "INV-9", Decimal("12.50"), "k"
    )


def _apply(sqlite_warehouse, decision: ManualAction):
    engine = sqlite_warehouse.engine
    ctx = SimpleNamespace(
        engine=engine, wh=PartnerWarehouse(engine, "acme"), partner_id="acme", run_id="run-1", dry_run=False
    )
    return apply_record(ctx, 1, decision.source_id, [decision], {})


def test_a_new_manual_action_is_a_warning_naming_it_and_is_notified_once(sqlite_warehouse, monkeypatch, caplog):
    partners.register(sqlite_warehouse.engine, "acme", "Acme IT", "netsuite_acme", "ap_acme")
    monkeypatch.setenv(manual_action_notice.NOTIFIER_VARIABLE, f"{__name__}:RecordingNotifier")
    SENT.clear()
    with caplog.at_level(logging.WARNING, logger=manual_action_notice.__name__):
        _apply(sqlite_warehouse, _revert())
        _apply(sqlite_warehouse, _revert())  # listed once: no second warning or notification
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        "partner acme: manual action S2 on payment pay_9 invoice INV-9 amount 12.50: revert customer payment "
        "apay-pay_9 by hand (open it on the Manual actions page, mark it done there)"
    ]
    assert len(SENT) == 1 and SENT[0]["manual_action"]["invoice_number"] == "INV-9"
    assert reports.manual_action_listing(sqlite_warehouse.engine, "acme")[0]["run_id"] == "run-1"


def test_a_failing_or_unknown_notifier_never_fails_the_run(sqlite_warehouse, monkeypatch, caplog):
    partners.register(sqlite_warehouse.engine, "acme", "Acme IT", "netsuite_acme", "ap_acme")
    monkeypatch.setenv(manual_action_notice.NOTIFIER_VARIABLE, f"{__name__}:BrokenNotifier")
    with caplog.at_level(logging.WARNING, logger=manual_action_notice.__name__):
        _apply(sqlite_warehouse, _revert("pay_1"))
        monkeypatch.setenv(manual_action_notice.NOTIFIER_VARIABLE, "no_such_module:Notifier")
        _apply(sqlite_warehouse, _revert("pay_2"))
    text = caplog.text
    assert "could not send the manual-action notification (ConnectionError): chat service down" in text
    assert "SYNC_MANUAL_ACTION_NOTIFIER='no_such_module:Notifier' does not name a notifier" in text
    assert len(reports.manual_actions(sqlite_warehouse.engine, "acme")) == 2
