"""The usual way to extract from SuiteQL, as the peer of the pipeline's extract.

One stream of offset pages at a time, as hotglue's tap-netsuite-rest and the
public ``netsuite`` client read: invoices, then their lines as a second stream
(transaction lines joined to their invoices). SuiteQL stops at row 100,000 of
a query, so at the cap each stream starts a new query from the last key read,
as the tap does with its replication key. Rows are staged exactly as the
pipeline stages them, so the two differ only in how they read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from netsuite_ap_sync.extract.netsuite import BEGINNING, Extracted
from netsuite_ap_sync.mapping import staging_rows
from netsuite_ap_sync.warehouse import staging
from netsuite_hook.paginators import MAX_PAGE_SIZE, ROW_CAP
from netsuite_hook.suiteql import SuiteQL, normalise_rows

SUITEQL = Path(__file__).resolve().parent / "suiteql"


def _query(name: str) -> str:
    lines = (SUITEQL / name).read_text().splitlines()
    return " ".join(line.strip() for line in lines if not line.lstrip().startswith("--"))


def offset_stream(suiteql: SuiteQL, sql: str, params: list, key: str, inclusive: bool) -> Iterator[list[dict]]:
    """Pages of ``sql`` (ordered by ``key``; its last ``?`` is where to start) by offset.

    Past the row cap a new query starts at the last key read: after it, or (``inclusive``,
    for a key shared by several rows) at it again, the repeats left to staging's de-duplication.
    """
    start = 0
    while True:
        offset, last = 0, None
        while True:
            page = suiteql.page(sql, [*params, start], limit=MAX_PAGE_SIZE, offset=offset)
            rows = normalise_rows(page.items, None)
            if rows:
                last = int(rows[-1][key])
                yield rows
            if not page.has_more:
                return
            offset += MAX_PAGE_SIZE
            if offset + MAX_PAGE_SIZE > ROW_CAP:
                break
        if last is None or (last == start and inclusive):
            raise RuntimeError(f"the peer cannot page past key {start}: more than {ROW_CAP} rows share it")
        start = last


def extract_invoices(ctx, run_id: str, since: str = BEGINNING) -> Extracted:
    """Every invoice changed since ``since``, then every line of those invoices, one page at a time."""
    out = Extracted()
    suiteql = ctx.netsuite.suiteql
    for page in offset_stream(suiteql, _query("peer_invoices.sql"), [since], "id", inclusive=False):
        rows = [staging_rows.ns_invoice(r, ctx.partner_id, run_id) for r in page]
        out.read += len(rows)
        out.staged += staging.insert(ctx.engine, "stg_ns_invoice", rows)
    for page in offset_stream(suiteql, _query("peer_invoice_lines.sql"), [since], "transaction", inclusive=True):
        rows = [staging_rows.ns_invoice_line(r, r["lastmodifieddate"], ctx.partner_id, run_id) for r in page]
        out.lines += staging.insert(ctx.engine, "stg_ns_invoice_line", rows)
    return out
