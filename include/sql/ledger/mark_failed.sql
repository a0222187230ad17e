UPDATE ledger SET status = 'failed', last_error = :error, updated_at = :now
WHERE idempotency_key = :key AND status = 'pending'
