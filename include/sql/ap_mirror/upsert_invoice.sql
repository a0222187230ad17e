-- Keep the mirror at what AP last said (or what this integration last wrote).
-- pdf_source_version is this integration's own knowledge: a read from AP keeps it.
INSERT INTO ap_invoice (partner_id, ap_id, external_id, customer_id, invoice_number, currency, due_date, total,
                        amount_due, status, paid_via, line_items, memo, pdf_source_version, updated_at)
VALUES (:partner_id, :ap_id, :external_id, :customer_id, :invoice_number, :currency, :due_date, :total,
        :amount_due, :status, :paid_via, :line_items, :memo, :pdf_source_version, :updated_at)
ON CONFLICT (partner_id, ap_id) DO UPDATE SET
    external_id = excluded.external_id,
    customer_id = excluded.customer_id,
    invoice_number = excluded.invoice_number,
    currency = excluded.currency,
    due_date = excluded.due_date,
    total = excluded.total,
    amount_due = excluded.amount_due,
    status = excluded.status,
    paid_via = excluded.paid_via,
    line_items = excluded.line_items,
    memo = excluded.memo,
    pdf_source_version = COALESCE(excluded.pdf_source_version, ap_invoice.pdf_source_version),
    updated_at = excluded.updated_at
