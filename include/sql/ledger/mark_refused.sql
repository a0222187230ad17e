-- The target refused the mutation as invalid: kept failed, and not sent again for this payload.
UPDATE ledger SET status = 'failed', refused = TRUE, last_error = :error, updated_at = :now
WHERE idempotency_key = :key AND status = 'pending'
