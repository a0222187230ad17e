SELECT idempotency_key, partner_id, target_system, action, object_type, source_id, rules, payload_hash,
       status, attempts, remote_id, last_error, refused
FROM ledger
WHERE idempotency_key = :key
