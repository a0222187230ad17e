-- The lines staged for one invoice version that was read again with other content.
DELETE FROM stg_ns_invoice_line
WHERE partner_id = :partner_id AND invoice_id = :invoice_id AND source_modified = :source_modified
