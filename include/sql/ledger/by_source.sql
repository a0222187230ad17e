SELECT idempotency_key, action, status, remote_id
FROM ledger
WHERE partner_id = :partner_id AND object_type = :object_type AND source_id = :source_id
