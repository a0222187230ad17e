"""Everything one step of one run needs for one partner."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse import engine_for, partners
from netsuite_ap_sync.warehouse.engine import DEFAULT_CONN_ID
from netsuite_ap_sync.warehouse.partner_scope import PartnerWarehouse
from netsuite_ap_sync.warehouse.partners import Partner


@dataclass
class RunContext:
    partner: Partner
    engine: Engine
    run_id: str
    dag_id: str
    dry_run: bool = False

    @property
    def partner_id(self) -> str:
        return self.partner.partner_id

    @functools.cached_property
    def wh(self) -> PartnerWarehouse:
        """The warehouse as this partner's: the engine and partner id bound."""
        return PartnerWarehouse(self.engine, self.partner_id)

    @functools.cached_property
    def netsuite(self):
        """The partner's NetSuite hook; every request it sends holds one of the partner's slots."""
        from netsuite_ap_sync.warehouse.slots import PartnerSlots
        from netsuite_hook.hook import NetSuiteHook

        gate = PartnerSlots(self.engine, self.partner_id, self.partner.netsuite_concurrency)
        return NetSuiteHook(self.partner.netsuite_conn_id, gate=gate)

    def netsuite_workers(self, want: int) -> int:
        """Threads for a parallel NetSuite read or post: ``want``, at most the partner's slots."""
        return max(1, min(want, self.partner.netsuite_concurrency))

    @functools.cached_property
    def ap(self):
        from alternative_payments_hook.hook import AlternativePaymentsHook

        return AlternativePaymentsHook(self.partner.ap_conn_id)

    def refresh(self) -> None:
        """Re-read the partner row (status, phase and accounts change during a run)."""
        self.partner = partners.get(self.engine, self.partner_id)


def context_for(
    partner_id: str, run_id: str, dag_id: str, dry_run: bool = False, warehouse_conn_id: str = DEFAULT_CONN_ID
) -> RunContext:
    engine = engine_for(warehouse_conn_id)
    return RunContext(partners.get(engine, partner_id), engine, run_id, dag_id, dry_run)
