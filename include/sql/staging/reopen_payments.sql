-- F7: put the newest version of these AP payments back in the work set, so the
-- rules see that the partner deleted what was posted for them.
UPDATE stg_ap_payment
SET outcome = NULL, outcome_rule = NULL
WHERE partner_id = :partner_id
  AND source_id IN :ids
  AND NOT EXISTS (
      SELECT 1 FROM stg_ap_payment newer
      WHERE newer.partner_id = stg_ap_payment.partner_id AND newer.source_id = stg_ap_payment.source_id
        AND newer.source_modified > stg_ap_payment.source_modified
  )
