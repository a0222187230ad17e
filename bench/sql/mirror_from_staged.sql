-- The AP mirror as a complete sync leaves it: one AP invoice per staged USD
-- invoice, with its amounts, status and line items.
INSERT INTO ap_invoice (partner_id, ap_id, external_id, customer_id, invoice_number, currency, due_date, total,
                        amount_due, status, paid_via, line_items, memo, pdf_source_version, updated_at)
SELECT s.partner_id, 'inv_' || s.source_id, s.source_id, 'cus_' || s.customer_id, s.tran_id, s.currency,
       COALESCE(s.due_date, s.tran_date), s.total, s.amount_unpaid,
       CASE WHEN s.voided THEN 'archived'
            WHEN s.amount_unpaid = 0 THEN 'paid'
            WHEN s.amount_unpaid < s.total THEN 'partially_paid'
            ELSE 'open' END,
       CASE WHEN s.amount_unpaid = 0 THEN 'external' END,
       COALESCE((SELECT json_group_array(json_object(
                    'description', COALESCE(l.description, l.item, ''),
                    'quantity', CASE WHEN l.rate * l.quantity = l.amount THEN l.quantity ELSE 1 END,
                    'amount', CASE WHEN l.rate * l.quantity = l.amount THEN l.rate ELSE l.amount END))
                 FROM stg_ns_invoice_line l
                 WHERE l.partner_id = s.partner_id AND l.invoice_id = s.source_id
                   AND l.source_modified = s.source_modified), '[]'),
       NULL, s.source_modified, s.source_modified
FROM stg_ns_invoice s
WHERE s.partner_id = :partner_id AND s.currency = 'USD'
