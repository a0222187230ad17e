SELECT invoice_id, line_id, source_modified, item, description, quantity, rate, amount
FROM stg_ns_invoice_line
WHERE partner_id = :partner_id AND invoice_id IN :invoice_ids
