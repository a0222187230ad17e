"""Extract AP payments and payouts incrementally (by updated_at) into staging."""

from __future__ import annotations

from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.mapping import staging_rows
from netsuite_ap_sync.warehouse import staging
from netsuite_ap_sync.warehouse.sync_state import get_watermark


def _read(ctx: RunContext, state: str, pages, to_row, table: str, enrich=None) -> dict:
    since = get_watermark(ctx.engine, ctx.partner_id, state)
    read = staged = 0
    for page in pages(updated_at_start=since) if since else pages():
        objs = [enrich(obj) if enrich else obj for obj in page]
        rows = [to_row(obj, ctx.partner_id, ctx.run_id) for obj in objs]
        read += len(rows)
        staged += staging.insert(ctx.engine, table, rows)
    return {"read": read, "staged": staged}


def extract_payments(ctx: RunContext) -> dict:
    return _read(ctx, "ap_payment", ctx.ap.iter_payments, staging_rows.ap_payment, "stg_ap_payment")


def extract_payouts(ctx: RunContext) -> dict:
    """Payouts with the ids of the payments they paid out (one extra request per changed payout)."""

    def with_payments(payout: dict) -> dict:
        ids = [str(p["id"]) for page in ctx.ap.iter_payout_transactions(str(payout["id"])) for p in page]
        return {**payout, "payment_ids": ids}

    return _read(ctx, "ap_payout", ctx.ap.iter_payouts, staging_rows.ap_payout, "stg_ap_payout", with_payments)
