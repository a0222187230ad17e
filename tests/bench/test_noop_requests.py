"""What keeps an unchanged hourly run at a request or two per object (the noop_hourly
benchmark): a SuiteQL result of one page is one request, with no key statistics
first, and invoice versions read again (the overlap window) do not have their
lines read again, while a new version does."""

from __future__ import annotations

from sqlalchemy import text

from netsuite_ap_sync.extract.netsuite import extract_invoices
from netsuite_ap_sync.flows.objects import INVOICES


def _suiteql_requests(world) -> int:
    return world.netsuite.stats_snapshot()["requests"].get("suiteql", 0)


def _staged_lines(world, invoice_id: int) -> dict[str, list[float]]:
    query = text("SELECT source_modified, amount FROM stg_ns_invoice_line WHERE partner_id = :p AND invoice_id = :i")
    with world.engine.connect() as conn:
        rows = conn.execute(query, {"p": world.partner_id, "i": str(invoice_id)}).all()
    lines: dict[str, list[float]] = {}
    for version, amount in rows:
        lines.setdefault(version, []).append(float(amount))
    return lines


def test_reading_unchanged_invoices_again_is_one_request_and_no_line_reads(partner_world):
    world = partner_world(customers=3, invoices=12, years=0.5)
    first = extract_invoices(world.ctx(), INVOICES)
    assert first.read > 0 and first.lines >= first.read

    world.netsuite.stats.reset()
    again = extract_invoices(world.ctx(), INVOICES)

    assert (again.read, again.staged, again.lines) == (first.read, 0, 0)
    assert _suiteql_requests(world) == 1


def test_an_edited_invoice_has_the_lines_of_its_new_version_read(partner_world):
    world = partner_world(customers=3, invoices=12, years=0.5)
    extract_invoices(world.ctx(), INVOICES)
    invoice = next(i for i in world.ns_records("invoices")["invoices"] if i["status"] == "A")
    before = _staged_lines(world, invoice["id"])

    world.netsuite.advance_clock(2)
    world.ns_controls.edit_invoice(invoice["id"], lines=[{"item": 1, "quantity": 2, "rate": 10.0}])
    world.netsuite.stats.reset()
    again = extract_invoices(world.ctx(), INVOICES)

    assert (again.staged, again.lines) == (1, 1)
    assert _suiteql_requests(world) == 2  # the page, then the new version's lines
    after = _staged_lines(world, invoice["id"])
    new_versions = set(after) - set(before)
    assert len(new_versions) == 1 and after[new_versions.pop()] == [20.0]
