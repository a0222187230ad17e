"""Extract from NetSuite with SuiteQL and stage page by page.

Incremental reads start at the watermark minus an overlap window, both in
NetSuite's own clock (TO_CHAR of lastmodifieddate), so neither this machine's
clock nor the account's time zone can lose a record; re-read rows are
de-duplicated by the staging tables' (id, lastmodifieddate) key. Pages go
straight into bulk inserts: memory holds a few pages whatever the table size.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

from sync_pipeline import staging_rows
from sync_pipeline.context import RunContext
from sync_pipeline.suiteql_files import keyset_query, plain_query
from sync_pipeline.values import text
from sync_rules.ns_clock import shift_ns_clock
from warehouse import staging
from warehouse.slots import partner_slots
from warehouse.sync_state import get_watermark

log = logging.getLogger(__name__)

# Long NetSuite transactions can commit with a lastmodifieddate a little in the
# past; reading this far behind the watermark catches them.
OVERLAP_SECONDS = 15 * 60
BEGINNING = "1970-01-01 00:00:00"


@dataclass
class Extracted:
    read: int = 0
    staged: int = 0
    lines: int = 0

    def add(self, other: Extracted) -> None:
        self.read += other.read
        self.staged += other.staged
        self.lines += other.lines


def read_from(ctx: RunContext, object_type: str) -> str:
    watermark = get_watermark(ctx.engine, ctx.partner_id, object_type)
    return shift_ns_clock(watermark, seconds=-OVERLAP_SECONDS) if watermark else BEGINNING


def _pages(ctx: RunContext, query, workers: int) -> Iterator[list[dict]]:
    """Parallel key ranges within the partner's NetSuite slots."""
    yield from ctx.netsuite.suiteql.parallel_pages(query, workers=workers)


def extract_customers(ctx: RunContext) -> Extracted:
    query = keyset_query("customers.sql", [read_from(ctx, "customer")], key="c.id")
    out = Extracted()
    with partner_slots(ctx.engine, ctx.partner_id, ctx.partner.netsuite_concurrency, want=5) as workers:
        for page in _pages(ctx, query, workers):
            rows = [staging_rows.ns_customer(r, ctx.partner_id, ctx.run_id) for r in page]
            out.read += len(rows)
            out.staged += staging.insert(ctx.engine, "stg_ns_customer", rows)
    log.info("partner %s: read %d customers, %d new versions", ctx.partner_id, out.read, out.staged)
    return out


def extract_invoices(ctx: RunContext) -> Extracted:
    """Invoices changed since the watermark, with their lines."""
    query = keyset_query("invoices.sql", [read_from(ctx, "invoice")], key="t.id")
    return _extract_invoice_pages(ctx, query, run_id=ctx.run_id)


def extract_invoice_window(
    ctx: RunContext, date_from: str, date_to: str, unpaid: bool, after: int | None, up_to: int | None, run_id: str
) -> Extracted:
    """Initial sync: one chunk of invoices dated in [date_from, date_to), unpaid or paid."""
    query = keyset_query("invoices_in_window.sql", [date_from, date_to, "T" if unpaid else "F"], key="t.id")
    pages = ctx.netsuite.suiteql.keyset_pages(query, after=after, up_to=up_to)
    with partner_slots(ctx.engine, ctx.partner_id, ctx.partner.netsuite_concurrency, want=1):
        return stage_invoice_pages(ctx, pages, run_id)


def _extract_invoice_pages(ctx: RunContext, query, run_id: str) -> Extracted:
    """Parallel key ranges; each worker reads a page's lines right after the page, so the
    line requests run in parallel too and stay within the partner's slots."""
    with partner_slots(ctx.engine, ctx.partner_id, ctx.partner.netsuite_concurrency, want=5) as workers:
        batches = ctx.netsuite.suiteql.parallel_pages(query, workers=workers, then=lambda page: _with_lines(ctx, page))
        return stage_invoice_batches(ctx, batches, run_id)


def stage_invoice_pages(ctx: RunContext, pages, run_id: str) -> Extracted:
    """Stage pages of invoices read one after another, each page with its lines."""
    return stage_invoice_batches(ctx, (_with_lines(ctx, page) for page in pages), run_id)


def stage_invoice_batches(ctx: RunContext, batches, run_id: str) -> Extracted:
    """``batches``: (page of invoices, their lines as SuiteQL answered them)."""
    out = Extracted()
    for page, lines in batches:
        rows = [staging_rows.ns_invoice(r, ctx.partner_id, run_id) for r in page]
        out.read += len(rows)
        out.staged += staging.insert(ctx.engine, "stg_ns_invoice", rows)
        out.lines += _stage_lines(ctx, rows, lines, run_id)
    log.info(
        "partner %s: read %d invoices (%d new versions, %d lines)", ctx.partner_id, out.read, out.staged, out.lines
    )
    return out


def _with_lines(ctx: RunContext, page: list[dict]) -> tuple[list[dict], list[dict]]:
    """The page and the item lines of its invoice versions whose lines are not staged yet:
    a version read again (the overlap window) has them already, so it costs no request."""
    versions = {text(r.get("id")): text(r.get("lastmodifieddate")) or "" for r in page if text(r.get("id"))}
    staged = staging.staged_line_versions(ctx.engine, ctx.partner_id, versions)
    ids = sorted((i for i, v in versions.items() if (i, v) not in staged), key=lambda i: (len(i), i))
    if not ids:
        return page, []
    query = plain_query("invoice_lines.sql", ids=len(ids))
    return page, [row for lines in ctx.netsuite.suiteql.pages(query, ids) for row in lines]


def _stage_lines(ctx: RunContext, invoices: list[dict], lines: list[dict], run_id: str) -> int:
    versions = {row["source_id"]: row["source_modified"] for row in invoices if row["source_id"]}
    rows = []
    for row in lines:
        invoice_id = str(row.get("transaction"))
        if invoice_id in versions:
            rows.append(staging_rows.ns_invoice_line(row, versions[invoice_id], ctx.partner_id, run_id))
    staging.insert(ctx.engine, "stg_ns_invoice_line", rows)
    return len(rows)


def extract_deletions(ctx: RunContext) -> Extracted:
    """deletedrecord rows since the watermark: archived invoices (F5), customers (F6), payments (F7)."""
    query = plain_query("deleted_records.sql")
    out = Extracted()
    with partner_slots(ctx.engine, ctx.partner_id, ctx.partner.netsuite_concurrency, want=1):
        for page in ctx.netsuite.suiteql.pages(query, [read_from(ctx, "deleted_record")]):
            rows = [staging_rows.ns_deletion(r, ctx.partner_id, ctx.run_id) for r in page]
            out.read += len(rows)
            out.staged += staging.insert(ctx.engine, "stg_ns_deleted_record", rows)
    return out
