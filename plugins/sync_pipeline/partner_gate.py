"""The first task of each partner in a scheduled run: should this partner sync now?

A connected partner goes on without a request. A partner waiting to reconnect
(C4) or in error gets one cheap link check per run: when it passes (the
partner re-authorised), the status returns to connected and the sync resumes;
when it fails, the partner's tasks are skipped, with the reason in the log.
"""

from __future__ import annotations

import logging

from sync_pipeline.context import RunContext
from sync_pipeline.partner_status import set_status

log = logging.getLogger(__name__)


def gate(ctx: RunContext, need_twelve_months: bool = False) -> dict:
    from airflow.sdk.exceptions import AirflowSkipException

    partner = ctx.partner
    if need_twelve_months and not partner.twelve_months_done:
        raise AirflowSkipException(f"partner {ctx.partner_id}: initial sync has not read the last 12 months yet")
    if partner.status == "pending" and not need_twelve_months:
        raise AirflowSkipException(f"partner {ctx.partner_id}: initial sync still running (status pending)")
    if partner.status in ("reconnect_required", "error"):
        result = ctx.netsuite.check_link()
        if not result.ok:
            raise AirflowSkipException(f"partner {ctx.partner_id} is {partner.status}: {partner.status_message}")
        log.info("partner %s: NetSuite link works again; back to connected", ctx.partner_id)
        set_status(ctx, "connected" if partner.initial_phase == "done" else "pending", "link restored")
    return {"partner": ctx.partner_id, "status": ctx.partner.status}


def scheduled_partners(only: str | None = None, warehouse_conn_id: str = "warehouse_default") -> list[str]:
    """Partners a scheduled run covers: all whose initial sync has begun, or the one named."""
    from warehouse import engine_for, partners

    engine = engine_for(warehouse_conn_id)
    if only:
        return [partners.get(engine, only).partner_id]
    return [p.partner_id for p in partners.all_partners(engine) if p.initial_phase != "not_started"]
