-- Succeeded AP payments not yet in NetSuite, per AP invoice: AP's balance
-- already counts them, NetSuite's does not yet. Only the newest version of a
-- payment counts (one that failed since no longer lowers AP's balance), and one
-- staged but not yet validated counts as well; one the ledger shows posted (or
-- posted and deleted by the partner, F7) does not.
SELECT s.invoice_id, SUM(s.sub_total) AS amount
FROM stg_ap_payment s
WHERE s.partner_id = :partner_id
  AND s.status = 'succeeded'
  AND s.validation_status <> 'failed'
  AND (s.outcome IS NULL OR s.outcome = 'held')
  AND s.invoice_id IS NOT NULL
  AND NOT EXISTS (
      SELECT 1 FROM stg_ap_payment newer
      WHERE newer.partner_id = s.partner_id AND newer.source_id = s.source_id
        AND newer.source_modified > s.source_modified
  )
  AND NOT EXISTS (
      SELECT 1 FROM ledger l
      WHERE l.partner_id = s.partner_id AND l.object_type = 'payment' AND l.source_id = s.source_id
        AND l.status IN ('posted', 'deleted_by_partner')
  )
GROUP BY s.invoice_id
