"""What AP holds, as last read from AP or written to it by this integration.

Reconciling against the mirror needs no AP request per record, which matters
at AP's 5 requests per second; it is refreshed incrementally by updated_at.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse.sql import load_sql, select_in


def upsert_invoices(engine: Engine, partner_id: str, rows: Sequence[Mapping]) -> None:
    """Rows with keys ap_id, external_id, customer_id, invoice_number, currency, due_date, total,
    amount_due, status, paid_via, line_items (JSON text), pdf_source_version (or None), updated_at."""
    if rows:
        with engine.begin() as conn:
            conn.execute(load_sql("ap_mirror/upsert_invoice.sql"), [{"partner_id": partner_id, **r} for r in rows])


def upsert_customers(engine: Engine, partner_id: str, rows: Sequence[Mapping]) -> None:
    """Rows with keys ap_id, external_id, name, email, archived, updated_at."""
    if rows:
        with engine.begin() as conn:
            conn.execute(load_sql("ap_mirror/upsert_customer.sql"), [{"partner_id": partner_id, **r} for r in rows])


def set_pdf_version(engine: Engine, partner_id: str, ap_id: str, version: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            load_sql("ap_mirror/set_pdf_version.sql"), {"partner_id": partner_id, "ap_id": ap_id, "version": version}
        )


def invoices_by_external_id(engine: Engine, partner_id: str, external_ids: Iterable[str]) -> dict[str, dict]:
    rows = select_in(
        engine, "ap_mirror/invoices_by_external_id.sql", "external_ids", external_ids, partner_id=partner_id
    )
    return {r["external_id"]: r for r in rows}


def invoices_by_ap_id(engine: Engine, partner_id: str, ap_ids: Iterable[str]) -> dict[str, dict]:
    rows = select_in(engine, "ap_mirror/invoices_by_ap_id.sql", "ap_ids", ap_ids, partner_id=partner_id)
    return {r["ap_id"]: r for r in rows}


def customers_by_external_id(engine: Engine, partner_id: str, external_ids: Iterable[str]) -> dict[str, dict]:
    rows = select_in(
        engine, "ap_mirror/customers_by_external_id.sql", "external_ids", external_ids, partner_id=partner_id
    )
    return {r["external_id"]: r for r in rows}


def all_invoices(engine: Engine, partner_id: str) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(load_sql("ap_mirror/all_invoices.sql"), {"partner_id": partner_id}).mappings()
        return [dict(r) for r in rows]


def ns_customers_of(engine: Engine, partner_id: str, ap_ids: Iterable[str]) -> dict[str, str]:
    """AP customer id -> NetSuite customer id, through the mirror's external ids."""
    rows = select_in(engine, "ap_mirror/customers_by_ap_id.sql", "ap_ids", ap_ids, partner_id=partner_id)
    return {r["ap_id"]: r["external_id"] for r in rows if r.get("external_id")}
