-- Succeeded AP payments not yet in NetSuite, per AP invoice: AP's balance
-- already counts them, NetSuite's does not yet.
SELECT invoice_id, SUM(sub_total) AS amount
FROM stg_ap_payment
WHERE partner_id = :partner_id
  AND status = 'succeeded'
  AND validation_status = 'passed'
  AND (outcome IS NULL OR outcome = 'held')
  AND invoice_id IS NOT NULL
GROUP BY invoice_id
