"""The invoice PDF the bundle's RESTlet returns (what N/render would print), made with fpdf2."""

from __future__ import annotations

from typing import Any

from fpdf import FPDF


def _text(value: Any) -> str:
    """Core PDF fonts cover Latin-1 only; anything else prints as '?'."""
    return str(value if value is not None else "").encode("latin-1", "replace").decode("latin-1")


def _money(amount: float | None, currency: str) -> str:
    return f"{currency} {amount or 0:,.2f}"


def render_invoice(
    invoice: dict[str, Any], customer: dict[str, Any], lines: list[dict[str, Any]], currency: str, company: str
) -> bytes:
    pdf = FPDF(format="Letter")
    pdf.set_title(f"Invoice {invoice['tranid']}")
    pdf.set_author(company)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.cell(0, 10, _text(company), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, f"INVOICE {_text(invoice['tranid'])}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    for label, value in (
        ("Bill to", f"{customer.get('companyname') or ''} ({customer.get('entityid') or ''})"),
        ("Date", invoice["trandate"][:10]),
        ("Due date", (invoice.get("duedate") or "")[:10]),
        ("Currency", currency),
        ("Status", invoice.get("status_label") or ""),
    ):
        pdf.cell(35, 7, f"{label}:")
        pdf.cell(0, 7, _text(value), new_x="LMARGIN", new_y="NEXT")
    if invoice.get("memo"):
        pdf.cell(35, 7, "Memo:")
        pdf.cell(0, 7, _text(invoice["memo"]), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    _line_table(pdf, lines, currency)
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 11)
    for label, amount in (
        ("Total", invoice["foreigntotal"]),
        ("Amount paid", invoice.get("foreignamountpaid")),
        ("Amount due", invoice.get("foreignamountunpaid")),
    ):
        pdf.cell(140, 7, label, align="R")
        pdf.cell(0, 7, _money(amount, currency), align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _line_table(pdf: FPDF, lines: list[dict[str, Any]], currency: str) -> None:
    widths = (80, 20, 40, 0)
    pdf.set_font("Helvetica", "B", 10)
    for width, title in zip(widths, ("Item", "Qty", "Rate", "Amount"), strict=True):
        pdf.cell(width, 7, title, border="B")
    pdf.ln()
    pdf.set_font("Helvetica", "", 10)
    for line in lines:
        pdf.cell(widths[0], 7, _text(line.get("description") or line.get("itemid") or ""))
        pdf.cell(widths[1], 7, f"{line['quantity']:g}")
        pdf.cell(widths[2], 7, _money(line["rate"], currency))
        pdf.cell(widths[3], 7, _money(line["amount"], currency), align="R", new_x="LMARGIN", new_y="NEXT")
