-- F8: the newest synced version of each invoice whose AP invoice has no PDF
-- of that version yet.
SELECT s.*
FROM stg_ns_invoice s
JOIN ap_invoice a ON a.partner_id = s.partner_id AND a.external_id = s.source_id
WHERE s.partner_id = :partner_id
  AND s.outcome IN ('applied', 'skipped')
  AND a.status <> 'archived'
  AND (a.pdf_source_version IS NULL OR a.pdf_source_version < s.source_modified)
  AND NOT EXISTS (
      SELECT 1 FROM stg_ns_invoice newer
      WHERE newer.partner_id = s.partner_id AND newer.source_id = s.source_id
        AND newer.source_modified > s.source_modified
  )
