-- Invoice versions whose lines are staged already: reading such a version again
-- (the overlap window) needs no new read of its lines.
SELECT DISTINCT invoice_id, source_modified
FROM stg_ns_invoice_line
WHERE partner_id = :partner_id AND invoice_id IN :invoice_ids
