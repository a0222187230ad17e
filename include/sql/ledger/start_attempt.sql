-- A refused mutation starts again only with another payload (the record changed).
UPDATE ledger SET status = 'pending', attempts = attempts + 1, run_id = :run_id, updated_at = :now,
                  refused = FALSE, payload_hash = :payload_hash
WHERE idempotency_key = :key
  AND (status = 'pending' OR (status = 'failed' AND NOT (refused AND payload_hash = :payload_hash)))
