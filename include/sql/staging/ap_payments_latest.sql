-- The newest staged version of each given AP payment.
SELECT s.*
FROM stg_ap_payment s
WHERE s.partner_id = :partner_id
  AND s.source_id IN :ids
  AND NOT EXISTS (
      SELECT 1 FROM stg_ap_payment newer
      WHERE newer.partner_id = s.partner_id AND newer.source_id = s.source_id
        AND newer.source_modified > s.source_modified
  )
