-- Write the intent before the call. A second claim of the same key inserts nothing.
INSERT INTO ledger (idempotency_key, partner_id, target_system, action, object_type, source_id, rules,
                    payload_hash, status, attempts, run_id, created_at, updated_at)
VALUES (:key, :partner_id, :target_system, :action, :object_type, :source_id, :rules,
        :payload_hash, 'pending', 0, :run_id, :now, :now)
ON CONFLICT (idempotency_key) DO NOTHING
