"""The demo's scenario as task steps: initial sync, account set-up (payment reversals
automatic), AP payments (full, partial, failing, on an AP-created invoice), a refund
before its payout, payouts, the payments sync, a refund and a chargeback after the
deposits, NetSuite edits and the hourly sync, each DAG's steps in the order its step list declares.

AP and NetSuite activity between syncs is ``demo.scenario``'s, made through
the sandboxes' controls (which are never faulted).
"""

from __future__ import annotations

from chaos.tasks import StepSkipped, TaskRunner
from demo import scenario as demo
from netsuite_ap_sync.orchestration.run_steps import walk

USD = 1
# demo.scenario.pick_invoices needs seven invoices with a balance, one of them untouched; a few more leave room
# for two full payments (one refunded before its payout).
OPEN_INVOICES = 12


class Scenario:
    """One partner's scenario, every step through ``runner``; ``label`` keeps run ids unique."""

    def __init__(self, world, runner: TaskRunner, label: str) -> None:
        self.world = world
        self.runner = runner
        self.label = label
        self.cycles = 0
        self.results: dict[str, list] = {}

    def _run_id(self, dag_id: str) -> str:
        self.cycles += 1
        return f"{dag_id}__{self.label}_{self.cycles}"

    def _step(self, dag_id: str, run_id: str, step: str, **arguments):
        result = self.runner.run(dag_id, run_id, step, **arguments)
        self.results.setdefault(step, []).append(result)
        return result

    def _steps(self, dag_id: str, run_id: str, steps: str) -> None:
        walk(steps, lambda step, arguments: self._step(dag_id, run_id, step, **arguments))

    def initial_sync(self) -> None:
        self._steps("netsuite_initial_sync", self._run_id("netsuite_initial_sync"), "initial")

    def set_up_accounts(self) -> None:
        run_id = self._run_id("netsuite_account_setup")
        self._step("netsuite_account_setup", run_id, "choose_accounts", **self.world.chosen_accounts())

    def automatic_reversals(self) -> None:
        """R4: the partner books refunds, chargebacks and ACH returns in NetSuite (set-up, not a task)."""
        from netsuite_ap_sync.partners import reversal_settings

        reversal_settings.choose(self.world.ctx("settings"), "automatic", self.world.chosen_accounts()["fee"])

    def cycle(self, dag_id: str, steps: str, gate: dict) -> None:
        run_id = self._run_id(dag_id)
        try:
            self._step(dag_id, run_id, "partner_ready", **gate)
        except StepSkipped:
            return
        self._steps(dag_id, run_id, steps)

    def payments_sync(self) -> None:
        self.cycle("netsuite_payments_sync", "payments", {"need_twelve_months": True})

    def hourly_sync(self) -> None:
        self.cycle("netsuite_hourly_sync", "hourly", {})

    def top_up_open_invoices(self, wanted: int = OPEN_INVOICES) -> int:
        """The partner bills a few more USD customers, so the scenario has the open invoices it needs
        whatever the generated data set holds; returns how many invoices were added."""
        records = self.world.ns_controls.records({"customers", "invoices"})
        customers = [c["id"] for c in records["customers"] if c["currency"] == USD and c["isinactive"] == "F"]
        open_now = sum(
            1
            for i in records["invoices"]
            if i["currency"] == USD and i["status"] == "A" and not i["foreignamountpaid"] and i["entity"] in customers
        )
        added = max(0, wanted - open_now)
        for n in range(added):
            rate = 100.0 + 17.5 * n
            self.world.ns_controls.create_invoice(
                customers[n % len(customers)], [{"item": 1, "quantity": 1, "rate": rate}]
            )
        return added

    def play(self) -> dict:
        """The whole scenario; returns what happened in AP and NetSuite between syncs."""
        self.top_up_open_invoices()
        self.initial_sync()
        self.set_up_accounts()
        self.automatic_reversals()
        payments = demo.ap_activity(self.world)
        self.payments_sync()
        demo.refund_before_payout(self.world, payments)
        payouts = demo.fail_and_pay_out(self.world, payments)
        self.payments_sync()
        reversed_after_deposit = demo.reverse_after_deposit(self.world, payments)
        changes = demo.netsuite_changes(self.world, payments["netsuite"])
        self.hourly_sync()
        self.payments_sync()
        return {
            "payments": payments,
            "payouts": payouts,
            "reversed_after_deposit": reversed_after_deposit,
            "netsuite_changes": changes,
        }
