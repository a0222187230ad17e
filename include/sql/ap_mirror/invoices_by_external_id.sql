SELECT ap_id, external_id, customer_id, invoice_number, currency, due_date, total, amount_due, status, paid_via,
       line_items, memo, pdf_source_version, updated_at
FROM ap_invoice
WHERE partner_id = :partner_id AND external_id IN :external_ids
