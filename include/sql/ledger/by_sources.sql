SELECT source_id, action, status, remote_id, idempotency_key
FROM ledger
WHERE partner_id = :partner_id AND object_type = :object_type AND source_id IN :source_ids
