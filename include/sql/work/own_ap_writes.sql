-- Of the named AP records, those this integration itself wrote for the partner since :since:
-- AP stamps them updated, yet they are no change made in AP.
SELECT DISTINCT remote_id
FROM ledger
WHERE partner_id = :partner_id
  AND target_system = 'ap'
  AND status = 'posted'
  AND posted_at >= :since
  AND remote_id IN :ap_ids
