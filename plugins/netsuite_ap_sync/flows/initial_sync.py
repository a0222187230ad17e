"""C1 and C2: check the link, then read the last 12 months, then all older history.

The partner stays ``pending`` (phase and progress visible) until both phases
are done, then becomes ``connected``. Each phase is cut into chunks of invoice
ids, stored in the warehouse so a failed chunk retries alone; unpaid invoices
come first, since they are the ones customers pay. The incremental syncs take
over from a signpost read when the initial sync started, so nothing changed
during it is missed.
"""

from __future__ import annotations

import logging
import math
import time
from datetime import date, timedelta

from airflow.sdk.exceptions import AirflowFailException

from netsuite_ap_sync.engine import refusals
from netsuite_ap_sync.engine.context import RunContext
from netsuite_ap_sync.engine.steps import report
from netsuite_ap_sync.extract.netsuite import extract_invoice_window
from netsuite_ap_sync.extract.suiteql_files import keyset_query, plain_query
from netsuite_ap_sync.flows.netsuite_to_ap import reconcile_invoices, refresh_ap_mirror, sync_customers, sync_pdfs
from netsuite_ap_sync.flows.objects import CUSTOMERS, INVOICES
from netsuite_ap_sync.partners.status import set_status
from netsuite_hook.parallel import split_key_range

log = logging.getLogger(__name__)

PHASES = ("last_12_months", "history")
CHUNK_ROWS = 5000
EARLIEST, LATEST = "1900-01-01", "9999-12-31"
# The incremental syncs start from these, read when the initial sync starts.
HANDED_OVER = (INVOICES, CUSTOMERS)
SIGNPOSTS = {INVOICES.watermark: "latest_modified.sql", CUSTOMERS.watermark: "latest_customer_modified.sql"}


class LinkNotReady(RuntimeError):
    """C1 failed; raised as itself when NetSuite did not answer (unreachable, overloaded): a retry may pass."""


class LinkRefused(LinkNotReady, AirflowFailException):
    """C1 failed on the account or the connection: a person must act first, so no retry."""


def check_link(ctx: RunContext) -> dict:
    """C1: credentials, REST web services, auth method and the bundle's RESTlet, each named when missing.
    A failed check leaves the partner in ``error`` with the reason."""
    from netsuite_ap_sync.engine.errors import failure_text
    from netsuite_hook.errors import NetSuiteAuthError

    try:
        result = ctx.netsuite.check_link()
    except NetSuiteAuthError:
        raise  # partner_guard: reconnect_required (C4)
    except Exception as exc:
        set_status(ctx, "error", f"NetSuite link check failed: {failure_text(exc)}")
        raise
    if not result.ok:
        set_status(ctx, "error", result.summary())
        message = f"partner {ctx.partner_id}: {result.summary()}"
        raise LinkNotReady(message) if result.retry_may_pass else LinkRefused(message)
    return result.as_dict()


def twelve_month_boundary(ctx: RunContext, window_start: str | None = None) -> str:
    """The first day of the last 12 months, by NetSuite's clock (serverTime), not this machine's."""
    if window_start:
        return date.fromisoformat(window_start).isoformat()
    today = ctx.netsuite.server_time().date()
    try:
        return today.replace(year=today.year - 1).isoformat()
    except ValueError:  # 29 February
        return (today - timedelta(days=365)).isoformat()


def begin(ctx: RunContext, window_start: str | None = None, window_end: str | None = None) -> dict:
    """Take the signposts, plan both phases, and set the partner pending at phase one."""
    boundary = twelve_month_boundary(ctx, window_start)
    end = window_end or LATEST
    signposts = {obj: _signpost(ctx, query) for obj, query in SIGNPOSTS.items()}
    if not ctx.dry_run:
        # A new initial sync plans afresh; a dry run only plans where nothing is planned yet.
        ctx.wh.initial_sync.forget()
        for obj, value in signposts.items():
            if value:
                ctx.wh.advance_watermark(f"signpost:{obj}", value, ctx.run_id)
    windows = {"last_12_months": (boundary, end), "history": (EARLIEST, boundary)}
    expected = {phase: plan_phase(ctx, phase, *windows[phase]) for phase in PHASES}
    if ctx.dry_run:
        return {"boundary": boundary, "expected": expected, "signposts": signposts}
    ctx.wh.partner.set_phase("last_12_months", done=0, left=sum(expected.values()), history_boundary=boundary)
    set_status(ctx, "pending", f"initial sync: last 12 months since {boundary}, then older history")
    return {"boundary": boundary, "expected": expected, "signposts": signposts}


def _signpost(ctx: RunContext, query_file: str) -> str | None:
    items = ctx.netsuite.suiteql.page(plain_query(query_file), [], limit=1).items
    return items[0].get("lastmodifieddate") if items else None


def plan_phase(ctx: RunContext, phase: str, date_from: str, date_to: str) -> int:
    """Store the phase's chunks (unpaid invoices first); return how many invoices it holds."""
    chunk_no, total = 0, 0
    for unpaid in (True, False):
        query = keyset_query("invoice_window_keys.sql", [date_from, date_to, "T" if unpaid else "F"], key="t.id")
        stats = ctx.netsuite.suiteql.key_stats(query)
        if not stats.count:
            continue
        ranges = split_key_range(stats.lo, stats.hi, max(1, math.ceil(stats.count / CHUNK_ROWS)))
        rows = []
        for key_range in ranges:
            # Closed ranges: invoices created during the sync belong to the incremental syncs.
            low = stats.lo - 1 if key_range.after is None else key_range.after
            high = stats.hi if key_range.up_to is None else key_range.up_to
            rows.append(
                {
                    "chunk_no": chunk_no,
                    "id_low": low,
                    "id_high": high,
                    "unpaid": unpaid,
                    "expected": round(stats.count / len(ranges)),
                }
            )
            chunk_no += 1
        ctx.wh.initial_sync.plan_chunks(phase, rows)
        total += stats.count
    return total


def chunks(ctx: RunContext, phase: str) -> list[dict]:
    return ctx.wh.initial_sync.chunks(phase)


def window(ctx: RunContext, phase: str) -> tuple[str | None, str | None]:
    ctx.refresh()
    boundary = ctx.partner.history_boundary
    if boundary is None and ctx.dry_run:
        # A dry run's begin stores nothing on the partner; its chunks use the boundary it showed.
        boundary = twelve_month_boundary(ctx)
    return (boundary, LATEST) if phase == "last_12_months" else (EARLIEST, boundary)


def start_phase(ctx: RunContext, phase: str) -> list[dict]:
    """Mark the phase current; return its pending chunks (unpaid first) as step arguments."""
    pending = [c for c in chunks(ctx, phase) if c["status"] == "pending"]
    if not ctx.dry_run:
        ctx.refresh()
        p = ctx.partner
        ctx.wh.partner.set_phase(phase, done=p.progress_done, left=p.progress_left)
    return [{"phase": phase, "chunk_no": c["chunk_no"]} for c in pending]


def run_chunk(ctx: RunContext, phase: str, chunk_no: int) -> dict:
    """Extract, stage, validate, reconcile and post one chunk; a retry skips what is done."""
    chunk = next(c for c in chunks(ctx, phase) if c["chunk_no"] == chunk_no)
    if chunk["status"] == "done":
        return {"chunk": chunk_no, "skipped": "already done"}
    date_from, date_to = window(ctx, phase)
    if date_from is None or date_to is None:
        raise RuntimeError(f"partner {ctx.partner_id}: the initial sync was not begun (no 12-month boundary)")
    tag = f"initial:{phase}:{chunk_no}"
    extracted = extract_invoice_window(
        ctx, INVOICES, date_from, date_to, bool(chunk["unpaid"]), chunk["id_low"], chunk["id_high"], run_id=tag
    )
    started = time.monotonic()
    tally = reconcile_invoices(ctx, run_ids=[tag])
    summary = report(ctx, INVOICES, tally, extracted.read, started)
    result = {
        "chunk": chunk_no,
        "phase": phase,
        "unpaid": bool(chunk["unpaid"]),
        **tally.as_dict(),
        "extracted": extracted.read,
        "quarantines": summary.get("quarantines", {}),
    }
    # The phase's finish fails the initial sync for it; the chunk says so where it happened.
    refusals.warn(ctx, refusals.of_tally(f"invoice (chunk {chunk_no} of {phase})", tally))
    if ctx.dry_run:
        result["intended"] = tally.planned[:200]
        return result
    done = ctx.wh.initial_sync.chunk_done(phase, chunk_no, extracted.read)
    if done:
        ctx.wh.partner.add_progress(extracted.read)
    return result


def finish_phase(ctx: RunContext, phase: str) -> dict:
    """Retry what waited (held) within the phase, attach PDFs, and move on.

    A phase in which AP refused most invoices sent is said in the status message; the last
    finish, with everything recorded and the partner handed over (connected, with that
    warning), fails the task: an initial sync whose invoices AP mostly refused is not green.
    """
    leftovers = reconcile_invoices(ctx).as_dict()
    pdfs = sync_pdfs(ctx)
    if ctx.dry_run:
        return {"phase": phase, "leftovers": leftovers}
    ctx.refresh()
    p = ctx.partner
    warnings = [w for w in (refusals.warn(ctx, refusals.of_phase(ctx, done)) for done in _phases_through(phase)) if w]
    warning = f" WARNING: {' '.join(warnings)}" if warnings else ""
    if phase == "last_12_months":
        ctx.wh.partner.set_phase("history", done=p.progress_done, left=p.progress_left)
        set_status(ctx, "pending", "initial sync: last 12 months done; reading older history" + warning)
    else:
        _hand_over_to_incremental(ctx)
        ctx.wh.partner.set_phase("done", done=p.progress_done, left=0)
        set_status(ctx, "connected", "initial sync complete" + warning)
        if warnings:
            refusals.fail(ctx, f"initial sync complete, but {' '.join(warnings)}")
    return {"phase": phase, "leftovers": leftovers, "pdfs": pdfs, "refusal_warnings": warnings}


def _phases_through(phase: str) -> tuple[str, ...]:
    return PHASES[: PHASES.index(phase) + 1]


def _hand_over_to_incremental(ctx: RunContext) -> None:
    """The incremental syncs start at the signpost, or before the oldest record still held (I5)."""
    for spec in HANDED_OVER:
        signpost = ctx.wh.watermark(f"signpost:{spec.watermark}")
        if not signpost:
            continue
        if ctx.wh.table(spec.table).has_open():
            through = ctx.wh.table(spec.table).done_through()
            signpost = min(signpost, through) if through else None
        if signpost:
            ctx.wh.advance_watermark(spec.watermark, signpost, ctx.run_id)


def sync_customers_first(ctx: RunContext) -> dict:
    """Every customer, before any invoice: invoices need their AP customer."""
    refresh_ap_mirror(ctx)
    return sync_customers(ctx)


__all__ = [
    "INVOICES",
    "LinkNotReady",
    "LinkRefused",
    "begin",
    "check_link",
    "chunks",
    "finish_phase",
    "run_chunk",
    "start_phase",
]
