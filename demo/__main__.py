"""``make demo``: the main job end to end on the embedded defaults.

A SQLite warehouse, both sandboxes on loopback, and every sync run through
Airflow itself (``airflow dags test``): initial sync, account set-up, AP
payments and payouts, the payments sync (a refund listed by hand while the
partner's payment reversals are manual), NetSuite edits, the hourly sync, and
a refund and a chargeback booked in NetSuite once they are automatic; then
invariants I1-I5 checked against both systems, a reconciliation summary, and
an HTML report.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

from harness.connections import WAREHOUSE_CONN_ID, AirflowConnections
from harness.partner import netsuite_accounts_to_choose
from harness.warehouses import sqlite_connection

ROOT = Path(__file__).resolve().parent.parent
PARTNER, NETSUITE_CONN, AP_CONN = "demo", "netsuite_demo", "ap_demo"


def say(message: str) -> None:
    print(f"[demo {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Demo:
    def __init__(self, work_dir: Path, customers: int, invoices: int, warehouse_db: Path | None = None):
        self.work_dir = work_dir
        # `make demo` passes the Makefile's WAREHOUSE_DB, which `make up` and partners_cli use too.
        self.warehouse_db = warehouse_db or work_dir / "warehouse.db"
        self.customers, self.invoices = customers, invoices
        self.stages: dict[str, float] = {}
        # Set in this process too: the demo reads the warehouse and NetSuite's accounts itself.
        self.connections = AirflowConnections()
        self.boxes = None
        self._last_progress = None
        self.webhooks = None

    # --- set-up ---------------------------------------------------------------------

    def set_up(self) -> None:
        shutil.rmtree(self.work_dir, ignore_errors=True)
        (self.work_dir / "logs").mkdir(parents=True)
        # The sandboxes start empty: what a warehouse remembers of an earlier run would point at nothing.
        # Its schema comes from the warehouse_migrate DAG, through Airflow.
        self.connections.set(WAREHOUSE_CONN_ID, sqlite_connection(self.warehouse_db, fresh=True))
        say(f"warehouse {self.warehouse_db} (new)")
        from demo import sandboxes

        say(f"starting the NetSuite sandbox ({self.customers} customers, {self.invoices} invoices over 3 years)")
        self.boxes = sandboxes.start(self.customers, self.invoices, 3.0, str(self.work_dir / "netsuite.db"))
        say(f"NetSuite sandbox on {self.boxes.netsuite_server.base_url}, AP sandbox on {self.boxes.ap_server.base_url}")
        say(
            f"AP's documented limit is {sandboxes.DOCUMENTED_AP_RATE:.0f} requests/second; the AP sandbox and the "
            f"demo's connection are raised to {sandboxes.DEMO_AP_RATE:.0f}/s so this runs in minutes (see README)"
        )
        self.connections.set(NETSUITE_CONN, self.boxes.netsuite_connection())
        self.connections.set(AP_CONN, self.boxes.ap_connection())

    def run(self, stage: str, dag_id: str, conf: dict | None = None, watch: bool = False) -> None:
        from demo.airflow_runs import dags_test

        say(f"{stage}: airflow dags test {dag_id}")
        tick = self._show_progress if watch else None
        self.stages[stage] = dags_test(dag_id, self.connections.env(), self.work_dir / "logs", conf, tick)
        say(f"{stage}: done in {self.stages[stage]:.1f}s")

    def _show_progress(self) -> None:
        from netsuite_ap_sync.warehouse import engine_for, partners

        try:
            p = partners.get(engine_for(), PARTNER)
        except Exception:  # the run has not registered or migrated yet
            return
        now = (p.status, p.initial_phase, p.progress_done, p.progress_left)
        if now != self._last_progress:
            self._last_progress = now
            status, phase, done, left = now
            say(f"  partner {PARTNER}: status {status}, phase {phase}, done {done}, left {left}")

    # --- the scenario -----------------------------------------------------------------

    def main(self) -> int:
        from demo import report, scenario

        self.set_up()
        self._start_webhook_receiver()
        self.run("schema", "warehouse_migrate")
        self.run(
            "register partner",
            "netsuite_register_partner",
            {"partner": PARTNER, "name": "Demo IT Services", "netsuite_conn_id": NETSUITE_CONN, "ap_conn_id": AP_CONN},
        )
        say(f"AP webhooks: {self.webhooks.subscriptions(self.boxes)} subscriptions of the demo partner's endpoint")
        self.run("initial sync", "netsuite_initial_sync", {"partner": PARTNER}, watch=True)
        self._show_progress()
        accounts = self._choose_accounts()
        self.run("account set-up", "netsuite_account_setup", {"partner": PARTNER, **accounts})
        payments = scenario.ap_activity(self.boxes)
        say(
            f"AP: {len(payments['full'])} full, {len(payments['partial'])} partial and 1 ACH payment on synced "
            "invoices, 1 on an invoice created in AP"
        )
        self.run("payments sync", "netsuite_payments_sync")
        refunded = scenario.refund_before_payout(self.boxes, payments)
        payouts = scenario.fail_and_pay_out(self.boxes, payments)
        say(
            f"AP: payment {refunded} refunded and the ACH payment came back (R01) after posting; "
            f"{len(payouts)} payouts made; payment reversals are manual, so both are listed by hand (S2)"
        )
        self.run("payments sync (payouts)", "netsuite_payments_sync")
        self._automatic_reversals()
        reversed_after_deposit = scenario.reverse_after_deposit(self.boxes, payments)
        say(
            f"AP: deposited payment {reversed_after_deposit['refunded']} refunded, "
            f"{reversed_after_deposit['charged_back']} charged back; both are booked in NetSuite (R1, R2)"
        )
        changes = scenario.netsuite_changes(self.boxes, payments["netsuite"])
        say(
            f"NetSuite: invoice {changes['edited']} edited, {changes['credited']} credited, "
            f"{changes['deleted']} deleted, {changes['paid_in_full']} paid in full"
        )
        added = scenario.netsuite_additions(self.boxes, payments)
        say(
            f"NetSuite: customer {added['customer_without_email']} added without an email, with invoice "
            f"{added['its_invoice']}; invoice {added['refused']} added for customer {added['archived_in_ap']}, "
            "whom the partner archived in AP"
        )
        self.run("hourly sync", "netsuite_hourly_sync")
        self.run("payments sync (reversals)", "netsuite_payments_sync")
        self._payment_by_webhook()
        return self._reconcile(report)

    def _automatic_reversals(self) -> None:
        """R4: the partner switches payment reversals to automatic, dispute fees to its first expense account."""
        from netsuite_ap_sync.engine.context import context_for
        from netsuite_ap_sync.partners import reversal_settings

        ctx = context_for(PARTNER, "demo", "demo")
        chosen = reversal_settings.choose(ctx, "automatic", netsuite_accounts_to_choose(ctx)["fee"])
        say(f"payment reversals set to automatic, dispute fees to {chosen['dispute_fee']}")

    def _start_webhook_receiver(self) -> None:
        from demo.webhook_payment import WebhookPayment

        self.webhooks = WebhookPayment(PARTNER)
        say(f"AP webhook receiver on {self.webhooks.start_receiver()}/webhooks/ap/{PARTNER}")

    def _payment_by_webhook(self) -> None:
        from demo.webhook_payment import line

        say("AP: a customer pays 1.00; AP delivers payment_succeeded to the receiver")
        outcome = self.webhooks.pay_and_post(self.boxes, self.connections.env(), self.work_dir / "logs")
        self.stages["payment by webhook"] = outcome["posted"] or outcome["dag_started"] + outcome["dag"]
        say(line(outcome))

    def _choose_accounts(self) -> dict[str, str]:
        from netsuite_ap_sync.engine.context import context_for

        chosen = netsuite_accounts_to_choose(context_for(PARTNER, "demo", "demo"))
        say(f"accounts chosen from NetSuite's own list: {chosen}")
        return chosen

    def _reconcile(self, report) -> int:
        from netsuite_ap_sync.engine.context import context_for
        from netsuite_ap_sync.tools.audit import audit

        say("checking invariants I1-I5 against both sandboxes")
        ctx = context_for(PARTNER, "demo-audit", "demo")
        result = audit(ctx)
        print_summary(result)
        path = report.write(self.work_dir / "report.html", ctx.engine, PARTNER, self.stages, result)
        say(f"report: {path}")
        if result["violations"]:
            for violation in result["violations"]:
                print(f"violation: {violation}")
            return 1
        print("reconciled: OK")
        return 0

    def stop(self) -> None:
        if self.webhooks:
            self.webhooks.stop()
        if self.boxes:
            self.boxes.stop()
            say("sandboxes stopped")


def print_summary(result: dict) -> None:
    summary = result["summary"]
    print("\nWhat moved")
    for m in summary["moved"]:
        arrow = "NetSuite → AP" if m["target_system"] == "ap" else "AP → NetSuite"
        print(f"  {arrow:15} {m['action']:26} {m['status']:20} {m['n']}")
    print("Held (waiting, never dropped)")
    for h in summary["held"] or [{"kind": "nothing", "outcome_rule": "", "n": ""}]:
        print(f"  {h['kind']:15} {h['outcome_rule'] or '':26} {h['n']}")
    print("Quarantined, with the reason")
    for check, n in sorted(summary["quarantined"].items()) or [("nothing", "")]:
        print(f"  {check:42} {n}")
        if check in summary.get("quarantine_reasons", {}):
            print(f"      e.g. {summary['quarantine_reasons'][check]}")
    print("For a person to do")
    for action in summary["manual_actions"] or [{"rule": "-", "message": "nothing"}]:
        print(f"  [{action['rule']}] {action['message']}")
    print(f"Checked: {json.dumps(result['checked'])}\n")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m demo", description=__doc__)
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--invoices", type=int, default=2000)
    parser.add_argument("--work-dir", type=Path, default=ROOT / ".demo")
    parser.add_argument(
        "--warehouse-db",
        type=Path,
        help="the SQLite warehouse file, made new (default: warehouse.db in the work dir; make demo passes the "
        "file make up and partners_cli use)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    demo = Demo(args.work_dir, args.customers, args.invoices, args.warehouse_db)
    try:
        code = demo.main()
    finally:
        demo.stop()
    say(f"finished in {time.monotonic() - started:.0f}s")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
