"""Extract AP objects (payments, payouts) incrementally (by updated_at) into staging."""

from __future__ import annotations

from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.engine.objects import ObjectSpec
from netsuite_ap_sync.extract.extracted import Extracted


def _read(ctx: RunContext, spec: ObjectSpec, pages, to_row, enrich=None) -> Extracted:
    since = ctx.wh.watermark(spec.watermark)
    out = Extracted()
    for page in pages(updated_at_start=since) if since else pages():
        objs = [enrich(obj) if enrich else obj for obj in page]
        rows = [to_row(obj, ctx.partner_id, ctx.run_id) for obj in objs]
        out.read += len(rows)
        out.staged += ctx.wh.table(spec.table).insert(rows)
    return out


def extract_ap_records(ctx: RunContext, spec: ObjectSpec) -> Extracted:
    """The object's records changed since its watermark, read with the hook's ``spec.ap_pages``."""
    return _read(ctx, spec, getattr(ctx.ap, spec.ap_pages), spec.to_row)


def extract_payouts(ctx: RunContext, spec: ObjectSpec) -> Extracted:
    """Payouts with the ids of the payments they paid out (one extra request per changed payout)."""

    def with_payments(payout: dict) -> dict:
        ids = [str(p["id"]) for page in ctx.ap.iter_payout_transactions(str(payout["id"])) for p in page]
        return {**payout, "payment_ids": ids}

    return _read(ctx, spec, getattr(ctx.ap, spec.ap_pages), spec.to_row, with_payments)
