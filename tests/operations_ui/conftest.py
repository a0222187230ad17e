"""The operations app on a SQLite warehouse, with Airflow and NetSuite stood in for."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from netsuite_ap_sync.operations_ui import access, accounts_form, airflow_runs, app
from netsuite_ap_sync.partners.accounts import Account, AccountChoiceError
from netsuite_ap_sync.warehouse import fee_accounts, partners, quarantine, reports, sync_state

ACCOUNTS = [
    Account("10", "1100", "Undeposited Funds", "UndepFunds"),
    Account("20", "1000", "Operating Bank", "Bank"),
    Account("30", "6100", "Bank Fees", "Expense"),
    Account("40", "4900", "Other Income", "Income"),
]


@dataclass
class FakeRuns:
    triggered: list[tuple[str, str, str | None]] = field(default_factory=list)
    known: dict = field(default_factory=dict)

    def trigger_partner_sync(self, partner_id, user_name, note=None):
        self.triggered.append((partner_id, user_name, note))
        return f"manual__{len(self.triggered)}"

    def states(self, run_ids):
        return {key: self.known[key] for key in run_ids if key in self.known}


class FakeAccounts:
    def __init__(self, engine):
        self.engine = engine

    def choices(self, partner_id):
        current = partners.get(self.engine, partner_id)
        from netsuite_ap_sync.partners.accounts import ACCOUNT_TYPES, LABELS

        main = [
            accounts_form.Choice(
                kind,
                LABELS[kind],
                kind in accounts_form.REQUIRED,
                [a for a in ACCOUNTS if a.type in ACCOUNT_TYPES[kind]],
                getattr(current, f"{kind}_account_id"),
            )
            for kind in accounts_form.KINDS
        ]
        return main + accounts_form.fee_choices(ACCOUNTS, fee_accounts.chosen(self.engine, partner_id))

    def choose(self, partner_id, chosen):
        known = {a.id: a for a in ACCOUNTS}
        if chosen["bank"] not in known:
            raise AccountChoiceError(f"partner {partner_id}: bank account: NetSuite has no account {chosen['bank']!r}")
        partners.set_accounts(self.engine, partner_id, chosen["undeposited_funds"], chosen["bank"])
        by_kind = {kind: chosen.get(name) for kind, name in accounts_form.FEE_FIELDS.items()}
        fee_accounts.replace(self.engine, partner_id, {kind: a for kind, a in by_kind.items() if a})
        return {kind: known[a].name for kind, a in chosen.items() if a}

    def choose_reversals(self, partner_id, mode, dispute_fee):
        if mode == "automatic" and dispute_fee not in {a.id for a in ACCOUNTS if a.type == "Expense"}:
            raise AccountChoiceError(f"partner {partner_id}: automatic payment reversals need a dispute-fee account")
        partners.set_payment_reversals(self.engine, partner_id, mode, dispute_fee)
        return {"payment_reversals": mode}


@dataclass
class Ops:
    client: TestClient
    engine: object
    runs: FakeRuns
    who: dict


@pytest.fixture
def ops(warehouse) -> Ops:
    """The app on a seeded warehouse, SQLite and PostgreSQL."""
    engine = warehouse.engine
    seed(engine)
    application = app.create_app()
    runs, who = FakeRuns(), {"access": access.Access("alice", True)}
    application.dependency_overrides[app.warehouse] = lambda: engine
    application.dependency_overrides[airflow_runs.airflow_runs] = lambda: runs
    application.dependency_overrides[accounts_form.netsuite_accounts] = lambda: FakeAccounts(engine)
    application.dependency_overrides[access.access] = lambda: who["access"]
    return Ops(mounted(application), engine, runs, who)


def mounted(application) -> TestClient:
    """The app under /operations of a parent app, as Airflow's api-server mounts it."""
    from fastapi import FastAPI

    parent = FastAPI()
    parent.mount(app.PREFIX, application)
    return TestClient(parent, base_url=f"http://testserver{app.PREFIX}")


def seed(engine) -> None:
    partners.register(engine, "acme", "Acme IT", "netsuite_acme", "ap_acme")
    partners.set_status(engine, "acme", "pending", "reading history")
    partners.set_phase(engine, "acme", "history", done=30, left=70)
    partners.register(engine, "zen", "Zen Ops", "netsuite_zen", "ap_zen")
    quarantine.record(
        engine,
        "acme",
        [
            quarantine.Failure("customer", "501", "gx:email_present", "customer 501 has no email", {"id": 501}),
            quarantine.Failure("invoice", "9001", "F2:create_invoice_rejected", "AP refused: currency JPY"),
        ],
    )
    reports.report_manual_action(
        engine,
        "acme",
        rule="S2",
        object_type="payment",
        source_id="pay_1",
        message="revert the customer payment on invoice INV-7 by hand",
        invoice_number="INV-7",
        amount=Decimal("125.00"),
        run_id="scheduled__1",
    )
    sync_state.advance_watermark(engine, "acme", "invoice", "2026-03-01 10:00:00", "scheduled__1")
    reports.write_report(
        engine,
        "acme",
        dag_id="netsuite_hourly_sync",
        run_id="scheduled__1",
        object_type="invoice",
        direction="netsuite_to_ap",
        read_count=12,
        applied=10,
        held=1,
        skipped={},
        quarantined={},
    )
