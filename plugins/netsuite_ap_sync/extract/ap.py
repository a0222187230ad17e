"""Extract AP payments and payouts incrementally (by updated_at) into staging."""

from __future__ import annotations

from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.engine.objects import ObjectSpec
from netsuite_ap_sync.extract.extracted import Extracted
from netsuite_ap_sync.mapping import staging_rows
from netsuite_ap_sync.warehouse import staging
from netsuite_ap_sync.warehouse.sync_state import get_watermark


def _read(ctx: RunContext, spec: ObjectSpec, pages, to_row, enrich=None) -> Extracted:
    since = get_watermark(ctx.engine, ctx.partner_id, spec.watermark)
    out = Extracted()
    for page in pages(updated_at_start=since) if since else pages():
        objs = [enrich(obj) if enrich else obj for obj in page]
        rows = [to_row(obj, ctx.partner_id, ctx.run_id) for obj in objs]
        out.read += len(rows)
        out.staged += staging.insert(ctx.engine, spec.table, rows)
    return out


def extract_payments(ctx: RunContext, spec: ObjectSpec) -> Extracted:
    return _read(ctx, spec, ctx.ap.iter_payments, staging_rows.ap_payment)


def extract_payouts(ctx: RunContext, spec: ObjectSpec) -> Extracted:
    """Payouts with the ids of the payments they paid out (one extra request per changed payout)."""

    def with_payments(payout: dict) -> dict:
        ids = [str(p["id"]) for page in ctx.ap.iter_payout_transactions(str(payout["id"])) for p in page]
        return {**payout, "payment_ids": ids}

    return _read(ctx, spec, ctx.ap.iter_payouts, staging_rows.ap_payout, with_payments)
