UPDATE ledger SET status = 'pending', attempts = attempts + 1, run_id = :run_id, updated_at = :now
WHERE idempotency_key = :key AND status IN ('pending', 'failed')
