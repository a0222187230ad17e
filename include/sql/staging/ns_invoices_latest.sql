-- The newest staged version of each given NetSuite invoice, whatever became of it.
SELECT s.*
FROM stg_ns_invoice s
WHERE s.partner_id = :partner_id
  AND s.source_id IN :ids
  AND NOT EXISTS (
      SELECT 1 FROM stg_ns_invoice newer
      WHERE newer.partner_id = s.partner_id AND newer.source_id = s.source_id
        AND newer.source_modified > s.source_modified
  )
