-- The customer payments and deposits this integration posted in NetSuite, by AP record.
SELECT object_type, source_id, remote_id, posted_at
FROM ledger
WHERE partner_id = :partner_id
  AND target_system = 'netsuite'
  AND action IN ('create_customer_payment', 'create_deposit')
  AND status IN ('posted', 'deleted_by_partner')
  AND remote_id IS NOT NULL
ORDER BY object_type, source_id
