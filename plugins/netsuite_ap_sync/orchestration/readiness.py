"""The first task of each partner in a scheduled run: should this partner sync now?

A connected partner goes on without a request. A partner waiting to reconnect
(C4) or in error gets one cheap link check per run: when it passes (the
partner re-authorised), the status returns to connected and the sync resumes;
when it fails, the partner's tasks are skipped, with the reason in the log.
"""

from __future__ import annotations

import logging

from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.partners.status import set_status

log = logging.getLogger(__name__)


def ready_to_sync(ctx: RunContext, need_twelve_months: bool = False) -> dict:
    from airflow.sdk.exceptions import AirflowSkipException

    partner = ctx.partner
    if partner.disconnected:
        raise AirflowSkipException(f"partner {ctx.partner_id} is disconnected: {partner.status_message or 'no reason'}")
    if need_twelve_months and not partner.twelve_months_done:
        raise AirflowSkipException(f"partner {ctx.partner_id}: initial sync has not read the last 12 months yet")
    if partner.status == "pending" and not need_twelve_months:
        raise AirflowSkipException(f"partner {ctx.partner_id}: initial sync still running (status pending)")
    if partner.status in ("reconnect_required", "error") and not restore_link(ctx):
        raise AirflowSkipException(f"partner {ctx.partner_id} is {partner.status}: {partner.status_message}")
    return {"partner": ctx.partner_id, "status": ctx.partner.status}


def restore_link(ctx: RunContext) -> bool:
    """One cheap link check for a partner waiting to reconnect (C4) or in error: when it
    passes, the status returns to connected (or pending, mid initial sync)."""
    if not ctx.netsuite.check_link().ok:
        return False
    log.info("partner %s: NetSuite link works again; back to connected", ctx.partner_id)
    set_status(ctx, "connected" if ctx.partner.initial_phase == "done" else "pending", "link restored")
    return True


def takes_part(partner, need_twelve_months: bool) -> bool:
    """Whether a scheduled cycle covers the partner at all (before any link check): the payments
    cycle once the last 12 months are read, the hourly one once the initial sync is done; neither
    a disconnected partner."""
    if partner.disconnected:
        return False
    if need_twelve_months:
        return partner.twelve_months_done
    return partner.initial_phase != "not_started" and partner.status != "pending"
