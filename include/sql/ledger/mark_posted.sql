UPDATE ledger SET status = 'posted', remote_id = :remote_id, last_error = NULL, posted_at = :now, updated_at = :now
WHERE idempotency_key = :key
