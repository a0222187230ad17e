"""One partner's warehouse (``ctx.wh``): the repository functions that take the engine and
a partner id, with both bound, so a step names what it reads or writes and nothing else."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import ModuleType, SimpleNamespace

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse import (
    ap_mirror,
    fee_accounts,
    id_map,
    initial_sync,
    ledger,
    partners,
    quarantine,
    reports,
    reversals,
    staging,
    sync_state,
)


def _bound(module: ModuleType, engine: Engine, partner_id: str, *names: str) -> SimpleNamespace:
    """``names`` of ``module``, each called with (engine, partner_id) first."""
    return SimpleNamespace(**{name: functools.partial(getattr(module, name), engine, partner_id) for name in names})


class PartnerWarehouse:
    def __init__(self, engine: Engine, partner_id: str) -> None:
        self.engine, self.partner_id = engine, partner_id
        self.staging = _bound(
            staging,
            engine,
            partner_id,
            "staged_with_lines",
            "drop_lines",
            "invoices_to_plan",
            "invoice_lines",
            "latest_ns_invoices",
            "latest_ap_payments",
            "deleted_invoice_ids",
            "unposted_ap_payments",
            "customers_to_create",
            "customers_not_in_ap",
            "invoices_needing_pdf",
            "close_deleted",
            "reopen_payments",
            "outcomes",
        )
        self.ap_mirror = _bound(
            ap_mirror,
            engine,
            partner_id,
            "upsert_invoices",
            "upsert_customers",
            "set_pdf_version",
            "invoices_by_external_id",
            "invoices_by_ap_id",
            "customers_by_external_id",
            "all_invoices",
            "ns_customers_of",
        )
        self.id_map = _bound(id_map, engine, partner_id, "put", "put_many", "netsuite_to_ap", "ap_id_for")
        self.ledger = _bound(
            ledger,
            engine,
            partner_id,
            "posted_facts",
            "source_of_remote",
            "deleted_by_partner",
            "mark_deleted_by_partner",
        )
        self.quarantine = _bound(quarantine, engine, partner_id, "record", "resolve", "open_entries", "open_ids")
        self.reports = _bound(
            reports,
            engine,
            partner_id,
            "manual_reported",
            "manual_actions",
            "moved",
            "held",
            "open_report",
            "record_quarantines",
            "run_quarantines",
            "write_report",
        )
        self.partner = _bound(
            partners,
            engine,
            partner_id,
            "set_phase",
            "set_status",
            "add_progress",
            "set_accounts",
            "set_payment_reversals",
        )
        self.reversals = _bound(
            reversals, engine, partner_id, "reversed_payments_since", "deposits_holding", "posted_actions"
        )
        self.fee_accounts = _bound(fee_accounts, engine, partner_id, "chosen", "replace")
        self.initial_sync = _bound(
            initial_sync, engine, partner_id, "forget", "plan_chunks", "chunks", "chunk_done", "phase_refusals"
        )

    def watermark(self, name: str) -> str | None:
        return sync_state.get_watermark(self.engine, self.partner_id, name)

    def advance_watermark(self, name: str, value: str, run_id: str) -> bool:
        return sync_state.advance_watermark(self.engine, self.partner_id, name, value, run_id)

    def table(self, name: str) -> StagingTable:
        return StagingTable(self.engine, self.partner_id, name)


class StagingTable:
    """One staging table, as one partner's records in it."""

    def __init__(self, engine: Engine, partner_id: str, name: str) -> None:
        self.engine, self.partner_id, self.name = engine, partner_id, name

    def insert(self, rows: Sequence[Mapping]) -> int:
        return staging.insert(self.engine, self.name, rows)

    def supersede(self) -> int:
        return staging.supersede(self.engine, self.name, self.partner_id)

    def open_rows(self, run_ids: Sequence[str] | None = None) -> list[dict]:
        return staging.open_rows(self.engine, self.name, self.partner_id, run_ids)

    def work_set_frames(self, run_ids: Sequence[str] | None, size: int) -> Iterator:
        return staging.work_set_frames(self.engine, self.name, self.partner_id, run_ids, size)

    def passed_batches(self, run_ids: Sequence[str] | None, size: int) -> Iterator[list[dict]]:
        return staging.passed_batches(self.engine, self.name, self.partner_id, run_ids, size)

    def raw_json_of(self, row_ids: Sequence[int]) -> dict[int, str]:
        return staging.raw_json_of(self.engine, self.name, row_ids)

    def set_validation(self, passed_ids: Sequence[int], failed: Mapping[int, str]) -> None:
        staging.set_validation(self.engine, self.name, passed_ids, failed)

    def set_outcomes(self, outcomes: Iterable[tuple[int, str, str | None]]) -> int:
        return staging.set_outcomes(self.engine, self.name, outcomes)

    def done_through(self) -> str | None:
        return staging.done_through(self.engine, self.name, self.partner_id)

    def has_open(self) -> bool:
        return staging.has_open(self.engine, self.name, self.partner_id)

    def first_open(self) -> str | None:
        return staging.first_open(self.engine, self.name, self.partner_id)
