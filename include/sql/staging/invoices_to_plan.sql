-- Each validated open invoice with what its rules compare it against: the AP invoice
-- carrying its id (mirror_* columns, NULL when AP has none) and its staged lines as one
-- JSON array (numbers as text, so no digit is lost on the way). One statement, so the
-- three are read at the same moment, and no look-up per batch.
-- Two AP invoices with one external id give two rows; ap_id orders them, the reader keeps
-- the first.
SELECT i.id, i.source_id, i.source_modified, i.run_id, i.raw_json, i.tran_id, i.customer_id, i.tran_date,
       i.due_date, i.currency, i.total, i.amount_unpaid, i.amount_paid, i.status, i.voided, i.external_id,
       i.content_hash,
       m.ap_id AS mirror_ap_id, m.external_id AS mirror_external_id, m.customer_id AS mirror_customer_id,
       m.invoice_number AS mirror_invoice_number, m.currency AS mirror_currency, m.due_date AS mirror_due_date,
       m.total AS mirror_total, m.amount_due AS mirror_amount_due, m.status AS mirror_status,
       m.paid_via AS mirror_paid_via, m.line_items AS mirror_line_items, m.memo AS mirror_memo,
       m.pdf_source_version AS mirror_pdf_source_version, m.updated_at AS mirror_updated_at,
       CAST((
           SELECT {{json_agg}}({{json_object}}(
               'line_id', l.line_id, 'item', l.item, 'description', l.description,
               'quantity', CAST(l.quantity AS TEXT), 'rate', CAST(l.rate AS TEXT), 'amount', CAST(l.amount AS TEXT)
           ))
           FROM stg_ns_invoice_line l
           WHERE l.partner_id = i.partner_id AND l.invoice_id = i.source_id AND l.source_modified = i.source_modified
       ) AS TEXT) AS lines_json
FROM stg_ns_invoice i
LEFT JOIN ap_invoice m ON m.partner_id = i.partner_id AND m.external_id = i.source_id
WHERE i.partner_id = :partner_id
  AND i.validation_status = 'passed'
  AND (i.outcome IS NULL OR i.outcome IN ('held', 'quarantined'))
  AND (:every_run OR i.run_id IN :run_ids)
ORDER BY i.source_modified, i.source_id, m.ap_id
