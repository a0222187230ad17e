-- Staged versions of the given invoices that have their lines staged: reading such
-- a version again unchanged (the overlap window) needs no new read of its lines.
SELECT s.source_id, s.source_modified, s.content_hash, s.raw_json
FROM stg_ns_invoice s
WHERE s.partner_id = :partner_id
  AND s.source_id IN :ids
  AND EXISTS (
      SELECT 1 FROM stg_ns_invoice_line l
      WHERE l.partner_id = s.partner_id AND l.invoice_id = s.source_id AND l.source_modified = s.source_modified
  )
