"""What the Partners page shows of each partner, read through the warehouse's modules."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from netsuite_ap_sync.operations_ui.airflow_runs import AirflowRuns, run_url
from netsuite_ap_sync.warehouse import drift_findings, fee_accounts, partners, quarantine, reports, sync_state

ACCOUNT_FIELDS = (
    ("Undeposited Funds", "undeposited_funds_account_id"),
    ("Bank", "bank_account_id"),
    ("Fee", "fee_account_id"),
    ("Other deposits", "other_deposits_account_id"),
)


@dataclass
class PartnerView:
    partner: partners.Partner
    open_quarantine: int
    open_manual_actions: int
    watermarks: list[dict]
    last_runs: list[dict] = field(default_factory=list)
    # The latest drift audit's {findings, for_a_person, run_id, audited_at}; None: not audited yet.
    drift: dict | None = None
    # F4a/F4b: fee kind -> account id, for the kinds given an account of their own.
    fee_accounts: dict[str, str] = field(default_factory=dict)

    @property
    def progress_percent(self) -> int:
        total = self.partner.progress_done + self.partner.progress_left
        if self.partner.initial_phase == "done":
            return 100
        return round(100 * self.partner.progress_done / total) if total else 0

    @property
    def accounts(self) -> list[tuple[str, str | None]]:
        chosen = [(label, getattr(self.partner, attribute)) for label, attribute in ACCOUNT_FIELDS]
        return chosen + [(f"Fee {kind}", account) for kind, account in sorted(self.fee_accounts.items())]


def partner_views(engine: Engine, runs: AirflowRuns) -> list[PartnerView]:
    quarantined, manual = quarantine.open_counts(engine), reports.open_manual_action_counts(engine)
    views = [
        PartnerView(
            p,
            quarantined.get(p.partner_id, 0),
            manual.get(p.partner_id, 0),
            sync_state.watermarks(engine, p.partner_id),
        )
        for p in partners.all_partners(engine)
    ]
    reported = {view.partner.partner_id: reports.partner_runs(engine, view.partner.partner_id) for view in views}
    states = runs.states((r["dag_id"], r["run_id"]) for rows in reported.values() for r in rows)
    drift, by_fee_kind = drift_findings.counts(engine), fee_accounts.all_chosen(engine)
    for view in views:
        view.fee_accounts = by_fee_kind.get(view.partner.partner_id, {})
        view.last_runs = last_runs_per_dag(reported[view.partner.partner_id], states)
        view.drift = drift.get(view.partner.partner_id)
    return views


def last_runs_per_dag(reported: list[dict], states: dict[tuple[str, str], str]) -> list[dict]:
    """Per DAG: the latest run that reported for the partner, and the latest that succeeded."""
    by_dag: dict[str, dict] = {}
    for row in reported:  # newest first within each DAG
        entry = by_dag.setdefault(row["dag_id"], {"dag_id": row["dag_id"], "latest": None, "succeeded": None})
        run = {**row, "state": states.get((row["dag_id"], row["run_id"]), "unknown")}
        run["url"] = run_url(row["dag_id"], row["run_id"])
        entry["latest"] = entry["latest"] or run
        if entry["succeeded"] is None and run["state"] == "success":
            entry["succeeded"] = run
    return sorted(by_dag.values(), key=lambda e: e["dag_id"])
