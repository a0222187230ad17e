-- What the ledger holds as posted for these reversals: one row per action done.
SELECT source_id, action, remote_id
FROM ledger
WHERE partner_id = :partner_id AND object_type = 'reversal' AND status = 'posted' AND source_id IN :source_ids
