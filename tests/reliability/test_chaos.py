"""The demo scenario under injected faults (429s, 500s, dropped connections,
latency spikes in both sandboxes) with task processes SIGKILLed and retried:
I1-I5 hold, nothing is duplicated, nothing expected is missing.

``python -m chaos`` runs the same code for more seeds and a bigger data set.
"""

from __future__ import annotations

import pytest

from chaos.checks import count_records, unexplained_quarantine
from chaos.faults import FaultRates
from chaos.kill_points import KillPolicy
from chaos.runs import ChaosConfig, run_chaos

# A small data set, and the hooks' waits between retries shortened (the retries are the same).
SMALL = {"customers": 8, "invoices": 30, "years": 0.3, "backoff_scale": 0.2}
# Seed -> where task processes die: anywhere at random, or every step once right after
# its first remote call returned (before the ledger write), or right after the ledger write.
KILLS = {
    101: KillPolicy(rate=0.35),
    202: KillPolicy(rate=1.0, max_per_step=1, points=("after_call_before_ledger",), nth=1),
    303: KillPolicy(rate=1.0, max_per_step=1, points=("after_ledger",), nth=1),
}


@pytest.mark.parametrize("seed", sorted(KILLS))
def test_I1_to_I5_hold_under_faults_and_killed_task_processes(seed, tmp_path):
    config = ChaosConfig(runs=1, seed=seed, kills=KILLS[seed], rates=FaultRates(), work_dir=tmp_path, **SMALL)
    report = run_chaos(config, echo=lambda _line: None)

    [run] = report.runs
    assert report.problems() == []
    assert (report.duplicates, report.missing, report.violations) == (0, 0, 0)
    assert run.faults["ap:429"] + run.faults["netsuite:throttle"] > 0, "faults were injected in both systems"
    assert sum(n for kind, n in run.faults.items() if kind.startswith("ap:")) > 0
    assert sum(n for kind, n in run.faults.items() if kind.startswith("netsuite:")) > 0
    if KILLS[seed].points:
        [point] = KILLS[seed].points
        assert run.kills_by_point.get(point, 0) >= 3, "every posting step was killed once at that point"
    assert run.step_results["post_payments"][-1]["posted"] >= 0
    # R1-R3: a refund before its payout, an ACH return, a refund and a chargeback after the deposits.
    assert run.check.checked["ns_customer_refunds"] >= 3


# --- The counts themselves -------------------------------------------------------------------

NO_EXEMPTIONS = {"S2": set(), "F7": set()}


def _ns(payments=(), deposits=(), customers=(), invoices=()):
    return {
        "payments": list(payments),
        "deposits": list(deposits),
        "customers": list(customers),
        "invoices": list(invoices),
        "deleted": [],
    }


def _ap(invoices=(), customers=(), payments=(), payouts=()):
    return {
        "invoices": list(invoices),
        "customers": list(customers),
        "payments": list(payments),
        "payouts": list(payouts),
    }


def _ns_invoice(iid, unpaid=100.0, currency=1):
    return {"id": iid, "currency": currency, "voided": "F", "status_label": "Open", "foreignamountunpaid": unpaid}


def test_counts_find_a_customer_payment_posted_twice_under_one_external_id():
    ns = _ns(payments=[{"externalid": "apay-p1"}, {"externalid": "apay-p1"}, {"externalid": None}])
    ap = _ap(
        invoices=[{"id": "in_1", "external_id": "1001", "status": "paid"}],
        payments=[{"id": "p1", "invoice_id": "in_1", "status": "succeeded"}],
    )
    duplicates, missing, _ = count_records(ns, ap, NO_EXEMPTIONS)
    assert duplicates == ["NetSuite customer payment external id apay-p1 x2"]
    assert missing == []


def test_counts_find_ap_invoices_duplicated_by_external_id():
    ap = _ap(invoices=[{"id": "a", "external_id": "7", "status": "open"}, {"id": "b", "external_id": "7"}])
    duplicates, _, _ = count_records(_ns(), ap, NO_EXEMPTIONS)
    assert duplicates == ["AP invoices external id 7 x2"]


def test_counts_find_missing_payments_deposits_customers_and_invoices():
    ns = _ns(customers=[{"id": 101}], invoices=[_ns_invoice(1001), _ns_invoice(1002, currency=4)])
    ap = _ap(
        invoices=[{"id": "in_ap", "external_id": None, "status": "paid"}],
        payments=[
            {"id": "p1", "invoice_id": "in_ap", "status": "succeeded", "payout_id": "po1"},
            {"id": "p2", "invoice_id": "in_ap", "status": "failed"},
        ],
        payouts=[{"id": "po1", "status": "succeeded"}],
    )
    _, missing, _ = count_records(ns, ap, NO_EXEMPTIONS)
    assert missing == [
        "deposit for AP payout po1",
        "AP customer for NetSuite customer 101",
        "AP invoice for unpaid NetSuite invoice 1001",
    ], "the EUR invoice is not expected in AP; a payout of stand-alone (S7) payments is a deposit too"


def test_counts_accept_what_the_rules_exempt():
    ns = _ns(invoices=[_ns_invoice(1001)])
    ap = _ap(
        invoices=[{"id": "in_1", "external_id": "1001", "status": "open"}],
        payments=[
            {"id": "p1", "invoice_id": "in_1", "status": "succeeded"},
            {"id": "p2", "invoice_id": "in_1", "status": "succeeded"},
        ],
    )
    exempt = {"S2": {"p1"}, "F7": {"p2"}}
    assert count_records(ns, ap, exempt)[:2] == ([], [])


def test_I1_counts_find_reversals_booked_twice_or_missing():
    ns = _ns(payments=[{"externalid": "apay-p1"}, {"externalid": "apay-p2"}, {"externalid": "apay-p3"}])
    ns["refunds"] = [{"externalid": "arfd-p1"}, {"externalid": "arfd-p1"}]
    ns["credits"] = [{"externalid": "arcm-p1"}]
    ap = _ap(
        invoices=[{"id": "in_1", "external_id": "1001", "status": "open"}],
        payments=[
            {"id": "p1", "invoice_id": "in_1", "status": "refunded"},
            {"id": "p2", "invoice_id": "in_1", "status": "chargeback"},
            {"id": "p3", "invoice_id": "in_1", "status": "failed"},
        ],
    )
    exempt = {"S2": set(), "R3": {"p3"}, "F7": set()}
    duplicates, missing, counts = count_records(ns, ap, exempt, automatic_reversals=True)
    assert duplicates == ["NetSuite customer refund external id arfd-p1 x2"]
    assert missing == ["customer refund for chargeback AP payment p2"], "p3 was listed by hand (R3)"
    assert count_records(ns, ap, exempt)[1] == [], "a manual partner's reversals are listed by hand (S2)"
    assert counts["ns_customer_refunds"] == 1


def test_only_quarantines_the_data_explains_are_accepted():
    ns = _ns(invoices=[_ns_invoice(1001, currency=4) | {"entity": 102}, _ns_invoice(1002) | {"entity": 105}])
    entries = [
        {"object_type": "invoice", "source_id": "1001", "check_name": "gx:currency_known", "reason": "EUR"},
        {"object_type": "invoice", "source_id": "1002", "check_name": "gx:customer_known", "reason": "not synced"},
    ]
    assert unexplained_quarantine(entries, ns) == ["invoice 1002 quarantined (gx:customer_known: not synced)"]
    entries.append({"object_type": "customer", "source_id": "105", "check_name": "gx:entity_id_present", "reason": ""})
    assert unexplained_quarantine(entries, ns) == ["customer 105 quarantined (gx:entity_id_present: )"]


def test_every_kill_point_wraps_a_function_that_exists_and_reversals_can_be_killed_while_planned():
    import importlib

    from chaos.kill_points import POINTS, points_for

    for point, (module, function, _) in POINTS.items():
        assert callable(getattr(importlib.import_module(module), function, None)), point
    assert {"after_reversal_facts", "after_deposit_lookup", "after_call_before_ledger"} <= set(
        points_for("post_reversals")
    )
